// The emulator's stored Responses: previous_response_id chains that remember, store false,
// regions, delete, and the background lifecycle (one step per poll) with cancel.

#include "api/turn.h"
#include "common/clock.h"
#include "emulatorservicecalls.h"
#include "mantleservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mantle::test;
using mantle::ManualClock;
using mantle::api::Turn;
using mantle::emulator::MantleService;

class tst_EmulatorStore : public QObject
{
    Q_OBJECT

private slots:
    void remembersTheChainOfPreviousResponseId();
    void remembersTheHistorySentInMessages_data();
    void remembersTheHistorySentInMessages();
    void storeFalseResponsesAreNotRetrievable();
    void storedResponsesAreKeptPerRegion();
    void deleteRemovesAStoredResponse();
    void unknownPreviousResponseIdIsRefused();
    void backgroundResponsesProgressOnePollAtATime();
    void cancelStopsAQueuedOrRunningBackgroundResponse_data();
    void cancelStopsAQueuedOrRunningBackgroundResponse();
    void cancelRefusesWhatCannotBeCancelled();
};

// --- Stored responses ------------------------------------------------------------------------

void tst_EmulatorStore::remembersTheChainOfPreviousResponseId()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const EmulatorReply first = service.handle(post(
        "/v1/responses",
        responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("My name is Alex."))));
    QCOMPARE(first.status, 200);
    const QString firstId = object(first.body).value(QLatin1String("id")).toString();
    QVERIFY(kResponseId.match(firstId).hasMatch());

    // Without the chain the model does not know; with it, it does (streamed too).
    const QJsonObject question
        = responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("What is my name?"));
    const Turn alone = turnOf(Surface::Responses, service.handle(post("/v1/responses", question)));
    QVERIFY2(!alone.text.contains(QLatin1String("Alex")), qPrintable(alone.text));

    for (const bool stream : {false, true}) {
        QJsonObject chained = question;
        chained.insert(QStringLiteral("previous_response_id"), firstId);
        chained.insert(QStringLiteral("stream"), stream);
        const EmulatorReply reply = service.handle(post("/v1/responses", chained));
        const Turn turn = turnOf(Surface::Responses, reply);
        QVERIFY2(turn.text.contains(QLatin1String("Alex")), qPrintable(turn.text));
        QVERIFY(turn.usage->inputTokens > alone.usage->inputTokens);
        const QJsonObject response = reply.streamed
            ? events(reply).last().second.value(QLatin1String("response")).toObject()
            : object(reply.body);
        QCOMPARE(response.value(QLatin1String("previous_response_id")).toString(), firstId);

        // A third link still remembers what the first said.
        QJsonObject third = responsesBody(QStringLiteral("openai.gpt-oss-120b"),
                                          QStringLiteral("Do you remember my name?"));
        third.insert(QStringLiteral("previous_response_id"), turn.responseId);
        const Turn again = turnOf(Surface::Responses, service.handle(post("/v1/responses", third)));
        QVERIFY2(again.text.contains(QLatin1String("Alex")), qPrintable(again.text));
    }
}

void tst_EmulatorStore::remembersTheHistorySentInMessages_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    const QJsonArray history{userMessage(QStringLiteral("Hi, my name is Alex and I like tea.")),
                             QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                         {QStringLiteral("content"), QStringLiteral("Hello!")}},
                             userMessage(QStringLiteral("What is my name?"))};
    QJsonObject chat = chatBody(QStringLiteral("qwen.qwen3-32b"), QString());
    chat.insert(QStringLiteral("messages"), history);
    QTest::newRow("chat") << QByteArray("/v1/chat/completions") << chat;
    QJsonObject responses = responsesBody(QStringLiteral("openai.gpt-oss-20b"), QString());
    responses.insert(QStringLiteral("input"), history);
    QTest::newRow("responses input") << QByteArray("/v1/responses") << responses;
    QJsonObject messages = messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"), QString());
    messages.insert(QStringLiteral("messages"), history);
    QTest::newRow("messages") << QByteArray("/anthropic/v1/messages") << messages;
}

void tst_EmulatorStore::remembersTheHistorySentInMessages()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    const auto [whole, streamed] = bothWays(path, body);
    const Turn turn = turnOf(surfaceOf(path), whole);
    QCOMPARE(turnOf(surfaceOf(path), streamed), turn);
    QCOMPARE(turn.text, QStringLiteral("Your name is Alex."));
}

void tst_EmulatorStore::storeFalseResponsesAreNotRetrievable()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject body = responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("Hi"));
    const EmulatorReply stored = service.handle(post("/v1/responses", body));
    const QJsonObject storedResponse = object(stored.body);
    QCOMPARE(storedResponse.value(QLatin1String("store")).toBool(), true);
    const QString storedId = storedResponse.value(QLatin1String("id")).toString();
    const EmulatorReply got
        = service.handle(makeRequest("GET", "/v1/responses/" + storedId.toUtf8()));
    QCOMPARE(got.status, 200);
    QCOMPARE(object(got.body), storedResponse);

    body.insert(QStringLiteral("store"), false);
    for (const bool stream : {false, true}) {
        body.insert(QStringLiteral("stream"), stream);
        const EmulatorReply reply = service.handle(post("/v1/responses", body));
        QCOMPARE(reply.status, 200);
        const Turn turn = turnOf(Surface::Responses, reply);
        QVERIFY(!turn.text.isEmpty());
        const EmulatorReply missing
            = service.handle(makeRequest("GET", "/v1/responses/" + turn.responseId.toUtf8()));
        QCOMPARE(missing.status, 404);
        const QJsonObject error = object(missing.body).value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("message")).toString(),
                 QStringLiteral("Response with id '%1' not found.").arg(turn.responseId));
        QCOMPARE(error.value(QLatin1String("type")).toString(),
                 QStringLiteral("invalid_request_error"));
    }
    QCOMPARE(service.responses().size(), 1);
}

void tst_EmulatorStore::storedResponsesAreKeptPerRegion()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const EmulatorReply created = service.handle(post(
        "/openai/v1/responses",
        responsesBody(QStringLiteral("openai.gpt-5.4"), QStringLiteral("Hello")), "eu-west-1"));
    const QByteArray id = object(created.body).value(QLatin1String("id")).toString().toUtf8();
    QCOMPARE(
        service.handle(makeRequest("GET", "/openai/v1/responses/" + id, {}, "eu-west-1")).status,
        200);
    QCOMPARE(
        service.handle(makeRequest("GET", "/openai/v1/responses/" + id, {}, "us-east-1")).status,
        404);
    QJsonObject chained = responsesBody(QStringLiteral("openai.gpt-5.4"), QStringLiteral("Again"));
    chained.insert(QStringLiteral("previous_response_id"), QString::fromUtf8(id));
    QCOMPARE(service.handle(post("/openai/v1/responses", chained, "us-east-1")).status, 400);
    QCOMPARE(service.handle(post("/openai/v1/responses", chained, "eu-west-1")).status, 200);
}

void tst_EmulatorStore::deleteRemovesAStoredResponse()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const EmulatorReply created = service.handle(
        post("/v1/responses",
             responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("Hi"))));
    const QByteArray id = object(created.body).value(QLatin1String("id")).toString().toUtf8();
    const EmulatorReply deleted = service.handle(makeRequest("DELETE", "/v1/responses/" + id));
    QCOMPARE(deleted.status, 200);
    QCOMPARE(object(deleted.body),
             (QJsonObject{{QStringLiteral("id"), QString::fromUtf8(id)},
                          {QStringLiteral("object"), QStringLiteral("response.deleted")},
                          {QStringLiteral("deleted"), true}}));
    QCOMPARE(service.handle(makeRequest("GET", "/v1/responses/" + id)).status, 404);
    QCOMPARE(service.handle(makeRequest("DELETE", "/v1/responses/" + id)).status, 404);
}

void tst_EmulatorStore::unknownPreviousResponseIdIsRefused()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject body = responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("Hi"));
    body.insert(QStringLiteral("previous_response_id"), QStringLiteral("resp_missing"));
    const EmulatorReply reply = service.handle(post("/v1/responses", body));
    QCOMPARE(reply.status, 400);
    const QJsonObject error = object(reply.body).value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(),
             QStringLiteral("previous_response_not_found"));
    QCOMPARE(error.value(QLatin1String("message")).toString(),
             QStringLiteral("Previous response with id 'resp_missing' not found."));
}

namespace {

QJsonObject createBackground(MantleService &service)
{
    QJsonObject body = responsesBody(QStringLiteral("openai.gpt-oss-120b"),
                                     QStringLiteral("Write a long essay."));
    body.insert(QStringLiteral("background"), true);
    return object(service.handle(post("/v1/responses", body)).body);
}

QString statusOf(const EmulatorReply &reply)
{
    return object(reply.body).value(QLatin1String("status")).toString();
}

} // namespace

void tst_EmulatorStore::backgroundResponsesProgressOnePollAtATime()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const QJsonObject created = createBackground(service);
    QCOMPARE(created.value(QLatin1String("status")).toString(), QStringLiteral("queued"));
    QCOMPARE(created.value(QLatin1String("background")).toBool(), true);
    QVERIFY(created.value(QLatin1String("output")).toArray().isEmpty());
    QVERIFY(created.value(QLatin1String("usage")).isNull());
    const QByteArray path
        = "/v1/responses/" + created.value(QLatin1String("id")).toString().toUtf8();

    QCOMPARE(statusOf(service.handle(makeRequest("GET", path))), QStringLiteral("in_progress"));
    const EmulatorReply done = service.handle(makeRequest("GET", path));
    QCOMPARE(statusOf(done), QStringLiteral("completed"));
    const Turn turn = turnOf(Surface::Responses, done);
    QVERIFY2(turn.text.contains(QLatin1String("Write a long essay.")), qPrintable(turn.text));
    QVERIFY(turn.usage && turn.usage->outputTokens > 0);
    // Finished is final.
    QCOMPARE(object(service.handle(makeRequest("GET", path)).body), object(done.body));

    // A streamed background response starts queued and runs to the end.
    QJsonObject body = responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("Hi"));
    body.insert(QStringLiteral("background"), true);
    body.insert(QStringLiteral("stream"), true);
    const EmulatorReply streamed = service.handle(post("/v1/responses", body));
    const auto all = events(streamed);
    QCOMPARE(all.at(0).first, QByteArray("response.created"));
    QCOMPARE(all.at(0)
                 .second.value(QLatin1String("response"))
                 .toObject()
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("queued"));
    QCOMPARE(all.at(1).first, QByteArray("response.queued"));
    QCOMPARE(all.at(2).first, QByteArray("response.in_progress"));
    QCOMPARE(turnOf(Surface::Responses, streamed).stopReason, QStringLiteral("completed"));

    // background needs store.
    body.insert(QStringLiteral("store"), false);
    QCOMPARE(service.handle(post("/v1/responses", body)).status, 400);
}

void tst_EmulatorStore::cancelStopsAQueuedOrRunningBackgroundResponse_data()
{
    QTest::addColumn<int>("polls");
    QTest::newRow("queued") << 0;
    QTest::newRow("in progress") << 1;
}

void tst_EmulatorStore::cancelStopsAQueuedOrRunningBackgroundResponse()
{
    QFETCH(int, polls);
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const QJsonObject created = createBackground(service);
    const QByteArray path
        = "/v1/responses/" + created.value(QLatin1String("id")).toString().toUtf8();
    for (int i = 0; i < polls; ++i)
        service.handle(makeRequest("GET", path));
    const EmulatorReply cancelled = service.handle(makeRequest("POST", path + "/cancel"));
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(statusOf(cancelled), QStringLiteral("cancelled"));
    QCOMPARE(object(cancelled.body).value(QLatin1String("id")), created.value(QLatin1String("id")));
    // It stays cancelled, and cancelling again answers the same.
    QCOMPARE(statusOf(service.handle(makeRequest("GET", path))), QStringLiteral("cancelled"));
    QCOMPARE(statusOf(service.handle(makeRequest("GET", path))), QStringLiteral("cancelled"));
    const EmulatorReply again = service.handle(makeRequest("POST", path + "/cancel"));
    QCOMPARE(again.status, 200);
    QCOMPARE(statusOf(again), QStringLiteral("cancelled"));
}

void tst_EmulatorStore::cancelRefusesWhatCannotBeCancelled()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const QJsonObject created = createBackground(service);
    const QByteArray path
        = "/v1/responses/" + created.value(QLatin1String("id")).toString().toUtf8();
    service.handle(makeRequest("GET", path));
    service.handle(makeRequest("GET", path));
    const EmulatorReply finished = service.handle(makeRequest("POST", path + "/cancel"));
    QCOMPARE(finished.status, 400);
    QCOMPARE(statusOf(service.handle(makeRequest("GET", path))), QStringLiteral("completed"));

    const EmulatorReply plain = service.handle(
        post("/v1/responses",
             responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("Hi"))));
    const QByteArray plainPath
        = "/v1/responses/" + object(plain.body).value(QLatin1String("id")).toString().toUtf8();
    const EmulatorReply synchronous = service.handle(makeRequest("POST", plainPath + "/cancel"));
    QCOMPARE(synchronous.status, 400);
    QCOMPARE(object(synchronous.body)
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString(),
             QStringLiteral("Cannot cancel a synchronous response."));

    QCOMPARE(service.handle(makeRequest("POST", "/v1/responses/resp_nope/cancel")).status, 404);
}

QTEST_GUILESS_MAIN(tst_EmulatorStore)
#include "tst_emulatorstore.moc"
