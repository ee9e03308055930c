#include "fakehttpserver.h"

#include "aws/sigv4signer.h"
#include "aws/staticcredentialprovider.h"
#include "aws/uriencoding.h"
#include "common/clock.h"
#include "net/httpcall.h"
#include "net/httpclient.h"
#include "net/systemproxyfactory.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTest>

#include <memory>

using mantle::Error;
using mantle::ManualClock;
using mantle::aws::Credentials;
using mantle::aws::SigV4Signer;
using mantle::aws::StaticCredentialProvider;
using mantle::net::HttpAuth;
using mantle::net::HttpCall;
using mantle::net::HttpClient;
using mantle::net::HttpOutcome;
using mantle::net::HttpRequest;
using mantle::test::FakeHttpServer;

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(12, 0, 0), Qt::UTC);
constexpr int kWaitMs = 10000;

Credentials testCredentials()
{
    Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    credentials.secretAccessKey
        = mantle::SecretString(std::string_view("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    return credentials;
}

/// What one call delivered and how it ended.
struct Recorder
{
    QByteArray data;
    int chunks = 0;
    int finishedCount = 0;
    HttpOutcome outcome;

    void watch(HttpCall *call)
    {
        QObject::connect(call, &HttpCall::bytesReceived, call, [this](QByteArrayView chunk) {
            data.append(chunk);
            ++chunks;
        });
        QObject::connect(call, &HttpCall::finished, call, [this](const HttpOutcome &result) {
            outcome = result;
            ++finishedCount;
        });
    }
};

QByteArray amzDate(const QDateTime &time)
{
    return time.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c()
        .toString(time, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

/// Recomputes the request's signature from exactly the bytes the server received; returns the
/// Authorization header it should have carried.
QByteArray expectedAuthorization(const FakeHttpServer::Request &request)
{
    const QByteArray authorization = request.header("Authorization");
    const qsizetype from = authorization.indexOf("SignedHeaders=") + 14;
    const QList<QByteArray> signedNames
        = authorization.mid(from, authorization.indexOf(',', from) - from).split(';');

    mantle::aws::SigningRequest signing;
    signing.method = request.method;
    signing.host = request.header("Host");
    const qsizetype question = request.target.indexOf('?');
    signing.path = request.target.left(question < 0 ? request.target.size() : question);
    if (question >= 0) {
        for (const QByteArray &pair : request.target.mid(question + 1).split('&')) {
            const qsizetype equals = pair.indexOf('=');
            signing.query.append({mantle::aws::percentDecode(pair.left(equals)),
                                  mantle::aws::percentDecode(pair.mid(equals + 1))});
        }
    }
    for (const QByteArray &name : signedNames) {
        if (name == "host" || name == "x-amz-date" || name == "x-amz-security-token"
            || name == "x-amz-content-sha256")
            continue;
        signing.headers.append({name, request.header(name)});
    }
    signing.body = request.body;
    mantle::aws::SigningOptions options;
    options.region = "us-east-1";
    QDateTime time = QDateTime::fromString(QString::fromLatin1(request.header("X-Amz-Date")),
                                           QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    time.setTimeSpec(Qt::UTC);
    SigV4Signer signer;
    return signer.sign(signing, testCredentials(), options, time).authorization;
}

FakeHttpServer::Reply jsonReply(int status, const QByteArray &body,
                                FakeHttpServer::HeaderList headers = {})
{
    FakeHttpServer::Reply reply;
    reply.status = status;
    reply.contentType = "application/json";
    reply.body = body;
    reply.headers = std::move(headers);
    return reply;
}

FakeHttpServer::Reply streamReply(QList<QByteArray> chunks, FakeHttpServer::Reply::Ending ending)
{
    FakeHttpServer::Reply reply;
    reply.contentType = "text/event-stream";
    reply.chunks = std::move(chunks);
    reply.chunkIntervalMs = 50;
    reply.ending = ending;
    return reply;
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_clock = std::make_unique<ManualClock>(kNow);
        m_network = std::make_unique<QNetworkAccessManager>();
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
        m_credentials = std::make_unique<StaticCredentialProvider>(testCredentials(), *m_clock);
        m_client = std::make_unique<HttpClient>(m_network.get(), m_signer, *m_clock);
    }

    void cleanup()
    {
        m_client.reset();
        m_credentials.reset();
        m_server.reset();
        m_network.reset();
    }

    void streamsTheBodyInChunksAsItArrives()
    {
        m_server->enqueue(streamReply({"data: a\n\n", "data: b\n\n", "data: c\n\n"},
                                      FakeHttpServer::Reply::Ending::Complete));
        Recorder recorder;
        recorder.watch(m_client->send(request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY2(recorder.outcome.ok(), qPrintable(errorText(recorder.outcome)));
        QCOMPARE(recorder.outcome.httpStatus, 200);
        QCOMPARE(recorder.data, QByteArray("data: a\n\ndata: b\n\ndata: c\n\n"));
        QVERIFY(recorder.chunks > 1);
        QVERIFY(recorder.outcome.bodyDelivered);
        QCOMPARE(recorder.outcome.bytesDelivered, recorder.data.size());
        QVERIFY(recorder.outcome.timeToFirstByte.has_value());
        QVERIFY(*recorder.outcome.timeToFirstByte <= recorder.outcome.total);
        QCOMPARE(recorder.outcome.attempts, 1);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().at(0).target, QByteArray("/v1/chat/completions"));
        QCOMPARE(m_server->requests().at(0).body, QByteArray("{\"stream\":true}"));
        QCOMPARE(m_server->requests().at(0).header("accept"), QByteArray("text/event-stream"));
    }

    void cancelMidStreamKeepsTheDeliveredBytes()
    {
        m_server->enqueue(streamReply({"data: first\n\n"}, FakeHttpServer::Reply::Ending::Stall));
        Recorder recorder;
        QPointer<HttpCall> call = m_client->send(request());
        recorder.watch(call);
        QTRY_VERIFY_WITH_TIMEOUT(!recorder.data.isEmpty(), kWaitMs);
        call->cancel();

        QCOMPARE(recorder.finishedCount, 1);
        QVERIFY(recorder.outcome.error.has_value());
        QCOMPARE(recorder.outcome.error->kind, Error::Kind::Cancelled);
        QCOMPARE(recorder.data, QByteArray("data: first\n\n"));
        QVERIFY(recorder.outcome.bodyDelivered);
        call->cancel(); // a second cancel changes nothing
        QTRY_VERIFY_WITH_TIMEOUT(call.isNull(), kWaitMs); // it deletes itself
        QCOMPARE(recorder.finishedCount, 1);
    }

    void cancelBeforeSendingSendsNothing()
    {
        Recorder recorder;
        HttpCall *call = m_client->send(request());
        recorder.watch(call);
        call->cancel();
        QCOMPARE(recorder.finishedCount, 1);
        QCOMPARE(recorder.outcome.error->kind, Error::Kind::Cancelled);
        QCOMPARE(recorder.outcome.attempts, 0);
        // A later call, started after the cancelled one would have been, is the only one seen.
        Recorder later;
        later.watch(m_client->send(request()));
        QTRY_COMPARE_WITH_TIMEOUT(later.finishedCount, 1, kWaitMs);
        QCOMPARE(m_server->connectionCount(), 1);
        QCOMPARE(recorder.finishedCount, 1);
    }

    void retriesA429WithRetryAfterAndSignsTheRetryAfresh()
    {
        m_server->enqueue(
            jsonReply(429, R"({"message":"Too many requests"})", {{"Retry-After", "0"}}));
        m_server->enqueue(jsonReply(200, R"({"ok":true})"));
        // The clock moves on after the first request: the retry must carry the new time.
        connect(m_server.get(), &FakeHttpServer::requestReceived, this,
                [this] { m_clock->advanceSeconds(7); });
        Recorder recorder;
        recorder.watch(m_client->send(sigV4Request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY2(recorder.outcome.ok(), qPrintable(errorText(recorder.outcome)));
        QCOMPARE(recorder.data, QByteArray(R"({"ok":true})"));
        QCOMPARE(recorder.outcome.attempts, 2);
        const QList<FakeHttpServer::Request> &requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).header("X-Amz-Date"), amzDate(kNow));
        QCOMPARE(requests.at(1).header("X-Amz-Date"), amzDate(kNow.addSecs(7)));
        for (const FakeHttpServer::Request &received : requests)
            QCOMPARE(received.header("Authorization"), expectedAuthorization(received));
    }

    void capsALongRetryAfter()
    {
        m_server->enqueue(jsonReply(429, R"({"message":"Slow down"})", {{"Retry-After", "3600"}}));
        m_server->enqueue(jsonReply(200, "later"));
        HttpRequest capped = request();
        capped.options.maxRetryDelay = std::chrono::milliseconds(100);
        Recorder recorder;
        recorder.watch(m_client->send(capped));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY2(recorder.outcome.ok(), qPrintable(errorText(recorder.outcome)));
        QCOMPARE(recorder.data, QByteArray("later"));
        QCOMPARE(m_server->requests().size(), 2);
    }

    void retriesTwo503sThenSucceeds()
    {
        m_server->enqueue(jsonReply(503, R"({"message":"Service unavailable"})"));
        m_server->enqueue(jsonReply(503, R"({"message":"Service unavailable"})"));
        m_server->enqueue(jsonReply(200, "done"));
        Recorder recorder;
        recorder.watch(m_client->send(request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY2(recorder.outcome.ok(), qPrintable(errorText(recorder.outcome)));
        QCOMPARE(recorder.data, QByteArray("done"));
        QCOMPARE(recorder.outcome.attempts, 3);
        QCOMPARE(m_server->requests().size(), 3);
    }

    void stopsAfterMaxRetriesWithTheClassifiedError()
    {
        m_server->setDefaultReply(
            jsonReply(500, R"({"message":"Internal failure"})", {{"x-amzn-RequestId", "req-500"}}));
        Recorder recorder;
        recorder.watch(m_client->send(request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QCOMPARE(m_server->requests().size(), 3); // the first attempt and two retries
        QCOMPARE(recorder.outcome.attempts, 3);
        QVERIFY(recorder.outcome.error.has_value());
        QCOMPARE(recorder.outcome.error->kind, Error::Kind::Http);
        QCOMPARE(recorder.outcome.error->httpStatus, 500);
        QCOMPARE(recorder.outcome.error->requestId, QStringLiteral("req-500"));
        QVERIFY(recorder.outcome.classified.has_value());
        QVERIFY(recorder.outcome.classified->retryable);
        QVERIFY(recorder.data.isEmpty()); // an error body is not delivered as data
        QVERIFY(!recorder.outcome.bodyDelivered);
    }

    void doesNotRetryAClientError()
    {
        m_server->setDefaultReply(jsonReply(400, R"({"message":"Bad field"})"));
        Recorder recorder;
        recorder.watch(m_client->send(request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(recorder.outcome.error->httpStatus, 400);
    }

    void doesNotRetryOnceBodyBytesWereDelivered()
    {
        m_server->enqueue(streamReply({"data: partial\n\n"}, FakeHttpServer::Reply::Ending::Drop));
        Recorder recorder;
        recorder.watch(m_client->send(request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        // What this proves: bytes that reached the caller are never asked for again (one
        // attempt, one request), and they are kept. Whether the cut shows as an error here is
        // Qt's to say: Qt 6.4 sometimes ends a chunked body cut between chunks as if it were
        // complete (seen about once in five runs under ASan). The stream's missing final event
        // marks such an answer incomplete one level up (tst_faultinjection's reset mid-stream).
        QCOMPARE(recorder.data, QByteArray("data: partial\n\n"));
        QVERIFY(recorder.outcome.bodyDelivered);
        QCOMPARE(recorder.outcome.attempts, 1);
        QCOMPARE(m_server->requests().size(), 1);
        if (recorder.outcome.error) {
            QCOMPARE(recorder.outcome.error->kind, Error::Kind::Network);
            QVERIFY(recorder.outcome.error->message.contains(QStringLiteral("127.0.0.1")));
        }
    }

    void stopsAStalledStreamAfterTheIdleTimeout()
    {
        m_server->enqueue(streamReply({"data: x\n\n"}, FakeHttpServer::Reply::Ending::Stall));
        HttpRequest stalled = request();
        stalled.options.idleTimeout = std::chrono::milliseconds(200);
        Recorder recorder;
        recorder.watch(m_client->send(stalled));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY(recorder.outcome.error.has_value());
        QCOMPARE(recorder.outcome.error->kind, Error::Kind::Network);
        QVERIFY2(recorder.outcome.error->message.contains(QStringLiteral("127.0.0.1")),
                 qPrintable(recorder.outcome.error->message));
        QCOMPARE(recorder.data, QByteArray("data: x\n\n"));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void reportsARefusedConnectionNamingTheHost()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        HttpRequest refused = request();
        refused.url = QUrl(QStringLiteral("http://127.0.0.1:%1/v1/models").arg(port));
        Recorder recorder;
        recorder.watch(m_client->send(refused));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY(recorder.outcome.error.has_value());
        QCOMPARE(recorder.outcome.error->kind, Error::Kind::Network);
        QVERIFY2(recorder.outcome.error->message.contains(QStringLiteral("127.0.0.1:%1").arg(port)),
                 qPrintable(recorder.outcome.error->message));
        QCOMPARE(recorder.outcome.httpStatus, 0);
        QVERIFY(!recorder.outcome.bodyDelivered);
    }

    void sendsExactlyWhatWasSigned()
    {
        HttpRequest signedRequest = sigV4Request();
        signedRequest.method = "GET";
        signedRequest.body.clear();
        signedRequest.headers = {{"accept", "application/json"}};
        signedRequest.url = m_server->url().resolved(
            QUrl::fromEncoded("v1/models?name=a%20b&path=%2Fx%2Fy&tilde=~"));
        Recorder recorder;
        recorder.watch(m_client->send(signedRequest));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY2(recorder.outcome.ok(), qPrintable(errorText(recorder.outcome)));
        QCOMPARE(m_server->requests().size(), 1);
        const FakeHttpServer::Request &received = m_server->requests().at(0);
        QCOMPARE(received.method, QByteArray("GET"));
        QCOMPARE(received.target, QByteArray("/v1/models?name=a%20b&path=%2Fx%2Fy&tilde=~"));
        QVERIFY(received.header("Authorization")
                    .startsWith("AWS4-HMAC-SHA256 Credential="
                                "AKIDEXAMPLE/20261125/us-east-1/"
                                "bedrock-mantle/aws4_request"));
        QCOMPARE(received.header("Authorization"), expectedAuthorization(received));

        // A POST with a body, too.
        Recorder post;
        post.watch(m_client->send(sigV4Request()));
        QTRY_COMPARE_WITH_TIMEOUT(post.finishedCount, 1, kWaitMs);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(1).header("Authorization"),
                 expectedAuthorization(m_server->requests().at(1)));
    }

    void sendsAnApiKey_data()
    {
        QTest::addColumn<HttpAuth::Kind>("kind");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("absentHeader");
        QTest::addRow("bearer") << HttpAuth::Kind::Bearer << QByteArray("Authorization")
                                << QByteArray("Bearer bedrock-api-key-123")
                                << QByteArray("x-api-key");
        QTest::addRow("x-api-key")
            << HttpAuth::Kind::ApiKeyHeader << QByteArray("x-api-key")
            << QByteArray("bedrock-api-key-123") << QByteArray("Authorization");
    }

    void sendsAnApiKey()
    {
        QFETCH(HttpAuth::Kind, kind);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, absentHeader);
        HttpRequest keyed = request();
        keyed.auth.kind = kind;
        keyed.auth.apiKey = mantle::SecretString(std::string_view("bedrock-api-key-123"));
        Recorder recorder;
        recorder.watch(m_client->send(keyed));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY2(recorder.outcome.ok(), qPrintable(errorText(recorder.outcome)));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().at(0).header(header), value);
        QVERIFY(m_server->requests().at(0).header(absentHeader).isNull());
        QVERIFY(m_server->requests().at(0).header("X-Amz-Date").isNull());
    }

    void correctsClockSkewOnceWithTheServersTime()
    {
        const QDateTime serverTime = kNow.addSecs(600);
        m_server->enqueue(jsonReply(
            403,
            R"({"message":"Signature expired: 20261125T120000Z is now )"
            R"j(earlier than 20261125T120500Z (20261125T121000Z - 5 min.)"})j",
            {{"Date", httpDate(serverTime)}, {"x-amzn-ErrorType", "InvalidSignatureException"}}));
        m_server->enqueue(jsonReply(200, "fine"));
        Recorder recorder;
        recorder.watch(m_client->send(sigV4Request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QVERIFY2(recorder.outcome.ok(), qPrintable(errorText(recorder.outcome)));
        QCOMPARE(recorder.data, QByteArray("fine"));
        const QList<FakeHttpServer::Request> &requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).header("X-Amz-Date"), amzDate(kNow));
        QCOMPARE(requests.at(1).header("X-Amz-Date"), amzDate(serverTime));
        QCOMPARE(requests.at(1).header("Authorization"), expectedAuthorization(requests.at(1)));
    }

    void correctsClockSkewOnlyOnce()
    {
        FakeHttpServer::Reply skewed = jsonReply(403, R"({"message":"Signature expired: too old"})",
                                                 {{"Date", httpDate(kNow.addSecs(600))}});
        m_server->setDefaultReply(skewed);
        Recorder recorder;
        recorder.watch(m_client->send(sigV4Request()));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, kWaitMs);

        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(recorder.outcome.error->kind, Error::Kind::Auth);
        QVERIFY(recorder.outcome.classified->clockSkew);
    }

    void goesThroughTheSystemProxyButNeverForLoopback()
    {
        // The fake server plays the proxy: an HTTP proxy gets the absolute URL on the request
        // line. The environment is how Linux systems (and CI machines) name their proxy.
        const QByteArray proxy = m_server->url().toString(QUrl::StripTrailingSlash).toUtf8();
        qputenv("http_proxy", proxy);
        qputenv("no_proxy", "");
        auto restore = qScopeGuard([] {
            qunsetenv("http_proxy");
            qunsetenv("no_proxy");
        });
        m_network->setProxyFactory(new mantle::net::SystemProxyFactory);
        m_server->enqueue(jsonReply(200, "{}"));
        m_server->enqueue(jsonReply(200, "{}"));

        HttpRequest remote = request();
        remote.url = QUrl(QStringLiteral("http://bedrock-mantle.us-east-1.invalid/v1/models"));
        remote.method = "GET";
        remote.body.clear();
        Recorder throughProxy;
        throughProxy.watch(m_client->send(remote));
        QTRY_COMPARE_WITH_TIMEOUT(throughProxy.finishedCount, 1, kWaitMs);
        QVERIFY2(throughProxy.outcome.ok(), qPrintable(errorText(throughProxy.outcome)));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().at(0).target,
                 QByteArray("http://bedrock-mantle.us-east-1.invalid/v1/models"));

        // The same manager talks to 127.0.0.1 directly (origin-form request line).
        Recorder direct;
        direct.watch(m_client->send(request()));
        QTRY_COMPARE_WITH_TIMEOUT(direct.finishedCount, 1, kWaitMs);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(1).target, QByteArray("/v1/chat/completions"));
    }

private:
    HttpRequest request() const
    {
        HttpRequest out;
        out.url = m_server->url().resolved(QUrl(QStringLiteral("v1/chat/completions")));
        out.method = "POST";
        out.headers = {{"content-type", "application/json"}, {"accept", "text/event-stream"}};
        out.body = "{\"stream\":true}";
        out.options.baseBackoff = std::chrono::milliseconds(10);
        out.options.connectTimeout = std::chrono::milliseconds(kWaitMs);
        out.options.idleTimeout = std::chrono::milliseconds(kWaitMs);
        out.errorContext.region = QStringLiteral("us-east-1");
        out.errorContext.routePrefix = QStringLiteral("/v1");
        return out;
    }

    HttpRequest sigV4Request() const
    {
        HttpRequest out = request();
        out.auth.kind = HttpAuth::Kind::SigV4;
        out.auth.credentials = m_credentials.get();
        out.auth.region = "us-east-1";
        return out;
    }

    static QString errorText(const HttpOutcome &outcome)
    {
        return outcome.error ? outcome.error->toDisplayString() : QString();
    }

    SigV4Signer m_signer;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<StaticCredentialProvider> m_credentials;
    std::unique_ptr<HttpClient> m_client;
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
