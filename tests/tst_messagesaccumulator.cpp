// MessagesStreamAccumulator and MessagesResponseParser: Anthropic Messages events and bodies
// into a Turn, event by event and through the SSE parser with the bytes cut anywhere.

#include "api/messages/messagesresponseparser.h"
#include "api/messages/messagesstreamaccumulator.h"
#include "net/sseparser.h"
#include "turntranscripts.h"

#include <QJsonDocument>
#include <QTest>

using mantle::Error;
using namespace mantle::api;
using mantle::api::messages::MessagesResponseParser;
using mantle::api::messages::MessagesStreamAccumulator;

namespace {

StreamAccumulator::Changes add(StreamAccumulator &accumulator, QByteArrayView data,
                               QByteArrayView type = {})
{
    return accumulator.addEvent(mantle::net::SseEventView{type, data, {}});
}

const QByteArray kMessageStart = QByteArrayLiteral(
    R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",)"
    R"("model":"anthropic.claude-haiku-4-5","content":[],"stop_reason":null,)"
    R"("stop_sequence":null,"usage":{"input_tokens":20,"cache_read_input_tokens":4,)"
    R"("cache_creation_input_tokens":2,"output_tokens":1}}})");
const QByteArray kMessageStop = QByteArrayLiteral(R"({"type":"message_stop"})");

QByteArray blockStart(int index, QByteArrayView block)
{
    return QByteArrayLiteral(R"({"type":"content_block_start","index":)")
        + QByteArray::number(index) + R"(,"content_block":)" + block.toByteArray() + "}";
}

QByteArray blockDelta(int index, QByteArrayView delta)
{
    return QByteArrayLiteral(R"({"type":"content_block_delta","index":)")
        + QByteArray::number(index) + R"(,"delta":)" + delta.toByteArray() + "}";
}

QByteArray blockStop(int index)
{
    return QByteArrayLiteral(R"({"type":"content_block_stop","index":)") + QByteArray::number(index)
        + "}";
}

QString json(const Turn &turn)
{
    return QString::fromUtf8(QJsonDocument(turn.toReplayJson()).toJson(QJsonDocument::Compact));
}

} // namespace

class TestMessagesAccumulator : public QObject
{
    Q_OBJECT

private slots:
    void readsTextThinkingIdAndModel();
    void ignoresSignaturesAndRedactedThinking();
    void concatenatesToolInputFragments();
    void givesEmptyObjectArgumentsToAToolCallThatStreamedNone();
    void takesTheStartInputOfAToolCallThatStreamedNone();
    void replacesOnlyTheUsageFieldsMessageDeltaCarries();
    void keepsTheStopReasonWhenTheStreamIsCutLater();
    void keepsTextWhenAnErrorEventComes();
    void readsNothingAfterMessageStop();
    void usesTheSseEventNameWhenTheDataHasNoType();
    void ignoresPingsUnknownEventsAndOddTypes();
    void skipsInvalidJsonAndKeepsThePartialTurn();
    void readsAMessageBody();
    void keepsTheKeyOrderOfToolInputInABody();
    void readsAnErrorEnvelopeBody();
    void rejectsABodyThatIsNotJson();
    void replaysTranscriptsCutAnywhere_data();
    void replaysTranscriptsCutAnywhere();
    void readsBodyTranscripts_data();
    void readsBodyTranscripts();
    void survivesCorruptedTranscripts_data();
    void survivesCorruptedTranscripts();
};

void TestMessagesAccumulator::readsTextThinkingIdAndModel()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator, blockStart(0, R"({"type":"thinking","thinking":"","signature":""})"));
    add(accumulator, blockDelta(0, R"({"type":"thinking_delta","thinking":"Think "})"));
    add(accumulator, blockDelta(0, R"({"type":"thinking_delta","thinking":"hard."})"));
    add(accumulator, blockStop(0));
    add(accumulator, blockStart(1, R"({"type":"text","text":""})"));
    add(accumulator, blockDelta(1, R"({"type":"text_delta","text":"Hello "})"));
    add(accumulator, blockDelta(1, R"({"type":"text_delta","text":"\u00e9t\u00e9 \ud83d\ude00"})"));
    add(accumulator, blockStop(1));
    add(accumulator,
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},)"
        R"("usage":{"output_tokens":15}})");
    add(accumulator, kMessageStop);
    QVERIFY(accumulator.isDone());
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("Hello été 😀"));
    QCOMPARE(turn.reasoning, QStringLiteral("Think hard."));
    QCOMPARE(turn.responseId, QStringLiteral("msg_1"));
    QCOMPARE(turn.model, QStringLiteral("anthropic.claude-haiku-4-5"));
    QCOMPARE(turn.stopReason, QStringLiteral("end_turn"));
    QVERIFY(!turn.error);
}

void TestMessagesAccumulator::ignoresSignaturesAndRedactedThinking()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator, blockStart(0, R"({"type":"thinking","thinking":""})"));
    add(accumulator, blockDelta(0, R"({"type":"signature_delta","signature":"EqQBCgIYAhIM"})"));
    add(accumulator, blockStop(0));
    add(accumulator, blockStart(1, R"({"type":"redacted_thinking","data":"EmwKAhgBEgy3va3p"})"));
    add(accumulator, blockStop(1));
    add(accumulator, blockStart(2, R"({"type":"text","text":""})"));
    add(accumulator, blockDelta(2, R"({"type":"text_delta","text":"visible"})"));
    add(accumulator, blockDelta(2, R"({"type":"citations_delta","citation":{"cited_text":"x"}})"));
    add(accumulator, kMessageStop);
    QCOMPARE(accumulator.turn().text, QStringLiteral("visible"));
    QVERIFY(accumulator.turn().reasoning.isEmpty());
}

void TestMessagesAccumulator::concatenatesToolInputFragments()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator,
        blockStart(0, R"({"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}})"));
    add(accumulator, blockDelta(0, R"({"type":"input_json_delta","partial_json":""})"));
    add(accumulator,
        blockDelta(0, R"({"type":"input_json_delta","partial_json":"{\"city\": \"Be"})"));
    add(accumulator, blockDelta(0, R"({"type":"input_json_delta","partial_json":"ngaluru\"}"})"));
    add(accumulator, blockStop(0));
    add(accumulator, kMessageStop);
    const QList<ToolCall> expected{{QStringLiteral("toolu_1"), QStringLiteral("get_weather"),
                                    QStringLiteral("{\"city\": \"Bengaluru\"}")}};
    QCOMPARE(accumulator.turn().toolCalls, expected);
}

void TestMessagesAccumulator::givesEmptyObjectArgumentsToAToolCallThatStreamedNone()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator,
        blockStart(0, R"({"type":"tool_use","id":"toolu_1","name":"now","input":{}})"));
    add(accumulator, blockDelta(0, R"({"type":"input_json_delta","partial_json":""})"));
    add(accumulator, blockStop(0));
    // A call cut before its block stops gets its arguments when the stream ends.
    add(accumulator,
        blockStart(1, R"({"type":"tool_use","id":"toolu_2","name":"later","input":{}})"));
    QVERIFY(!accumulator.finish());
    const QList<ToolCall> &calls = accumulator.turn().toolCalls;
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.at(0).arguments, QStringLiteral("{}"));
    QCOMPARE(calls.at(1).arguments, QStringLiteral("{}"));
}

void TestMessagesAccumulator::takesTheStartInputOfAToolCallThatStreamedNone()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator,
        blockStart(0,
                   R"({"type":"tool_use","id":"t","name":"n",)"
                   R"("input":{ "zeta" : 1, "alpha" : [true, null] }})"));
    add(accumulator, blockStop(0));
    QCOMPARE(accumulator.turn().toolCalls.at(0).arguments,
             QStringLiteral(R"({"zeta":1,"alpha":[true,null]})"));
}

void TestMessagesAccumulator::replacesOnlyTheUsageFieldsMessageDeltaCarries()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    QCOMPARE(accumulator.turn().usage->inputTokens, 20);
    add(accumulator,
        R"({"type":"message_delta","delta":{"stop_reason":"max_tokens"},)"
        R"("usage":{"output_tokens":64,"cache_read_input_tokens":null}})");
    add(accumulator, kMessageStop);
    const std::optional<Usage> usage = accumulator.turn().usage;
    QVERIFY(usage);
    QCOMPARE(usage->inputTokens, 20);
    QCOMPARE(usage->outputTokens, 64);
    QCOMPARE(usage->cachedInputTokens, std::optional<qint64>(4));
    QCOMPARE(usage->cacheCreationInputTokens, std::optional<qint64>(2));
    QCOMPARE(usage->raw.value(QLatin1String("output_tokens")).toInt(), 64);
}

void TestMessagesAccumulator::keepsTheStopReasonWhenTheStreamIsCutLater()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator, blockStart(0, R"({"type":"text","text":""})"));
    add(accumulator, blockDelta(0, R"({"type":"text_delta","text":"almost"})"));
    add(accumulator,
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}})");
    QVERIFY(!accumulator.finish());
    QCOMPARE(accumulator.turn().stopReason, QStringLiteral("end_turn"));
    QCOMPARE(accumulator.turn().error->type, QLatin1String(kIncompleteStreamError));
    QCOMPARE(accumulator.turn().text, QStringLiteral("almost"));
}

void TestMessagesAccumulator::keepsTextWhenAnErrorEventComes()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator, blockStart(0, R"({"type":"text","text":""})"));
    add(accumulator, blockDelta(0, R"({"type":"text_delta","text":"Partial answer"})"));
    const auto changes = add(
        accumulator,
        R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})", "error");
    QVERIFY(changes.testFlag(StreamAccumulator::Change::Error));
    QVERIFY(!accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("Partial answer"));
    QCOMPARE(turn.error->type, QStringLiteral("overloaded_error"));
    QCOMPARE(turn.error->message, QStringLiteral("Overloaded"));
    QVERIFY(turn.stopReason.isEmpty());
}

void TestMessagesAccumulator::readsNothingAfterMessageStop()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, blockDelta(0, R"({"type":"text_delta","text":"kept"})"));
    QCOMPARE(add(accumulator, kMessageStop),
             StreamAccumulator::Changes(StreamAccumulator::Change::Done));
    add(accumulator, blockDelta(0, R"({"type":"text_delta","text":" lost"})"));
    add(accumulator, R"({"type":"error","error":{"type":"api_error","message":"late"}})");
    QVERIFY(accumulator.finish());
    QCOMPARE(accumulator.turn().text, QStringLiteral("kept"));
    QVERIFY(!accumulator.turn().error);
}

void TestMessagesAccumulator::usesTheSseEventNameWhenTheDataHasNoType()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, R"({"index":0,"delta":{"type":"text_delta","text":"hi"}})",
        "content_block_delta");
    add(accumulator, "{}", "message_stop");
    QCOMPARE(accumulator.turn().text, QStringLiteral("hi"));
    QVERIFY(accumulator.finish());
}

void TestMessagesAccumulator::ignoresPingsUnknownEventsAndOddTypes()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator, R"({"type": "ping"})", "ping");
    add(accumulator,
        R"({"type":"future_event","index":0,"delta":{"type":"text_delta","text":"no"}})");
    add(accumulator,
        blockStart(
            0, R"({"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}})"));
    add(accumulator, blockDelta(0, R"({"type":"input_json_delta","partial_json":"{\"q\":1}"})"));
    add(accumulator, blockStart(1, R"({"type":"text","text":5})"));
    add(accumulator, blockDelta(1, R"({"type":"text_delta","text":["x"]})"));
    add(accumulator, blockDelta(1, R"({"type":"text_delta","text":"ok"})"));
    add(accumulator, R"({"type":"content_block_delta","index":"one","delta":"text"})");
    add(accumulator, R"({"type":"message_delta","delta":null,"usage":"none"})");
    add(accumulator, kMessageStop);
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("ok"));
    QVERIFY(turn.toolCalls.isEmpty());
    QVERIFY2(!turn.error, qPrintable(json(turn)));
    QCOMPARE(turn.usage->outputTokens, 1);
}

void TestMessagesAccumulator::skipsInvalidJsonAndKeepsThePartialTurn()
{
    MessagesStreamAccumulator accumulator;
    add(accumulator, kMessageStart);
    add(accumulator, blockDelta(0, R"({"type":"text_delta","text":"before"})"));
    QVERIFY(
        add(accumulator,
            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"})",
            "content_block_delta")
            .testFlag(StreamAccumulator::Change::Error));
    add(accumulator, blockDelta(0, R"({"type":"text_delta","text":" after"})"));
    add(accumulator, kMessageStop);
    QVERIFY(accumulator.finish());
    QCOMPARE(accumulator.turn().text, QStringLiteral("before after"));
    QCOMPARE(accumulator.turn().error->type, QLatin1String(kInvalidEventError));
}

void TestMessagesAccumulator::readsAMessageBody()
{
    const auto turn = MessagesResponseParser::parse(
        R"({"id":"msg_b","type":"message","role":"assistant","model":"m","content":[)"
        R"({"type":"thinking","thinking":"hm","signature":"s"},{"type":"redacted_thinking","data":"d"},)"
        R"({"type":"text","text":"Hi"},{"type":"text","text":" there"},)"
        R"({"type":"tool_use","id":"toolu_b","name":"f","input":{}}],)"
        R"("stop_reason":"tool_use","usage":{"input_tokens":7,"output_tokens":9}})");
    QVERIFY(turn);
    QCOMPARE(turn->text, QStringLiteral("Hi there"));
    QCOMPARE(turn->reasoning, QStringLiteral("hm"));
    QCOMPARE(turn->toolCalls.size(), 1);
    QCOMPARE(turn->toolCalls.at(0).arguments, QStringLiteral("{}"));
    QCOMPARE(turn->stopReason, QStringLiteral("tool_use"));
    QCOMPARE(turn->responseId, QStringLiteral("msg_b"));
    QCOMPARE(turn->usage->outputTokens, 9);
    QVERIFY(!turn->error);
}

void TestMessagesAccumulator::keepsTheKeyOrderOfToolInputInABody()
{
    const auto turn = MessagesResponseParser::parse(
        "{\"id\":\"m\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\","
        "\"input\":{\n  \"zeta\": \"a b\",\n  \"alpha\": {\"k\": [1, 2]}\n}}]}");
    QVERIFY(turn);
    QCOMPARE(turn->toolCalls.at(0).arguments,
             QStringLiteral(R"({"zeta":"a b","alpha":{"k":[1,2]}})"));
}

void TestMessagesAccumulator::readsAnErrorEnvelopeBody()
{
    const auto turn = MessagesResponseParser::parse(
        R"({"type":"error","error":{"type":"permission_error","message":"Not allowed."}})");
    QVERIFY(turn);
    QCOMPARE(turn->error->type, QStringLiteral("permission_error"));
    QCOMPARE(turn->error->message, QStringLiteral("Not allowed."));
}

void TestMessagesAccumulator::rejectsABodyThatIsNotJson()
{
    const auto turn = MessagesResponseParser::parse("Bad Gateway");
    QVERIFY(!turn);
    QCOMPARE(turn.error().kind, Error::Kind::Parse);
    QVERIFY(!MessagesResponseParser::parse(R"({"id":"m","content":[)"));
    QVERIFY(!MessagesResponseParser::parse(""));
}

void TestMessagesAccumulator::replaysTranscriptsCutAnywhere_data()
{
    mantle::test::addTranscriptRows(mantle::mantle::ApiSurface::Messages, true);
}

void TestMessagesAccumulator::replaysTranscriptsCutAnywhere()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const Turn whole = mantle::test::replayStream(mantle::mantle::ApiSurface::Messages, bytes);
    const QString mismatch = mantle::test::conventionMismatch(whole, expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    const QString cutMismatch
        = mantle::test::cutAnywhereMismatch(mantle::mantle::ApiSurface::Messages, bytes);
    QVERIFY2(cutMismatch.isEmpty(), qPrintable(cutMismatch));
}

void TestMessagesAccumulator::readsBodyTranscripts_data()
{
    mantle::test::addTranscriptRows(mantle::mantle::ApiSurface::Messages, false);
}

void TestMessagesAccumulator::readsBodyTranscripts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const auto turn = MessagesResponseParser::parse(bytes);
    QVERIFY2(turn, turn ? "" : qPrintable(turn.error().message));
    const QString mismatch = mantle::test::conventionMismatch(*turn, expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestMessagesAccumulator::survivesCorruptedTranscripts_data()
{
    replaysTranscriptsCutAnywhere_data();
}

void TestMessagesAccumulator::survivesCorruptedTranscripts()
{
    QFETCH(QByteArray, bytes);
    const QString mismatch
        = mantle::test::corruptionMismatch(mantle::mantle::ApiSurface::Messages, bytes, 300);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_GUILESS_MAIN(TestMessagesAccumulator)
#include "tst_messagesaccumulator.moc"
