#include "responsesresponseparser.h"

#include "api/errorenvelope.h"
#include "api/jsonvaluereader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace mantle::api::responses {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::responses::ResponsesResponseParser)
};

QString text(const QJsonObject &object, QLatin1String key)
{
    return object.value(key).toString();
}

/// The text of an item's parts of one type (`output_text`, `reasoning_text`, `summary_text`).
QString joinedText(const QJsonValue &parts, QLatin1String type)
{
    QString joined;
    for (const QJsonValue &value : parts.toArray()) {
        const QJsonObject part = value.toObject();
        if (part.value(QLatin1String("type")).toString() == type)
            joined.append(text(part, QLatin1String("text")));
    }
    return joined;
}

} // namespace

Result<Turn> ResponsesResponseParser::parse(QByteArrayView body)
{
    auto parsed = JsonValueReader::bodyObject(body);
    if (!parsed)
        return parsed.error();
    const QJsonObject &root = *parsed;

    Turn turn;
    const bool isResponse = root.contains(QLatin1String("output"))
        || root.contains(QLatin1String("status"))
        || root.value(QLatin1String("object")).toString() == QLatin1String("response");
    if (!isResponse) {
        turn.error = ErrorEnvelope::fromBody(root);
        return turn;
    }
    turn.responseId = text(root, QLatin1String("id"));
    turn.model = text(root, QLatin1String("model"));
    turn.stopReason = text(root, QLatin1String("status"));
    const QJsonArray output = root.value(QLatin1String("output")).toArray();
    for (const QJsonValue &value : output) {
        const QJsonObject item = value.toObject();
        const QString type = text(item, QLatin1String("type"));
        if (type == QLatin1String("message")) {
            turn.text.append(
                joinedText(item.value(QLatin1String("content")), QLatin1String("output_text")));
        } else if (type == QLatin1String("reasoning")) {
            const QString content
                = joinedText(item.value(QLatin1String("content")), QLatin1String("reasoning_text"));
            turn.reasoning.append(!content.isEmpty()
                                      ? content
                                      : joinedText(item.value(QLatin1String("summary")),
                                                   QLatin1String("summary_text")));
        } else if (type == QLatin1String("function_call")) {
            turn.toolCalls.append({text(item, QLatin1String("call_id")),
                                   text(item, QLatin1String("name")),
                                   text(item, QLatin1String("arguments"))});
        }
    }
    const QJsonValue usage = root.value(QLatin1String("usage"));
    if (usage.isObject())
        turn.usage = usageFromJson(usage.toObject());
    const QJsonValue error = root.value(QLatin1String("error"));
    if (error.isObject())
        turn.error = failureFromJson(error.toObject());
    else if (turn.stopReason == QLatin1String("failed"))
        turn.error = failureFromJson({});
    return turn;
}

Usage ResponsesResponseParser::usageFromJson(const QJsonObject &usage)
{
    Usage result;
    result.inputTokens = JsonValueReader::count(usage, QLatin1String("input_tokens")).value_or(0);
    result.outputTokens = JsonValueReader::count(usage, QLatin1String("output_tokens")).value_or(0);
    result.cachedInputTokens
        = JsonValueReader::count(usage.value(QLatin1String("input_tokens_details")).toObject(),
                                 QLatin1String("cached_tokens"));
    result.reasoningTokens
        = JsonValueReader::count(usage.value(QLatin1String("output_tokens_details")).toObject(),
                                 QLatin1String("reasoning_tokens"));
    result.raw = usage;
    return result;
}

TurnError ResponsesResponseParser::failureFromJson(const QJsonObject &error)
{
    const QJsonValue code = error.value(QLatin1String("code"));
    return failure(code.isDouble() ? QString::number(code.toDouble(), 'g', 17) : code.toString(),
                   text(error, QLatin1String("type")), text(error, QLatin1String("message")));
}

TurnError ResponsesResponseParser::failure(const QString &code, const QString &type,
                                           const QString &message)
{
    TurnError result;
    result.type = !code.isEmpty() ? code
        : !type.isEmpty()         ? type
                                  : QStringLiteral("response_failed");
    result.message = !message.isEmpty()
        ? message
        : Tr::tr("The response failed and the server gave no reason.");
    return result;
}

} // namespace mantle::api::responses
