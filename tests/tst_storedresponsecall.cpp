// StoredResponseCall (issue #7, chaining): retrieve, delete and cancel a stored Responses
// response by id against a scripted server: the method and path sent, the answer read as a
// turn or a deletion, refusals (404) and unconfirmed deletions as errors, and ids that cannot
// name a response refused before anything is sent.

#include "fakehttpserver.h"

#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "mantle/endpoint.h"
#include "net/httpclient.h"
#include "pipeline/storedresponsecall.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using mantle::net::HttpAuth;
using mantle::pipeline::CallTarget;
using mantle::pipeline::StoredResponseCall;
using mantle::test::FakeHttpServer;
using Action = mantle::pipeline::StoredResponseCall::Action;

namespace {

constexpr int kWaitMs = 10000;

FakeHttpServer::Reply json(int status, const QByteArray &body)
{
    FakeHttpServer::Reply reply;
    reply.status = status;
    reply.contentType = "application/json";
    reply.body = body;
    return reply;
}

QByteArray responseBody(const QByteArray &status)
{
    return R"({"id":"resp_x1","object":"response","created_at":1.5,"model":"openai.gpt-oss-120b",)"
           R"("status":")"
        + status
        + R"(","output":[{"type":"message","id":"msg_1","role":"assistant","status":"completed",)"
          R"("content":[{"type":"output_text","text":"Hi Alex","annotations":[]}]}]})";
}

} // namespace

class tst_StoredResponseCall : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sendsTheActionAndReadsTheAnswer_data();
    void sendsTheActionAndReadsTheAnswer();
    void refusalIsAnErrorWithItsStatus();
    void unconfirmedDeletionIsAnError();
    void idThatCannotNameAResponseSendsNothing();

private:
    bool run(StoredResponseCall &call);
    CallTarget target() const;

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<mantle::net::HttpClient> m_client;
    mantle::aws::SigV4Signer m_signer;
    mantle::SystemClock m_clock;
};

void tst_StoredResponseCall::init()
{
    m_server = std::make_unique<FakeHttpServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<mantle::net::HttpClient>(m_network.get(), m_signer, m_clock);
}

void tst_StoredResponseCall::cleanup()
{
    m_client.reset();
    m_network.reset();
    m_server.reset();
}

CallTarget tst_StoredResponseCall::target() const
{
    CallTarget target;
    target.region = QStringLiteral("us-east-1");
    target.endpoint = *mantle::mantle::Endpoint::parse(m_server->url().toString());
    target.auth.kind = HttpAuth::Kind::Bearer;
    target.auth.apiKey = mantle::SecretString(std::string_view("test-api-key"));
    target.options.maxRetries = 0;
    return target;
}

bool tst_StoredResponseCall::run(StoredResponseCall &call)
{
    QSignalSpy finished(&call, &StoredResponseCall::finished);
    call.start();
    return finished.wait(kWaitMs) && finished.size() == 1 && call.isFinished();
}

void tst_StoredResponseCall::sendsTheActionAndReadsTheAnswer_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("status"); ///< the turn's; empty for a deletion
    QTest::addRow("retrieve") << Action::Retrieve << responseBody("completed")
                              << QByteArrayLiteral("GET")
                              << QByteArrayLiteral("/v1/responses/resp_x1")
                              << QStringLiteral("completed");
    QTest::addRow("cancel") << Action::Cancel << responseBody("cancelled")
                            << QByteArrayLiteral("POST")
                            << QByteArrayLiteral("/v1/responses/resp_x1/cancel")
                            << QStringLiteral("cancelled");
    QTest::addRow("delete") << Action::Delete
                            << QByteArrayLiteral(
                                   R"({"id":"resp_x1","object":"response.deleted","deleted":true})")
                            << QByteArrayLiteral("DELETE")
                            << QByteArrayLiteral("/v1/responses/resp_x1") << QString();
}

void tst_StoredResponseCall::sendsTheActionAndReadsTheAnswer()
{
    QFETCH(Action, action);
    QFETCH(QByteArray, answer);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QString, status);
    m_server->enqueue(json(200, answer));
    StoredResponseCall call(*m_client, action, QStringLiteral("resp_x1"), QString(), target(),
                            nullptr);
    QVERIFY(run(call));
    QVERIFY2(!call.error(), qPrintable(call.error() ? call.error()->message : QString()));
    QCOMPARE(call.httpStatus(), 200);
    QCOMPARE(call.body(), answer);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().method, method);
    QCOMPARE(m_server->requests().first().target, path);
    QCOMPARE(m_server->requests().first().header("authorization"),
             QByteArrayLiteral("Bearer test-api-key"));
    if (status.isEmpty()) {
        QVERIFY(call.deleted());
        QVERIFY(!call.turn());
    } else {
        QVERIFY(call.turn());
        QCOMPARE(call.turn()->stopReason, status);
        QCOMPARE(call.turn()->responseId, QStringLiteral("resp_x1"));
        QCOMPARE(call.turn()->text, QStringLiteral("Hi Alex"));
    }
}

void tst_StoredResponseCall::refusalIsAnErrorWithItsStatus()
{
    m_server->enqueue(
        json(404,
             R"({"error":{"code":"not_found","message":"Response with id 'resp_x1' not )"
             R"(found.","param":null,"type":"invalid_request_error"}})"));
    StoredResponseCall call(*m_client, Action::Retrieve, QStringLiteral("resp_x1"), QString(),
                            target(), nullptr);
    QVERIFY(run(call));
    QVERIFY(call.error());
    QCOMPARE(call.httpStatus(), 404);
    QVERIFY(!call.turn());
}

void tst_StoredResponseCall::unconfirmedDeletionIsAnError()
{
    m_server->enqueue(json(200, R"({"id":"resp_x1","object":"response.deleted","deleted":false})"));
    StoredResponseCall call(*m_client, Action::Delete, QStringLiteral("resp_x1"), QString(),
                            target(), nullptr);
    QVERIFY(run(call));
    QVERIFY(call.error());
    QVERIFY(!call.deleted());
}

void tst_StoredResponseCall::idThatCannotNameAResponseSendsNothing()
{
    for (const QString &id : {QString(), QStringLiteral("../models"), QStringLiteral("a/b")}) {
        QVERIFY(!StoredResponseCall::wireRequest(Action::Retrieve, id));
        StoredResponseCall call(*m_client, Action::Delete, id, QString(), target(), nullptr);
        QVERIFY(run(call));
        QVERIFY(call.error());
    }
    QCOMPARE(m_server->requests().size(), 0);
}

QTEST_GUILESS_MAIN(tst_StoredResponseCall)
#include "tst_storedresponsecall.moc"
