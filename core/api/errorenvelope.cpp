#include "errorenvelope.h"

#include <QJsonValue>

namespace mantle::api {

namespace {

/// A code may be a string or a number (an HTTP status); null and absent read as empty.
QString scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    return {};
}

} // namespace

std::optional<TurnError> ErrorEnvelope::fromBody(const QJsonObject &body)
{
    const QJsonValue error = body.value(QLatin1String("error"));
    if (!error.isObject())
        return std::nullopt;
    // Anthropic puts "type":"error" beside it; OpenAI has nothing else. Both name the error the
    // same way inside.
    return fromErrorObject(error.toObject());
}

TurnError ErrorEnvelope::openAiError(const QString &type, const QString &code,
                                     const QString &message)
{
    TurnError error;
    error.type = !type.isEmpty() ? type : !code.isEmpty() ? code : QStringLiteral("error");
    error.message = message;
    if (code != error.type)
        error.code = code;
    return error;
}

TurnError ErrorEnvelope::fromErrorObject(const QJsonObject &error)
{
    return openAiError(error.value(QLatin1String("type")).toString(),
                       scalarText(error.value(QLatin1String("code"))),
                       error.value(QLatin1String("message")).toString());
}

} // namespace mantle::api
