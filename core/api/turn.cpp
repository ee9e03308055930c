#include "turn.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>

namespace mantle::api {

namespace {

QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

std::optional<qint64> optionalCount(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    // Within a double's exact integers only: converting a larger one (a hostile 1e300) to an
    // integer is undefined.
    const double number = value.toDouble();
    if (!value.isDouble() || !(std::abs(number) <= 9007199254740992.0))
        return std::nullopt;
    return qint64(number);
}

} // namespace

QJsonObject Turn::toReplayJson() const
{
    QJsonArray calls;
    for (const ToolCall &call : toolCalls) {
        calls.append(QJsonObject{{QStringLiteral("id"), call.id},
                                 {QStringLiteral("name"), call.name},
                                 {QStringLiteral("arguments"), call.arguments}});
    }
    QJsonValue usageJson(QJsonValue::Null);
    if (usage) {
        QJsonObject u{{QStringLiteral("input_tokens"), usage->inputTokens},
                      {QStringLiteral("output_tokens"), usage->outputTokens}};
        if (usage->cachedInputTokens)
            u.insert(QStringLiteral("cached_input_tokens"), *usage->cachedInputTokens);
        if (usage->cacheCreationInputTokens)
            u.insert(QStringLiteral("cache_creation_input_tokens"),
                     *usage->cacheCreationInputTokens);
        if (usage->reasoningTokens)
            u.insert(QStringLiteral("reasoning_tokens"), *usage->reasoningTokens);
        if (!usage->raw.isEmpty())
            u.insert(QStringLiteral("raw"), usage->raw);
        usageJson = u;
    }
    QJsonValue errorJson(QJsonValue::Null);
    if (error) {
        QJsonObject e{{QStringLiteral("type"), error->type},
                      {QStringLiteral("message"), error->message}};
        if (!error->code.isEmpty())
            e.insert(QStringLiteral("code"), error->code);
        errorJson = e;
    }
    return QJsonObject{
        {QStringLiteral("text"), text},
        {QStringLiteral("reasoning"), stringOrNull(reasoning)},
        {QStringLiteral("tool_calls"), calls},
        {QStringLiteral("usage"), usageJson},
        {QStringLiteral("stop_reason"), stringOrNull(stopReason)},
        {QStringLiteral("response_id"), stringOrNull(responseId)},
        {QStringLiteral("error"), errorJson},
    };
}

Turn Turn::fromReplayJson(const QJsonObject &json)
{
    Turn turn;
    turn.text = json.value(QLatin1String("text")).toString();
    turn.reasoning = json.value(QLatin1String("reasoning")).toString();
    const QJsonArray calls = json.value(QLatin1String("tool_calls")).toArray();
    for (const QJsonValue &value : calls) {
        const QJsonObject call = value.toObject();
        turn.toolCalls.append({call.value(QLatin1String("id")).toString(),
                               call.value(QLatin1String("name")).toString(),
                               call.value(QLatin1String("arguments")).toString()});
    }
    const QJsonValue usageValue = json.value(QLatin1String("usage"));
    if (usageValue.isObject()) {
        const QJsonObject u = usageValue.toObject();
        Usage usage;
        usage.inputTokens = optionalCount(u, QLatin1String("input_tokens")).value_or(0);
        usage.outputTokens = optionalCount(u, QLatin1String("output_tokens")).value_or(0);
        usage.cachedInputTokens = optionalCount(u, QLatin1String("cached_input_tokens"));
        usage.cacheCreationInputTokens
            = optionalCount(u, QLatin1String("cache_creation_input_tokens"));
        usage.reasoningTokens = optionalCount(u, QLatin1String("reasoning_tokens"));
        usage.raw = u.value(QLatin1String("raw")).toObject();
        turn.usage = usage;
    }
    turn.stopReason = json.value(QLatin1String("stop_reason")).toString();
    turn.responseId = json.value(QLatin1String("response_id")).toString();
    const QJsonValue errorValue = json.value(QLatin1String("error"));
    if (errorValue.isObject()) {
        const QJsonObject e = errorValue.toObject();
        turn.error = TurnError{e.value(QLatin1String("type")).toString(),
                               e.value(QLatin1String("message")).toString(),
                               e.value(QLatin1String("code")).toString()};
    }
    return turn;
}

} // namespace mantle::api
