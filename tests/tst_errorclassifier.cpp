#include "api/errorclassifier.h"

#include <QTest>

using mantle::Error;
using mantle::api::ClassifiedError;
using mantle::api::ErrorClassifier;
using mantle::api::FailedCall;
using mantle::mantle::ApiSurface;

Q_DECLARE_METATYPE(mantle::Error::Kind)
Q_DECLARE_METATYPE(mantle::mantle::ApiSurface)
Q_DECLARE_METATYPE(mantle::api::FailedCall::Auth)

namespace {

/// "Name: value" lines, as a reply's raw header pairs.
QList<QPair<QByteArray, QByteArray>> headerPairs(const QByteArray &lines)
{
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (const QByteArray &line : lines.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            pairs.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return pairs;
}

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

FailedCall makeCall(int status, const QByteArray &headers, const QByteArray &body)
{
    FailedCall call;
    call.account = QStringLiteral("prod");
    call.region = QStringLiteral("us-east-1");
    call.model = QStringLiteral("openai.gpt-oss-120b");
    call.routePrefix = QStringLiteral("/v1");
    call.httpStatus = status;
    call.headers = headerPairs(headers);
    call.body = body;
    call.receivedAtUtc = utc("2026-11-25T21:00:00Z");
    return call;
}

QStringList flagsOf(const ClassifiedError &classified)
{
    QStringList flags;
    if (classified.retryable)
        flags << QStringLiteral("retryable");
    if (classified.wrongPrefix)
        flags << QStringLiteral("wrongPrefix");
    if (classified.unsupportedSurface)
        flags << QStringLiteral("unsupportedSurface");
    if (classified.clockSkew)
        flags << QStringLiteral("clockSkew");
    if (classified.expiredCredentials)
        flags << QStringLiteral("expiredCredentials");
    return flags;
}

QByteArray openAiError(const char *code, const char *type, const char *message)
{
    return QByteArrayLiteral(R"({"error":{"code":")") + code + QByteArrayLiteral(R"(","message":")")
        + message + QByteArrayLiteral(R"(","param":null,"type":")") + type
        + QByteArrayLiteral(R"("}})");
}

QByteArray anthropicError(const char *type, const char *message)
{
    return QByteArrayLiteral(R"({"type":"error","error":{"type":")") + type
        + QByteArrayLiteral(R"(","message":")") + message + QByteArrayLiteral(R"("}})");
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out << QString::fromUtf8(item);
    return out;
}

} // namespace

class TestErrorClassifier : public QObject
{
    Q_OBJECT

private slots:
    void classifiesFailedCalls_data();
    void classifiesFailedCalls();
    void neverQuotesMoreThanTheServerMessageShortened();
    void learnsTheClockOffsetFromTheDateHeader();
    void parsesRetryAfter_data();
    void parsesRetryAfter();
    void readsRetryAfterDatesAgainstTheServerDate();
    void findsErrorEnvelopesInSuccessfulAnswers();
    void namesTheOtherOpenAiPrefix();
    void prefersTheAmznRequestId();
};

void TestErrorClassifier::classifiesFailedCalls_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<FailedCall::Auth>("auth");
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<int>("retryAfter"); // -1: none
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<QStringList>("mustContain"); // in message + hint
    QTest::addColumn<QStringList>("mustNotContain");

    const auto sigv4 = FailedCall::Auth::SigV4;
    const auto apiKey = FailedCall::Auth::ApiKey;
    const auto chat = ApiSurface::ChatCompletions;
    const QString gptOss = QStringLiteral("openai.gpt-oss-120b");
    const QString v1 = QStringLiteral("/v1");
    const QString openAiV1 = QStringLiteral("/openai/v1");
    const QString anthropicV1 = QStringLiteral("/anthropic/v1");
    const QString claude = QStringLiteral("anthropic.claude-haiku-4-5");
    const auto http = Error::Kind::Http;
    const auto auth = Error::Kind::Auth;
    const QByteArray json = QByteArrayLiteral("content-type: application/json\n"
                                              "x-amzn-requestid: req_abc123\n"
                                              "x-request-id: req_abc123");

    QTest::addRow("berm on the wrong prefix")
        << 401 << json
        << openAiError("access_denied", "permission_denied_error",
                       "Berm is not enabled for this account")
        << sigv4 << chat << QStringLiteral("moonshotai.kimi-k2.5") << v1
        << QStringLiteral("access_denied") << http << list({"wrongPrefix"}) << -1
        << QStringLiteral("req_abc123")
        << list({"account prod", "region us-east-1", "model moonshotai.kimi-k2.5", "route /v1",
                 "route /openai/v1 for this model"})
        << QStringList();
    QTest::addRow("not supported on this route")
        << 400 << json
        << openAiError("validation_error", "invalid_request_error",
                       "model `openai.gpt-oss-120b` isn't supported on this route")
        << apiKey << chat << gptOss << openAiV1 << QStringLiteral("validation_error") << http
        << list({"wrongPrefix"}) << -1 << QStringLiteral("req_abc123")
        << list({"route /openai/v1", "route /v1 for this model"}) << QStringList();
    QTest::addRow("wrong prefix message on the anthropic route sets no flag")
        << 401 << json
        << openAiError("access_denied", "permission_denied_error",
                       "Berm is not enabled for this account")
        << sigv4 << ApiSurface::Messages << claude << anthropicV1 << QStringLiteral("access_denied")
        << http << QStringList() << -1 << QStringLiteral("req_abc123")
        << list({"/openai/v1 or /v1"}) << QStringList();
    QTest::addRow("no responses support")
        << 400 << json
        << openAiError("validation_error", "invalid_request_error",
                       "The model 'zai.glm-5' does not support the '/v1/responses' API")
        << sigv4 << ApiSurface::Responses << QStringLiteral("zai.glm-5") << v1
        << QStringLiteral("validation_error") << http << list({"unsupportedSurface"}) << -1
        << QStringLiteral("req_abc123")
        << list({"does not support the Responses API", "Use Chat Completions"}) << QStringList();
    QTest::addRow("no chat completions support")
        << 400 << json
        << openAiError("validation_error", "invalid_request_error",
                       "The model 'x.y' does not support the '/v1/chat/completions' API")
        << sigv4 << chat << QStringLiteral("x.y") << v1 << QStringLiteral("validation_error")
        << http << list({"unsupportedSurface"}) << -1 << QStringLiteral("req_abc123")
        << list({"does not support the Chat Completions API", "Use Responses"}) << QStringList();
    QTest::addRow("aws access denied names the action")
        << 403
        << QByteArrayLiteral("x-amzn-errortype: "
                             "AccessDeniedException:http://internal.amazon.com/coral/"
                             "com.amazon.coral.service/\nx-amzn-RequestId: req_x")
        << QByteArrayLiteral(
               R"({"Message":"User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:us-east-1:123456789012:project/default"})")
        << sigv4 << chat << gptOss << v1 << QStringLiteral("AccessDeniedException") << auth
        << QStringList() << -1 << QStringLiteral("req_x")
        << list({"Access was denied", "Allow the action bedrock-mantle:CreateInference",
                 "account prod"})
        << list({"internal.amazon.com"});
    QTest::addRow("list models denied names ListModels")
        << 403 << json
        << openAiError("access_denied", "permission_denied_error",
                       "User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to "
                       "perform: bedrock-mantle:ListModels on resource: "
                       "arn:aws:bedrock-mantle:us-east-1:123456789012:project/default because no "
                       "identity-based policy allows the bedrock-mantle:ListModels action")
        << sigv4 << ApiSurface::Models << QString() << v1 << QStringLiteral("access_denied") << auth
        << QStringList() << -1 << QStringLiteral("req_abc123")
        << list({"Allow the action bedrock-mantle:ListModels"}) << list({"CreateInference"});
    QTest::addRow("api key denied without details")
        << 403 << QByteArray() << QByteArray() << apiKey << chat << gptOss << v1 << QString()
        << auth << QStringList() << -1 << QString()
        << list({"HTTP 403", "bedrock-mantle:CallWithBearerToken"}) << list({"CreateInference"});
    QTest::addRow("sigv4 denied without an action")
        << 403 << json << QByteArrayLiteral(R"({"message":"Forbidden"})") << sigv4 << chat << gptOss
        << v1 << QString() << auth << QStringList() << -1 << QStringLiteral("req_abc123")
        << list({"bedrock-mantle:CreateInference",
                 "arn:aws:bedrock-mantle:us-east-1:<account-id>:project/*", "Forbidden"})
        << list({"CallWithBearerToken"});
    QTest::addRow("marketplace subscription")
        << 403 << json
        << openAiError("access_denied", "permission_denied_error",
                       "Model access is denied due to a missing AWS Marketplace subscription")
        << sigv4 << chat << QStringLiteral("minimax.minimax-m2") << v1
        << QStringLiteral("access_denied") << auth << QStringList() << -1
        << QStringLiteral("req_abc123")
        << list({"aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions",
                 "AmazonBedrockMantleInferenceAccess"})
        << QStringList();
    QTest::addRow("invalid bearer token")
        << 401 << json << QByteArrayLiteral(R"({"message":"Invalid bearer token"})") << apiKey
        << chat << gptOss << v1 << QString() << auth << QStringList() << -1
        << QStringLiteral("req_abc123")
        << list({"API key", "expired or revoked", "ABSK", "account prod"}) << QStringList();
    QTest::addRow("a key echoed by the server is redacted")
        << 400 << json
        << QByteArrayLiteral(
               R"({"message":"Header value ABSKQmVkcm9ja0FQSUtleS1zZWNyZXQxMjM0NTY= and Bearer bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t are malformed"})")
        << apiKey << chat << gptOss << v1 << QString() << http << QStringList() << -1
        << QStringLiteral("req_abc123") << list({"[redacted]", "are malformed"})
        << list({"QmVkcm9ja0FQSUtleS1zZWNyZXQ", "YmVkcm9jay5hbWF6b25hd3MuY29t"});
    QTest::addRow("signed for another service")
        << 401 << json
        << QByteArrayLiteral(
               R"({"message":"Credential should be scoped to correct service: 'bedrock-mantle'. "})")
        << sigv4 << chat << gptOss << v1 << QString() << auth << QStringList() << -1
        << QStringLiteral("req_abc123") << list({"another service", "service name bedrock-mantle"})
        << QStringList();
    QTest::addRow("model with a cross-region prefix and version does not exist")
        << 404 << json
        << openAiError("not_found_error", "invalid_request_error",
                       "The model 'us.anthropic.claude-haiku-4-5-v1:0' does not exist")
        << sigv4 << chat << QStringLiteral("us.anthropic.claude-haiku-4-5-v1:0") << v1
        << QStringLiteral("not_found_error") << http << QStringList() << -1
        << QStringLiteral("req_abc123")
        << list({"does not exist", "try anthropic.claude-haiku-4-5.", "mantle models"})
        << QStringList();
    QTest::addRow("bare model does not exist")
        << 404 << json
        << openAiError("not_found_error", "invalid_request_error",
                       "The model 'acme.nothing' does not exist")
        << sigv4 << chat << QStringLiteral("acme.nothing") << v1
        << QStringLiteral("not_found_error") << http << QStringList() << -1
        << QStringLiteral("req_abc123") << list({"-v1:0", "us./global.", "mantle models"})
        << QStringList();
    QTest::addRow("validation error names the field")
        << 400 << json
        << openAiError("validation_error", "invalid_request_error",
                       "Failed to deserialize the JSON body into the target type: "
                       "messages[0].role: unknown variant `bot`")
        << sigv4 << chat << gptOss << v1 << QStringLiteral("validation_error") << http
        << QStringList() << -1 << QStringLiteral("req_abc123")
        << list({"rejected the request", "messages[0].role: unknown variant `bot`"})
        << QStringList();
    QTest::addRow("prompt too long")
        << 400 << json
        << openAiError("validation_error", "invalid_request_error",
                       "prompt tokens (140000) exceed model maximum (131072) for "
                       "openai.gpt-oss-120b")
        << sigv4 << chat << gptOss << v1 << QStringLiteral("validation_error") << http
        << QStringList() << -1 << QStringLiteral("req_abc123")
        << list({"140000 tokens", "at most 131072", "Shorten"}) << QStringList();
    QTest::addRow("openai quota with retry-after")
        << 429 << (json + QByteArrayLiteral("\nRetry-After: 7"))
        << openAiError("rate_limit_exceeded", "rate_limit_error", "Too many requests") << sigv4
        << chat << gptOss << v1 << QStringLiteral("rate_limit_exceeded") << http
        << list({"retryable"}) << 7 << QStringLiteral("req_abc123")
        << list({"limiting requests", "Try again in 7 s", "Service Quotas"}) << QStringList();
    QTest::addRow("aws throttling exception")
        << 400 << QByteArrayLiteral("x-amzn-errortype: ThrottlingException:http://x/")
        << QByteArrayLiteral(R"({"message":"Rate exceeded"})") << sigv4 << chat << gptOss << v1
        << QStringLiteral("ThrottlingException") << http << list({"retryable"}) << -1 << QString()
        << list({"limiting requests", "Rate exceeded", "Wait a moment"}) << QStringList();
    QTest::addRow("aws service unavailable")
        << 503 << QByteArrayLiteral("x-amzn-errortype: ServiceUnavailableException")
        << QByteArrayLiteral(R"({"message":"Service unavailable"})") << sigv4 << chat << gptOss
        << v1 << QStringLiteral("ServiceUnavailableException") << http << list({"retryable"}) << -1
        << QString() << list({"server error", "try again"}) << QStringList();
    QTest::addRow("anthropic overloaded")
        << 529 << QByteArray()
        << QByteArrayLiteral(
               R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011"})")
        << apiKey << ApiSurface::Messages << claude << anthropicV1
        << QStringLiteral("overloaded_error") << http << list({"retryable"}) << -1
        << QStringLiteral("req_011") << list({"overloaded", "req_011", "route /anthropic/v1"})
        << QStringList();
    QTest::addRow("anthropic rate limit with an http date")
        << 429
        << QByteArrayLiteral("Date: Wed, 25 Nov 2026 21:05:00 GMT\n"
                             "Retry-After: Wed, 25 Nov 2026 21:05:30 GMT")
        << anthropicError("rate_limit_error", "Number of request tokens has exceeded your limit")
        << apiKey << ApiSurface::Messages << claude << anthropicV1
        << QStringLiteral("rate_limit_error") << http << list({"retryable"}) << 30 << QString()
        << list({"Try again in 30 s"}) << QStringList();
    QTest::addRow("anthropic authentication error")
        << 401 << QByteArray() << anthropicError("authentication_error", "invalid x-api-key")
        << apiKey << ApiSurface::Messages << claude << anthropicV1
        << QStringLiteral("authentication_error") << auth << QStringList() << -1 << QString()
        << list({"invalid x-api-key", "ABSK"}) << QStringList();
    QTest::addRow("anthropic permission denied")
        << 403 << QByteArray()
        << anthropicError("permission_denied_error",
                          "Your API key does not have permission to use the specified resource.")
        << apiKey << ApiSurface::Messages << claude << anthropicV1
        << QStringLiteral("permission_denied_error") << auth << QStringList() << -1 << QString()
        << list({"bedrock-mantle:CallWithBearerToken"}) << QStringList();
    QTest::addRow("anthropic not found")
        << 404 << QByteArray() << anthropicError("not_found_error", "model: anthropic.nope")
        << apiKey << ApiSurface::Messages << QStringLiteral("anthropic.nope") << anthropicV1
        << QStringLiteral("not_found_error") << http << QStringList() << -1 << QString()
        << list({"does not exist", "mantle models"}) << QStringList();
    QTest::addRow("anthropic invalid request")
        << 400 << QByteArray()
        << anthropicError("invalid_request_error", "max_tokens: Field required") << apiKey
        << ApiSurface::Messages << claude << anthropicV1 << QStringLiteral("invalid_request_error")
        << http << QStringList() << -1 << QString() << list({"max_tokens: Field required"})
        << QStringList();
    QTest::addRow("anthropic api error")
        << 500 << QByteArrayLiteral("x-amzn-requestid: req_500")
        << anthropicError("api_error", "Internal server error") << sigv4 << ApiSurface::Messages
        << claude << anthropicV1 << QStringLiteral("api_error") << http << list({"retryable"}) << -1
        << QStringLiteral("req_500") << list({"server error", "request id req_500"})
        << QStringList();
    QTest::addRow("proxy html page")
        << 502 << QByteArrayLiteral("Content-Type: text/html; charset=utf-8")
        << QByteArrayLiteral("<html><head><title>Hotel WiFi</title></head><body>Sign in, "
                             "session=s3cr3t</body></html>")
        << sigv4 << chat << gptOss << v1 << QString() << http << list({"retryable"}) << -1
        << QString() << list({"proxy or captive portal", "HTTP 502", "region us-east-1"})
        << list({"<html", "Hotel WiFi", "s3cr3t"});
    QTest::addRow("captive portal html without a content type")
        << 403 << QByteArray()
        << QByteArrayLiteral("\n  <!DOCTYPE html><html><body>Access denied by policy</body></html>")
        << sigv4 << chat << gptOss << v1 << QString() << http << QStringList() << -1 << QString()
        << list({"captive portal", "HTTP 403"}) << list({"Access denied by policy", "IAM"});
    QTest::addRow("empty 500") << 500 << QByteArray() << QByteArray() << sigv4 << chat << gptOss
                               << v1 << QString() << http << list({"retryable"}) << -1 << QString()
                               << list({"server error", "HTTP 500"}) << QStringList();
    QTest::addRow("empty body on an unexpected status")
        << 418 << QByteArrayLiteral("x-request-id: req_tea") << QByteArray() << sigv4 << chat
        << gptOss << v1 << QString() << http << QStringList() << -1 << QStringLiteral("req_tea")
        << list({"empty body", "HTTP 418", "req_tea"}) << QStringList();
    QTest::addRow("plain text gateway error")
        << 504 << QByteArrayLiteral("content-type: text/plain")
        << QByteArrayLiteral("upstream request timeout") << sigv4 << chat << gptOss << v1
        << QString() << http << list({"retryable"}) << -1 << QString()
        << list({"upstream request timeout"}) << QStringList();
    QTest::addRow("signature expired")
        << 403
        << QByteArrayLiteral("x-amzn-errortype: InvalidSignatureException\n"
                             "Date: Wed, 25 Nov 2026 21:15:00 GMT")
        << QByteArrayLiteral(
               R"j({"message":"Signature expired: 20261125T205500Z is now earlier than 20261125T211000Z (20261125T211500Z - 5 min.)"})j")
        << sigv4 << chat << gptOss << v1 << QStringLiteral("InvalidSignatureException") << auth
        << list({"clockSkew"}) << -1 << QString() << list({"900 seconds", "clock"})
        << QStringList();
    QTest::addRow("signature not yet current")
        << 403 << QByteArray()
        << QByteArrayLiteral(
               R"({"message":"Signature not yet current: 20261125T213000Z is still later than 20261125T211500Z"})")
        << sigv4 << chat << gptOss << v1 << QString() << auth << list({"clockSkew"}) << -1
        << QString() << list({"probably wrong", "clock"}) << QStringList();
    QTest::addRow("request time too skewed")
        << 403 << QByteArrayLiteral("x-amzn-errortype: RequestTimeTooSkewed")
        << QByteArrayLiteral(
               R"({"message":"The difference between the request time and the current time is too large."})")
        << sigv4 << chat << gptOss << v1 << QStringLiteral("RequestTimeTooSkewed") << auth
        << list({"clockSkew"}) << -1 << QString() << list({"clock"}) << QStringList();
    QTest::addRow("expired session token")
        << 403 << QByteArrayLiteral("x-amzn-errortype: ExpiredTokenException")
        << QByteArrayLiteral(
               R"({"message":"The security token included in the request is expired"})")
        << sigv4 << chat << gptOss << v1 << QStringLiteral("ExpiredTokenException") << auth
        << list({"expiredCredentials"}) << -1 << QString()
        << list({"have expired", "aws sso login"}) << QStringList();
    QTest::addRow("aws __type body")
        << 403 << QByteArray()
        << QByteArrayLiteral(
               R"({"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."})")
        << sigv4 << chat << gptOss << v1 << QStringLiteral("UnrecognizedClientException") << auth
        << QStringList() << -1 << QString() << list({"access key id", "secret access key"})
        << QStringList();
}

void TestErrorClassifier::classifiesFailedCalls()
{
    QFETCH(int, status);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(FailedCall::Auth, auth);
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QFETCH(QString, route);
    QFETCH(QString, code);
    QFETCH(Error::Kind, kind);
    QFETCH(QStringList, flags);
    QFETCH(int, retryAfter);
    QFETCH(QString, requestId);
    QFETCH(QStringList, mustContain);
    QFETCH(QStringList, mustNotContain);

    FailedCall call = makeCall(status, headers, body);
    call.auth = auth;
    call.surface = surface;
    call.model = model;
    call.routePrefix = route;

    const ClassifiedError classified = ErrorClassifier::classify(call);
    const Error &error = classified.error;
    const QString shown = error.toDisplayString();

    QCOMPARE(error.code, code);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.requestId, requestId);
    QCOMPARE(flagsOf(classified), flags);
    QCOMPARE(classified.retryAfterSeconds.value_or(-1), retryAfter);
    QVERIFY2(!error.message.isEmpty() && !error.hint.isEmpty(), qPrintable(shown));
    QVERIFY2(!error.message.contains(QLatin1Char('\n')), qPrintable(shown));
    for (const QString &part : mustContain)
        QVERIFY2(shown.contains(part), qPrintable(part + QLatin1String(" not in: ") + shown));
    for (const QString &part : mustNotContain)
        QVERIFY2(!shown.contains(part), qPrintable(part + QLatin1String(" in: ") + shown));
}

void TestErrorClassifier::neverQuotesMoreThanTheServerMessageShortened()
{
    const QByteArray longMessage(1000, 'x');
    FailedCall call = makeCall(
        400, {},
        QByteArrayLiteral(R"({"message":")") + longMessage
            + QByteArrayLiteral(R"(","debug":"ABSKsecretsecretsecret","trace":"at line 7"})"));
    const Error error = ErrorClassifier::classify(call).error;
    const QString shown = error.toDisplayString();
    QVERIFY(shown.contains(QString(20, QLatin1Char('x'))));
    QVERIFY(!shown.contains(QString(ErrorClassifier::kMaxQuotedLength, QLatin1Char('x'))));
    QVERIFY(shown.contains(QChar(0x2026)));
    QVERIFY(!shown.contains(QLatin1String("secretsecret")));
    QVERIFY(!shown.contains(QLatin1String("at line 7")));
}

void TestErrorClassifier::learnsTheClockOffsetFromTheDateHeader()
{
    FailedCall call = makeCall(403, QByteArrayLiteral("Date: Wed, 25 Nov 2026 20:50:00 GMT"),
                               QByteArrayLiteral(R"({"message":"Signature expired: ..."})"));
    ClassifiedError classified = ErrorClassifier::classify(call);
    QVERIFY(classified.clockSkew);
    QCOMPARE(classified.clockOffsetSeconds, std::optional<qint64>(-600));

    call.headers.clear();
    classified = ErrorClassifier::classify(call);
    QVERIFY(classified.clockSkew);
    QCOMPARE(classified.clockOffsetSeconds, std::nullopt);
}

void TestErrorClassifier::parsesRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<int>("expected"); // -1: nothing

    const QDateTime now = utc("2015-10-21T07:28:00Z");
    QTest::addRow("seconds") << QByteArrayLiteral("120") << now << 120;
    QTest::addRow("zero") << QByteArrayLiteral("0") << now << 0;
    QTest::addRow("spaces") << QByteArrayLiteral("  5 ") << now << 5;
    QTest::addRow("seconds need no clock") << QByteArrayLiteral("9") << QDateTime() << 9;
    QTest::addRow("negative") << QByteArrayLiteral("-5") << now << -1;
    QTest::addRow("garbage") << QByteArrayLiteral("soon") << now << -1;
    QTest::addRow("empty") << QByteArray() << now << -1;
    QTest::addRow("http date ahead")
        << QByteArrayLiteral("Wed, 21 Oct 2015 07:30:00 GMT") << now << 120;
    QTest::addRow("http date in the past")
        << QByteArrayLiteral("Wed, 21 Oct 2015 07:00:00 GMT") << now << 0;
    QTest::addRow("http date without a clock")
        << QByteArrayLiteral("Wed, 21 Oct 2015 07:30:00 GMT") << QDateTime() << -1;
}

void TestErrorClassifier::parsesRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, now);
    QFETCH(int, expected);
    QCOMPARE(ErrorClassifier::parseRetryAfter(value, now).value_or(-1), expected);
}

void TestErrorClassifier::readsRetryAfterDatesAgainstTheServerDate()
{
    // Without a Date header, the local arrival time (21:00:00) is the reference.
    FailedCall call = makeCall(429, QByteArrayLiteral("Retry-After: Wed, 25 Nov 2026 21:01:00 GMT"),
                               QByteArray());
    QCOMPARE(ErrorClassifier::classify(call).retryAfterSeconds, std::optional<int>(60));
    call.headers = headerPairs(QByteArrayLiteral("Retry-After: Wed, 25 Nov 2026 21:01:00 GMT\n"
                                                 "Date: Wed, 25 Nov 2026 21:00:50 GMT"));
    QCOMPARE(ErrorClassifier::classify(call).retryAfterSeconds, std::optional<int>(10));
}

void TestErrorClassifier::findsErrorEnvelopesInSuccessfulAnswers()
{
    FailedCall call = makeCall(
        200, {},
        QByteArrayLiteral(
            R"({"id":"chatcmpl-1","object":"chat.completion","choices":[{"message":{"role":"assistant","content":"hi"}}]})"));
    QCOMPARE(ErrorClassifier::classifySuccessBody(call), std::nullopt);

    call.body = QByteArrayLiteral(R"({"id":"resp_1","status":"completed","error":null})");
    QCOMPARE(ErrorClassifier::classifySuccessBody(call), std::nullopt);

    call.body = QByteArrayLiteral("not json");
    QCOMPARE(ErrorClassifier::classifySuccessBody(call), std::nullopt);

    call.body = anthropicError("overloaded_error", "Overloaded");
    const std::optional<ClassifiedError> overloaded = ErrorClassifier::classifySuccessBody(call);
    QVERIFY(overloaded);
    QCOMPARE(overloaded->error.code, QStringLiteral("overloaded_error"));
    QCOMPARE(overloaded->error.httpStatus, 200);
    QVERIFY(overloaded->retryable);

    call.body = QByteArrayLiteral(
        R"({"id":"resp_1","status":"failed","error":{"code":"server_error","message":"The model failed"}})");
    const std::optional<ClassifiedError> failed = ErrorClassifier::classifySuccessBody(call);
    QVERIFY(failed);
    QCOMPARE(failed->error.code, QStringLiteral("server_error"));
    QVERIFY(failed->error.message.contains(QLatin1String("The model failed")));
}

void TestErrorClassifier::namesTheOtherOpenAiPrefix()
{
    QCOMPARE(ErrorClassifier::alternatePrefix(QStringLiteral("/v1")), QStringLiteral("/openai/v1"));
    QCOMPARE(ErrorClassifier::alternatePrefix(QStringLiteral("/openai/v1")), QStringLiteral("/v1"));
    QCOMPARE(ErrorClassifier::alternatePrefix(QStringLiteral("/anthropic/v1")), QString());
}

void TestErrorClassifier::prefersTheAmznRequestId()
{
    const FailedCall call = makeCall(
        500, QByteArrayLiteral("x-request-id: req_second\nX-Amzn-RequestId: req_first"),
        QByteArrayLiteral(
            R"({"type":"error","error":{"type":"api_error","message":"x"},"request_id":"req_body"})"));
    QCOMPARE(ErrorClassifier::classify(call).error.requestId, QStringLiteral("req_first"));
}

QTEST_GUILESS_MAIN(TestErrorClassifier)
#include "tst_errorclassifier.moc"
