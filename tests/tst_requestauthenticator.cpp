// RequestAuthenticator: requests signed by the project's SigV4Signer (every Mantle region, session
// tokens, the `bedrock` alias) pass; one changed byte anywhere signed fails; AWS's and Mantle's
// wording for expired times, wrong keys, services and regions; API keys as Bearer and x-api-key.

#include "expectedregions.h"
#include "requestauthenticator.h"

#include "aws/sigv4signer.h"
#include "common/clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace mantle;
using namespace mantle::emulator;

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(10, 15, 0), QTimeZone::utc());

struct Signing
{
    QByteArray method = "POST";
    QByteArray host = "127.0.0.1:8080";
    QByteArray path = "/v1/chat/completions";
    aws::QueryList query;
    aws::HeaderList headers{{"Content-Type", "application/json"}};
    QByteArray body
        = R"({"model":"openai.gpt-oss-120b","messages":[{"role":"user","content":"hi"}]})";
    QByteArray region = "us-east-1";
    QByteArray service = "bedrock-mantle";
    QByteArray accessKeyId = "AKIDMANTLEEMULATOR";
    QByteArray secret = "mantle-emulator-secret";
    QByteArray sessionToken;
    bool contentSha256 = true;
    QDateTime time = kNow;
};

/// The request as the server would receive it after `signing` was signed and sent.
ReceivedRequest signedRequest(const Signing &s)
{
    aws::SigningRequest request;
    request.method = s.method;
    request.host = s.host;
    request.path = s.path;
    request.query = s.query;
    request.headers = s.headers;
    request.body = s.body;
    aws::Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(s.accessKeyId);
    credentials.secretAccessKey = SecretString(s.secret);
    credentials.sessionToken = SecretString(s.sessionToken);
    aws::SigningOptions options;
    options.region = s.region;
    options.service = s.service;
    options.addContentSha256 = s.contentSha256;
    const aws::SigV4Signer signer;
    const aws::SignedRequest signedRequest = signer.sign(request, credentials, options, s.time);

    ReceivedRequest r;
    r.method = s.method;
    r.target = signedRequest.pathAndQuery;
    const qsizetype question = r.target.indexOf('?');
    r.rawPath = question < 0 ? r.target : r.target.left(question);
    r.rawQuery = question < 0 ? QByteArray() : r.target.mid(question + 1);
    r.headers.append({"host", s.host});
    for (const auto &[name, value] : s.headers)
        r.headers.append({name.toLower(), value});
    for (const auto &[name, value] : signedRequest.headersToAdd)
        r.headers.append({name.toLower(), value});
    r.body = s.body;
    return r;
}

ReceivedRequest plainRequest(const QByteArray &path,
                             const QList<QPair<QByteArray, QByteArray>> &headers)
{
    ReceivedRequest r;
    r.method = "POST";
    r.target = path;
    r.rawPath = path;
    r.headers.append({QByteArrayLiteral("host"), QByteArrayLiteral("127.0.0.1:8080")});
    r.headers.append(headers);
    r.body = "{}";
    return r;
}

void setHeader(ReceivedRequest &r, QByteArrayView name, const QByteArray &value)
{
    for (auto &header : r.headers) {
        if (header.first == name)
            header.second = value;
    }
}

/// The refusal's message, from either envelope.
QString messageOf(const Authentication &a)
{
    return QJsonDocument::fromJson(a.refusal.body)
        .object()
        .value(u"error")
        .toObject()
        .value(u"message")
        .toString();
}

QJsonObject errorOf(const Authentication &a)
{
    return QJsonDocument::fromJson(a.refusal.body).object().value(u"error").toObject();
}

const QString kMismatch = QStringLiteral(
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.");

} // namespace

class TestRequestAuthenticator : public QObject
{
    Q_OBJECT

private slots:
    void acceptsSignaturesInEveryMantleRegion_data();
    void acceptsSignaturesInEveryMantleRegion();
    void acceptsSessionTokens();
    void acceptsTheBedrockServiceName();
    void acceptsEncodedPathsAndQueries();
    void acceptsSignaturesWithoutContentSha256();
    void acceptsTimesWithinFiveMinutes_data();
    void acceptsTimesWithinFiveMinutes();
    void rejectsOneChangedByte_data();
    void rejectsOneChangedByte();
    void rejectsContentSha256ThatDoesNotDescribeTheBody();
    void rejectsExpiredSignature();
    void rejectsSignatureFromTheFuture();
    void rejectsUnknownAccessKey();
    void rejectsWrongSecret();
    void rejectsOtherServices();
    void rejectsRegionsOutsideMantle_data();
    void rejectsRegionsOutsideMantle();
    void rejectsScopeDateOtherThanRequestDate();
    void rejectsIncompleteAuthorization();
    void acceptsTheApiKey_data();
    void acceptsTheApiKey();
    void rejectsUnknownBearerToken_data();
    void rejectsUnknownBearerToken();
    void rejectsXApiKeyOutsideAnthropic();
    void rejectsRequestsWithoutCredentials();
    void answersInTheRouteEnvelope();
};

void TestRequestAuthenticator::acceptsSignaturesInEveryMantleRegion_data()
{
    QTest::addColumn<QString>("region");
    for (const QString &region : expectedMantleRegions())
        QTest::addRow("%s", qPrintable(region)) << region;
}

void TestRequestAuthenticator::acceptsSignaturesInEveryMantleRegion()
{
    QFETCH(QString, region);
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.region = region.toLatin1();
    const Authentication a = authenticator.authenticate(signedRequest(s));
    QVERIFY2(a.accepted, a.refusal.body.constData());
    QCOMPARE(a.method, EmulatorAuth::SigV4);
    QCOMPARE(a.region, region.toLatin1());
}

void TestRequestAuthenticator::acceptsSessionTokens()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.sessionToken = "IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes=";
    const ReceivedRequest request = signedRequest(s);
    QVERIFY(request.hasHeader("x-amz-security-token"));
    const Authentication a = authenticator.authenticate(request);
    QVERIFY2(a.accepted, a.refusal.body.constData());

    // The token is signed: changing it breaks the signature.
    ReceivedRequest changed = request;
    setHeader(changed, "x-amz-security-token", "IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes!");
    QCOMPARE(messageOf(authenticator.authenticate(changed)), kMismatch);
}

void TestRequestAuthenticator::acceptsTheBedrockServiceName()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.service = "bedrock";
    const Authentication a = authenticator.authenticate(signedRequest(s));
    QVERIFY2(a.accepted, a.refusal.body.constData());
}

void TestRequestAuthenticator::acceptsEncodedPathsAndQueries()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.method = "GET";
    s.path = "/v1/responses/resp_abc%20def";
    s.query = {{"include", "reasoning.encrypted content"}, {"after", "a/b"}, {"after", "0"}};
    s.headers = {{"Accept", "application/json"}, {"X-Custom", "  spaced   value "}};
    s.body.clear();
    const ReceivedRequest request = signedRequest(s);
    QVERIFY(request.rawQuery.contains("%20"));
    const Authentication a = authenticator.authenticate(request);
    QVERIFY2(a.accepted, a.refusal.body.constData());
}

void TestRequestAuthenticator::acceptsSignaturesWithoutContentSha256()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.contentSha256 = false; // botocore and curl do not send the header for this service
    const ReceivedRequest request = signedRequest(s);
    QVERIFY(!request.hasHeader("x-amz-content-sha256"));
    QVERIFY(authenticator.authenticate(request).accepted);

    ReceivedRequest changed = request;
    changed.body[10] = 'X';
    QCOMPARE(messageOf(authenticator.authenticate(changed)), kMismatch);
}

void TestRequestAuthenticator::acceptsTimesWithinFiveMinutes_data()
{
    QTest::addColumn<int>("clockOffsetSeconds");
    QTest::addRow("clock 5 minutes ahead") << 300;
    QTest::addRow("clock 5 minutes behind") << -300;
    QTest::addRow("same time") << 0;
}

void TestRequestAuthenticator::acceptsTimesWithinFiveMinutes()
{
    QFETCH(int, clockOffsetSeconds);
    const ManualClock clock(kNow.addSecs(clockOffsetSeconds));
    const RequestAuthenticator authenticator(clock);
    QVERIFY(authenticator.authenticate(signedRequest(Signing())).accepted);
}

void TestRequestAuthenticator::rejectsOneChangedByte_data()
{
    QTest::addColumn<QByteArray>("part");
    QTest::addRow("body") << QByteArray("body");
    QTest::addRow("signed header") << QByteArray("content-type");
    QTest::addRow("host") << QByteArray("host");
    QTest::addRow("path") << QByteArray("path");
    QTest::addRow("query") << QByteArray("query");
    QTest::addRow("method") << QByteArray("method");
    QTest::addRow("x-amz-date") << QByteArray("x-amz-date");
    QTest::addRow("signature") << QByteArray("signature");
}

void TestRequestAuthenticator::rejectsOneChangedByte()
{
    QFETCH(QByteArray, part);
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.query = {{"a", "b"}};
    ReceivedRequest request = signedRequest(s);
    QVERIFY(authenticator.authenticate(request).accepted);

    if (part == "body") {
        request.body[request.body.size() - 3] = 'X';
    } else if (part == "content-type") {
        setHeader(request, "content-type", "application/jsoN");
    } else if (part == "host") {
        setHeader(request, "host", "127.0.0.1:8081");
    } else if (part == "path") {
        request.rawPath = "/v1/chat/completionS";
    } else if (part == "query") {
        request.rawQuery = "a=c";
    } else if (part == "method") {
        request.method = "PUT";
    } else if (part == "x-amz-date") {
        setHeader(request, "x-amz-date", "20261125T101501Z");
    } else if (part == "signature") {
        QByteArray authorization = request.header("authorization");
        char &last = authorization[authorization.size() - 1];
        last = last == '0' ? '1' : '0';
        setHeader(request, "authorization", authorization);
    }
    const Authentication a = authenticator.authenticate(request);
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
    QCOMPARE(messageOf(a), kMismatch);
}

void TestRequestAuthenticator::rejectsContentSha256ThatDoesNotDescribeTheBody()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.headers.append(
        {QByteArrayLiteral("x-amz-content-sha256"), QByteArrayLiteral("UNSIGNED-PAYLOAD")});
    s.contentSha256 = false;
    const Authentication a = authenticator.authenticate(signedRequest(s));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
}

void TestRequestAuthenticator::rejectsExpiredSignature()
{
    const ManualClock clock(kNow.addSecs(301));
    const RequestAuthenticator authenticator(clock);
    const Authentication a = authenticator.authenticate(signedRequest(Signing()));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
    // AWS's wording: the request time, the oldest time allowed, and now minus the window.
    QCOMPARE(messageOf(a),
             QStringLiteral("Signature expired: 20261125T101500Z is now earlier than "
                            "20261125T101501Z (20261125T102001Z - 5 min.)"));
}

void TestRequestAuthenticator::rejectsSignatureFromTheFuture()
{
    const ManualClock clock(kNow.addSecs(-301));
    const RequestAuthenticator authenticator(clock);
    const Authentication a = authenticator.authenticate(signedRequest(Signing()));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
    QCOMPARE(messageOf(a),
             QStringLiteral("Signature not yet current: 20261125T101500Z is still later than "
                            "20261125T101459Z (20261125T100959Z + 5 min.)"));
}

void TestRequestAuthenticator::rejectsUnknownAccessKey()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.accessKeyId = "AKIDSOMEONEELSE00000";
    const Authentication a = authenticator.authenticate(signedRequest(s));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
    QCOMPARE(messageOf(a),
             QStringLiteral("The security token included in the request is invalid."));
}

void TestRequestAuthenticator::rejectsWrongSecret()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.secret = "mantle-emulator-secreT";
    const Authentication a = authenticator.authenticate(signedRequest(s));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
    QCOMPARE(messageOf(a), kMismatch);
}

void TestRequestAuthenticator::rejectsOtherServices()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.service = "bedrock-runtime";
    const Authentication a = authenticator.authenticate(signedRequest(s));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 401);
    QCOMPARE(messageOf(a),
             QStringLiteral("Credential should be scoped to correct service: 'bedrock-mantle'."));
}

void TestRequestAuthenticator::rejectsRegionsOutsideMantle_data()
{
    QTest::addColumn<QByteArray>("region");
    QTest::addColumn<QByteArray>("host");
    QTest::addRow("not a Mantle region") << QByteArray("ca-central-1") << QByteArray("127.0.0.1");
    QTest::addRow("not a region") << QByteArray("mars-1") << QByteArray("127.0.0.1");
    QTest::addRow("another region than the host's")
        << QByteArray("us-east-1") << QByteArray("bedrock-mantle.eu-west-1.api.aws");
}

void TestRequestAuthenticator::rejectsRegionsOutsideMantle()
{
    QFETCH(QByteArray, region);
    QFETCH(QByteArray, host);
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    Signing s;
    s.region = region;
    s.host = host;
    const Authentication a = authenticator.authenticate(signedRequest(s));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 401);
    QCOMPARE(messageOf(a),
             QStringLiteral("Credential should be scoped to a valid region, not '%1'.")
                 .arg(QString::fromLatin1(region)));
}

void TestRequestAuthenticator::rejectsScopeDateOtherThanRequestDate()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    ReceivedRequest request = signedRequest(Signing());
    QByteArray authorization = request.header("authorization");
    authorization.replace("/20261125/", "/20261124/");
    setHeader(request, "authorization", authorization);
    const Authentication a = authenticator.authenticate(request);
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
    QVERIFY2(messageOf(a).startsWith(QLatin1String("Date in Credential scope does not match")),
             qPrintable(messageOf(a)));
}

void TestRequestAuthenticator::rejectsIncompleteAuthorization()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    const Authentication a = authenticator.authenticate(
        plainRequest("/v1/models",
                     {{"authorization",
                       "AWS4-HMAC-SHA256 Credential=AKIDMANTLEEMULATOR/"
                       "20261125/us-east-1/bedrock-mantle/aws4_request"}}));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 403);
    QCOMPARE(messageOf(a),
             QStringLiteral("Authorization header requires 'Signature' parameter. Authorization "
                            "header requires 'SignedHeaders' parameter."));
}

void TestRequestAuthenticator::acceptsTheApiKey_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("method");
    const int bearer = int(EmulatorAuth::Bearer);
    QTest::addRow("bearer on /v1") << QByteArray("/v1/responses") << QByteArray("authorization")
                                   << QByteArray("Bearer mantle-emulator-key") << bearer;
    QTest::addRow("bearer on /openai/v1")
        << QByteArray("/openai/v1/chat/completions") << QByteArray("authorization")
        << QByteArray("Bearer mantle-emulator-key") << bearer;
    QTest::addRow("lower-case scheme") << QByteArray("/v1/models") << QByteArray("authorization")
                                       << QByteArray("bearer mantle-emulator-key") << bearer;
    QTest::addRow("bearer under /anthropic")
        << QByteArray("/anthropic/v1/messages") << QByteArray("authorization")
        << QByteArray("Bearer mantle-emulator-key") << bearer;
    QTest::addRow("x-api-key under /anthropic")
        << QByteArray("/anthropic/v1/messages") << QByteArray("x-api-key")
        << QByteArray("mantle-emulator-key") << int(EmulatorAuth::ApiKeyHeader);
}

void TestRequestAuthenticator::acceptsTheApiKey()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(int, method);
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    const Authentication a = authenticator.authenticate(plainRequest(path, {{header, value}}));
    QVERIFY2(a.accepted, a.refusal.body.constData());
    QCOMPARE(int(a.method), method);
    QVERIFY(a.region.isEmpty());
}

void TestRequestAuthenticator::rejectsUnknownBearerToken_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addRow("other key") << QByteArray("/v1/models") << QByteArray("authorization")
                               << QByteArray("Bearer ABSKsomeoneelse");
    QTest::addRow("key with a byte more") << QByteArray("/v1/models") << QByteArray("authorization")
                                          << QByteArray("Bearer mantle-emulator-key2");
    QTest::addRow("empty bearer") << QByteArray("/v1/models") << QByteArray("authorization")
                                  << QByteArray("Bearer");
    QTest::addRow("basic auth") << QByteArray("/v1/models") << QByteArray("authorization")
                                << QByteArray("Basic bWFudGxlOmtleQ==");
    QTest::addRow("other x-api-key") << QByteArray("/anthropic/v1/messages")
                                     << QByteArray("x-api-key") << QByteArray("sk-ant-other");
}

void TestRequestAuthenticator::rejectsUnknownBearerToken()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    const Authentication a = authenticator.authenticate(plainRequest(path, {{header, value}}));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 401);
    QCOMPARE(messageOf(a), QStringLiteral("Invalid bearer token"));
}

void TestRequestAuthenticator::rejectsXApiKeyOutsideAnthropic()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    const Authentication a = authenticator.authenticate(
        plainRequest("/v1/chat/completions", {{"x-api-key", "mantle-emulator-key"}}));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 401);
    QCOMPARE(messageOf(a), QStringLiteral("Authorization header is missing"));
}

void TestRequestAuthenticator::rejectsRequestsWithoutCredentials()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    const Authentication a = authenticator.authenticate(plainRequest("/v1/models", {}));
    QVERIFY(!a.accepted);
    QCOMPARE(a.refusal.status, 401);
    QCOMPARE(messageOf(a), QStringLiteral("Authorization header is missing"));
}

void TestRequestAuthenticator::answersInTheRouteEnvelope()
{
    const ManualClock clock(kNow);
    const RequestAuthenticator authenticator(clock);
    const QList<QPair<QByteArray, QByteArray>> wrongKey{{"authorization", "Bearer nope"}};

    const Authentication openAi = authenticator.authenticate(plainRequest("/v1/models", wrongKey));
    const QJsonObject openAiError = errorOf(openAi);
    QCOMPARE(openAiError.value(u"code").toString(), QStringLiteral("invalid_api_key"));
    QVERIFY(openAiError.contains(u"param"));
    QVERIFY(!QJsonDocument::fromJson(openAi.refusal.body).object().contains(u"type"));

    const Authentication anthropic
        = authenticator.authenticate(plainRequest("/anthropic/v1/messages", wrongKey));
    const QJsonObject body = QJsonDocument::fromJson(anthropic.refusal.body).object();
    QCOMPARE(body.value(u"type").toString(), QStringLiteral("error"));
    QCOMPARE(body.value(u"error").toObject().value(u"type").toString(),
             QStringLiteral("authentication_error"));
    QVERIFY(!body.value(u"error").toObject().contains(u"code"));
}

QTEST_GUILESS_MAIN(TestRequestAuthenticator)
#include "tst_requestauthenticator.moc"
