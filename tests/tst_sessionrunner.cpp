// SessionRunner's background path (issue #7, chaining): a Responses answer that comes back
// queued (what a `background: true` request returns) is polled with GET /v1/responses/{id}
// until it is final, and the entry gets the final answer with the same signals as a streamed
// one; stop() asks the server to cancel it. A scripted server plays Mantle's part.

#include "fakehttpserver.h"

#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "mantle/endpoint.h"
#include "net/httpclient.h"
#include "pipeline/calltarget.h"
#include "sessions/sessionrunner.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using mantle::api::MessageRole;
using mantle::mantle::ApiSurface;
using mantle::net::HttpAuth;
using mantle::pipeline::CallTarget;
using mantle::sessions::Session;
using mantle::sessions::SessionEntry;
using mantle::sessions::SessionRunner;
using mantle::test::FakeHttpServer;

namespace {

constexpr int kWaitMs = 10000;

FakeHttpServer::Reply response(const QByteArray &status, const QByteArray &text = {})
{
    QByteArray output = "[]";
    QByteArray usage;
    if (!text.isEmpty()) {
        output = R"([{"type":"message","id":"msg_1","role":"assistant","status":"completed",)"
                 R"("content":[{"type":"output_text","text":")"
            + text + R"(","annotations":[]}]}])";
        usage = R"(,"usage":{"input_tokens":7,"output_tokens":3,"total_tokens":10})";
    }
    FakeHttpServer::Reply reply;
    reply.contentType = "application/json";
    reply.body = R"({"id":"resp_bg1","object":"response","created_at":1.5,)"
                 R"("model":"openai.gpt-oss-120b","background":true,"status":")"
        + status + R"(","output":)" + output + usage + "}";
    return reply;
}

} // namespace

class tst_SessionRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void backgroundAnswerIsPolledUntilFinal();
    void stopCancelsABackgroundAnswer();

private:
    Session session() const;
    CallTarget target() const;

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<mantle::net::HttpClient> m_client;
    mantle::aws::SigV4Signer m_signer;
    mantle::SystemClock m_clock;
};

void tst_SessionRunner::init()
{
    m_server = std::make_unique<FakeHttpServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<mantle::net::HttpClient>(m_network.get(), m_signer, m_clock);
}

void tst_SessionRunner::cleanup()
{
    m_client.reset();
    m_network.reset();
    m_server.reset();
}

Session tst_SessionRunner::session() const
{
    Session session = Session::create(ApiSurface::Responses);
    session.account = QStringLiteral("work");
    session.region = QStringLiteral("us-east-1");
    session.model = QStringLiteral("openai.gpt-oss-120b");
    session.stream = false;
    SessionEntry user;
    user.id = Session::newId();
    user.role = MessageRole::User;
    user.text = QStringLiteral("Write a long story.");
    session.entries.append(user);
    return session;
}

CallTarget tst_SessionRunner::target() const
{
    CallTarget target;
    target.region = QStringLiteral("us-east-1");
    target.account = QStringLiteral("work");
    target.endpoint = *mantle::mantle::Endpoint::parse(m_server->url().toString());
    target.auth.kind = HttpAuth::Kind::Bearer;
    target.auth.apiKey = mantle::SecretString(std::string_view("test-api-key"));
    target.options.maxRetries = 0;
    return target;
}

void tst_SessionRunner::backgroundAnswerIsPolledUntilFinal()
{
    m_server->enqueue(response("queued"));
    m_server->enqueue(response("in_progress"));
    m_server->enqueue(response("completed", "Once upon a time."));
    Session conversation = session();
    SessionRunner runner(*m_client, nullptr);
    QSignalSpy changed(&runner, &SessionRunner::entryChanged);
    QSignalSpy text(&runner, &SessionRunner::textAppended);
    QSignalSpy finished(&runner, &SessionRunner::finished);
    QVERIFY(runner.start(conversation, target(), std::nullopt));
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.size(), 1);
    QVERIFY(!runner.isRunning());

    const SessionEntry &answer = conversation.entries.last();
    QCOMPARE(answer.responseId, QStringLiteral("resp_bg1"));
    QCOMPARE(answer.text, QStringLiteral("Once upon a time."));
    QCOMPARE(answer.stopReason, QStringLiteral("completed"));
    QVERIFY(answer.usage);
    QCOMPARE(answer.usage->outputTokens, 3);
    QVERIFY(!answer.error);
    QVERIFY(answer.request); // the creating request, for the inspector
    // The text came once, whole; the statuses came as entry changes.
    QCOMPARE(text.size(), 1);
    QCOMPARE(text.first().at(1).toString(), QStringLiteral("Once upon a time."));
    QVERIFY(changed.size() >= 2);

    const QList<FakeHttpServer::Request> &requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests.at(0).method, QByteArrayLiteral("POST"));
    QCOMPARE(requests.at(1).method, QByteArrayLiteral("GET"));
    QCOMPARE(requests.at(1).target, QByteArrayLiteral("/v1/responses/resp_bg1"));
    QCOMPARE(requests.at(2).method, QByteArrayLiteral("GET"));
}

void tst_SessionRunner::stopCancelsABackgroundAnswer()
{
    m_server->enqueue(response("queued"));
    m_server->enqueue(response("in_progress"));
    m_server->setDefaultReply(response("cancelled"));
    Session conversation = session();
    SessionRunner runner(*m_client, nullptr);
    QSignalSpy finished(&runner, &SessionRunner::finished);
    connect(&runner, &SessionRunner::entryChanged, this, [&](int row) {
        if (conversation.entries.at(row).stopReason == QLatin1String("in_progress"))
            runner.stop();
    });
    QVERIFY(runner.start(conversation, target(), std::nullopt));
    QVERIFY(finished.wait(kWaitMs));
    const SessionEntry &answer = conversation.entries.last();
    QCOMPARE(answer.stopReason, QStringLiteral("cancelled"));
    QVERIFY(answer.stopped);
    QVERIFY(!answer.error);
    bool cancelSent = false;
    for (const FakeHttpServer::Request &request : m_server->requests()) {
        cancelSent = cancelSent
            || (request.method == "POST"
                && request.target == QByteArrayLiteral("/v1/responses/resp_bg1/cancel"));
    }
    QVERIFY(cancelSent);
}

QTEST_GUILESS_MAIN(tst_SessionRunner)
#include "tst_sessionrunner.moc"
