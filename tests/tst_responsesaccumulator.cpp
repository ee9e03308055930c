// ResponsesStreamAccumulator and ResponsesResponseParser: Responses events and bodies into a
// Turn, event by event and through the SSE parser with the bytes cut anywhere.

#include "api/responses/responsesresponseparser.h"
#include "api/responses/responsesstreamaccumulator.h"
#include "net/sseparser.h"
#include "turntranscripts.h"

#include <QJsonDocument>
#include <QTest>

using mantle::Error;
using namespace mantle::api;
using mantle::api::responses::ResponsesResponseParser;
using mantle::api::responses::ResponsesStreamAccumulator;

namespace {

StreamAccumulator::Changes add(StreamAccumulator &accumulator, QByteArrayView data,
                               QByteArrayView type = {})
{
    return accumulator.addEvent(mantle::net::SseEventView{type, data, {}});
}

QByteArray lifecycle(QByteArrayView type, QByteArrayView status, QByteArrayView extra = {})
{
    return QByteArrayLiteral(R"({"type":")") + type.toByteArray()
        + R"(","response":{"id":"resp_1","object":"response","model":"openai.gpt-oss-120b",)"
        + R"("status":")" + status.toByteArray() + "\"" + extra.toByteArray() + "}}";
}

QByteArray textDelta(int outputIndex, QByteArrayView delta)
{
    return QByteArrayLiteral(R"({"type":"response.output_text.delta","item_id":"msg_)")
        + QByteArray::number(outputIndex) + R"(","output_index":)" + QByteArray::number(outputIndex)
        + R"(,"content_index":0,"delta":")" + delta.toByteArray() + "\"}";
}

QByteArray reasoningDelta(QByteArrayView kind, int outputIndex, QByteArrayView delta)
{
    return QByteArrayLiteral(R"({"type":"response.)") + kind.toByteArray()
        + R"(.delta","item_id":"rs_)" + QByteArray::number(outputIndex) + R"(","output_index":)"
        + QByteArray::number(outputIndex) + R"(,"delta":")" + delta.toByteArray() + "\"}";
}

QString json(const Turn &turn)
{
    return QString::fromUtf8(QJsonDocument(turn.toReplayJson()).toJson(QJsonDocument::Compact));
}

} // namespace

class TestResponsesAccumulator : public QObject
{
    Q_OBJECT

private slots:
    void readsTextIdModelStatusAndUsage();
    void takesDoneTextOnlyWhenNoDeltaStreamed();
    void readsFunctionCallsByCallId();
    void takesArgumentsFromDoneEventsWhenNoneStreamed();
    void prefersReasoningTextOverSummary();
    void showsTheSummaryOfAnItemWithoutReasoningText();
    void joinsReasoningOfSeveralItems();
    void reportsAFailedResponse();
    void reportsAFailedResponseWithoutReason();
    void namesAnErrorEventByItsCode();
    void readsAnIncompleteResponseAsEnded();
    void reportsAStreamCutBeforeItsTerminalEvent();
    void readsNothingAfterTheTerminalEvent();
    void usesTheSseEventNameWhenTheDataHasNoType();
    void ignoresUnknownEventsAndOddTypes();
    void skipsInvalidJsonAndKeepsThePartialTurn();
    void readsAResponseBody();
    void readsAFailedResponseBody();
    void readsAnErrorEnvelopeBody();
    void replaysTranscriptsCutAnywhere_data();
    void replaysTranscriptsCutAnywhere();
    void readsBodyTranscripts_data();
    void readsBodyTranscripts();
    void survivesCorruptedTranscripts_data();
    void survivesCorruptedTranscripts();
};

void TestResponsesAccumulator::readsTextIdModelStatusAndUsage()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, lifecycle("response.created", "in_progress"));
    QCOMPARE(accumulator.turn().stopReason, QStringLiteral("in_progress"));
    add(accumulator,
        R"({"type":"response.output_item.added","output_index":0,"item":{"id":"msg_0",)"
        R"("type":"message","status":"in_progress","role":"assistant","content":[]}})");
    add(accumulator, textDelta(0, "Your name "));
    add(accumulator, textDelta(0, "is Alex."));
    add(accumulator,
        lifecycle("response.completed", "completed",
                  R"(,"usage":{"input_tokens":31,"input_tokens_details":)"
                  R"({"cached_tokens":8},"output_tokens":6,"output_tokens_details":)"
                  R"({"reasoning_tokens":2},"total_tokens":37})"));
    QVERIFY(accumulator.isDone());
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("Your name is Alex."));
    QCOMPARE(turn.responseId, QStringLiteral("resp_1"));
    QCOMPARE(turn.model, QStringLiteral("openai.gpt-oss-120b"));
    QCOMPARE(turn.stopReason, QStringLiteral("completed"));
    QVERIFY(turn.usage);
    QCOMPARE(turn.usage->inputTokens, 31);
    QCOMPARE(turn.usage->outputTokens, 6);
    QCOMPARE(turn.usage->cachedInputTokens, std::optional<qint64>(8));
    QCOMPARE(turn.usage->reasoningTokens, std::optional<qint64>(2));
    QVERIFY(!turn.error);
}

void TestResponsesAccumulator::takesDoneTextOnlyWhenNoDeltaStreamed()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, textDelta(0, "streamed"));
    add(accumulator,
        R"({"type":"response.output_text.done","item_id":"msg_0","output_index":0,)"
        R"("content_index":0,"text":"streamed"})");
    // A second message whose text arrives only in its finished item.
    add(accumulator,
        R"({"type":"response.output_item.done","output_index":1,"item":{"id":"msg_1",)"
        R"("type":"message","content":[{"type":"output_text","text":" and whole"},)"
        R"({"type":"refusal","refusal":"no"}]}})");
    add(accumulator, lifecycle("response.completed", "completed"));
    QCOMPARE(accumulator.turn().text, QStringLiteral("streamed and whole"));
}

void TestResponsesAccumulator::readsFunctionCallsByCallId()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator,
        R"({"type":"response.output_item.added","output_index":0,"item":{)"
        R"("type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather",)"
        R"("arguments":"","status":"in_progress"}})");
    add(accumulator,
        R"({"type":"response.function_call_arguments.delta","item_id":"fc_1",)"
        R"("output_index":0,"delta":"{\"city\":"})");
    add(accumulator,
        R"({"type":"response.function_call_arguments.delta","item_id":"fc_1",)"
        R"("output_index":0,"delta":"\"Paris\"}"})");
    add(accumulator,
        R"({"type":"response.function_call_arguments.done","item_id":"fc_1",)"
        R"("output_index":0,"arguments":"{\"city\":\"Paris\"}"})");
    add(accumulator, lifecycle("response.completed", "completed"));
    const QList<ToolCall> expected{{QStringLiteral("call_1"), QStringLiteral("get_weather"),
                                    QStringLiteral("{\"city\":\"Paris\"}")}};
    QCOMPARE(accumulator.turn().toolCalls, expected);
}

void TestResponsesAccumulator::takesArgumentsFromDoneEventsWhenNoneStreamed()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator,
        R"({"type":"response.output_item.added","output_index":0,"item":{)"
        R"("type":"function_call","id":"fc_1","call_id":"call_1","name":"a"}})");
    add(accumulator,
        R"({"type":"response.function_call_arguments.done","item_id":"fc_1",)"
        R"("output_index":0,"arguments":"{\"from\":\"done\"}"})");
    add(accumulator,
        R"({"type":"response.output_item.done","output_index":1,"item":{)"
        R"("type":"function_call","id":"fc_2","call_id":"call_2","name":"b",)"
        R"("arguments":"{\"from\":\"item\"}"}})");
    add(accumulator, lifecycle("response.completed", "completed"));
    const QList<ToolCall> &calls = accumulator.turn().toolCalls;
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.at(0).arguments, QStringLiteral("{\"from\":\"done\"}"));
    QCOMPARE(calls.at(1).id, QStringLiteral("call_2"));
    QCOMPARE(calls.at(1).name, QStringLiteral("b"));
    QCOMPARE(calls.at(1).arguments, QStringLiteral("{\"from\":\"item\"}"));
}

void TestResponsesAccumulator::prefersReasoningTextOverSummary()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, reasoningDelta("reasoning_summary_text", 0, "summary"));
    QCOMPARE(accumulator.turn().reasoning, QStringLiteral("summary"));
    add(accumulator, reasoningDelta("reasoning_text", 0, "full "));
    QCOMPARE(accumulator.turn().reasoning, QStringLiteral("full "));
    add(accumulator, reasoningDelta("reasoning_summary_text", 0, " more summary"));
    add(accumulator, reasoningDelta("reasoning_text", 0, "text"));
    add(accumulator, textDelta(1, "answer"));
    add(accumulator, lifecycle("response.completed", "completed"));
    QCOMPARE(accumulator.turn().reasoning, QStringLiteral("full text"));
    QCOMPARE(accumulator.turn().text, QStringLiteral("answer"));
}

void TestResponsesAccumulator::showsTheSummaryOfAnItemWithoutReasoningText()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator,
        R"({"type":"response.output_item.added","output_index":0,"item":{)"
        R"("id":"rs_0","type":"reasoning","summary":[]}})");
    add(accumulator, reasoningDelta("reasoning_summary_text", 0, "**Plan** "));
    add(accumulator, reasoningDelta("reasoning_summary_text", 0, "add the numbers."));
    add(accumulator,
        R"({"type":"response.reasoning_summary_text.done","item_id":"rs_0",)"
        R"("output_index":0,"summary_index":0,"text":"**Plan** add the numbers."})");
    add(accumulator,
        R"({"type":"response.output_item.done","output_index":0,"item":{"id":"rs_0",)"
        R"("type":"reasoning","summary":[{"type":"summary_text","text":"**Plan** add )"
        R"(the numbers."}]}})");
    // An item with no deltas at all: its finished form gives the summary.
    add(accumulator,
        R"({"type":"response.output_item.done","output_index":1,"item":{"id":"rs_1",)"
        R"("type":"reasoning","summary":[{"type":"summary_text","text":" Then check."}]}})");
    add(accumulator, lifecycle("response.completed", "completed"));
    QCOMPARE(accumulator.turn().reasoning, QStringLiteral("**Plan** add the numbers. Then check."));
}

void TestResponsesAccumulator::joinsReasoningOfSeveralItems()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, reasoningDelta("reasoning_text", 0, "first."));
    add(accumulator, reasoningDelta("reasoning_summary_text", 2, " second summary."));
    // A late delta for the first item (interleaved items) lands in its place.
    add(accumulator, reasoningDelta("reasoning_text", 0, " more first."));
    add(accumulator, reasoningDelta("reasoning_text", 2, " second text."));
    add(accumulator, lifecycle("response.completed", "completed"));
    QCOMPARE(accumulator.turn().reasoning, QStringLiteral("first. more first. second text."));
}

void TestResponsesAccumulator::reportsAFailedResponse()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, lifecycle("response.created", "in_progress"));
    add(accumulator, textDelta(0, "Partial"));
    add(accumulator,
        lifecycle("response.failed", "failed",
                  R"(,"error":{"code":"server_error","message":"It broke."})"));
    QVERIFY(accumulator.isDone());
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.stopReason, QStringLiteral("failed"));
    QCOMPARE(turn.text, QStringLiteral("Partial"));
    QCOMPARE(turn.error->type, QStringLiteral("server_error"));
    QCOMPARE(turn.error->message, QStringLiteral("It broke."));
}

void TestResponsesAccumulator::reportsAFailedResponseWithoutReason()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, lifecycle("response.failed", "failed", R"(,"error":null)"));
    QVERIFY(accumulator.turn().error);
    QCOMPARE(accumulator.turn().error->type, QStringLiteral("response_failed"));
    QVERIFY(!accumulator.turn().error->message.isEmpty());
}

void TestResponsesAccumulator::namesAnErrorEventByItsCode()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, lifecycle("response.created", "in_progress"));
    add(accumulator, textDelta(0, "so far"));
    add(accumulator,
        R"({"type":"error","code":"rate_limit_exceeded","message":"Slow down.",)"
        R"("param":null,"sequence_number":4})",
        "error");
    QVERIFY(!accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.error->type, QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(turn.error->message, QStringLiteral("Slow down."));
    QCOMPARE(turn.stopReason, QStringLiteral("in_progress"));
    QCOMPARE(turn.text, QStringLiteral("so far"));

    ResponsesStreamAccumulator nested;
    add(nested,
        R"({"type":"error","error":{"type":"invalid_request_error","code":null,)"
        R"("message":"Bad input."}})");
    QCOMPARE(nested.turn().error->type, QStringLiteral("invalid_request_error"));
    QCOMPARE(nested.turn().error->message, QStringLiteral("Bad input."));
}

void TestResponsesAccumulator::readsAnIncompleteResponseAsEnded()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, textDelta(0, "cut by max_output_tokens"));
    add(accumulator,
        lifecycle("response.incomplete", "incomplete",
                  R"(,"incomplete_details":{"reason":"max_output_tokens"},)"
                  R"("usage":{"input_tokens":5,"output_tokens":16})"));
    QVERIFY(accumulator.finish());
    QCOMPARE(accumulator.turn().stopReason, QStringLiteral("incomplete"));
    QCOMPARE(accumulator.turn().usage->outputTokens, 16);
    QVERIFY(!accumulator.turn().error);
}

void TestResponsesAccumulator::reportsAStreamCutBeforeItsTerminalEvent()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, lifecycle("response.in_progress", "in_progress"));
    add(accumulator,
        R"({"type":"response.output_item.added","output_index":0,"item":{)"
        R"("type":"function_call","id":"fc_1","call_id":"call_1","name":"f",)"
        R"("arguments":"{\"partial\":"}})");
    QVERIFY(!accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.stopReason, QStringLiteral("in_progress"));
    QCOMPARE(turn.error->type, QLatin1String(kIncompleteStreamError));
    // What the item itself said is all there is of the arguments.
    QCOMPARE(turn.toolCalls.at(0).arguments, QStringLiteral("{\"partial\":"));
}

void TestResponsesAccumulator::readsNothingAfterTheTerminalEvent()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, textDelta(0, "kept"));
    add(accumulator, lifecycle("response.completed", "completed"));
    QCOMPARE(add(accumulator, textDelta(0, " lost")),
             StreamAccumulator::Changes(StreamAccumulator::Change::None));
    add(accumulator, R"({"type":"error","code":"late","message":"late"})");
    QCOMPARE(accumulator.turn().text, QStringLiteral("kept"));
    QVERIFY(!accumulator.turn().error);
}

void TestResponsesAccumulator::usesTheSseEventNameWhenTheDataHasNoType()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, R"({"output_index":0,"item_id":"m","delta":"typed by the event line"})",
        "response.output_text.delta");
    QCOMPARE(accumulator.turn().text, QStringLiteral("typed by the event line"));
}

void TestResponsesAccumulator::ignoresUnknownEventsAndOddTypes()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator,
        R"({"type":"response.future.delta","delta":{"nested":[1,2]},"output_index":0})");
    add(accumulator, R"({"type":"response.output_text.delta","output_index":"zero","delta":7})");
    add(accumulator, R"({"type":"response.content_part.added","part":{"type":"output_text"}})");
    add(accumulator, R"({"type":"response.refusal.delta","output_index":0,"delta":"no"})");
    add(accumulator,
        R"({"type":"response.output_item.added","output_index":3,"item":{)"
        R"("type":"web_search_call","id":"ws_1","status":"in_progress"}})");
    add(accumulator, R"({"type":"response.created","response":"not an object"})");
    add(accumulator, R"({"type":42})");
    add(accumulator, textDelta(0, "ok"));
    add(accumulator, lifecycle("response.completed", "completed", R"(,"usage":null,"error":null)"));
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("ok"));
    QVERIFY2(!turn.error, qPrintable(json(turn)));
    QVERIFY(turn.toolCalls.isEmpty());
    QVERIFY(turn.reasoning.isEmpty());
}

void TestResponsesAccumulator::skipsInvalidJsonAndKeepsThePartialTurn()
{
    ResponsesStreamAccumulator accumulator;
    add(accumulator, textDelta(0, "before"));
    const auto changes = add(accumulator, R"({"type":"response.output_text.delta","delta":"x)",
                             "response.output_text.delta");
    QVERIFY(changes.testFlag(StreamAccumulator::Change::Error));
    add(accumulator, textDelta(0, " after"));
    add(accumulator, lifecycle("response.completed", "completed"));
    QVERIFY(accumulator.finish());
    QCOMPARE(accumulator.turn().text, QStringLiteral("before after"));
    QCOMPARE(accumulator.turn().error->type, QLatin1String(kInvalidEventError));
    QVERIFY(
        accumulator.turn().error->message.contains(QLatin1String("response.output_text.delta")));
}

void TestResponsesAccumulator::readsAResponseBody()
{
    const auto turn = ResponsesResponseParser::parse(
        R"({"id":"resp_b","object":"response","status":"completed","model":"m","output":[)"
        R"({"type":"reasoning","id":"rs","content":[{"type":"reasoning_text","text":"think"}],)"
        R"("summary":[{"type":"summary_text","text":"sum"}]},)"
        R"({"type":"message","content":[{"type":"output_text","text":"A"},{"type":"output_text","text":"B"}]},)"
        R"({"type":"function_call","call_id":"call_9","name":"f","arguments":"{}"}],)"
        R"("usage":{"input_tokens":1,"output_tokens":2}})");
    QVERIFY(turn);
    QCOMPARE(turn->text, QStringLiteral("AB"));
    QCOMPARE(turn->reasoning, QStringLiteral("think"));
    QCOMPARE(turn->toolCalls.size(), 1);
    QCOMPARE(turn->toolCalls.at(0).id, QStringLiteral("call_9"));
    QCOMPARE(turn->stopReason, QStringLiteral("completed"));
    QCOMPARE(turn->usage->outputTokens, 2);
    QVERIFY(!turn->error);
}

void TestResponsesAccumulator::readsAFailedResponseBody()
{
    const auto turn = ResponsesResponseParser::parse(
        R"({"id":"resp_f","object":"response","status":"failed","output":[],)"
        R"("error":{"code":"server_error","message":"Boom."}})");
    QVERIFY(turn);
    QCOMPARE(turn->stopReason, QStringLiteral("failed"));
    QCOMPARE(turn->error->type, QStringLiteral("server_error"));
    QCOMPARE(turn->error->message, QStringLiteral("Boom."));
}

void TestResponsesAccumulator::readsAnErrorEnvelopeBody()
{
    const auto turn = ResponsesResponseParser::parse(
        R"({"error":{"code":"validation_error","message":"The model 'X' does not support )"
        R"(the '/v1/responses' API","param":null,"type":"invalid_request_error"}})");
    QVERIFY(turn);
    QCOMPARE(turn->error->type, QStringLiteral("invalid_request_error"));
    QCOMPARE(turn->error->code, QStringLiteral("validation_error"));
    QVERIFY(turn->responseId.isEmpty());
    QVERIFY(!ResponsesResponseParser::parse("{\"id\":"));
}

void TestResponsesAccumulator::replaysTranscriptsCutAnywhere_data()
{
    mantle::test::addTranscriptRows(mantle::mantle::ApiSurface::Responses, true);
}

void TestResponsesAccumulator::replaysTranscriptsCutAnywhere()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const Turn whole = mantle::test::replayStream(mantle::mantle::ApiSurface::Responses, bytes);
    const QString mismatch = mantle::test::conventionMismatch(whole, expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    const QString cutMismatch
        = mantle::test::cutAnywhereMismatch(mantle::mantle::ApiSurface::Responses, bytes);
    QVERIFY2(cutMismatch.isEmpty(), qPrintable(cutMismatch));
}

void TestResponsesAccumulator::readsBodyTranscripts_data()
{
    mantle::test::addTranscriptRows(mantle::mantle::ApiSurface::Responses, false);
}

void TestResponsesAccumulator::readsBodyTranscripts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const auto turn = ResponsesResponseParser::parse(bytes);
    QVERIFY2(turn, turn ? "" : qPrintable(turn.error().message));
    const QString mismatch = mantle::test::conventionMismatch(*turn, expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestResponsesAccumulator::survivesCorruptedTranscripts_data()
{
    replaysTranscriptsCutAnywhere_data();
}

void TestResponsesAccumulator::survivesCorruptedTranscripts()
{
    QFETCH(QByteArray, bytes);
    const QString mismatch
        = mantle::test::corruptionMismatch(mantle::mantle::ApiSurface::Responses, bytes, 300);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_GUILESS_MAIN(TestResponsesAccumulator)
#include "tst_responsesaccumulator.moc"
