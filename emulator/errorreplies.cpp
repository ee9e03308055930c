#include "errorreplies.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace mantle::emulator {
namespace {

QJsonValue stringOrNull(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

EmulatorReply jsonReply(int status, const QJsonObject &body)
{
    EmulatorReply reply;
    reply.status = status;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return reply;
}

} // namespace

bool ErrorReplies::isAnthropicPath(QByteArrayView path)
{
    return path.startsWith("/anthropic/");
}

EmulatorReply ErrorReplies::openAi(int status, const QString &code, const QString &type,
                                   const QString &message)
{
    const QJsonObject error{{QStringLiteral("code"), stringOrNull(code)},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("param"), QJsonValue(QJsonValue::Null)},
                            {QStringLiteral("type"), stringOrNull(type)}};
    return jsonReply(status, QJsonObject{{QStringLiteral("error"), error}});
}

EmulatorReply ErrorReplies::anthropic(int status, const QString &type, const QString &message)
{
    const QJsonObject error{{QStringLiteral("type"), type}, {QStringLiteral("message"), message}};
    return jsonReply(status,
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                                 {QStringLiteral("error"), error}});
}

EmulatorReply ErrorReplies::forPath(QByteArrayView path, int status, const QString &code,
                                    const QString &openAiType, const QString &anthropicType,
                                    const QString &message)
{
    if (isAnthropicPath(path))
        return anthropic(status, anthropicType, message);
    return openAi(status, code, openAiType, message);
}

} // namespace mantle::emulator
