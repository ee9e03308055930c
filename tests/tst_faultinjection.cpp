// The fault-injection suite (issue #10, item 1), at the core level: each failure is injected into
// the real pipeline (TurnCall → MantleCall → HttpClient → SseParser → accumulator) by a
// misbehaving local server (FakeHttpServer, SelfSignedTlsServer) or the emulator's own faults, and
// each test proves the exact behaviour: the user-facing message (what happened, where, what to
// do), how many requests went out, and that the text that had arrived is kept. docs/faults.md
// maps every case to the test that proves it, here or in the older suites.

#include "emulatorserver.h"
#include "fakehttpserver.h"
#include "localemulator.h"
#include "selfsignedtlsserver.h"

#include "api/requestspec.h"
#include "api/turn.h"
#include "aws/assumerolecredentialprovider.h"
#include "aws/assumeroleparameters.h"
#include "aws/sigv4signer.h"
#include "aws/staticcredentialprovider.h"
#include "aws/stsclient.h"
#include "common/clock.h"
#include "mantle/endpoint.h"
#include "net/httpclient.h"
#include "pipeline/routememory.h"
#include "pipeline/turncall.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using mantle::Error;
using mantle::ManualClock;
using mantle::SystemClock;
using mantle::api::RequestSpec;
using mantle::aws::Credentials;
using mantle::mantle::ApiSurface;
using mantle::net::HttpAuth;
using mantle::pipeline::CallTarget;
using mantle::pipeline::RouteMemory;
using mantle::pipeline::TurnCall;
using mantle::test::FakeHttpServer;
using mantle::test::SelfSignedTlsServer;

class TestFaultInjection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // Where the request cannot go.
    void refusedConnectionNamesTheHostAndIsNotRetried();
    void unknownHostFailsWithinTheConnectTimeout();
    void selfSignedCertificateIsRefusedNamingTheProblem();

    // Connections that break.
    void resetBeforeTheFirstByteIsRetried();
    void resetsBeforeTheFirstByteStopAfterTheRetries();
    void resetMidStreamKeepsThePartialTextMarkedAndRerunCompletesIt();
    void stalledStreamStopsAtTheIdleTimeoutKeepingThePartialText();

    // Answers that refuse.
    void throttlingIsRetriedThenReported_data();
    void throttlingIsRetriedThenReported();
    void serverErrorStormIsRetriedABoundedNumberOfTimes_data();
    void serverErrorStormIsRetriedABoundedNumberOfTimes();
    void refusalsAreReportedOnceWithTheirFix_data();
    void refusalsAreReportedOnceWithTheirFix();

    // Credentials and clocks.
    void skewedClockIsCorrectedOnceAgainstTheEmulator();
    void expiredRoleCredentialsAreRenewedAndTheRequestResigned();
    void expiredRoleCredentialsAreRenewedOnlyOnce();

    // Answers that are not what they claim.
    void webPageFromAProxyIsNamedAsSuch_data();
    void webPageFromAProxyIsNamedAsSuch();
    void successStatusWithAnErrorBodyIsShownAsTheError_data();
    void successStatusWithAnErrorBodyIsShownAsTheError();
    void malformedEventIsReportedAndNoTextIsLost();
    void unknownEventsAndCommentsAreSkipped();

private:
    CallTarget targetFor(const QUrl &root, HttpAuth::Kind kind = HttpAuth::Kind::Bearer) const;
    CallTarget target(HttpAuth::Kind kind = HttpAuth::Kind::Bearer) const
    {
        return targetFor(m_server->url(), kind);
    }
    TurnCall *runTurn(mantle::net::HttpClient &client, const RequestSpec &spec,
                      const CallTarget &callTarget, int waitMs = kWaitMs);
    TurnCall *runTurn(const RequestSpec &spec, const CallTarget &callTarget, int waitMs = kWaitMs)
    {
        return runTurn(*m_client, spec, callTarget, waitMs);
    }

    static constexpr int kWaitMs = 15000;

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    mantle::aws::SigV4Signer m_signer;
    ManualClock m_clock{QDateTime(QDate(2026, 11, 25), QTime(12, 0, 0), Qt::UTC)};
    std::unique_ptr<mantle::net::HttpClient> m_client;
    RouteMemory m_memory;
    std::unique_ptr<QObject> m_calls; ///< parent of each test's calls
};

namespace {

const QString kModel = QStringLiteral("openai.gpt-oss-120b");

RequestSpec chatSpec(bool stream)
{
    RequestSpec spec;
    spec.surface = ApiSurface::ChatCompletions;
    spec.model = kModel;
    mantle::api::ConversationMessage message;
    message.text = QStringLiteral("Tell me about lighthouses");
    spec.messages.append(message);
    spec.stream = stream;
    return spec;
}

QByteArray chatChunk(const QByteArray &text)
{
    return R"(data: {"id":"chatcmpl-f","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":")"
        + text + "\"},\"finish_reason\":null}]}\n\n";
}

QByteArray chatEnd()
{
    return R"(data: {"id":"chatcmpl-f","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
           "\n\ndata: [DONE]\n\n";
}

QByteArray chatBody(const QByteArray &text)
{
    return R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":")"
        + text
        + R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";
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

FakeHttpServer::Reply streamReply(QList<QByteArray> chunks,
                                  FakeHttpServer::Reply::Ending ending
                                  = FakeHttpServer::Reply::Ending::Complete)
{
    FakeHttpServer::Reply reply;
    reply.contentType = "text/event-stream";
    reply.chunks = std::move(chunks);
    reply.chunkIntervalMs = 5;
    reply.ending = ending;
    return reply;
}

FakeHttpServer::Reply resetReply()
{
    FakeHttpServer::Reply reply;
    reply.reset = true;
    return reply;
}

FakeHttpServer::Reply expiredTokenReply()
{
    return jsonReply(403, R"({"message":"The security token included in the request is expired"})",
                     {{"x-amzn-errortype", "ExpiredTokenException"}});
}

FakeHttpServer::Reply stsSuccess(const QByteArray &keyId, const QDateTime &expiration)
{
    FakeHttpServer::Reply reply;
    reply.body = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>" + keyId
        + "</AccessKeyId><SecretAccessKey>secret-" + keyId
        + "</SecretAccessKey><SessionToken>token-" + keyId + "</SessionToken><Expiration>"
        + expiration.toString(Qt::ISODate).toLatin1()
        + "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    return reply;
}

QString errorText(const std::optional<Error> &error)
{
    return error ? error->toDisplayString() : QStringLiteral("<no error>");
}

QString turnErrorText(const mantle::api::Turn &turn)
{
    return turn.error ? turn.error->type + QStringLiteral(": ") + turn.error->message
                      : QStringLiteral("<no turn error>");
}

/// Every part must be in `text` (case-insensitive); the first missing one otherwise.
QString missingPart(const QString &text, const QStringList &parts)
{
    for (const QString &part : parts) {
        if (!text.contains(part, Qt::CaseInsensitive))
            return part;
    }
    return {};
}

#define VERIFY_PARTS(text, parts)                                                                  \
    do {                                                                                           \
        const QString missing_ = missingPart((text), (parts));                                     \
        QVERIFY2(missing_.isEmpty(),                                                               \
                 qPrintable(QStringLiteral("'%1' not in: %2").arg(missing_, (text))));             \
    } while (false)

} // namespace

void TestFaultInjection::init()
{
    m_server = std::make_unique<FakeHttpServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<mantle::net::HttpClient>(m_network.get(), m_signer, m_clock);
    m_memory = RouteMemory();
    m_calls = std::make_unique<QObject>();
}

void TestFaultInjection::cleanup()
{
    m_calls.reset();
    m_client.reset();
    m_network.reset();
    m_server.reset();
}

CallTarget TestFaultInjection::targetFor(const QUrl &root, HttpAuth::Kind kind) const
{
    CallTarget callTarget;
    callTarget.region = QStringLiteral("us-east-1");
    callTarget.account = QStringLiteral("work");
    callTarget.endpoint = *mantle::mantle::Endpoint::parse(root.toString());
    callTarget.auth.kind = kind;
    callTarget.auth.apiKey = mantle::SecretString(std::string_view("fault-test-api-key"));
    callTarget.options.maxRetries = 2;
    callTarget.options.baseBackoff = std::chrono::milliseconds(10);
    callTarget.options.maxRetryDelay = std::chrono::milliseconds(3000);
    return callTarget;
}

TurnCall *TestFaultInjection::runTurn(mantle::net::HttpClient &client, const RequestSpec &spec,
                                      const CallTarget &callTarget, int waitMs)
{
    auto *call = new TurnCall(client, spec, callTarget, &m_memory, m_calls.get());
    QSignalSpy finished(call, &TurnCall::finished);
    call->start();
    if (!finished.wait(waitMs))
        qWarning("the turn did not finish within %d ms", waitMs);
    return call;
}

// ----------------------------------------------------------------------------------------------
// Where the request cannot go

void TestFaultInjection::refusedConnectionNamesTheHostAndIsNotRetried()
{
    // A port that was free a moment ago: nothing listens there.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const QUrl root(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    TurnCall *call = runTurn(chatSpec(true), targetFor(root));
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Network);
    QCOMPARE(
        call->error()->message,
        QStringLiteral("Could not connect to 127.0.0.1:%1: the connection was refused.").arg(port));
    VERIFY_PARTS(call->error()->hint, QStringList({QStringLiteral("endpoint URL")}));
    QCOMPARE(call->outcome().attempts, 1); // a refusal is not a blip: no retry
    QVERIFY(call->turn().text.isEmpty());
}

void TestFaultInjection::unknownHostFailsWithinTheConnectTimeout()
{
    // RFC 6761: names under .invalid never resolve. Whether the resolver says so at once or
    // (with no DNS server reachable) keeps trying, the connect timeout bounds the wait: the test
    // waits for `finished` at most connectTimeout + 5 s and checks how long it took.
    const QUrl root(QStringLiteral("https://mantle-fault-test.invalid/"));
    CallTarget callTarget = targetFor(root);
    callTarget.options.connectTimeout = std::chrono::milliseconds(4000);
    QElapsedTimer clock;
    clock.start();
    TurnCall *call = runTurn(chatSpec(true), callTarget, 4000 + 5000);
    const qint64 tookMs = clock.elapsed();
    QVERIFY2(call->isFinished(), "the lookup was not bounded by the connect timeout");
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Network);
    const QString shown = call->error()->toDisplayString();
    if (call->error()->message.startsWith(QLatin1String("Could not find the host"))) {
        QCOMPARE(call->error()->message,
                 QStringLiteral("Could not find the host mantle-fault-test.invalid."));
        VERIFY_PARTS(call->error()->hint,
                     QStringList({QStringLiteral("region or endpoint"), QStringLiteral("DNS")}));
    } else {
        // The resolver never answered: the connect timeout stopped the wait.
        QCOMPARE(
            call->error()->message,
            QStringLiteral("Could not connect to mantle-fault-test.invalid within 4 seconds."));
        QVERIFY2(tookMs >= 3800, qPrintable(QString::number(tookMs)));
    }
    QVERIFY2(tookMs < 4000 + 3000, qPrintable(QString::number(tookMs)));
    QCOMPARE(call->outcome().attempts, 1);
    qInfo("unknown host: %s (after %lld ms)", qPrintable(shown.simplified()), tookMs);
}

void TestFaultInjection::selfSignedCertificateIsRefusedNamingTheProblem()
{
    SelfSignedTlsServer tls;
    if (!tls.listen())
        QSKIP(qPrintable(tls.errorString()));
    TurnCall *call = runTurn(chatSpec(true), targetFor(tls.url()));
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Network);
    // What happened (the certificate's problem, in Qt's words), where, and what to do.
    VERIFY_PARTS(
        call->error()->message,
        QStringList(
            {QStringLiteral("The secure connection to 127.0.0.1:%1 failed").arg(tls.url().port()),
             QStringLiteral("self-signed")}));
    VERIFY_PARTS(
        call->error()->hint,
        QStringList({QStringLiteral("proxy that inspects TLS"), QStringLiteral("certificates")}));
    // Never a silent bypass: no handshake completed, not one byte of the request went out.
    QVERIFY(tls.connectionCount() >= 1);
    QCOMPARE(tls.handshakesCompleted(), 0);
    QCOMPARE(tls.requestBytes(), qint64(0));
    QCOMPARE(call->outcome().attempts, 1);
    QCOMPARE(call->outcome().httpStatus, 0);
    qInfo("self-signed: %s", qPrintable(call->error()->toDisplayString().simplified()));
}

// ----------------------------------------------------------------------------------------------
// Connections that break

void TestFaultInjection::resetBeforeTheFirstByteIsRetried()
{
    m_server->enqueue(resetReply());
    m_server->enqueue(streamReply({chatChunk("Whole "), chatChunk("answer"), chatEnd()}));
    TurnCall *call = runTurn(chatSpec(true), target());
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    QVERIFY2(!call->turn().error, qPrintable(turnErrorText(call->turn())));
    QCOMPARE(call->turn().text, QStringLiteral("Whole answer"));
    QCOMPARE(m_server->requests().size(), 2);
    // Qt's HTTP layer may resend a request that got no answer on its own; either way, exactly
    // one retry reached the server.
    QVERIFY(call->outcome().attempts <= 2);
}

void TestFaultInjection::resetsBeforeTheFirstByteStopAfterTheRetries()
{
    m_server->setDefaultReply(resetReply());
    CallTarget callTarget = target();
    callTarget.options.maxRetries = 2;
    TurnCall *call = runTurn(chatSpec(true), callTarget);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Network);
    const QString host = QStringLiteral("127.0.0.1:%1").arg(m_server->port());
    QCOMPARE(call->error()->message,
             QStringLiteral("The connection to %1 was closed before the answer was complete.")
                 .arg(host));
    VERIFY_PARTS(call->error()->hint, QStringList({QStringLiteral("network connection")}));
    QCOMPARE(call->outcome().attempts, 3);
    const qsizetype requests = m_server->requests().size();
    QSignalSpy more(m_server.get(), &FakeHttpServer::requestReceived);
    QVERIFY(!more.wait(300)); // and then nothing more
    QCOMPARE(m_server->requests().size(), requests);
    // No retry storm: 3 attempts. Qt's HTTP layer resends a request whose connection closed
    // before any answer by itself, at most twice per attempt (QHttpNetworkConnectionChannel's
    // reconnect attempts; one resend in all was seen with Qt 6.4): 3 to 9 requests.
    QVERIFY2(requests >= 3 && requests <= 3 * 3, qPrintable(QString::number(requests)));
    qInfo("3 attempts reached the server as %lld requests", qlonglong(requests));
}

void TestFaultInjection::resetMidStreamKeepsThePartialTextMarkedAndRerunCompletesIt()
{
    m_server->enqueue(streamReply({chatChunk("The lighthouse "), chatChunk("stands ")},
                                  FakeHttpServer::Reply::Ending::Drop));
    TurnCall *call = runTurn(chatSpec(true), target());
    // An answer came, cut short: no call error, the text kept, the turn marked incomplete.
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    QCOMPARE(call->turn().text, QStringLiteral("The lighthouse stands "));
    QVERIFY(call->turn().error);
    QCOMPARE(call->turn().error->type, QString::fromLatin1(mantle::api::kIncompleteStreamError));
    // Qt reports the cut as a closed connection, or (Qt 6.4, now and then) ends the chunked body
    // as if whole, and the missing final event tells: either way the host and the fix are named.
    VERIFY_PARTS(
        call->turn().error->message,
        QStringList({QStringLiteral("127.0.0.1:%1").arg(m_server->port()),
                     QStringLiteral("before the answer was complete"), QStringLiteral("again")}));
    // Bytes had arrived: never retried behind the user's back (it would duplicate the text).
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(call->outcome().attempts, 1);

    // Re-running the same request gives the whole answer.
    m_server->enqueue(streamReply(
        {chatChunk("The lighthouse "), chatChunk("stands "), chatChunk("tall."), chatEnd()}));
    TurnCall *again = runTurn(call->spec(), target());
    QVERIFY(!again->error());
    QVERIFY2(!again->turn().error, qPrintable(turnErrorText(again->turn())));
    QCOMPARE(again->turn().text, QStringLiteral("The lighthouse stands tall."));
    QCOMPARE(m_server->requests().at(1).body, m_server->requests().at(0).body);
}

void TestFaultInjection::stalledStreamStopsAtTheIdleTimeoutKeepingThePartialText()
{
    m_server->enqueue(streamReply({chatChunk("Half an "), chatChunk("answer")},
                                  FakeHttpServer::Reply::Ending::Stall));
    CallTarget callTarget = target();
    callTarget.options.idleTimeout = std::chrono::milliseconds(400);
    QElapsedTimer clock;
    clock.start();
    TurnCall *call = runTurn(chatSpec(true), callTarget);
    QVERIFY(call->isFinished());
    QVERIFY2(clock.elapsed() >= 380, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!call->error());
    QCOMPARE(call->turn().text, QStringLiteral("Half an answer"));
    QVERIFY(call->turn().error);
    QCOMPARE(call->turn().error->type, QString::fromLatin1(mantle::api::kIncompleteStreamError));
    VERIFY_PARTS(call->turn().error->message,
                 QStringList({QStringLiteral("127.0.0.1:%1 sent nothing for 0.4 seconds, so the "
                                             "request was stopped")
                                  .arg(m_server->port()),
                              QStringLiteral("try again")}));
    QCOMPARE(m_server->requests().size(), 1);
}

// ----------------------------------------------------------------------------------------------
// Answers that refuse

void TestFaultInjection::throttlingIsRetriedThenReported_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("minimumWaitMs"); ///< what the retries must at least have waited
    QTest::addColumn<QStringList>("hintParts");
    QTest::addRow("with Retry-After")
        << QByteArray("1") << 2 * 1000 << QStringList({QStringLiteral("Try again in 1 s")});
    QTest::addRow("without Retry-After")
        << QByteArray() << 0 << QStringList({QStringLiteral("Wait a moment")});
}

void TestFaultInjection::throttlingIsRetriedThenReported()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, minimumWaitMs);
    QFETCH(QStringList, hintParts);
    FakeHttpServer::HeaderList headers;
    if (!retryAfter.isEmpty())
        headers.append({"Retry-After", retryAfter});
    const QByteArray body
        = R"({"error":{"code":"rate_limit_exceeded","message":"Too many requests","param":null,"type":"rate_limit_error"}})";
    m_server->setDefaultReply(jsonReply(429, body, headers));
    QElapsedTimer clock;
    clock.start();
    TurnCall *call = runTurn(chatSpec(true), target());
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->httpStatus, 429);
    VERIFY_PARTS(call->error()->message,
                 QStringList({QStringLiteral("limiting requests"), QStringLiteral("us-east-1")}));
    VERIFY_PARTS(call->error()->hint, hintParts);
    QCOMPARE(call->outcome().attempts, 3);
    QCOMPARE(m_server->requests().size(), 3);
    QVERIFY2(clock.elapsed() >= minimumWaitMs, qPrintable(QString::number(clock.elapsed())));

    // One 429 and then an answer: the retry brings the answer.
    m_server->setDefaultReply({});
    m_server->enqueue(jsonReply(429, body, headers));
    m_server->enqueue(jsonReply(200, chatBody("after the wait")));
    TurnCall *second = runTurn(chatSpec(false), target());
    QVERIFY2(!second->error(), qPrintable(errorText(second->error())));
    QCOMPARE(second->turn().text, QStringLiteral("after the wait"));
    QCOMPARE(second->outcome().attempts, 2);
}

void TestFaultInjection::serverErrorStormIsRetriedABoundedNumberOfTimes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("maxRetries");
    QTest::addRow("500, two retries") << 500 << 2;
    QTest::addRow("503, two retries") << 503 << 2;
    QTest::addRow("503, retries off") << 503 << 0;
    QTest::addRow("502, five retries") << 502 << 5;
}

void TestFaultInjection::serverErrorStormIsRetriedABoundedNumberOfTimes()
{
    QFETCH(int, status);
    QFETCH(int, maxRetries);
    m_server->setDefaultReply(jsonReply(
        status,
        R"({"error":{"code":"server_error","message":"Something went wrong","param":null,"type":"server_error"}})",
        {{"x-amzn-requestid", "req-storm"}}));
    CallTarget callTarget = target();
    callTarget.options.maxRetries = maxRetries;
    TurnCall *call = runTurn(chatSpec(true), callTarget);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->httpStatus, status);
    VERIFY_PARTS(call->error()->toDisplayString(),
                 QStringList({QStringLiteral("server error"), QStringLiteral("req-storm")}));
    // Exactly 1 + maxRetries requests, each on its own connection, and then silence.
    QCOMPARE(call->outcome().attempts, 1 + maxRetries);
    QCOMPARE(m_server->requests().size(), 1 + maxRetries);
    QSignalSpy more(m_server.get(), &FakeHttpServer::requestReceived);
    QVERIFY(!more.wait(300));
    QCOMPARE(m_server->connectionCount(), 1 + maxRetries);
}

void TestFaultInjection::refusalsAreReportedOnceWithTheirFix_data()
{
    QTest::addColumn<HttpAuth::Kind>("auth");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QStringList>("parts"); ///< in the message or the hint

    QTest::addRow("access denied, sigv4")
        << HttpAuth::Kind::SigV4 << 403
        << QByteArray(
               R"({"error":{"code":"access_denied","message":"User: arn:aws:sts::123456789012:assumed-role/dev/s is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:us-east-1:123456789012:project/default","param":null,"type":"permission_denied_error"}})")
        << Error::Kind::Auth
        << QStringList(
               {QStringLiteral("bedrock-mantle:CreateInference"), QStringLiteral("us-east-1")});
    QTest::addRow("access denied, api key")
        << HttpAuth::Kind::Bearer << 403 << QByteArray() << Error::Kind::Auth
        << QStringList(
               {QStringLiteral("bedrock-mantle:CallWithBearerToken"), QStringLiteral("HTTP 403")});
    QTest::addRow("expired or revoked api key")
        << HttpAuth::Kind::Bearer << 401 << QByteArray(R"({"message":"Invalid bearer token"})")
        << Error::Kind::Auth
        << QStringList({QStringLiteral("API key"), QStringLiteral("expired or revoked"),
                        QStringLiteral("account work")});
}

void TestFaultInjection::refusalsAreReportedOnceWithTheirFix()
{
    QFETCH(HttpAuth::Kind, auth);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Error::Kind, kind);
    QFETCH(QStringList, parts);
    m_server->setDefaultReply(jsonReply(status, body));
    Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIDFAULTTEST");
    credentials.secretAccessKey = mantle::SecretString(std::string_view("fault-secret"));
    mantle::aws::StaticCredentialProvider provider(credentials, m_clock);
    CallTarget callTarget = target(auth);
    callTarget.auth.credentials = &provider;
    TurnCall *call = runTurn(chatSpec(true), callTarget);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, kind);
    QCOMPARE(call->error()->httpStatus, status);
    VERIFY_PARTS(call->error()->toDisplayString(), parts);
    // Refusals are final: no retry, no text.
    QCOMPARE(m_server->requests().size(), 1);
    QVERIFY(call->turn().text.isEmpty());
    QVERIFY(!call->error()->toDisplayString().contains(QLatin1String("fault-test-api-key")));
}

// ----------------------------------------------------------------------------------------------
// Credentials and clocks

void TestFaultInjection::skewedClockIsCorrectedOnceAgainstTheEmulator()
{
    // The emulator keeps the true time and refuses signatures more than 5 minutes off, as AWS
    // does; this machine's clock is an hour slow.
    SystemClock trueClock;
    mantle::emulator::LocalEmulator emulator(trueClock);
    QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
    ManualClock slowClock(QDateTime::currentDateTimeUtc().addSecs(-3600));
    mantle::net::HttpClient client(m_network.get(), m_signer, slowClock);
    Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(mantle::emulator::LocalEmulator::kAccessKeyId);
    credentials.secretAccessKey
        = mantle::SecretString(std::string_view(mantle::emulator::LocalEmulator::kSecretAccessKey));
    mantle::aws::StaticCredentialProvider provider(credentials, slowClock);
    CallTarget callTarget = targetFor(emulator.rootUrl(), HttpAuth::Kind::SigV4);
    callTarget.auth.credentials = &provider;
    callTarget.auth.region = "us-east-1";
    callTarget.options.maxRetries = 0; // the correction is not a retry
    QSignalSpy served(&emulator.server(), &mantle::emulator::EmulatorServer::requestServed);

    TurnCall *call = runTurn(client, chatSpec(true), callTarget);
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    QVERIFY2(!call->turn().error, qPrintable(turnErrorText(call->turn())));
    QVERIFY(call->turn().text.contains(QLatin1String("lighthouses")));
    // Refused once for the skew, corrected with the server's Date, then answered: two requests.
    QCOMPARE(call->outcome().attempts, 2);
    QCOMPARE(served.size(), 2);
    QCOMPARE(served.at(0).at(2).toInt(), 403);
    QCOMPARE(served.at(1).at(2).toInt(), 200);
}

void TestFaultInjection::expiredRoleCredentialsAreRenewedAndTheRequestResigned()
{
    // The role provider path: STS hands out a session that Mantle then calls expired (revoked
    // early, or a clock that disagrees); the provider asks STS again and the request is signed
    // anew with the new session.
    FakeHttpServer sts;
    QVERIFY(sts.listen());
    const QDateTime inAnHour = m_clock.nowUtc().addSecs(3600);
    sts.enqueue(stsSuccess("ASIAFIRSTSESSION", inAnHour));
    sts.enqueue(stsSuccess("ASIASECONDSESSION", inAnHour));
    mantle::aws::StsClient stsClient(m_network.get(), m_signer, m_clock);
    QVERIFY(stsClient.setEndpointOverride(sts.url()).ok());
    Credentials keys;
    keys.accessKeyId = QStringLiteral("AKIDSOURCE");
    keys.secretAccessKey = mantle::SecretString(std::string_view("source-secret"));
    mantle::aws::StaticCredentialProvider source(keys, m_clock);
    mantle::aws::AssumeRoleParameters parameters;
    parameters.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    parameters.roleSessionName = QStringLiteral("mantle-playground");
    parameters.region = QStringLiteral("us-east-1");
    mantle::aws::AssumeRoleCredentialProvider role(&stsClient, &source, parameters, m_clock);

    m_server->enqueue(expiredTokenReply());
    m_server->enqueue(jsonReply(200, chatBody("fresh session")));
    CallTarget callTarget = target(HttpAuth::Kind::SigV4);
    callTarget.auth.credentials = &role;
    callTarget.auth.region = "us-east-1";
    callTarget.options.maxRetries = 0; // the renewal is not a retry
    TurnCall *call = runTurn(chatSpec(false), callTarget);
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    QCOMPARE(call->turn().text, QStringLiteral("fresh session"));
    QCOMPARE(sts.requests().size(), 2);
    QCOMPARE(m_server->requests().size(), 2);
    const auto &first = m_server->requests().at(0);
    const auto &second = m_server->requests().at(1);
    QVERIFY(first.header("authorization").contains("Credential=ASIAFIRSTSESSION/"));
    QVERIFY(second.header("authorization").contains("Credential=ASIASECONDSESSION/"));
    QCOMPARE(second.header("x-amz-security-token"), QByteArray("token-ASIASECONDSESSION"));
    QVERIFY(first.header("authorization") != second.header("authorization"));
}

void TestFaultInjection::expiredRoleCredentialsAreRenewedOnlyOnce()
{
    FakeHttpServer sts;
    QVERIFY(sts.listen());
    sts.setDefaultReply(stsSuccess("ASIASESSION", m_clock.nowUtc().addSecs(3600)));
    mantle::aws::StsClient stsClient(m_network.get(), m_signer, m_clock);
    QVERIFY(stsClient.setEndpointOverride(sts.url()).ok());
    Credentials keys;
    keys.accessKeyId = QStringLiteral("AKIDSOURCE");
    keys.secretAccessKey = mantle::SecretString(std::string_view("source-secret"));
    mantle::aws::StaticCredentialProvider source(keys, m_clock);
    mantle::aws::AssumeRoleParameters parameters;
    parameters.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    parameters.roleSessionName = QStringLiteral("mantle-playground");
    parameters.region = QStringLiteral("us-east-1");
    mantle::aws::AssumeRoleCredentialProvider role(&stsClient, &source, parameters, m_clock);

    m_server->setDefaultReply(expiredTokenReply());
    CallTarget callTarget = target(HttpAuth::Kind::SigV4);
    callTarget.auth.credentials = &role;
    callTarget.auth.region = "us-east-1";
    TurnCall *call = runTurn(chatSpec(false), callTarget);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Auth);
    VERIFY_PARTS(call->error()->toDisplayString(), QStringList({QStringLiteral("expired")}));
    // Not a loop: one renewal, two requests, whatever maxRetries allows.
    QCOMPARE(sts.requests().size(), 2);
    QCOMPARE(m_server->requests().size(), 2);
}

// ----------------------------------------------------------------------------------------------
// Answers that are not what they claim

void TestFaultInjection::webPageFromAProxyIsNamedAsSuch_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("requests");
    QTest::addRow("502 page, retried") << 502 << true << 3;
    QTest::addRow("403 page") << 403 << true << 1;
    QTest::addRow("200 page to a stream request") << 200 << true << 1;
    QTest::addRow("200 page to a plain request") << 200 << false << 1;
}

void TestFaultInjection::webPageFromAProxyIsNamedAsSuch()
{
    QFETCH(int, status);
    QFETCH(bool, stream);
    QFETCH(int, requests);
    FakeHttpServer::Reply page;
    page.status = status;
    page.contentType = "text/html; charset=utf-8";
    page.body = "<!DOCTYPE html>\n<html><head><title>Corporate Gateway</title></head>"
                "<body>Please sign in. token=s3cr3t-portal</body></html>";
    m_server->setDefaultReply(page);
    TurnCall *call = runTurn(chatSpec(stream), target());
    QVERIFY(call->isFinished());
    // Whether the page came with an error status or a 200, the user reads the same thing.
    const QString shown = call->error()
        ? call->error()->toDisplayString()
        : (call->turn().error ? call->turn().error->message : QString());
    VERIFY_PARTS(
        shown,
        QStringList({QStringLiteral("proxy or captive portal"),
                     QStringLiteral("HTTP %1").arg(status), QStringLiteral("region us-east-1")}));
    QVERIFY2(!shown.contains(QLatin1String("s3cr3t")) && !shown.contains(QLatin1String("<html")),
             qPrintable(shown));
    QVERIFY(call->turn().text.isEmpty());
    QCOMPARE(m_server->requests().size(), requests);
}

void TestFaultInjection::successStatusWithAnErrorBodyIsShownAsTheError_data()
{
    QTest::addColumn<bool>("stream");
    QTest::addRow("stream request") << true;
    QTest::addRow("plain request") << false;
}

void TestFaultInjection::successStatusWithAnErrorBodyIsShownAsTheError()
{
    QFETCH(bool, stream);
    m_server->enqueue(jsonReply(
        200,
        R"({"error":{"code":"server_error","message":"The model failed to answer","param":null,"type":"server_error"}})"));
    TurnCall *call = runTurn(chatSpec(stream), target());
    QVERIFY(call->isFinished());
    const QString shown = call->error()
        ? call->error()->toDisplayString()
        : (call->turn().error ? call->turn().error->message : QString());
    VERIFY_PARTS(shown, QStringList({QStringLiteral("The model failed to answer")}));
    QVERIFY(call->turn().text.isEmpty());
    QCOMPARE(m_server->requests().size(), 1);
}

void TestFaultInjection::malformedEventIsReportedAndNoTextIsLost()
{
    // The third event's JSON is cut: it is skipped and named, and the text on both sides stays.
    m_server->enqueue(
        streamReply({chatChunk("Kept "), chatChunk("text"),
                     "data: {\"id\":\"chatcmpl-f\",\"choices\":[{\"delta\":{\"con\n\n",
                     chatChunk(" after"), chatEnd()}));
    TurnCall *call = runTurn(chatSpec(true), target());
    QVERIFY(call->isFinished());
    QVERIFY(!call->error());
    QCOMPARE(call->turn().text, QStringLiteral("Kept text after"));
    QVERIFY2(call->turn().error, "a malformed event passed silently");
    QCOMPARE(call->turn().error->type, QString::fromLatin1(mantle::api::kInvalidEventError));
    VERIFY_PARTS(call->turn().error->message,
                 QStringList({QStringLiteral("not valid JSON"), QStringLiteral("skipped"),
                              QStringLiteral("may be incomplete")}));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestFaultInjection::unknownEventsAndCommentsAreSkipped()
{
    m_server->enqueue(streamReply(
        {": keep-alive comment\n\n", chatChunk("Known "),
         "event: ping\ndata: {\"type\":\"ping\"}\n\n",
         "event: some_future_event\ndata: {\"whatever\":[1,2,3]}\n\n",
         R"(data: {"id":"chatcmpl-f","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"text","future_field":{"x":1}},"finish_reason":null}]})"
         "\n\n",
         chatEnd()}));
    TurnCall *call = runTurn(chatSpec(true), target());
    QVERIFY(!call->error());
    QVERIFY2(!call->turn().error, qPrintable(turnErrorText(call->turn())));
    QCOMPARE(call->turn().text, QStringLiteral("Known text"));
    QCOMPARE(call->turn().stopReason, QStringLiteral("stop"));
}

QTEST_GUILESS_MAIN(TestFaultInjection)
#include "tst_faultinjection.moc"
