#include "messagesresponseparser.h"

#include "api/jsonvaluereader.h"
#include "api/paddedjsonparser.h"
#include "messagejsonreader.h"

#include <QCoreApplication>

#include <string>
#include <vector>

namespace mantle::api::messages {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::messages::MessagesResponseParser)
};

namespace od = simdjson::ondemand;
using Reader = JsonValueReader;

} // namespace

Result<Turn> MessagesResponseParser::parse(QByteArrayView body)
{
    PaddedJsonParser json;
    MessageJsonReader::Message message;
    std::vector<MessageJsonReader::Block> blocks;
    od::document document;
    simdjson::error_code error = json.iterate(body).get(document);
    if (!error) {
        error = Reader::forEachRootField(document, [&](Reader::Key key, od::value &v) {
            return MessageJsonReader::readMessageField(key, v, message, blocks);
        });
    }
    if (error) {
        return makeError(Error::Kind::Parse,
                         Tr::tr("The answer is not a readable Messages body (%1).")
                             .arg(QString::fromLatin1(simdjson::error_message(error))));
    }

    Turn turn;
    turn.responseId = Reader::toQString(message.id);
    turn.model = Reader::toQString(message.model);
    turn.stopReason = Reader::toQString(message.stopReason);
    for (const MessageJsonReader::Block &block : blocks) {
        if (block.type == "text") {
            Reader::appendUtf8(turn.text, block.text);
        } else if (block.type == "thinking") {
            Reader::appendUtf8(turn.reasoning, block.thinking);
        } else if (block.type == "tool_use") {
            turn.toolCalls.append({Reader::toQString(block.id), Reader::toQString(block.name),
                                   toolInputArguments(block.input)});
        }
    }
    if (!message.usage.empty())
        turn.usage = usageFromJson(Reader::toJsonObject(message.usage));
    if (message.hasError) {
        TurnError failure{
            Reader::toQString(message.errorType), Reader::toQString(message.errorMessage), {}};
        if (failure.type.isEmpty())
            failure.type = QStringLiteral("error");
        turn.error = failure;
    }
    return turn;
}

Usage MessagesResponseParser::usageFromJson(const QJsonObject &usage)
{
    Usage result;
    result.inputTokens = JsonValueReader::count(usage, QLatin1String("input_tokens")).value_or(0);
    result.outputTokens = JsonValueReader::count(usage, QLatin1String("output_tokens")).value_or(0);
    result.cachedInputTokens
        = JsonValueReader::count(usage, QLatin1String("cache_read_input_tokens"));
    result.cacheCreationInputTokens
        = JsonValueReader::count(usage, QLatin1String("cache_creation_input_tokens"));
    result.raw = usage;
    return result;
}

QString MessagesResponseParser::toolInputArguments(std::string_view inputJson)
{
    if (inputJson.empty())
        return QStringLiteral("{}");
    std::string compact(inputJson.size(), '\0');
    std::size_t length = 0;
    if (simdjson::minify(inputJson.data(), inputJson.size(), compact.data(), length)
        != simdjson::SUCCESS) {
        return Reader::toQString(inputJson);
    }
    return QString::fromUtf8(compact.data(), qsizetype(length));
}

} // namespace mantle::api::messages
