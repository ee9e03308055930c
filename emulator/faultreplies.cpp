#include "faultreplies.h"

#include "errorreplies.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace mantle::emulator {

namespace {

struct StatusError
{
    int status;
    const char *code; ///< OpenAI envelope's code; empty for null
    const char *openAiType;
    const char *anthropicType;
    const char *message;
};

// Mantle's 429 and 5xx bodies were not captured (FACTS.md): these follow the OpenAI and
// Anthropic API references, with Mantle's own wording where it is known.
constexpr StatusError kStatusErrors[] = {
    {400, "validation_error", "invalid_request_error", "invalid_request_error", "Invalid request"},
    {401, "invalid_api_key", "authentication_error", "authentication_error",
     "Invalid bearer token"},
    {403, "access_denied", "permission_denied_error", "permission_error", "Access denied"},
    {404, "not_found_error", "invalid_request_error", "not_found_error", "Not found"},
    {408, "timeout", "invalid_request_error", "timeout_error", "Request timed out"},
    {413, "request_too_large", "invalid_request_error", "request_too_large",
     "Request exceeds the maximum allowed number of bytes."},
    {429, "rate_limit_exceeded", "requests", "rate_limit_error",
     "Too many requests, please wait before trying again."},
    {500, "", "server_error", "api_error", "Internal server error"},
    {502, "", "server_error", "api_error", "Bad gateway"},
    {503, "", "server_error", "api_error", "Service unavailable"},
    {504, "", "server_error", "timeout_error", "Request timed out"},
    {529, "", "server_error", "overloaded_error", "Overloaded"},
};

constexpr StatusError kOtherClientError
    = {0, "", "invalid_request_error", "invalid_request_error", "Request failed"};
constexpr StatusError kOtherServerError
    = {0, "", "server_error", "api_error", "Internal server error"};

EmulatorReply errorFor(QByteArrayView path, int status, const StatusError &e)
{
    return ErrorReplies::forPath(
        path, status, QString::fromLatin1(e.code), QString::fromLatin1(e.openAiType),
        QString::fromLatin1(e.anthropicType), QString::fromLatin1(e.message));
}

} // namespace

EmulatorReply FaultReplies::status(QByteArrayView path, int status, int retryAfterSeconds)
{
    const StatusError *known = nullptr;
    for (const StatusError &e : kStatusErrors) {
        if (e.status == status)
            known = &e;
    }
    EmulatorReply reply = errorFor(
        path, status, known ? *known : (status >= 500 ? kOtherServerError : kOtherClientError));
    if (retryAfterSeconds >= 0)
        reply.headers.append({"retry-after", QByteArray::number(retryAfterSeconds)});
    return reply;
}

EmulatorReply FaultReplies::accessDenied(QByteArrayView path, EmulatorAuth auth,
                                         QByteArrayView region)
{
    const QString account = QString::fromLatin1(kAccountId);
    QString message;
    if (auth == EmulatorAuth::SigV4) {
        const QString action = QStringLiteral("bedrock-mantle:CreateInference");
        message = QStringLiteral("User: arn:aws:sts::%1:assumed-role/MantleEmulator/session is not "
                                 "authorized to perform: %2 on resource: "
                                 "arn:aws:bedrock-mantle:%3:%1:project/default because no "
                                 "identity-based policy allows the %2 action")
                      .arg(account, action, QString::fromUtf8(region));
    } else {
        // An API key acts as the IAM user it belongs to; the action is not bound to a project.
        const QString action = QStringLiteral("bedrock-mantle:CallWithBearerToken");
        message = QStringLiteral("User: arn:aws:iam::%1:user/BedrockAPIKey_MantleEmulator is not "
                                 "authorized to perform: %2 on resource: * because no "
                                 "identity-based policy allows the %2 action")
                      .arg(account, action);
    }
    return ErrorReplies::forPath(path, 403, QStringLiteral("access_denied"),
                                 QStringLiteral("permission_denied_error"),
                                 QStringLiteral("permission_error"), message);
}

EmulatorReply FaultReplies::wrongPrefix(QByteArrayView path, const QByteArray &body)
{
    if (path.startsWith("/openai/")) {
        QString model = QJsonDocument::fromJson(body).object().value(u"model").toString();
        if (model.isEmpty())
            model = QStringLiteral("unknown");
        return ErrorReplies::forPath(
            path, 400, QStringLiteral("validation_error"), QStringLiteral("invalid_request_error"),
            QStringLiteral("invalid_request_error"),
            QStringLiteral("model `%1` isn't supported on this route").arg(model));
    }
    return ErrorReplies::forPath(
        path, 401, QStringLiteral("access_denied"), QStringLiteral("permission_denied_error"),
        QStringLiteral("permission_error"), QStringLiteral("Berm is not enabled for this account"));
}

QByteArray FaultReplies::malformedFrame(const QByteArray &frame)
{
    qsizetype data = frame.startsWith("data:") ? 0 : frame.indexOf("\ndata:");
    if (data < 0)
        return cutBody(frame.trimmed()) + "\n\n";
    if (data > 0)
        ++data; // past the newline
    qsizetype valueStart = data + 5;
    if (valueStart < frame.size() && frame[valueStart] == ' ')
        ++valueStart;
    qsizetype lineEnd = frame.indexOf('\n', valueStart);
    if (lineEnd < 0)
        lineEnd = frame.size();
    const QByteArray value = frame.mid(valueStart, lineEnd - valueStart);
    QByteArray out = frame.left(valueStart);
    out += cutBody(value);
    out += frame.mid(lineEnd);
    if (!out.endsWith("\n\n"))
        out += out.endsWith('\n') ? "\n" : "\n\n";
    return out;
}

QByteArray FaultReplies::cutBody(const QByteArray &body)
{
    return body.left(body.size() / 2);
}

} // namespace mantle::emulator
