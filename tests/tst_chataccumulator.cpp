// ChatStreamAccumulator and ChatResponseParser: Chat Completions chunks and bodies into a Turn,
// event by event and through the SSE parser with the bytes cut anywhere.

#include "api/chat/chatresponseparser.h"
#include "api/chat/chatstreamaccumulator.h"
#include "net/sseparser.h"
#include "turntranscripts.h"

#include <QJsonDocument>
#include <QTest>

using mantle::Error;
using namespace mantle::api;
using mantle::api::chat::ChatResponseParser;
using mantle::api::chat::ChatStreamAccumulator;

namespace {

StreamAccumulator::Changes add(StreamAccumulator &accumulator, QByteArrayView data,
                               QByteArrayView type = {})
{
    return accumulator.addEvent(mantle::net::SseEventView{type, data, {}});
}

/// A chunk of choice 0 with the given delta (JSON text) and finish_reason (JSON text).
QByteArray chunk(QByteArrayView delta, QByteArrayView finishReason = "null")
{
    return QByteArrayLiteral(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,)")
        + R"("model":"openai.gpt-oss-120b","choices":[{"index":0,"delta":)" + delta.toByteArray()
        + R"(,"finish_reason":)" + finishReason.toByteArray() + "}]}";
}

QString json(const Turn &turn)
{
    return QString::fromUtf8(QJsonDocument(turn.toReplayJson()).toJson(QJsonDocument::Compact));
}

} // namespace

class TestChatAccumulator : public QObject
{
    Q_OBJECT

private slots:
    void readsTextIdAndModel();
    void readsReasoningUnderEitherName();
    void mergesToolCallsByIndex();
    void ordersToolCallsByIndexNotArrival();
    void readsOnlyChoiceZero();
    void readsTheUsageOnlyChunk();
    void readsNothingAfterDone();
    void keepsTextWhenAChunkCarriesAnError();
    void reportsAStreamWithoutFinishReasonAsIncomplete();
    void finishIsIdempotent();
    void skipsInvalidJsonAndKeepsThePartialTurn_data();
    void skipsInvalidJsonAndKeepsThePartialTurn();
    void ignoresUnknownFieldsAndOddTypes();
    void keepsTheFirstError();
    void abortRecordsTheStreamError();
    void reportsWhatEachEventChanged();
    void readsACompletionBody();
    void readsAnErrorEnvelopeBody();
    void rejectsABodyThatIsNotJson();
    void replaysTranscriptsCutAnywhere_data();
    void replaysTranscriptsCutAnywhere();
    void readsBodyTranscripts_data();
    void readsBodyTranscripts();
    void survivesCorruptedTranscripts_data();
    void survivesCorruptedTranscripts();
};

void TestChatAccumulator::readsTextIdAndModel()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"role":"assistant","content":""})"));
    add(accumulator, chunk(R"({"content":"Hello, "})"));
    add(accumulator, chunk(R"({"content":"w\u00f6rld \"quoted\"\n"})"));
    add(accumulator, chunk("{}", R"("stop")"));
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("Hello, wörld \"quoted\"\n"));
    QCOMPARE(turn.responseId, QStringLiteral("chatcmpl-1"));
    QCOMPARE(turn.model, QStringLiteral("openai.gpt-oss-120b"));
    QCOMPARE(turn.stopReason, QStringLiteral("stop"));
    QVERIFY(turn.reasoning.isEmpty());
    QVERIFY(!turn.usage);
    QVERIFY(!turn.error);
}

void TestChatAccumulator::readsReasoningUnderEitherName()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"reasoning_content":"one "})"));
    add(accumulator, chunk(R"({"reasoning":"two "})"));
    // A server that sends the same text under both names: it counts once.
    add(accumulator, chunk(R"({"reasoning_content":"three","reasoning":"three"})"));
    add(accumulator, chunk(R"({"content":"answer"})", R"("stop")"));
    accumulator.finish();
    QCOMPARE(accumulator.turn().reasoning, QStringLiteral("one two three"));
    QCOMPARE(accumulator.turn().text, QStringLiteral("answer"));
}

void TestChatAccumulator::mergesToolCallsByIndex()
{
    ChatStreamAccumulator accumulator;
    add(accumulator,
        chunk(
            R"({"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":""}}]})"));
    add(accumulator, chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"x\""}}]})"));
    add(accumulator,
        chunk(
            R"({"tool_calls":[{"index":1,"id":"call_b","function":{"name":"g","arguments":"{}"}}]})"));
    add(accumulator, chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":": 1}"}}]})"));
    add(accumulator, chunk("{}", R"("tool_calls")"));
    QVERIFY(accumulator.finish());
    const QList<ToolCall> expected{
        {QStringLiteral("call_a"), QStringLiteral("f"), QStringLiteral("{\"x\": 1}")},
        {QStringLiteral("call_b"), QStringLiteral("g"), QStringLiteral("{}")}};
    QCOMPARE(accumulator.turn().toolCalls, expected);
    QCOMPARE(accumulator.turn().stopReason, QStringLiteral("tool_calls"));
}

void TestChatAccumulator::ordersToolCallsByIndexNotArrival()
{
    ChatStreamAccumulator accumulator;
    add(accumulator,
        chunk(
            R"({"tool_calls":[{"index":2,"id":"call_c","function":{"name":"h","arguments":"[2]"}}]})"));
    add(accumulator,
        chunk(
            R"({"tool_calls":[{"index":0,"id":"call_a","function":{"name":"f","arguments":"[0]"}}]})"));
    add(accumulator, chunk("{}", R"("tool_calls")"));
    accumulator.finish();
    const QList<ToolCall> &calls = accumulator.turn().toolCalls;
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.at(0).id, QStringLiteral("call_a"));
    QCOMPARE(calls.at(1).id, QStringLiteral("call_c"));
    QCOMPARE(calls.at(1).arguments, QStringLiteral("[2]"));
}

void TestChatAccumulator::readsOnlyChoiceZero()
{
    ChatStreamAccumulator accumulator;
    add(accumulator,
        R"({"id":"c","choices":[{"index":1,"delta":{"content":"other","tool_calls":[{"index":0,"id":"x","function":{"name":"n","arguments":"{}"}}]},"finish_reason":"length"},)"
        R"({"delta":{"content":"mine"},"index":0,"finish_reason":null}]})");
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("mine"));
    QVERIFY(turn.toolCalls.isEmpty());
    QVERIFY(turn.stopReason.isEmpty());
}

void TestChatAccumulator::readsTheUsageOnlyChunk()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"content":"hi"})", R"("stop")"));
    QVERIFY(!accumulator.turn().usage);
    add(accumulator,
        R"({"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":42,"completion_tokens":17,)"
        R"("total_tokens":59,"prompt_tokens_details":{"cached_tokens":32},)"
        R"("completion_tokens_details":{"reasoning_tokens":5}}})");
    add(accumulator, "[DONE]");
    QVERIFY(accumulator.isDone());
    QVERIFY(accumulator.finish());
    const std::optional<Usage> usage = accumulator.turn().usage;
    QVERIFY(usage);
    QCOMPARE(usage->inputTokens, 42);
    QCOMPARE(usage->outputTokens, 17);
    QCOMPARE(usage->cachedInputTokens, std::optional<qint64>(32));
    QCOMPARE(usage->reasoningTokens, std::optional<qint64>(5));
    QCOMPARE(usage->raw.value(QLatin1String("total_tokens")).toInt(), 59);
}

void TestChatAccumulator::readsNothingAfterDone()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"content":"kept"})", R"("stop")"));
    QCOMPARE(add(accumulator, " [DONE] "),
             StreamAccumulator::Changes(StreamAccumulator::Change::Done));
    QVERIFY(accumulator.isDone());
    QCOMPARE(add(accumulator, chunk(R"({"content":" lost"})")),
             StreamAccumulator::Changes(StreamAccumulator::Change::None));
    add(accumulator, "not json");
    add(accumulator, R"({"error":{"type":"server_error","message":"late"}})");
    QVERIFY(accumulator.finish());
    QCOMPARE(accumulator.turn().text, QStringLiteral("kept"));
    QVERIFY(!accumulator.turn().error);
}

void TestChatAccumulator::keepsTextWhenAChunkCarriesAnError()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"content":"partial"})"));
    add(accumulator,
        R"({"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}})",
        "error");
    QVERIFY(!accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("partial"));
    QVERIFY(turn.error);
    QCOMPARE(turn.error->type, QStringLiteral("server_error"));
    QCOMPARE(turn.error->message, QStringLiteral("The server had an error"));
}

void TestChatAccumulator::reportsAStreamWithoutFinishReasonAsIncomplete()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"content":"cut"})"));
    // [DONE] without a finish_reason still leaves the answer unfinished.
    add(accumulator, "[DONE]");
    QVERIFY(!accumulator.finish());
    QVERIFY(accumulator.turn().error);
    QCOMPARE(accumulator.turn().error->type, QLatin1String(kIncompleteStreamError));
    QVERIFY(!accumulator.turn().error->message.isEmpty());
    QCOMPARE(accumulator.turn().text, QStringLiteral("cut"));
}

void TestChatAccumulator::finishIsIdempotent()
{
    ChatStreamAccumulator accumulator;
    QVERIFY(!accumulator.finish());
    const Turn once = accumulator.turn();
    QVERIFY(!accumulator.finish());
    QCOMPARE(accumulator.turn(), once);
    QVERIFY(accumulator.isDone());
}

void TestChatAccumulator::skipsInvalidJsonAndKeepsThePartialTurn_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addRow("cut string") << QByteArrayLiteral(
        R"({"choices":[{"index":0,"delta":{"content":"x)");
    QTest::addRow("cut object") << QByteArrayLiteral(
        R"({"choices":[{"index":0,"delta":{"content":"x"})");
    QTest::addRow("missing colon") << QByteArrayLiteral(R"({"choices" [1]})");
    QTest::addRow("not an object") << QByteArrayLiteral("42");
    QTest::addRow("an array") << QByteArrayLiteral(R"([{"choices":[]}])");
    QTest::addRow("two documents") << QByteArrayLiteral(R"({"id":"a"}{"id":"b"})");
    QTest::addRow("plain text") << QByteArrayLiteral("upstream timed out");
    QTest::addRow("invalid utf-8")
        << QByteArrayLiteral("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\xff\xfe\"}}]}");
    QTest::addRow("nul byte") << QByteArray("{\"id\":\"a\0\"}", 11);
}

void TestChatAccumulator::skipsInvalidJsonAndKeepsThePartialTurn()
{
    QFETCH(QByteArray, data);
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"content":"before"})"));
    const auto changes = add(accumulator, data);
    QVERIFY(changes.testFlag(StreamAccumulator::Change::Error));
    add(accumulator, chunk(R"({"content":" after"})", R"("stop")"));
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("before after"));
    QVERIFY(turn.error);
    QCOMPARE(turn.error->type, QLatin1String(kInvalidEventError));
    QVERIFY(turn.error->message.contains(QLatin1String("JSON")));
}

void TestChatAccumulator::ignoresUnknownFieldsAndOddTypes()
{
    ChatStreamAccumulator accumulator;
    add(accumulator,
        R"({"id":"c","future":{"deep":[1,{"x":null}]},"choices":[{"index":0,)"
        R"("delta":{"content":"ok","audio":{"id":"a"},"refusal":null},"logprobs":null,)"
        R"("finish_reason":null,"extra":true}],"service_tier":"default"})");
    add(accumulator, R"({"id":"c","choices":[{"index":0,"delta":{"content":5,"reasoning":[1]}}]})");
    add(accumulator, R"({"id":"c","choices":{"index":0},"usage":"n/a","error":null})");
    add(accumulator, R"({"id":"c","choices":[{"index":"zero","delta":"text"}]})");
    add(accumulator, R"({"id":"c","choices":[{"index":0,"delta":{"tool_calls":{"index":0}}}]})");
    add(accumulator, R"({})");
    add(accumulator, "   ");
    add(accumulator, chunk("{}", R"("stop")"));
    QVERIFY(accumulator.finish());
    const Turn &turn = accumulator.turn();
    QCOMPARE(turn.text, QStringLiteral("ok"));
    QVERIFY2(!turn.error, qPrintable(json(turn)));
    QVERIFY(!turn.usage);
    QVERIFY(turn.toolCalls.isEmpty());
}

void TestChatAccumulator::keepsTheFirstError()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, R"({"error":{"type":"server_error","message":"first"}})");
    add(accumulator, R"({"error":{"code":"rate_limit_exceeded","message":"second"}})");
    QVERIFY(!accumulator.finish());
    QCOMPARE(accumulator.turn().error->message, QStringLiteral("first"));
}

void TestChatAccumulator::abortRecordsTheStreamError()
{
    ChatStreamAccumulator accumulator;
    add(accumulator, chunk(R"({"content":"so far"})"));
    accumulator.abort({QString::fromLatin1(kStreamError), QStringLiteral("line too long"), {}});
    QVERIFY(accumulator.isDone());
    add(accumulator, chunk(R"({"content":" more"})", R"("stop")"));
    QCOMPARE(accumulator.turn().text, QStringLiteral("so far"));
    QCOMPARE(accumulator.turn().error->type, QLatin1String(kStreamError));
}

void TestChatAccumulator::reportsWhatEachEventChanged()
{
    using Change = StreamAccumulator::Change;
    ChatStreamAccumulator accumulator;
    QVERIFY(add(accumulator, chunk(R"({"content":"a"})")).testFlag(Change::Text));
    QCOMPARE(add(accumulator, chunk(R"({"content":"b"})")),
             StreamAccumulator::Changes(Change::Text));
    QCOMPARE(add(accumulator, chunk(R"({"reasoning":"r"})")),
             StreamAccumulator::Changes(Change::Reasoning));
    QCOMPARE(
        add(accumulator, chunk(R"({"tool_calls":[{"index":0,"id":"c","function":{"name":"f"}}]})")),
        StreamAccumulator::Changes(Change::ToolCalls));
    QCOMPARE(add(accumulator, chunk("{}", R"("stop")")),
             StreamAccumulator::Changes(Change::Status));
    QCOMPARE(
        add(accumulator, R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}})"),
        StreamAccumulator::Changes(Change::Usage));
}

void TestChatAccumulator::readsACompletionBody()
{
    const auto turn = ChatResponseParser::parse(
        R"({"id":"chatcmpl-9","object":"chat.completion","model":"m","choices":[)"
        R"({"index":0,"message":{"role":"assistant","content":"Hi!","reasoning_content":"greet"},)"
        R"("finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}})");
    QVERIFY(turn);
    QCOMPARE(turn->text, QStringLiteral("Hi!"));
    QCOMPARE(turn->reasoning, QStringLiteral("greet"));
    QCOMPARE(turn->stopReason, QStringLiteral("stop"));
    QCOMPARE(turn->responseId, QStringLiteral("chatcmpl-9"));
    QCOMPARE(turn->model, QStringLiteral("m"));
    QCOMPARE(turn->usage->inputTokens, 3);
    QCOMPARE(turn->usage->outputTokens, 2);
    QVERIFY(!turn->error);
}

void TestChatAccumulator::readsAnErrorEnvelopeBody()
{
    const auto turn = ChatResponseParser::parse(
        R"({"error":{"code":"access_denied","message":"Berm is not enabled for this account",)"
        R"("param":null,"type":"permission_denied_error"}})");
    QVERIFY(turn);
    QVERIFY(turn->error);
    QCOMPARE(turn->error->type, QStringLiteral("permission_denied_error"));
    QCOMPARE(turn->error->code, QStringLiteral("access_denied"));
    QCOMPARE(turn->error->message, QStringLiteral("Berm is not enabled for this account"));

    const auto noType
        = ChatResponseParser::parse(R"({"error":{"message":"Invalid bearer token"}})");
    QVERIFY(noType);
    QCOMPARE(noType->error->type, QStringLiteral("error"));
}

void TestChatAccumulator::rejectsABodyThatIsNotJson()
{
    const auto html = ChatResponseParser::parse("<html><body>Captive portal</body></html>");
    QVERIFY(!html);
    QCOMPARE(html.error().kind, Error::Kind::Parse);
    QVERIFY(!html.error().message.contains(QLatin1String("Captive")));
    QVERIFY(!ChatResponseParser::parse("[1,2]"));
}

void TestChatAccumulator::replaysTranscriptsCutAnywhere_data()
{
    mantle::test::addTranscriptRows(mantle::mantle::ApiSurface::ChatCompletions, true);
}

void TestChatAccumulator::replaysTranscriptsCutAnywhere()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const Turn whole
        = mantle::test::replayStream(mantle::mantle::ApiSurface::ChatCompletions, bytes);
    const QString mismatch = mantle::test::conventionMismatch(whole, expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    const QString cutMismatch
        = mantle::test::cutAnywhereMismatch(mantle::mantle::ApiSurface::ChatCompletions, bytes);
    QVERIFY2(cutMismatch.isEmpty(), qPrintable(cutMismatch));
}

void TestChatAccumulator::readsBodyTranscripts_data()
{
    mantle::test::addTranscriptRows(mantle::mantle::ApiSurface::ChatCompletions, false);
}

void TestChatAccumulator::readsBodyTranscripts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const auto turn = ChatResponseParser::parse(bytes);
    QVERIFY2(turn, turn ? "" : qPrintable(turn.error().message));
    const QString mismatch = mantle::test::conventionMismatch(*turn, expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestChatAccumulator::survivesCorruptedTranscripts_data()
{
    replaysTranscriptsCutAnywhere_data();
}

void TestChatAccumulator::survivesCorruptedTranscripts()
{
    QFETCH(QByteArray, bytes);
    const QString mismatch
        = mantle::test::corruptionMismatch(mantle::mantle::ApiSurface::ChatCompletions, bytes, 300);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_GUILESS_MAIN(TestChatAccumulator)
#include "tst_chataccumulator.moc"
