// Short-term Bedrock API keys at the emulator's door: a fresh key made from the test credentials is
// accepted on Chat, Responses and Messages (as Bearer, and as x-api-key under /anthropic); the
// same key is refused once the fake clock passes its expiry; a tampered key, a key from other
// credentials, for another host or from the future is refused as an invalid key; the request is
// served in the key's region.

#include "localemulator.h"
#include "requestauthenticator.h"

#include "aws/bedrocktoken.h"
#include "aws/credentials.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <functional>

using namespace mantle;
using namespace mantle::emulator;

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(10, 15, 0), QTimeZone::utc());
const QByteArray kChat
    = R"({"model":"openai.gpt-oss-120b","messages":[{"role":"user","content":"hi"}]})";
const QByteArray kResponses = R"({"model":"openai.gpt-oss-120b","input":"hi","store":true})";
const QByteArray kMessages = R"({"model":"anthropic.claude-haiku-4-5","max_tokens":64,)"
                             R"("messages":[{"role":"user","content":"hi"}]})";

aws::Credentials testCredentials(const QByteArray &sessionToken = {})
{
    aws::Credentials c;
    c.accessKeyId = QString::fromLatin1(LocalEmulator::kAccessKeyId);
    c.secretAccessKey = SecretString(std::string_view(LocalEmulator::kSecretAccessKey));
    c.sessionToken = SecretString(sessionToken);
    return c;
}

QByteArray makeKey(const QString &region, const QDateTime &at = kNow, int lifetime = 900,
                   const aws::Credentials &credentials = testCredentials())
{
    const aws::SigV4Signer signer;
    const Result<aws::ShortTermKey> key
        = aws::BedrockToken::generate(signer, credentials, region, at, lifetime);
    if (!key)
        return {};
    return QByteArray(key->key.view().data(), qsizetype(key->key.size()));
}

/// The key with its URL rewritten by `change` (and so its signature no longer matching, unless
/// the change leaves the signed parts alone).
QByteArray rewritten(const QByteArray &key, const std::function<void(QByteArray &)> &change)
{
    QByteArray url = QByteArray::fromBase64(key.mid(aws::BedrockToken::kPrefix.size()));
    change(url);
    return aws::BedrockToken::kPrefix.toByteArray() + url.toBase64();
}

struct Answer
{
    int status = 0;
    QJsonObject body;
};

QString errorMessage(const Answer &answer)
{
    return answer.body.value(u"error").toObject().value(u"message").toString();
}

ReceivedRequest requestWith(const QByteArray &path, const QByteArray &header,
                            const QByteArray &value)
{
    ReceivedRequest r;
    r.method = "POST";
    r.target = path;
    r.rawPath = path;
    r.headers = {{"host", "127.0.0.1:8080"}, {header, value}};
    r.body = "{}";
    return r;
}

} // namespace

class TestEmulatorShortTermKeys : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void acceptsAFreshKeyOnEverySurface_data();
    void acceptsAFreshKeyOnEverySurface();
    void refusesTheSameKeyAfterItExpires();
    void refusesChangedKeys_data();
    void refusesChangedKeys();
    void servesTheKeysRegion();
    void authenticatesAsAnApiKeyInTheKeysRegion_data();
    void authenticatesAsAnApiKeyInTheKeysRegion();
    void acceptsKeysWithASessionToken();

private:
    Answer send(const QByteArray &method, const QString &path, const QByteArray &header,
                const QByteArray &value, const QByteArray &body = {});

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<LocalEmulator> m_emulator;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestEmulatorShortTermKeys::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_emulator = std::make_unique<LocalEmulator>(*m_clock);
    QVERIFY2(m_emulator->start(0), qPrintable(m_emulator->errorString()));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestEmulatorShortTermKeys::cleanup()
{
    m_network.reset();
    m_emulator.reset();
    m_clock.reset();
}

Answer TestEmulatorShortTermKeys::send(const QByteArray &method, const QString &path,
                                       const QByteArray &header, const QByteArray &value,
                                       const QByteArray &body)
{
    QNetworkRequest request(m_emulator->rootUrl().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("anthropic-version", "2023-06-01");
    request.setRawHeader(header, value);
    QNetworkReply *reply
        = method == "GET" ? m_network->get(request) : m_network->post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(30000))
        return {};
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

void TestEmulatorShortTermKeys::acceptsAFreshKeyOnEverySurface_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("bearer");
    QTest::addColumn<QByteArray>("body");
    QTest::addRow("chat") << QStringLiteral("/v1/chat/completions") << QByteArray("authorization")
                          << true << kChat;
    QTest::addRow("responses") << QStringLiteral("/v1/responses") << QByteArray("authorization")
                               << true << kResponses;
    QTest::addRow("messages, Bearer") << QStringLiteral("/anthropic/v1/messages")
                                      << QByteArray("authorization") << true << kMessages;
    QTest::addRow("messages, x-api-key") << QStringLiteral("/anthropic/v1/messages")
                                         << QByteArray("x-api-key") << false << kMessages;
}

void TestEmulatorShortTermKeys::acceptsAFreshKeyOnEverySurface()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, header);
    QFETCH(bool, bearer);
    QFETCH(QByteArray, body);
    const QByteArray key = makeKey(QStringLiteral("us-east-1"));
    QVERIFY(!key.isEmpty());
    const Answer answer = send("POST", path, header, bearer ? "Bearer " + key : key, body);
    QVERIFY2(answer.status == 200,
             qPrintable(QString::number(answer.status) + QLatin1Char(' ')
                        + QString::fromUtf8(QJsonDocument(answer.body).toJson())));
}

void TestEmulatorShortTermKeys::refusesTheSameKeyAfterItExpires()
{
    const QByteArray chat = kChat;
    const QByteArray key = "Bearer " + makeKey(QStringLiteral("us-east-1"), kNow, 900);
    m_clock->advanceSeconds(899);
    QCOMPARE(
        send("POST", QStringLiteral("/v1/chat/completions"), "authorization", key, chat).status,
        200);
    m_clock->advanceSeconds(1);
    const Answer late
        = send("POST", QStringLiteral("/v1/chat/completions"), "authorization", key, chat);
    QCOMPARE(late.status, 403);
    QVERIFY2(errorMessage(late).contains(QStringLiteral("bearer token")),
             qPrintable(errorMessage(late)));
    QVERIFY(errorMessage(late).contains(QStringLiteral("expired")));
    // In the Anthropic envelope under /anthropic.
    const Answer anthropic = send("POST", QStringLiteral("/anthropic/v1/messages"), "x-api-key",
                                  key.mid(7), kMessages);
    QCOMPARE(anthropic.status, 403);
    QCOMPARE(anthropic.body.value(u"type").toString(), QStringLiteral("error"));
    QVERIFY(errorMessage(anthropic).contains(QStringLiteral("expired")));
}

void TestEmulatorShortTermKeys::refusesChangedKeys_data()
{
    const QByteArray key = makeKey(QStringLiteral("us-east-1"));
    QTest::addColumn<QByteArray>("key");
    QTest::addRow("one signature digit changed") << rewritten(key, [](QByteArray &url) {
        const qsizetype at = url.indexOf("X-Amz-Signature=") + 16;
        url[at] = url[at] == '0' ? '1' : '0';
    });
    QTest::addRow("lifetime stretched") << rewritten(
        key, [](QByteArray &url) { url.replace("X-Amz-Expires=900", "X-Amz-Expires=43200"); });
    QTest::addRow("another action") << rewritten(key, [](QByteArray &url) {
        url.replace("Action=CallWithBearerToken", "Action=ListFoundationModels");
    });
    QTest::addRow("another host") << rewritten(key, [](QByteArray &url) {
        url.replace("bedrock.amazonaws.com/", "bedrock-runtime.amazonaws.com/");
    });
    QTest::addRow("without Version")
        << rewritten(key, [](QByteArray &url) { url.replace("&Version=1", ""); });
    QTest::addRow("another secret") << [] {
        aws::Credentials other = testCredentials();
        other.secretAccessKey = SecretString(std::string_view("not-the-emulator-secret"));
        return makeKey(QStringLiteral("us-east-1"), kNow, 900, other);
    }();
    QTest::addRow("another access key id") << [] {
        aws::Credentials other = testCredentials();
        other.accessKeyId = QStringLiteral("AKIDSOMEONEELSE");
        return makeKey(QStringLiteral("us-east-1"), kNow, 900, other);
    }();
    QTest::addRow("region outside Mantle") << makeKey(QStringLiteral("ca-central-1"));
    QTest::addRow("issued ten minutes ahead")
        << makeKey(QStringLiteral("us-east-1"), kNow.addSecs(600));
    QTest::addRow("over 12 hours (not made by our generator)") << [] {
        // Signed right, but for longer than a short-term key may live.
        const aws::SigV4Signer signer;
        aws::SigningRequest request;
        request.method = "POST";
        request.host = "bedrock.amazonaws.com";
        request.query = {{"Action", "CallWithBearerToken"}};
        aws::SigningOptions options;
        options.region = "us-east-1";
        options.service = "bedrock";
        const aws::SignedRequest s
            = signer.presign(request, testCredentials(), options, kNow, 43201);
        return aws::BedrockToken::kPrefix.toByteArray()
            + ("bedrock.amazonaws.com" + s.pathAndQuery + "&Version=1").toBase64();
    }();
    QTest::addRow("not base64") << QByteArray("bedrock-api-key-***");
}

void TestEmulatorShortTermKeys::refusesChangedKeys()
{
    QFETCH(QByteArray, key);
    QVERIFY(!key.isEmpty());
    const QByteArray chat = kChat;
    const Answer answer = send("POST", QStringLiteral("/v1/chat/completions"), "authorization",
                               "Bearer " + key, chat);
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorMessage(answer), QStringLiteral("Invalid bearer token"));
}

void TestEmulatorShortTermKeys::servesTheKeysRegion()
{
    // Stored responses are kept in the region that made them: a key for eu-west-1 finds its
    // response, a key for us-east-1 does not, whatever region the emulator runs as.
    const QByteArray ireland = "Bearer " + makeKey(QStringLiteral("eu-west-1"));
    const QByteArray virginia = "Bearer " + makeKey(QStringLiteral("us-east-1"));
    const Answer created
        = send("POST", QStringLiteral("/v1/responses"), "authorization", ireland, kResponses);
    QCOMPARE(created.status, 200);
    const QString id = created.body.value(u"id").toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(send("GET", QStringLiteral("/v1/responses/") + id, "authorization", ireland).status,
             200);
    QCOMPARE(send("GET", QStringLiteral("/v1/responses/") + id, "authorization", virginia).status,
             404);
}

void TestEmulatorShortTermKeys::authenticatesAsAnApiKeyInTheKeysRegion_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("method");
    QTest::addRow("Bearer, sa-east-1")
        << QStringLiteral("sa-east-1") << QByteArray("/v1/chat/completions")
        << QByteArray("authorization") << int(EmulatorAuth::Bearer);
    QTest::addRow("x-api-key, ap-northeast-1")
        << QStringLiteral("ap-northeast-1") << QByteArray("/anthropic/v1/messages")
        << QByteArray("x-api-key") << int(EmulatorAuth::ApiKeyHeader);
}

void TestEmulatorShortTermKeys::authenticatesAsAnApiKeyInTheKeysRegion()
{
    QFETCH(QString, region);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, header);
    QFETCH(int, method);
    const RequestAuthenticator authenticator(*m_clock);
    const QByteArray key = makeKey(region);
    const QByteArray value = header == "authorization" ? "Bearer " + key : key;
    const Authentication a = authenticator.authenticate(requestWith(path, header, value));
    QVERIFY(a.accepted);
    QCOMPARE(int(a.method), method);
    QCOMPARE(a.region, region.toLatin1());
    // x-api-key outside /anthropic stays unread, short-term key or not.
    if (header == "x-api-key")
        QVERIFY(
            !authenticator.authenticate(requestWith("/v1/chat/completions", header, key)).accepted);
}

void TestEmulatorShortTermKeys::acceptsKeysWithASessionToken()
{
    const RequestAuthenticator authenticator(*m_clock);
    const QByteArray key = makeKey(QStringLiteral("eu-central-1"), kNow, 3600,
                                   testCredentials("FQoGZXIvYXdzE/any+session=token"));
    const Authentication a = authenticator.authenticate(
        requestWith("/v1/chat/completions", "authorization", "Bearer " + key));
    QVERIFY(a.accepted);
    QCOMPARE(a.region, QByteArray("eu-central-1"));
    // The session token is signed: another one fails.
    const QByteArray changed = rewritten(
        key, [](QByteArray &url) { url.replace("any%2Bsession", "another%2Bsession"); });
    QVERIFY(!authenticator
                 .authenticate(
                     requestWith("/v1/chat/completions", "authorization", "Bearer " + changed))
                 .accepted);
}

QTEST_GUILESS_MAIN(TestEmulatorShortTermKeys)
#include "tst_emulatorshorttermkeys.moc"
