// EmulatorServer over a raw socket: Content-Length and chunked framing both ways, keep-alive and
// pipelining, `Connection: close`, `Expect: 100-continue`, CORS preflights, size limits and
// malformed requests, request ids and dates, pacing, regions, and what reaches the handler.

#include "emulatorserver.h"
#include "rawhttpconnection.h"

#include "aws/sigv4signer.h"
#include "common/clock.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace mantle;
using namespace mantle::emulator;
using mantle::test::RawHttpAnswer;
using mantle::test::RawHttpConnection;

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(10, 15, 0), QTimeZone::utc());
const QList<QByteArray> kEvents{
    "event: response.created\ndata: {\"type\":\"response.created\"}\n\n",
    "event: response.output_text.delta\ndata: "
    "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n",
    "event: response.completed\ndata: {\"type\":\"response.completed\"}\n\n",
};

/// A handler that records what reaches it: `/stream` answers with kEvents, anything else with
/// a small JSON body.
struct StubService
{
    QList<EmulatorRequest> seen;

    EmulatorHandler handler()
    {
        return [this](const EmulatorRequest &request) {
            seen.append(request);
            EmulatorReply reply;
            if (request.path == "/stream") {
                reply.streamed = true;
                reply.events = kEvents;
                return reply;
            }
            reply.headers.append(
                {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
            reply.headers.append({QByteArrayLiteral("content-length"), QByteArrayLiteral("9999")});
            reply.body = QJsonDocument(
                             QJsonObject{{QStringLiteral("path"), QString::fromUtf8(request.path)},
                                         {QStringLiteral("bytes"), int(request.body.size())}})
                             .toJson(QJsonDocument::Compact);
            return reply;
        };
    }
};

QByteArray request(QByteArrayView method, QByteArrayView target, QByteArrayView extraHeaders = {},
                   QByteArrayView body = {})
{
    QByteArray r;
    r += method;
    r += ' ';
    r += target;
    r += " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mantle-emulator-key\r\n";
    r += extraHeaders;
    if (!body.isEmpty())
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    r += "\r\n";
    r += body;
    return r;
}

QJsonObject json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace

class TestEmulatorServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listensOnLoopbackOnAFreePort();
    void answersWithContentLengthAndMantleHeaders();
    void givesEveryAnswerItsOwnRequestId();
    void servesSeveralRequestsOnOneConnection();
    void servesPipelinedRequestsInOrder();
    void closesWhenTheClientAsks();
    void closesAfterAnHttp10Answer();
    void readsChunkedRequestBodies();
    void readsBodiesThatArriveInPieces();
    void streamsEventsAsChunks();
    void streamsCloseDelimitedWhenConfigured();
    void streamsCloseDelimitedToHttp10Clients();
    void sendsContinueBeforeTheBody();
    void answersCorsPreflightsWithoutCredentials();
    void refusesOversizedRequests_data();
    void refusesOversizedRequests();
    void refusesMalformedRequests_data();
    void refusesMalformedRequests();
    void pacesStreamEventsOnRequest();
    void pacesStreamEventsByDefaultWhenConfigured();
    void refusesABadPace();
    void placesRequestsInARegion_data();
    void placesRequestsInARegion();
    void takesTheRegionOfTheSignature();
    void decodesThePathAndKeepsTheQuery();
    void refusesRequestsWithoutCredentials();
    void answersHeadWithoutBody();
    void closesConnectionsWhenClosed();

private:
    void start(EmulatorServerOptions options = {});

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<StubService> m_stub;
    std::unique_ptr<EmulatorServer> m_server;
};

void TestEmulatorServer::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_stub = std::make_unique<StubService>();
    start();
}

void TestEmulatorServer::cleanup()
{
    m_server.reset();
    m_stub.reset();
    m_clock.reset();
}

void TestEmulatorServer::start(EmulatorServerOptions options)
{
    m_server.reset();
    m_server = std::make_unique<EmulatorServer>(m_stub->handler(), *m_clock, std::move(options));
    QVERIFY2(m_server->listen(0), qPrintable(m_server->errorString()));
}

void TestEmulatorServer::listensOnLoopbackOnAFreePort()
{
    QVERIFY(m_server->isListening());
    QVERIFY(m_server->port() > 0);
    EmulatorServer second(m_stub->handler(), *m_clock);
    QVERIFY(second.listen(0));
    QVERIFY(second.port() != m_server->port());
    EmulatorServer taken(m_stub->handler(), *m_clock);
    QVERIFY(!taken.listen(m_server->port()));
    QVERIFY(!taken.errorString().isEmpty());
}

void TestEmulatorServer::answersWithContentLengthAndMantleHeaders()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/v1/models"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(a.complete);
    QVERIFY(!a.chunked);
    // The handler's own content-length is not trusted: the server frames the body.
    QCOMPARE(a.headerCount("content-length"), 1);
    QCOMPARE(a.header("content-length").toLongLong(), a.body.size());
    QCOMPARE(a.header("content-type"), QByteArray("application/json"));
    QCOMPARE(json(a.body).value(u"path").toString(), QStringLiteral("/v1/models"));
    QCOMPARE(a.header("date"), QByteArray("Wed, 25 Nov 2026 10:15:00 GMT"));
    QCOMPARE(a.header("access-control-allow-origin"), QByteArray("*"));
    QVERIFY(a.header("access-control-expose-headers").contains("x-amzn-requestid"));
    const QByteArray id = a.header("x-amzn-requestid");
    QVERIFY2(QRegularExpression(QStringLiteral("^req_[a-z0-9]{20,}$"))
                 .match(QString::fromLatin1(id))
                 .hasMatch(),
             id.constData());
    QCOMPARE(a.header("x-request-id"), id);
    QVERIFY(!c.isClosed());
}

void TestEmulatorServer::givesEveryAnswerItsOwnRequestId()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    QSet<QByteArray> ids;
    for (int i = 0; i < 5; ++i) {
        c.send(request("GET", "/v1/models"));
        const RawHttpAnswer a = c.readAnswer();
        QCOMPARE(a.status, 200);
        ids.insert(a.header("x-amzn-requestid"));
    }
    // Error answers carry them too.
    c.send("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const RawHttpAnswer refused = c.readAnswer();
    QCOMPARE(refused.status, 401);
    QVERIFY(refused.header("x-amzn-requestid").startsWith("req_"));
    QCOMPARE(refused.header("x-request-id"), refused.header("x-amzn-requestid"));
    ids.insert(refused.header("x-amzn-requestid"));
    QCOMPARE(ids.size(), 6);
}

void TestEmulatorServer::servesSeveralRequestsOnOneConnection()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(
        request("POST", "/v1/chat/completions", "Content-Type: application/json\r\n", "{\"a\":1}"));
    const RawHttpAnswer first = c.readAnswer();
    QCOMPARE(first.status, 200);
    QVERIFY(first.header("connection").isNull());
    c.send(request("GET", "/stream"));
    const RawHttpAnswer second = c.readAnswer();
    QCOMPARE(second.status, 200);
    QVERIFY(second.complete);
    c.send(request("GET", "/v1/models"));
    QCOMPARE(c.readAnswer().status, 200);
    QVERIFY(!c.isClosed());
    QCOMPARE(m_stub->seen.size(), 3);
    QCOMPARE(m_stub->seen[0].body, QByteArray("{\"a\":1}"));
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestEmulatorServer::servesPipelinedRequestsInOrder()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/first") + request("POST", "/second", {}, "xyz")
           + request("GET", "/stream"));
    const RawHttpAnswer a = c.readAnswer();
    const RawHttpAnswer b = c.readAnswer();
    const RawHttpAnswer s = c.readAnswer();
    QCOMPARE(json(a.body).value(u"path").toString(), QStringLiteral("/first"));
    QCOMPARE(json(b.body).value(u"path").toString(), QStringLiteral("/second"));
    QCOMPARE(json(b.body).value(u"bytes").toInt(), 3);
    QCOMPARE(s.chunks, kEvents);
    QVERIFY(s.complete);
}

void TestEmulatorServer::closesWhenTheClientAsks()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/v1/models", "Connection: close\r\n"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QCOMPARE(a.header("connection"), QByteArray("close"));
    QVERIFY(c.waitForClosed());
}

void TestEmulatorServer::closesAfterAnHttp10Answer()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send("GET /v1/models HTTP/1.0\r\nAuthorization: Bearer mantle-emulator-key\r\n\r\n");
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(a.complete);
    QVERIFY(c.waitForClosed());
}

void TestEmulatorServer::readsChunkedRequestBodies()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Authorization: Bearer mantle-emulator-key\r\nTransfer-Encoding: chunked\r\n\r\n"
           "5\r\nhello\r\n");
    QTest::qWait(0);
    c.send("7;ext=1\r\n, world\r\n");
    c.send("A\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n");
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QCOMPARE(m_stub->seen.size(), 1);
    QCOMPARE(m_stub->seen[0].body, QByteArray("hello, world0123456789"));
    // The connection goes on after a chunked body.
    c.send(request("GET", "/v1/models"));
    QCOMPARE(c.readAnswer().status, 200);
}

void TestEmulatorServer::readsBodiesThatArriveInPieces()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    const QByteArray body(100000, 'b');
    const QByteArray whole = request("POST", "/v1/responses", {}, body);
    for (qsizetype at = 0; at < whole.size(); at += 7001) {
        c.send(whole.mid(at, 7001));
        QTest::qWait(0);
    }
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QCOMPARE(json(a.body).value(u"bytes").toInt(), 100000);
    QCOMPARE(m_stub->seen.first().body, body);
}

void TestEmulatorServer::streamsEventsAsChunks()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("POST", "/stream", "Accept: text/event-stream\r\n", "{}"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(a.chunked);
    QVERIFY(a.complete);
    QCOMPARE(a.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(a.header("cache-control"), QByteArray("no-cache"));
    QVERIFY(a.header("content-length").isNull());
    QVERIFY(a.header("x-amzn-requestid").startsWith("req_"));
    QCOMPARE(a.chunks, kEvents);
    QVERIFY(!c.isClosed());
}

void TestEmulatorServer::streamsCloseDelimitedWhenConfigured()
{
    EmulatorServerOptions options;
    options.closeDelimitedStreams = true;
    start(options);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/stream"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(!a.chunked);
    QVERIFY(a.header("transfer-encoding").isNull());
    QVERIFY(a.header("content-length").isNull());
    QCOMPARE(a.header("connection"), QByteArray("close"));
    QVERIFY(a.closed);
    QCOMPARE(a.body, kEvents.join());
}

void TestEmulatorServer::streamsCloseDelimitedToHttp10Clients()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send("GET /stream HTTP/1.0\r\nAuthorization: Bearer mantle-emulator-key\r\n\r\n");
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 200);
    QVERIFY(!a.chunked);
    QVERIFY(a.closed);
    QCOMPARE(a.body, kEvents.join());
}

void TestEmulatorServer::sendsContinueBeforeTheBody()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Authorization: Bearer mantle-emulator-key\r\nExpect: 100-continue\r\n"
           "Content-Length: 4\r\n\r\n");
    QVERIFY(c.waitForText("HTTP/1.1 100 Continue\r\n\r\n"));
    QVERIFY(m_stub->seen.isEmpty());
    c.send("body");
    const RawHttpAnswer a = c.readAnswer();
    QVERIFY(a.sawContinue);
    QCOMPARE(a.status, 200);
    QCOMPARE(m_stub->seen.first().body, QByteArray("body"));
}

void TestEmulatorServer::answersCorsPreflightsWithoutCredentials()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send("OPTIONS /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:5173\r\n"
           "Access-Control-Request-Method: POST\r\n"
           "Access-Control-Request-Headers: authorization, content-type, x-emulator-fault\r\n\r\n");
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 204);
    QVERIFY(a.complete);
    QVERIFY(a.body.isEmpty());
    QCOMPARE(a.header("access-control-allow-origin"), QByteArray("*"));
    QVERIFY(a.header("access-control-allow-methods").contains("POST"));
    QVERIFY(a.header("access-control-allow-methods").contains("DELETE"));
    QCOMPARE(a.header("access-control-allow-headers"),
             QByteArray("authorization, content-type, x-emulator-fault"));
    QVERIFY(!a.header("access-control-max-age").isEmpty());
    QVERIFY(m_stub->seen.isEmpty());
    QVERIFY(!c.isClosed());
}

void TestEmulatorServer::refusesOversizedRequests_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("sawContinue");
    const QByteArray auth = "Authorization: Bearer mantle-emulator-key\r\n";
    QTest::addRow("head over the limit")
        << QByteArray("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                      + QByteArray(3000, 'x') + "\r\n\r\n")
        << 400 << false;
    QTest::addRow("declared body over the limit")
        << QByteArray("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
                      + "Content-Length: 1001\r\n\r\n")
        << 413 << false;
    QTest::addRow("declared body over the limit, client waiting for 100")
        << QByteArray("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
                      + "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
        << 413 << false;
    QTest::addRow("chunked body over the limit") << QByteArray(
        "POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
        + "Transfer-Encoding: chunked\r\n\r\n200\r\n" + QByteArray(512, 'a') + "\r\n400\r\n")
                                                 << 413 << false;
}

void TestEmulatorServer::refusesOversizedRequests()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(bool, sawContinue);
    EmulatorServerOptions options;
    options.limits.maxHeadBytes = 2048;
    options.limits.maxBodyBytes = 1000;
    start(options);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(bytes);
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, status);
    QCOMPARE(a.sawContinue, sawContinue);
    QCOMPARE(a.header("connection"), QByteArray("close"));
    QVERIFY(a.header("x-amzn-requestid").startsWith("req_"));
    QVERIFY(json(a.body).value(u"error").toObject().contains(u"message"));
    QVERIFY(m_stub->seen.isEmpty());
    QVERIFY(c.waitForClosed());

    // Within the limits, the same server serves.
    RawHttpConnection fine;
    QVERIFY(fine.connectTo(m_server->port()));
    fine.send(request("POST", "/v1/responses", {}, QByteArray(1000, 'a')));
    QCOMPARE(fine.readAnswer().status, 200);
}

void TestEmulatorServer::refusesMalformedRequests_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addRow("request line without version") << QByteArray("GET /v1/models\r\n\r\n") << 400;
    QTest::addRow("target not a path")
        << QByteArray("GET v1/models HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::addRow("HTTP/2.0") << QByteArray("GET /v1/models HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::addRow("no Host") << QByteArray("GET /v1/models HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("space before colon")
        << QByteArray("GET /v1/models HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::addRow("obsolete line folding")
        << QByteArray("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n") << 400;
    QTest::addRow("Content-Length and Transfer-Encoding")
        << QByteArray("POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n")
        << 400;
    QTest::addRow("two different Content-Lengths")
        << QByteArray("POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                      "Content-Length: 4\r\n\r\n")
        << 400;
    QTest::addRow("negative Content-Length")
        << QByteArray("POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n")
        << 400;
    QTest::addRow("gzip transfer coding") << QByteArray(
        "POST /v1/responses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                                          << 501;
    QTest::addRow("bad chunk size")
        << QByteArray("POST /v1/responses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "zz\r\n")
        << 400;
    QTest::addRow("chunk without its CRLF")
        << QByteArray("POST /v1/responses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "3\r\nabcdef\r\n")
        << 400;
}

void TestEmulatorServer::refusesMalformedRequests()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(bytes);
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, status);
    QVERIFY(a.complete);
    QVERIFY(json(a.body).value(u"error").toObject().contains(u"message"));
    QVERIFY(c.waitForClosed());
    QVERIFY(m_stub->seen.isEmpty());
}

void TestEmulatorServer::pacesStreamEventsOnRequest()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    QElapsedTimer timer;
    timer.start();
    c.send(request("GET", "/stream", "x-emulator-pace: 80\r\n"));
    const RawHttpAnswer a = c.readAnswer();
    QVERIFY(a.complete);
    QCOMPARE(a.chunks, kEvents);
    // The first event comes with the head, each other one a pace later.
    QCOMPARE(a.chunkTimesMs.size(), 3);
    QVERIFY2(a.chunkTimesMs[1] - a.chunkTimesMs[0] >= 70,
             qPrintable(QString::number(a.chunkTimesMs[1])));
    QVERIFY2(a.chunkTimesMs[2] - a.chunkTimesMs[1] >= 70,
             qPrintable(QString::number(a.chunkTimesMs[2])));
    QVERIFY(timer.elapsed() >= 160);
}

void TestEmulatorServer::pacesStreamEventsByDefaultWhenConfigured()
{
    EmulatorServerOptions options;
    options.paceMs = 60;
    start(options);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/stream"));
    const RawHttpAnswer a = c.readAnswer();
    QVERIFY(a.complete);
    QCOMPARE(a.chunkTimesMs.size(), 3);
    QVERIFY(a.chunkTimesMs[2] - a.chunkTimesMs[0] >= 110);
}

void TestEmulatorServer::refusesABadPace()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/stream", "x-emulator-pace: soon\r\n"));
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 400);
    QVERIFY(json(a.body)
                .value(u"error")
                .toObject()
                .value(u"message")
                .toString()
                .contains(QLatin1String("x-emulator-pace")));
    QVERIFY(m_stub->seen.isEmpty());
}

void TestEmulatorServer::placesRequestsInARegion_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("region");
    QTest::addRow("loopback host: the server's region")
        << QByteArray("127.0.0.1:1234") << QByteArray("ap-south-1");
    QTest::addRow("Mantle host") << QByteArray("bedrock-mantle.eu-west-1.api.aws")
                                 << QByteArray("eu-west-1");
    QTest::addRow("Mantle host with a port")
        << QByteArray("bedrock-mantle.sa-east-1.api.aws:8443") << QByteArray("sa-east-1");
    QTest::addRow("host of a region Mantle lacks")
        << QByteArray("bedrock-mantle.ca-central-1.api.aws") << QByteArray("ap-south-1");
}

void TestEmulatorServer::placesRequestsInARegion()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, region);
    EmulatorServerOptions options;
    options.region = "ap-south-1";
    start(options);
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send("GET /v1/models HTTP/1.1\r\nHost: " + host
           + "\r\nAuthorization: Bearer mantle-emulator-key\r\n\r\n");
    QCOMPARE(c.readAnswer().status, 200);
    QCOMPARE(m_stub->seen.size(), 1);
    QCOMPARE(m_stub->seen.first().region, region);
    QCOMPARE(m_stub->seen.first().auth, EmulatorAuth::Bearer);
}

void TestEmulatorServer::takesTheRegionOfTheSignature()
{
    const QByteArray host = "127.0.0.1:" + QByteArray::number(m_server->port());
    aws::SigningRequest toSign;
    toSign.method = "POST";
    toSign.host = host;
    toSign.path = "/v1/responses";
    toSign.headers = {{"content-type", "application/json"}};
    toSign.body = "{\"model\":\"openai.gpt-oss-120b\"}";
    aws::Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIDMANTLEEMULATOR");
    credentials.secretAccessKey = SecretString(std::string_view("mantle-emulator-secret"));
    aws::SigningOptions options;
    options.region = "eu-north-1";
    const aws::SigV4Signer signer;
    const aws::SignedRequest s = signer.sign(toSign, credentials, options, kNow);
    QByteArray bytes = "POST " + s.pathAndQuery + " HTTP/1.1\r\nHost: " + host
        + "\r\ncontent-type: application/json\r\n";
    for (const auto &[name, value] : s.headersToAdd)
        bytes += name + ": " + value + "\r\n";
    bytes += "Content-Length: " + QByteArray::number(toSign.body.size()) + "\r\n\r\n" + toSign.body;

    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(bytes);
    const RawHttpAnswer a = c.readAnswer();
    QVERIFY2(a.status == 200, a.body.constData());
    QCOMPARE(m_stub->seen.first().region, QByteArray("eu-north-1"));
    QCOMPARE(m_stub->seen.first().auth, EmulatorAuth::SigV4);
}

void TestEmulatorServer::decodesThePathAndKeepsTheQuery()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("GET", "/v1/responses/resp%5Fabc?include%5B%5D=a%20b&x=1",
                   "X-Mixed-Case: Value\r\n"));
    QCOMPARE(c.readAnswer().status, 200);
    const EmulatorRequest &seen = m_stub->seen.first();
    QCOMPARE(seen.method, QByteArray("GET"));
    QCOMPARE(seen.path, QByteArray("/v1/responses/resp_abc"));
    QCOMPARE(seen.query, QByteArray("include%5B%5D=a%20b&x=1"));
    QCOMPARE(seen.header("x-mixed-case"), QByteArray("Value"));
    QCOMPARE(seen.headers.first().first, QByteArray("host"));
}

void TestEmulatorServer::refusesRequestsWithoutCredentials()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(
        "POST /anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");
    const RawHttpAnswer a = c.readAnswer();
    QCOMPARE(a.status, 401);
    QCOMPARE(json(a.body).value(u"type").toString(), QStringLiteral("error"));
    QCOMPARE(a.header("access-control-allow-origin"), QByteArray("*"));
    QVERIFY(m_stub->seen.isEmpty());
    // A refusal does not end the connection.
    c.send(request("GET", "/v1/models"));
    QCOMPARE(c.readAnswer().status, 200);
}

void TestEmulatorServer::answersHeadWithoutBody()
{
    RawHttpConnection c;
    QVERIFY(c.connectTo(m_server->port()));
    c.send(request("HEAD", "/v1/models") + request("GET", "/v1/models"));
    QVERIFY(QTest::qWaitFor(
        [&] { return c.pending().count("HTTP/1.1 200 OK") == 2 && c.pending().endsWith('}'); }));
    // The HEAD answer announces the length but carries no body: the GET answer follows at once.
    const QByteArray bytes = c.pending();
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n") + 4;
    QVERIFY(bytes.left(headEnd).contains("content-length: "));
    QVERIFY(bytes.mid(headEnd).startsWith("HTTP/1.1 200 OK\r\n"));
    QCOMPARE(m_stub->seen.first().method, QByteArray("HEAD"));
}

void TestEmulatorServer::closesConnectionsWhenClosed()
{
    RawHttpConnection a;
    RawHttpConnection b;
    QVERIFY(a.connectTo(m_server->port()));
    QVERIFY(b.connectTo(m_server->port()));
    QTRY_COMPARE(m_server->connectionCount(), 2);
    m_server->close();
    QVERIFY(!m_server->isListening());
    QVERIFY(a.waitForClosed());
    QVERIFY(b.waitForClosed());
    QCOMPARE(m_server->connectionCount(), 0);
}

QTEST_GUILESS_MAIN(TestEmulatorServer)
#include "tst_emulatorserver.moc"
