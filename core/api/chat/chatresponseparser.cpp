#include "chatresponseparser.h"

#include "api/errorenvelope.h"
#include "api/jsonvaluereader.h"

#include <QJsonArray>

namespace mantle::api::chat {

namespace {

QString text(const QJsonObject &object, QLatin1String key)
{
    return object.value(key).toString();
}

} // namespace

Result<Turn> ChatResponseParser::parse(QByteArrayView body)
{
    auto parsed = JsonValueReader::bodyObject(body);
    if (!parsed)
        return parsed.error();
    const QJsonObject &root = *parsed;

    Turn turn;
    turn.error = ErrorEnvelope::fromBody(root);
    turn.responseId = text(root, QLatin1String("id"));
    turn.model = text(root, QLatin1String("model"));
    const QJsonArray choices = root.value(QLatin1String("choices")).toArray();
    for (const QJsonValue &value : choices) {
        const QJsonObject choice = value.toObject();
        if (choice.value(QLatin1String("index")).toInt(0) != 0)
            continue;
        const QJsonObject message = choice.value(QLatin1String("message")).toObject();
        turn.text = text(message, QLatin1String("content"));
        turn.reasoning = text(message, QLatin1String("reasoning_content"));
        if (turn.reasoning.isEmpty())
            turn.reasoning = text(message, QLatin1String("reasoning"));
        const QJsonArray calls = message.value(QLatin1String("tool_calls")).toArray();
        for (const QJsonValue &callValue : calls) {
            const QJsonObject call = callValue.toObject();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            turn.toolCalls.append({text(call, QLatin1String("id")),
                                   text(function, QLatin1String("name")),
                                   text(function, QLatin1String("arguments"))});
        }
        turn.stopReason = text(choice, QLatin1String("finish_reason"));
        break;
    }
    const QJsonValue usage = root.value(QLatin1String("usage"));
    if (usage.isObject())
        turn.usage = usageFromJson(usage.toObject());
    return turn;
}

Usage ChatResponseParser::usageFromJson(const QJsonObject &usage)
{
    Usage result;
    result.inputTokens = JsonValueReader::count(usage, QLatin1String("prompt_tokens")).value_or(0);
    result.outputTokens
        = JsonValueReader::count(usage, QLatin1String("completion_tokens")).value_or(0);
    result.cachedInputTokens
        = JsonValueReader::count(usage.value(QLatin1String("prompt_tokens_details")).toObject(),
                                 QLatin1String("cached_tokens"));
    result.reasoningTokens
        = JsonValueReader::count(usage.value(QLatin1String("completion_tokens_details")).toObject(),
                                 QLatin1String("reasoning_tokens"));
    result.raw = usage;
    return result;
}

} // namespace mantle::api::chat
