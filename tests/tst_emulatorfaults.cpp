// The `x-emulator-fault` header against the real EmulatorServer (stub handler, raw socket):
// latency, error statuses with Retry-After, IAM refusals, wrong-prefix errors, streams dropped,
// malformed and stalled after N events, several faults at once, and only on the request asking.

#include "emulatorserver.h"
#include "rawhttpconnection.h"

#include "aws/sigv4signer.h"
#include "common/clock.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace mantle;
using namespace mantle::emulator;
using mantle::test::RawHttpAnswer;
using mantle::test::RawHttpConnection;

namespace {

/// Five Chat Completions chunks and the end marker.
QList<QByteArray> chatEvents()
{
    QList<QByteArray> events;
    for (int i = 0; i < 5; ++i) {
        events.append(
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
            "\"index\":0,\"delta\":{\"content\":\"word"
            + QByteArray::number(i) + " \"}}]}\n\n");
    }
    events.append("data: [DONE]\n\n");
    return events;
}

struct StubService
{
    int calls = 0;

    EmulatorHandler handler()
    {
        return [this](const EmulatorRequest &request) {
            ++calls;
            EmulatorReply reply;
            if (request.path.endsWith("/chat/completions")
                && request.body.contains("\"stream\":true")) {
                reply.streamed = true;
                reply.events = chatEvents();
                return reply;
            }
            reply.headers.append(
                {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
            reply.body
                = R"({"object":"list","data":[{"id":"openai.gpt-oss-120b","object":"model"}]})";
            return reply;
        };
    }
};

const QByteArray kStreamBody = R"({"model":"openai.gpt-oss-120b","stream":true,"messages":[]})";

QByteArray request(QByteArrayView method, QByteArrayView path, QByteArrayView fault,
                   QByteArrayView body = {},
                   QByteArrayView auth = "Authorization: Bearer mantle-emulator-key\r\n")
{
    QByteArray r
        = method.toByteArray() + ' ' + path.toByteArray() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    r += auth;
    if (!fault.isNull())
        r += "x-emulator-fault: " + fault.toByteArray() + "\r\n";
    if (!body.isEmpty())
        r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n";
    r += "\r\n";
    r += body;
    return r;
}

QJsonObject errorOf(const RawHttpAnswer &a)
{
    return QJsonDocument::fromJson(a.body).object().value(u"error").toObject();
}

/// The JSON of an SSE frame's data line (a null document when it does not parse).
QJsonDocument dataOf(const QByteArray &frame)
{
    const qsizetype at = frame.indexOf("data: ");
    const QByteArray data = frame.mid(at + 6, frame.indexOf('\n', at) - at - 6);
    return QJsonDocument::fromJson(data);
}

} // namespace

class TestEmulatorFaults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void delaysTheAnswerByTheLatency();
    void answersTheStatusInTheRouteEnvelope_data();
    void answersTheStatusInTheRouteEnvelope();
    void deniesSigV4AccessWithCreateInference();
    void deniesApiKeyAccessWithCallWithBearerToken();
    void answersWrongPrefixOnEachRoute_data();
    void answersWrongPrefixOnEachRoute();
    void asksTheWrongPrefixHandlerWhenThereIsOne();
    void dropsTheConnectionAfterNEvents_data();
    void dropsTheConnectionAfterNEvents();
    void cutsTheJsonOfTheEventAfterN();
    void stallsAfterNEventsWithTheConnectionOpen();
    void dropsANonStreamedAnswerAfterItsHead();
    void combinesSeveralFaults();
    void appliesFaultsOnlyToTheRequestAsking();
    void refusesUnknownFaults();
    void authenticatesBeforeFaults();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<StubService> m_stub;
    std::unique_ptr<EmulatorServer> m_server;
};

void TestEmulatorFaults::init()
{
    m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
    m_stub = std::make_unique<StubService>();
    m_server = std::make_unique<EmulatorServer>(m_stub->handler(), *m_clock);
    QVERIFY(m_server->listen(0));
}

void TestEmulatorFaults::cleanup()
{
    m_server.reset();
    m_stub.reset();
    m_clock.reset();
}

void TestEmulatorFaults::delaysTheAnswerByTheLatency()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    QElapsedTimer timer;
    timer.start();
    c.send(request("GET", "/v1/models", "latency=200"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY2(timer.elapsed() >= 195, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(m_stub->calls, 1);
}

void TestEmulatorFaults::answersTheStatusInTheRouteEnvelope_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QString>("type");
    QTest::addRow("429 on /v1 with Retry-After")
        << QByteArray("/v1/chat/completions") << QByteArray("status=429;retry-after=2") << 429
        << QByteArray("2") << QStringLiteral("requests");
    QTest::addRow("500 on /openai/v1")
        << QByteArray("/openai/v1/responses") << QByteArray("status=500") << 500 << QByteArray()
        << QStringLiteral("server_error");
    QTest::addRow("429 under /anthropic")
        << QByteArray("/anthropic/v1/messages") << QByteArray("status=429;retry-after=30") << 429
        << QByteArray("30") << QStringLiteral("rate_limit_error");
    QTest::addRow("529 under /anthropic")
        << QByteArray("/anthropic/v1/messages") << QByteArray("status=529") << 529 << QByteArray()
        << QStringLiteral("overloaded_error");
    QTest::addRow("503 on /v1") << QByteArray("/v1/models") << QByteArray("status=503") << 503
                                << QByteArray() << QStringLiteral("server_error");
}

void TestEmulatorFaults::answersTheStatusInTheRouteEnvelope()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, fault);
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QString, type);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", path, fault, "{}"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, status);
    QCOMPARE(a.header("retry-after"), retryAfter);
    QCOMPARE(a.header("content-type"), QByteArray("application/json"));
    QVERIFY(a.header("x-amzn-requestid").startsWith("req_"));
    const QJsonObject body = QJsonDocument::fromJson(a.body).object();
    QCOMPARE(body.value(u"error").toObject().value(u"type").toString(), type);
    QVERIFY(!body.value(u"error").toObject().value(u"message").toString().isEmpty());
    QCOMPARE(body.contains(u"type"), path.startsWith("/anthropic/"));
    QCOMPARE(m_stub->calls, 0);
}

void TestEmulatorFaults::deniesSigV4AccessWithCreateInference()
{
    const QByteArray host = "127.0.0.1:" + QByteArray::number(m_server->port());
    aws::SigningRequest toSign;
    toSign.method = "POST";
    toSign.host = host;
    toSign.path = "/v1/chat/completions";
    toSign.headers = {{"x-emulator-fault", "access-denied"}};
    toSign.body = kStreamBody;
    aws::Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIDMANTLEEMULATOR");
    credentials.secretAccessKey = SecretString(std::string_view("mantle-emulator-secret"));
    credentials.sessionToken = SecretString(std::string_view("session-token"));
    aws::SigningOptions options;
    options.region = "eu-central-1";
    const aws::SigV4Signer signer;
    const aws::SignedRequest s = signer.sign(toSign, credentials, options, m_clock->nowUtc());
    QByteArray bytes = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + host
        + "\r\nx-emulator-fault: access-denied\r\n";
    for (const auto &[name, value] : s.headersToAdd)
        bytes += name + ": " + value + "\r\n";
    bytes += "Content-Length: " + QByteArray::number(kStreamBody.size()) + "\r\n\r\n" + kStreamBody;

    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(bytes);
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 403);
    const QJsonObject error = errorOf(a);
    QCOMPARE(error.value(u"code").toString(), QStringLiteral("access_denied"));
    QCOMPARE(error.value(u"type").toString(), QStringLiteral("permission_denied_error"));
    QCOMPARE(
        error.value(u"message").toString(),
        QStringLiteral("User: arn:aws:sts::123456789012:assumed-role/MantleEmulator/session is "
                       "not authorized to perform: bedrock-mantle:CreateInference on resource: "
                       "arn:aws:bedrock-mantle:eu-central-1:123456789012:project/default "
                       "because no identity-based policy allows the "
                       "bedrock-mantle:CreateInference action"));
    QCOMPARE(m_stub->calls, 0);
}

void TestEmulatorFaults::deniesApiKeyAccessWithCallWithBearerToken()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", "/anthropic/v1/messages", "access-denied", "{}",
                   "x-api-key: mantle-emulator-key\r\n"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 403);
    const QJsonObject error = errorOf(a);
    QCOMPARE(error.value(u"type").toString(), QStringLiteral("permission_error"));
    const QString message = error.value(u"message").toString();
    QVERIFY2(message.contains(QLatin1String("not authorized to perform: "
                                            "bedrock-mantle:CallWithBearerToken on resource: * "
                                            "because no identity-based policy allows the "
                                            "bedrock-mantle:CallWithBearerToken action")),
             qPrintable(message));
}

void TestEmulatorFaults::answersWrongPrefixOnEachRoute_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addRow("/v1") << QByteArray("/v1/chat/completions") << 401
                         << QStringLiteral("access_denied")
                         << QStringLiteral("Berm is not enabled for this account");
    QTest::addRow("/openai/v1") << QByteArray("/openai/v1/chat/completions") << 400
                                << QStringLiteral("validation_error")
                                << QStringLiteral(
                                       "model `openai.gpt-oss-120b` isn't supported on this route");
}

void TestEmulatorFaults::answersWrongPrefixOnEachRoute()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", path, "wrong-prefix", kStreamBody));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, status);
    QCOMPARE(errorOf(a).value(u"code").toString(), code);
    QCOMPARE(errorOf(a).value(u"message").toString(), message);
    QCOMPARE(m_stub->calls, 0);
}

void TestEmulatorFaults::asksTheWrongPrefixHandlerWhenThereIsOne()
{
    QList<EmulatorRequest> asked;
    m_server->setWrongPrefixHandler([&asked](const EmulatorRequest &request) {
        asked.append(request);
        EmulatorReply reply;
        reply.status = 418;
        return reply;
    });
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", "/v1/responses", "wrong-prefix", kStreamBody));
    QCOMPARE(c.readAnswer().status, 418);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().path, QByteArray("/v1/responses"));
    QCOMPARE(asked.first().body, kStreamBody);
}

void TestEmulatorFaults::dropsTheConnectionAfterNEvents_data()
{
    QTest::addColumn<int>("n");
    QTest::addRow("none") << 0;
    QTest::addRow("two") << 2;
    QTest::addRow("all six, no end of body") << 6;
    QTest::addRow("more than there are") << 50;
}

void TestEmulatorFaults::dropsTheConnectionAfterNEvents()
{
    QFETCH(int, n);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", "/v1/chat/completions", "drop-after=" + QByteArray::number(n),
                   kStreamBody));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(a.chunked);
    QVERIFY(a.closed);
    QVERIFY(!a.complete); // no last chunk
    QCOMPARE(a.chunks, chatEvents().mid(0, n));
}

void TestEmulatorFaults::cutsTheJsonOfTheEventAfterN()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", "/v1/chat/completions", "malformed-after=2", kStreamBody));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(a.complete);
    const QList<QByteArray> expected = chatEvents();
    QCOMPARE(a.chunks.size(), expected.size());
    for (qsizetype i = 0; i < a.chunks.size(); ++i) {
        if (i == 2)
            continue;
        QCOMPARE(a.chunks[i], expected[i]);
    }
    // Event 3 is still one SSE event (blank line at its end), with JSON that does not parse.
    const QByteArray &cut = a.chunks[2];
    QVERIFY(cut.startsWith("data: {\"id\":\"chatcmpl-1\""));
    QVERIFY(cut.endsWith("\n\n"));
    QCOMPARE(cut.count("\n\n"), 1);
    QVERIFY(cut.size() < expected[2].size());
    QVERIFY(dataOf(cut).isNull());
    QVERIFY(!dataOf(expected[2]).isNull());
}

void TestEmulatorFaults::stallsAfterNEventsWithTheConnectionOpen()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", "/v1/chat/completions", "stall-after=3", kStreamBody));
    RawHttpAnswer a;
    QVERIFY(c.waitForChunks(3, a));
    QCOMPARE(a.chunks, chatEvents().mid(0, 3));

    // A whole exchange on another connection: by its end the stalled one would have had time to
    // write anything it was going to (the server writes a stream in one piece when not paced).
    RawHttpConnection other;
    QVERIFY(other.connectTo(m_server->port()));
    other.send(request("GET", "/v1/models", {}));
    QCOMPARE(other.readAnswer().status, 200);

    RawHttpAnswer later;
    QVERIFY(c.waitForChunks(3, later));
    QCOMPARE(later.chunks.size(), 3);
    QVERIFY(!later.complete);
    QVERIFY(!c.isClosed());
    QCOMPARE(m_server->connectionCount(), 2);

    // The client gives up; the server lets the connection go.
    c.socket().abort();
    QTRY_COMPARE(m_server->connectionCount(), 1);
}

void TestEmulatorFaults::dropsANonStreamedAnswerAfterItsHead()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/v1/models", "drop-after=0"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(a.header("content-length").toInt() > 0);
    QVERIFY(a.body.isEmpty());
    QVERIFY(a.closed);
    QVERIFY(!a.complete);
}

void TestEmulatorFaults::combinesSeveralFaults()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    QElapsedTimer timer;
    timer.start();
    c.send(request("POST", "/v1/chat/completions", "latency=150; status=503", kStreamBody));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 503);
    QVERIFY(timer.elapsed() >= 145);

    c.send(request("POST", "/v1/chat/completions", "malformed-after=0;drop-after=2", kStreamBody));
    const RawHttpAnswer b = c.readAnswer();
    QCOMPARE(b.chunks.size(), 2);
    QVERIFY(dataOf(b.chunks[0]).isNull());
    QVERIFY(!dataOf(b.chunks[1]).isNull());
    QVERIFY(b.closed);
}

void TestEmulatorFaults::appliesFaultsOnlyToTheRequestAsking()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", "/v1/chat/completions", "status=500", kStreamBody));
    QCOMPARE(c.readAnswer().status, 500);
    c.send(request("POST", "/v1/chat/completions", {}, kStreamBody));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(a.complete);
    QCOMPARE(a.chunks, chatEvents());
    QCOMPARE(m_stub->calls, 1);
}

void TestEmulatorFaults::refusesUnknownFaults()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/v1/models", "status=429;explode"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 400);
    QVERIFY(errorOf(a).value(u"message").toString().contains(QLatin1String("explode")));
    QCOMPARE(m_stub->calls, 0);
}

void TestEmulatorFaults::authenticatesBeforeFaults()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/v1/models", "status=429", {}, "Authorization: Bearer wrong\r\n"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 401);
    QCOMPARE(errorOf(a).value(u"message").toString(), QStringLiteral("Invalid bearer token"));
}

QTEST_GUILESS_MAIN(TestEmulatorFaults)
#include "tst_emulatorfaults.moc"
