// The emulator's answers read back through our own engine (stream accumulators and body
// parsers): the same turn streamed and whole, reasoning, echoes, tool calls and structured output
// that satisfy their schemas (checked with valijson), answers that use tool results.

#include "api/turn.h"
#include "common/clock.h"
#include "emulatorservicecalls.h"
#include "mantleservice.h"
#include "schemainstancegenerator.h"
#include "simpletokenizer.h"
#include "turntranscripts.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace mantle::test;
using mantle::ManualClock;
using mantle::api::Turn;
using mantle::emulator::MantleService;
using mantle::emulator::SchemaInstanceGenerator;
using mantle::emulator::SimpleTokenizer;

class tst_EmulatorAnswers : public QObject
{
    Q_OBJECT

private slots:
    void streamedAndWholeAnswersGiveTheSameTurn_data();
    void streamedAndWholeAnswersGiveTheSameTurn();
    void streamsSurviveAnyCutting_data();
    void streamsSurviveAnyCutting();
    void reasonsWhenAskedOrAlways_data();
    void reasonsWhenAskedOrAlways();
    void echoesTheLastUserMessage_data();
    void echoesTheLastUserMessage();
    void toolCallsAndStructuredOutputSatisfyTheirSchema_data();
    void toolCallsAndStructuredOutputSatisfyTheirSchema();
    void fillsSchemaValuesFromThePrompt();
    void schemaCheckRefusesAWrongInstance();
    void callsSeveralToolsInParallelWhenSeveralAreNamed_data();
    void callsSeveralToolsInParallelWhenSeveralAreNamed();
    void answersWithTheToolResults_data();
    void answersWithTheToolResults();
    void acceptsWhatOurRequestBuildersSend_data();
    void acceptsWhatOurRequestBuildersSend();
};

// --- Answers through our own engine ----------------------------------------------------------

namespace {

/// A request row: the route and the body without `stream`.
void addAnswerRows()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<bool>("reasoning");
    QTest::addColumn<int>("toolCalls");
    QTest::addColumn<QString>("stopReason");

    const QString oss = QStringLiteral("openai.gpt-oss-120b");
    const QString qwen = QStringLiteral("qwen.qwen3-32b");
    const QString haiku = QStringLiteral("anthropic.claude-haiku-4-5");
    const QString weather = QStringLiteral("What is the weather in Paris?");
    const QString both = QStringLiteral("What is the weather and the time in Oslo?");
    const Surface chat = Surface::ChatCompletions;
    const Surface responses = Surface::Responses;
    const Surface messages = Surface::Messages;

    QTest::newRow("chat text") << QByteArray("/v1/chat/completions")
                               << chatBody(qwen, QStringLiteral("Tell me a joke.")) << false << 0
                               << QStringLiteral("stop");
    QJsonObject chatReasoning = chatBody(qwen, QStringLiteral("Why is the sky blue?"));
    chatReasoning.insert(QStringLiteral("reasoning_effort"), QStringLiteral("low"));
    QTest::newRow("chat reasoning on request")
        << QByteArray("/v1/chat/completions") << chatReasoning << true << 0
        << QStringLiteral("stop");
    QTest::newRow("chat gpt-oss always reasons")
        << QByteArray("/v1/chat/completions") << chatBody(oss, QStringLiteral("Hi!")) << true << 0
        << QStringLiteral("stop");
    QJsonObject chatTools = chatBody(QStringLiteral("openai.gpt-oss-20b"), both);
    chatTools.insert(QStringLiteral("tools"),
                     QJsonArray{tool(chat, QStringLiteral("get_weather"), weatherSchema()),
                                tool(chat, QStringLiteral("get_time"), timeSchema())});
    QTest::newRow("chat parallel tools") << QByteArray("/v1/chat/completions") << chatTools << true
                                         << 2 << QStringLiteral("tool_calls");
    QJsonObject chatSchema = chatBody(qwen, QStringLiteral("Name a city and its country."));
    chatSchema.insert(QStringLiteral("response_format"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                  {QStringLiteral("json_schema"),
                                   QJsonObject{{QStringLiteral("name"), QStringLiteral("city")},
                                               {QStringLiteral("schema"), weatherSchema()}}}});
    QTest::newRow("chat json schema")
        << QByteArray("/v1/chat/completions") << chatSchema << false << 0 << QStringLiteral("stop");
    QJsonObject chatLimit = chatBody(qwen, QStringLiteral("Please repeat all of this back."));
    chatLimit.insert(QStringLiteral("max_completion_tokens"), 4);
    QTest::newRow("chat length") << QByteArray("/v1/chat/completions") << chatLimit << false << 0
                                 << QStringLiteral("length");
    QJsonObject prefixChat = chatBody(QStringLiteral("openai.gpt-5.4"), QStringLiteral("Hello"));
    prefixChat.insert(QStringLiteral("reasoning_effort"), QStringLiteral("high"));
    QTest::newRow("chat prefix model") << QByteArray("/openai/v1/chat/completions") << prefixChat
                                       << true << 0 << QStringLiteral("stop");
    QTest::newRow("chat kimi thinking")
        << QByteArray("/v1/chat/completions")
        << chatBody(QStringLiteral("moonshotai.kimi-k2-thinking"), QStringLiteral("Hi")) << true
        << 0 << QStringLiteral("stop");

    QTest::newRow("responses text")
        << QByteArray("/v1/responses") << responsesBody(oss, QStringLiteral("Hello there")) << true
        << 0 << QStringLiteral("completed");
    QTest::newRow("responses prefix model without reasoning")
        << QByteArray("/openai/v1/responses")
        << responsesBody(QStringLiteral("openai.gpt-5.4"), QStringLiteral("Hello there")) << false
        << 0 << QStringLiteral("completed");
    QJsonObject responsesTools = responsesBody(oss, weather);
    responsesTools.insert(
        QStringLiteral("tools"),
        QJsonArray{tool(responses, QStringLiteral("get_weather"), weatherSchema())});
    QTest::newRow("responses tool call") << QByteArray("/v1/responses") << responsesTools << true
                                         << 1 << QStringLiteral("completed");
    QJsonObject responsesSchema = responsesBody(QStringLiteral("openai.gpt-5.4"),
                                                QStringLiteral("Weather for Rome, please."));
    responsesSchema.insert(
        QStringLiteral("text"),
        QJsonObject{{QStringLiteral("format"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                 {QStringLiteral("name"), QStringLiteral("weather")},
                                 {QStringLiteral("schema"), weatherSchema()}}}});
    responsesSchema.insert(QStringLiteral("reasoning"),
                           QJsonObject{{QStringLiteral("effort"), QStringLiteral("medium")}});
    QTest::newRow("responses json schema") << QByteArray("/openai/v1/responses") << responsesSchema
                                           << true << 0 << QStringLiteral("completed");
    QJsonObject responsesLimit = responsesBody(oss, QStringLiteral("Say something long."));
    responsesLimit.insert(QStringLiteral("max_output_tokens"), 5);
    QTest::newRow("responses incomplete") << QByteArray("/v1/responses") << responsesLimit << true
                                          << 0 << QStringLiteral("incomplete");
    QJsonObject responsesTextLimit = responsesBody(oss, QStringLiteral("Say something long."));
    responsesTextLimit.insert(QStringLiteral("max_output_tokens"), 24);
    QTest::newRow("responses incomplete in the text")
        << QByteArray("/v1/responses") << responsesTextLimit << true << 0
        << QStringLiteral("incomplete");

    QTest::newRow("messages text")
        << QByteArray("/anthropic/v1/messages") << messagesBody(haiku, QStringLiteral("Hi Claude"))
        << false << 0 << QStringLiteral("end_turn");
    QJsonObject enabled = messagesBody(QStringLiteral("anthropic.claude-opus-4-7"),
                                       QStringLiteral("Think about cats."));
    enabled.insert(QStringLiteral("thinking"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("enabled")},
                               {QStringLiteral("budget_tokens"), 1024}});
    QTest::newRow("messages thinking enabled") << QByteArray("/anthropic/v1/messages") << enabled
                                               << true << 0 << QStringLiteral("end_turn");
    QJsonObject adaptiveTools = messagesBody(haiku, both);
    adaptiveTools.insert(QStringLiteral("thinking"),
                         QJsonObject{{QStringLiteral("type"), QStringLiteral("adaptive")}});
    adaptiveTools.insert(QStringLiteral("tools"),
                         QJsonArray{tool(messages, QStringLiteral("get_weather"), weatherSchema()),
                                    tool(messages, QStringLiteral("get_time"), timeSchema())});
    QTest::newRow("messages adaptive thinking and parallel tools")
        << QByteArray("/anthropic/v1/messages") << adaptiveTools << true << 2
        << QStringLiteral("tool_use");
    QJsonObject forced = messagesBody(haiku, QStringLiteral("Name a city."));
    forced.insert(QStringLiteral("tools"),
                  QJsonArray{tool(messages, QStringLiteral("answer"), weatherSchema())});
    forced.insert(QStringLiteral("tool_choice"),
                  QJsonObject{{QStringLiteral("type"), QStringLiteral("tool")},
                              {QStringLiteral("name"), QStringLiteral("answer")}});
    QTest::newRow("messages forced tool") << QByteArray("/anthropic/v1/messages") << forced << false
                                          << 1 << QStringLiteral("tool_use");
    QJsonObject messagesSchema = messagesBody(haiku, QStringLiteral("Weather in Lima?"));
    messagesSchema.insert(
        QStringLiteral("output_config"),
        QJsonObject{{QStringLiteral("format"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                 {QStringLiteral("schema"), weatherSchema()}}}});
    QTest::newRow("messages output format")
        << QByteArray("/anthropic/v1/messages") << messagesSchema << false << 0
        << QStringLiteral("end_turn");
    QTest::newRow("messages max tokens")
        << QByteArray("/anthropic/v1/messages")
        << messagesBody(haiku, QStringLiteral("A long question for you"), 3) << false << 0
        << QStringLiteral("max_tokens");
    QJsonObject stopped = messagesBody(haiku, QStringLiteral("Count: one two three"));
    stopped.insert(QStringLiteral("stop_sequences"), QJsonArray{QStringLiteral("two")});
    QTest::newRow("messages stop sequence") << QByteArray("/anthropic/v1/messages") << stopped
                                            << false << 0 << QStringLiteral("stop_sequence");
}

} // namespace

void tst_EmulatorAnswers::streamedAndWholeAnswersGiveTheSameTurn_data()
{
    addAnswerRows();
}

void tst_EmulatorAnswers::streamedAndWholeAnswersGiveTheSameTurn()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    QFETCH(bool, reasoning);
    QFETCH(int, toolCalls);
    QFETCH(QString, stopReason);
    const Surface surface = surfaceOf(path);
    const auto [wholeReply, streamReply] = bothWays(path, body);
    QCOMPARE(wholeReply.status, 200);
    QCOMPARE(streamReply.status, 200);
    QVERIFY(!wholeReply.streamed);
    QVERIFY(streamReply.streamed);
    QCOMPARE(header(streamReply, "content-type"), QByteArray("text/event-stream"));
    for (const QByteArray &frame : streamReply.events)
        QVERIFY2(frame.endsWith("\n\n") && frame.count("\n\n") == 1, frame.constData());

    const Turn whole = turnOf(surface, wholeReply);
    const Turn streamed = turnOf(surface, streamReply);
    QVERIFY2(!whole.error, qPrintable(describe(whole)));
    QVERIFY2(!streamed.error, qPrintable(describe(streamed)));
    QVERIFY2(whole == streamed,
             qPrintable(
                 QStringLiteral("whole %1\nstreamed %2").arg(describe(whole), describe(streamed))));

    QCOMPARE(whole.stopReason, stopReason);
    QCOMPARE(!whole.reasoning.isEmpty(), reasoning);
    QCOMPARE(whole.toolCalls.size(), toolCalls);
    QVERIFY(!whole.responseId.isEmpty());
    QCOMPARE(whole.model, body.value(QLatin1String("model")).toString());
    if (toolCalls == 0 && stopReason != QLatin1String("incomplete")
        && stopReason != QLatin1String("max_tokens") && stopReason != QLatin1String("length"))
        QVERIFY(!whole.text.isEmpty());
    QVERIFY(whole.usage);
    QVERIFY(whole.usage->inputTokens > 0);
    QCOMPARE(whole.usage->outputTokens, outputTokensOf(whole));
    if (surface != Surface::Messages)
        QCOMPARE(whole.usage->reasoningTokens.value_or(-1),
                 SimpleTokenizer::count(whole.reasoning));

    const QString idPrefix = surface == Surface::ChatCompletions ? QStringLiteral("call_")
        : surface == Surface::Responses                          ? QStringLiteral("call_")
                                                                 : QStringLiteral("toolu_");
    for (const mantle::api::ToolCall &call : whole.toolCalls) {
        QVERIFY2(call.id.startsWith(idPrefix), qPrintable(call.id));
        bool ok = false;
        const QJsonValue arguments = parseJsonText(call.arguments, &ok);
        QVERIFY2(ok && arguments.isObject(), qPrintable(call.arguments));
        const QString violation = schemaViolation(toolSchemaIn(body, call.name), arguments);
        QVERIFY2(violation.isEmpty(), qPrintable(violation));
    }
    if (const std::optional<QJsonObject> schema = outputSchemaIn(body)) {
        bool ok = false;
        const QJsonValue answer = parseJsonText(whole.text, &ok);
        QVERIFY2(ok, qPrintable(whole.text));
        const QString violation = schemaViolation(*schema, answer);
        QVERIFY2(violation.isEmpty(), qPrintable(violation));
    }

    if (surface == Surface::Responses) {
        // The stream's final response is the object the whole answer returned.
        const auto all = events(streamReply);
        QCOMPARE(all.last().second.value(QLatin1String("response")).toObject(),
                 object(wholeReply.body));
        QVERIFY(kResponseId.match(whole.responseId).hasMatch());
        if (stopReason == QLatin1String("incomplete")) {
            QCOMPARE(object(wholeReply.body)
                         .value(QLatin1String("incomplete_details"))
                         .toObject()
                         .value(QLatin1String("reason"))
                         .toString(),
                     QStringLiteral("max_output_tokens"));
        }
    }
    if (surface == Surface::ChatCompletions)
        QVERIFY(whole.responseId.startsWith(QLatin1String("chatcmpl-")));
    if (surface == Surface::Messages)
        QVERIFY(whole.responseId.startsWith(QLatin1String("msg_")));
}

void tst_EmulatorAnswers::streamsSurviveAnyCutting_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    QJsonObject chat = chatBody(QStringLiteral("openai.gpt-oss-120b"),
                                QStringLiteral("Weather in Paris, café ☕?"));
    chat.insert(
        QStringLiteral("tools"),
        QJsonArray{tool(Surface::ChatCompletions, QStringLiteral("get_weather"), weatherSchema())});
    QTest::newRow("chat") << QByteArray("/v1/chat/completions") << chat;
    QTest::newRow("responses") << QByteArray("/v1/responses")
                               << responsesBody(QStringLiteral("openai.gpt-oss-20b"),
                                                QStringLiteral("Grüße 😀"));
    QJsonObject messages = messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"),
                                        QStringLiteral("What is the time?"));
    messages.insert(QStringLiteral("thinking"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("adaptive")}});
    messages.insert(QStringLiteral("tools"),
                    QJsonArray{tool(Surface::Messages, QStringLiteral("get_time"), timeSchema())});
    QTest::newRow("messages") << QByteArray("/anthropic/v1/messages") << messages;
}

void tst_EmulatorAnswers::streamsSurviveAnyCutting()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    const auto [whole, streamed] = bothWays(path, body);
    Q_UNUSED(whole);
    const QString mismatch
        = mantle::test::cutAnywhereMismatch(surfaceOf(path), streamBytes(streamed));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void tst_EmulatorAnswers::reasonsWhenAskedOrAlways_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<bool>("reasoning");
    const QString qwen = QStringLiteral("qwen.qwen3-32b");
    const auto with = [](QJsonObject body, const char *key, const QJsonValue &value) {
        body.insert(QLatin1String(key), value);
        return body;
    };
    const QJsonObject chat = chatBody(qwen, QStringLiteral("Hi"));
    QTest::newRow("chat, not asked") << QByteArray("/v1/chat/completions") << chat << false;
    QTest::newRow("chat, effort none")
        << QByteArray("/v1/chat/completions")
        << with(chat, "reasoning_effort", QStringLiteral("none")) << false;
    QTest::newRow("chat, effort low")
        << QByteArray("/v1/chat/completions")
        << with(chat, "reasoning_effort", QStringLiteral("low")) << true;
    QTest::newRow("chat, deepseek asked")
        << QByteArray("/v1/chat/completions")
        << with(chatBody(QStringLiteral("deepseek.v3.1"), QStringLiteral("Hi")), "reasoning_effort",
                QStringLiteral("medium"))
        << true;
    const QJsonObject responses
        = responsesBody(QStringLiteral("openai.gpt-5.4"), QStringLiteral("Hi"));
    QTest::newRow("responses, not asked")
        << QByteArray("/openai/v1/responses") << responses << false;
    QTest::newRow("responses, asked")
        << QByteArray("/openai/v1/responses")
        << with(responses, "reasoning",
                QJsonObject{{QStringLiteral("effort"), QStringLiteral("low")}})
        << true;
    QTest::newRow("responses, gpt-oss always")
        << QByteArray("/v1/responses")
        << responsesBody(QStringLiteral("openai.gpt-oss-20b"), QStringLiteral("Hi")) << true;
    const QJsonObject messages
        = messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"), QStringLiteral("Hi"));
    QTest::newRow("messages, not asked")
        << QByteArray("/anthropic/v1/messages") << messages << false;
    QTest::newRow("messages, disabled")
        << QByteArray("/anthropic/v1/messages")
        << with(messages, "thinking",
                QJsonObject{{QStringLiteral("type"), QStringLiteral("disabled")}})
        << false;
    QTest::newRow("messages, adaptive")
        << QByteArray("/anthropic/v1/messages")
        << with(messages, "thinking",
                QJsonObject{{QStringLiteral("type"), QStringLiteral("adaptive")}})
        << true;
}

void tst_EmulatorAnswers::reasonsWhenAskedOrAlways()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    QFETCH(bool, reasoning);
    const auto [whole, streamed] = bothWays(path, body);
    const Surface surface = surfaceOf(path);
    QCOMPARE(!turnOf(surface, whole).reasoning.isEmpty(), reasoning);
    QCOMPARE(!turnOf(surface, streamed).reasoning.isEmpty(), reasoning);
    // Each surface carries reasoning in its own place.
    if (reasoning && surface == Surface::ChatCompletions) {
        const QJsonObject message = object(whole.body)
                                        .value(QLatin1String("choices"))
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(QLatin1String("message"))
                                        .toObject();
        QVERIFY(!message.value(QLatin1String("reasoning_content")).toString().isEmpty());
        QVERIFY(streamBytes(streamed).contains("\"reasoning_content\":"));
    }
    if (reasoning && surface == Surface::Responses) {
        const QJsonObject item
            = object(whole.body).value(QLatin1String("output")).toArray().first().toObject();
        QCOMPARE(item.value(QLatin1String("type")).toString(), QStringLiteral("reasoning"));
        QVERIFY(item.value(QLatin1String("id")).toString().startsWith(QLatin1String("rs_")));
        QCOMPARE(item.value(QLatin1String("content"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("type"))
                     .toString(),
                 QStringLiteral("reasoning_text"));
        QVERIFY(streamBytes(streamed).contains("event: response.reasoning_text.delta\n"));
        QVERIFY(streamBytes(streamed).contains("event: response.reasoning_text.done\n"));
    }
    if (reasoning && surface == Surface::Messages) {
        const QJsonObject block
            = object(whole.body).value(QLatin1String("content")).toArray().first().toObject();
        QCOMPARE(block.value(QLatin1String("type")).toString(), QStringLiteral("thinking"));
        QVERIFY(!block.value(QLatin1String("signature")).toString().isEmpty());
        QVERIFY(streamBytes(streamed).contains("\"type\":\"signature_delta\""));
    }
}

void tst_EmulatorAnswers::echoesTheLastUserMessage_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    const QString prompt = QStringLiteral("Where do penguins live?");
    QJsonObject chat = chatBody(QStringLiteral("qwen.qwen3-32b"), QStringLiteral("Earlier words"));
    QJsonArray messages = chat.value(QLatin1String("messages")).toArray();
    messages.prepend(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                 {QStringLiteral("content"), QStringLiteral("Be nice.")}});
    messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                {QStringLiteral("content"), QStringLiteral("OK")}});
    messages.append(
        QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                    {QStringLiteral("content"),
                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                            {QStringLiteral("text"), prompt}}}}});
    chat.insert(QStringLiteral("messages"), messages);
    QTest::newRow("chat with parts") << QByteArray("/v1/chat/completions") << chat;
    QJsonObject responses = responsesBody(QStringLiteral("openai.gpt-oss-120b"), QString());
    responses.insert(
        QStringLiteral("input"),
        QJsonArray{QJsonObject{
            {QStringLiteral("role"), QStringLiteral("user")},
            {QStringLiteral("content"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")},
                                    {QStringLiteral("text"), prompt}}}}}});
    QTest::newRow("responses with input_text") << QByteArray("/v1/responses") << responses;
    QJsonObject anthropic = messagesBody(QStringLiteral("anthropic.claude-opus-4-7"), prompt);
    anthropic.insert(QStringLiteral("system"),
                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                            {QStringLiteral("text"), QStringLiteral("Be nice.")}}});
    QTest::newRow("messages") << QByteArray("/anthropic/v1/messages") << anthropic;
}

void tst_EmulatorAnswers::echoesTheLastUserMessage()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    const auto [whole, streamed] = bothWays(path, body);
    const Turn turn = turnOf(surfaceOf(path), whole);
    QVERIFY2(turn.text.contains(QLatin1String("\"Where do penguins live?\"")),
             qPrintable(turn.text));
    QVERIFY(!turn.text.contains(QLatin1String("Earlier words")));
    // Streamed in small deltas: about one word each.
    int deltas = 0;
    for (const auto &[name, data] : events(streamed)) {
        QString piece;
        if (name == "response.output_text.delta")
            piece = data.value(QLatin1String("delta")).toString();
        else if (name == "content_block_delta")
            piece = data.value(QLatin1String("delta"))
                        .toObject()
                        .value(QLatin1String("text"))
                        .toString();
        else if (name.isEmpty())
            piece = data.value(QLatin1String("choices"))
                        .toArray()
                        .first()
                        .toObject()
                        .value(QLatin1String("delta"))
                        .toObject()
                        .value(QLatin1String("content"))
                        .toString();
        if (piece.isEmpty())
            continue;
        ++deltas;
        QVERIFY2(piece.trimmed().count(QLatin1Char(' ')) == 0, qPrintable(piece));
    }
    QCOMPARE(deltas, int(turn.text.split(QLatin1Char(' ')).size()));
}

// --- Tools and schemas -----------------------------------------------------------------------

void tst_EmulatorAnswers::toolCallsAndStructuredOutputSatisfyTheirSchema_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::newRow("flat, closed, enum")
        << object(R"({"type":"object","properties":{"city":{"type":"string"},
            "days":{"type":"integer","minimum":1,"maximum":14},
            "units":{"type":"string","enum":["celsius","fahrenheit"]}},
            "required":["city","days","units"],"additionalProperties":false})");
    QTest::newRow("nested arrays with bounds")
        << object(R"({"type":"object","required":["items"],"properties":{"items":{"type":"array",
            "minItems":2,"maxItems":3,"items":{"type":"object","required":["name","price","tags"],
            "properties":{"name":{"type":"string","minLength":3,"maxLength":5},
            "price":{"type":"number","exclusiveMinimum":0,"maximum":100},
            "tags":{"type":"array","uniqueItems":true,"minItems":3,
                    "items":{"type":"string"}}}}}}})");
    QTest::newRow("$ref to $defs and definitions, recursive")
        << object(R"({"type":"object","required":["tree","home"],
            "properties":{"tree":{"$ref":"#/$defs/node"},"home":{"$ref":"#/definitions/address"}},
            "$defs":{"node":{"type":"object","required":["value","children"],
              "properties":{"value":{"type":"integer"},
                "children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}},
            "definitions":{"address":{"type":"object","additionalProperties":false,
              "required":["street","zip"],"properties":{"street":{"type":"string"},
              "zip":{"type":"string","pattern":"^[0-9]{5}$"}}}}})");
    QTest::newRow("allOf merged") << object(
        R"({"allOf":[{"type":"object","properties":{"a":{"type":"string"}},
            "required":["a"]},{"properties":{"b":{"type":"boolean"},
            "c":{"type":"number","minimum":5}},"required":["b","c"]}]})");
    QTest::newRow("anyOf and oneOf take a branch")
        << object(R"({"type":"object","required":["maybe","either","mixed"],"properties":{
            "maybe":{"anyOf":[{"type":"null"},{"type":"string","const":"x"}]},
            "either":{"oneOf":[{"type":"integer","minimum":10},{"type":"string"}]},
            "mixed":{"type":["null","integer"],"maximum":-3}}})");
    QTest::newRow("formats, multiples, exclusive bounds, const")
        << object(R"({"type":"object","additionalProperties":false,
            "required":["when","email","step","count","flag","nothing","code","kind","id"],
            "properties":{"when":{"type":"string","format":"date-time"},
            "email":{"type":"string","format":"email"},
            "step":{"type":"number","multipleOf":0.5,"minimum":2.2},
            "count":{"type":"integer","minimum":3,"exclusiveMaximum":5},
            "flag":{"type":"boolean"},"nothing":{"type":"null"},
            "code":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{3}$"},
            "kind":{"const":"fixed"},"id":{"type":"string","format":"uuid"}}})");
    QTest::newRow("additionalProperties schema and minProperties")
        << object(R"({"type":"object","additionalProperties":{"type":"integer","minimum":7},
            "minProperties":2})");
    QTest::newRow("tuple items") << object(
        R"({"type":"object","required":["point"],"properties":{"point":{"type":"array",
            "items":[{"type":"number"},{"type":"string","enum":["north","south"]}],
            "additionalItems":false,"minItems":2}}})");
    QTest::newRow("no properties at all") << object(R"({"type":"object"})");
}

void tst_EmulatorAnswers::toolCallsAndStructuredOutputSatisfyTheirSchema()
{
    QFETCH(QJsonObject, schema);
    const QString prompt = QStringLiteral("Plan a trip to Lisbon for 4 days, please.");
    struct Case
    {
        QByteArray path;
        QJsonObject body;
        bool tool;
    };
    QList<Case> cases;
    QJsonObject chatTool = chatBody(QStringLiteral("qwen.qwen3-32b"), prompt);
    chatTool.insert(QStringLiteral("tools"),
                    QJsonArray{tool(Surface::ChatCompletions, QStringLiteral("plan"), schema)});
    chatTool.insert(QStringLiteral("tool_choice"), QStringLiteral("required"));
    cases.append({"/v1/chat/completions", chatTool, true});
    QJsonObject chatFormat = chatBody(QStringLiteral("deepseek.v3.1"), prompt);
    chatFormat.insert(QStringLiteral("response_format"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                  {QStringLiteral("json_schema"),
                                   QJsonObject{{QStringLiteral("name"), QStringLiteral("plan")},
                                               {QStringLiteral("strict"), true},
                                               {QStringLiteral("schema"), schema}}}});
    cases.append({"/v1/chat/completions", chatFormat, false});
    QJsonObject responsesTool = responsesBody(QStringLiteral("openai.gpt-oss-120b"), prompt);
    responsesTool.insert(QStringLiteral("tools"),
                         QJsonArray{tool(Surface::Responses, QStringLiteral("plan"), schema)});
    responsesTool.insert(QStringLiteral("tool_choice"),
                         QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("name"), QStringLiteral("plan")}});
    cases.append({"/v1/responses", responsesTool, true});
    QJsonObject responsesFormat = responsesBody(QStringLiteral("openai.gpt-oss-20b"), prompt);
    responsesFormat.insert(
        QStringLiteral("text"),
        QJsonObject{{QStringLiteral("format"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                 {QStringLiteral("name"), QStringLiteral("plan")},
                                 {QStringLiteral("schema"), schema}}}});
    cases.append({"/v1/responses", responsesFormat, false});
    QJsonObject messagesTool = messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"), prompt);
    messagesTool.insert(QStringLiteral("tools"),
                        QJsonArray{tool(Surface::Messages, QStringLiteral("plan"), schema)});
    messagesTool.insert(QStringLiteral("tool_choice"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("any")}});
    cases.append({"/anthropic/v1/messages", messagesTool, true});
    QJsonObject messagesFormat = messagesBody(QStringLiteral("anthropic.claude-opus-4-7"), prompt);
    messagesFormat.insert(
        QStringLiteral("output_config"),
        QJsonObject{{QStringLiteral("format"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                 {QStringLiteral("schema"), schema}}}});
    cases.append({"/anthropic/v1/messages", messagesFormat, false});

    for (const Case &c : std::as_const(cases)) {
        const auto [whole, streamed] = bothWays(c.path, c.body);
        QCOMPARE(whole.status, 200);
        const Turn turn = turnOf(surfaceOf(c.path), whole);
        QCOMPARE(turnOf(surfaceOf(c.path), streamed), turn);
        QString text;
        if (c.tool) {
            QCOMPARE(turn.toolCalls.size(), 1);
            QCOMPARE(turn.toolCalls.first().name, QStringLiteral("plan"));
            text = turn.toolCalls.first().arguments;
        } else {
            QVERIFY(turn.toolCalls.isEmpty());
            text = turn.text;
        }
        bool ok = false;
        const QJsonValue instance = parseJsonText(text, &ok);
        QVERIFY2(ok, qPrintable(text));
        const QString violation = schemaViolation(schema, instance);
        QVERIFY2(
            violation.isEmpty(),
            qPrintable(
                QStringLiteral("%1 %2: %3").arg(QString::fromLatin1(c.path), text, violation)));
    }
#ifndef MANTLE_HAVE_VALIJSON
    QSKIP("valijson is not installed (Debian: libvalijson-dev): the schemas were not checked");
#endif
}

void tst_EmulatorAnswers::fillsSchemaValuesFromThePrompt()
{
    const QJsonObject schema = object(R"({"type":"object","properties":{
        "city":{"type":"string"},"country":{"type":"string"},"name":{"type":"string"},
        "nights":{"type":"integer"},"units":{"enum":["celsius","fahrenheit"]},
        "summary":{"type":"string"}}})");
    SchemaInstanceGenerator generator(
        schema,
        QStringLiteral("My name is Alex. Book 3 nights in Lisbon, Portugal in fahrenheit."));
    const QJsonObject value = generator.generate().toObject();
    QCOMPARE(value.value(QLatin1String("name")).toString(), QStringLiteral("Alex"));
    QCOMPARE(value.value(QLatin1String("city")).toString(), QStringLiteral("Lisbon"));
    QCOMPARE(value.value(QLatin1String("country")).toString(), QStringLiteral("Portugal"));
    QCOMPARE(value.value(QLatin1String("nights")).toInteger(), 3);
    QCOMPARE(value.value(QLatin1String("units")).toString(), QStringLiteral("fahrenheit"));
    // Prose gets an excerpt of the prompt, cut at a word end.
    const QString summary = value.value(QLatin1String("summary")).toString();
    QVERIFY2(summary.startsWith(QLatin1String("My name is Alex. Book 3 nights in Lisbon")),
             qPrintable(summary));
    QVERIFY(summary.size() <= 60);
}

void tst_EmulatorAnswers::schemaCheckRefusesAWrongInstance()
{
#ifndef MANTLE_HAVE_VALIJSON
    QSKIP("valijson is not installed (Debian: libvalijson-dev)");
#endif
    // The check the tests above rely on does catch what breaks a schema.
    const QJsonObject schema = weatherSchema();
    QVERIFY(schemaViolation(schema, object(R"({"city":"Paris","units":"celsius"})")).isEmpty());
    QVERIFY(!schemaViolation(schema, object(R"({"city":"Paris"})")).isEmpty());
    QVERIFY(!schemaViolation(schema, object(R"({"city":"Paris","units":"kelvin"})")).isEmpty());
    QVERIFY(!schemaViolation(schema, object(R"({"city":1,"units":"celsius"})")).isEmpty());
    QVERIFY(!schemaViolation(schema, object(R"({"city":"P","units":"celsius","x":1})")).isEmpty());
}

void tst_EmulatorAnswers::callsSeveralToolsInParallelWhenSeveralAreNamed_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QStringList>("calls");
    const QString prompt = QStringLiteral("What time is it, and what is the weather in Oslo?");
    const auto withTools = [&](Surface surface, QJsonObject body) {
        body.insert(QStringLiteral("tools"),
                    QJsonArray{tool(surface, QStringLiteral("get_weather"), weatherSchema()),
                               tool(surface, QStringLiteral("get_time"), timeSchema()),
                               tool(surface, QStringLiteral("send_email"), timeSchema())});
        return body;
    };
    const QStringList both{QStringLiteral("get_time"), QStringLiteral("get_weather")};
    const QJsonObject chat
        = withTools(Surface::ChatCompletions, chatBody(QStringLiteral("qwen.qwen3-32b"), prompt));
    QTest::newRow("chat") << QByteArray("/v1/chat/completions") << chat << both;
    QJsonObject serial = chat;
    serial.insert(QStringLiteral("parallel_tool_calls"), false);
    QTest::newRow("chat, parallel off")
        << QByteArray("/v1/chat/completions") << serial << QStringList{QStringLiteral("get_time")};
    QJsonObject none = chat;
    none.insert(QStringLiteral("tool_choice"), QStringLiteral("none"));
    QTest::newRow("chat, tool_choice none")
        << QByteArray("/v1/chat/completions") << none << QStringList();
    QTest::newRow("chat, not named")
        << QByteArray("/v1/chat/completions")
        << withTools(Surface::ChatCompletions,
                     chatBody(QStringLiteral("qwen.qwen3-32b"), QStringLiteral("Hello!")))
        << QStringList();
    QJsonObject required
        = withTools(Surface::ChatCompletions,
                    chatBody(QStringLiteral("qwen.qwen3-32b"), QStringLiteral("Hello!")));
    required.insert(QStringLiteral("tool_choice"), QStringLiteral("required"));
    QTest::newRow("chat, required and not named") << QByteArray("/v1/chat/completions") << required
                                                  << QStringList{QStringLiteral("get_weather")};
    QTest::newRow("responses") << QByteArray("/v1/responses")
                               << withTools(
                                      Surface::Responses,
                                      responsesBody(QStringLiteral("openai.gpt-oss-120b"), prompt))
                               << both;
    QJsonObject messages = withTools(
        Surface::Messages, messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"), prompt));
    QTest::newRow("messages") << QByteArray("/anthropic/v1/messages") << messages << both;
    messages.insert(QStringLiteral("tool_choice"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("auto")},
                                {QStringLiteral("disable_parallel_tool_use"), true}});
    QTest::newRow("messages, parallel disabled") << QByteArray("/anthropic/v1/messages") << messages
                                                 << QStringList{QStringLiteral("get_time")};
}

void tst_EmulatorAnswers::callsSeveralToolsInParallelWhenSeveralAreNamed()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    QFETCH(QStringList, calls);
    const auto [whole, streamed] = bothWays(path, body);
    const Turn turn = turnOf(surfaceOf(path), whole);
    QCOMPARE(turnOf(surfaceOf(path), streamed), turn);
    QStringList names;
    QSet<QString> ids;
    for (const mantle::api::ToolCall &call : turn.toolCalls) {
        names.append(call.name);
        ids.insert(call.id);
    }
    QCOMPARE(names, calls);
    QCOMPARE(ids.size(), calls.size());
    if (!calls.isEmpty() && names.contains(QLatin1String("get_weather"))) {
        const QJsonObject arguments = object(
            turn.toolCalls.at(names.indexOf(QLatin1String("get_weather"))).arguments.toUtf8());
        if (calls.size() == 2)
            QCOMPARE(arguments.value(QLatin1String("city")).toString(), QStringLiteral("Oslo"));
    }
}

void tst_EmulatorAnswers::answersWithTheToolResults_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    const QString result = QStringLiteral("{\"temp_c\":21,\"sky\":\"clear\"}");

    QJsonObject chat = chatBody(QStringLiteral("openai.gpt-oss-120b"),
                                QStringLiteral("What is the weather in Paris?"));
    QJsonArray chatMessages = chat.value(QLatin1String("messages")).toArray();
    chatMessages.append(object(R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1",
        "type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]})"));
    chatMessages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                                    {QStringLiteral("tool_call_id"), QStringLiteral("call_1")},
                                    {QStringLiteral("content"), result}});
    chat.insert(QStringLiteral("messages"), chatMessages);
    chat.insert(
        QStringLiteral("tools"),
        QJsonArray{tool(Surface::ChatCompletions, QStringLiteral("get_weather"), weatherSchema())});
    QTest::newRow("chat") << QByteArray("/v1/chat/completions") << chat;

    QJsonObject responses = responsesBody(QStringLiteral("openai.gpt-oss-120b"), QString());
    responses.insert(
        QStringLiteral("input"),
        QJsonArray{object(R"({"role":"user","content":"What is the weather in Paris?"})"),
                   object(R"({"type":"function_call","call_id":"call_1",
                                    "name":"get_weather","arguments":"{\"city\":\"Paris\"}"})"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                               {QStringLiteral("call_id"), QStringLiteral("call_1")},
                               {QStringLiteral("output"), result}}});
    responses.insert(
        QStringLiteral("tools"),
        QJsonArray{tool(Surface::Responses, QStringLiteral("get_weather"), weatherSchema())});
    QTest::newRow("responses") << QByteArray("/v1/responses") << responses;

    QJsonObject messages = messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"),
                                        QStringLiteral("What is the weather in Paris?"));
    QJsonArray anthropic = messages.value(QLatin1String("messages")).toArray();
    anthropic.append(object(R"({"role":"assistant","content":[{"type":"tool_use","id":"toolu_1",
        "name":"get_weather","input":{"city":"Paris"}}]})"));
    anthropic.append(QJsonObject{
        {QStringLiteral("role"), QStringLiteral("user")},
        {QStringLiteral("content"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_result")},
                                {QStringLiteral("tool_use_id"), QStringLiteral("toolu_1")},
                                {QStringLiteral("content"), result}},
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), QStringLiteral("Summarise, please.")}}}}});
    messages.insert(QStringLiteral("messages"), anthropic);
    messages.insert(
        QStringLiteral("tools"),
        QJsonArray{tool(Surface::Messages, QStringLiteral("get_weather"), weatherSchema())});
    QTest::newRow("messages") << QByteArray("/anthropic/v1/messages") << messages;
}

void tst_EmulatorAnswers::answersWithTheToolResults()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    const auto [whole, streamed] = bothWays(path, body);
    const Turn turn = turnOf(surfaceOf(path), whole);
    QCOMPARE(turnOf(surfaceOf(path), streamed), turn);
    QVERIFY(turn.toolCalls.isEmpty());
    QVERIFY2(turn.text.contains(QLatin1String("get_weather")), qPrintable(turn.text));
    QVERIFY2(turn.text.contains(QLatin1String("{\"temp_c\":21,\"sky\":\"clear\"}")),
             qPrintable(turn.text));
    QVERIFY(turn.stopReason == QLatin1String("stop")
            || turn.stopReason == QLatin1String("completed")
            || turn.stopReason == QLatin1String("end_turn"));
}

void tst_EmulatorAnswers::acceptsWhatOurRequestBuildersSend_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("model"); // the file's model where ours has none like it
    QTest::addColumn<QString>("expect"); // "text" or a tool name
    QTest::newRow("chat plain") << QStringLiteral("chat_plain.json")
                                << QStringLiteral("qwen.qwen3-32b") << QStringLiteral("text");
    QTest::newRow("chat reasoning")
        << QStringLiteral("chat_reasoning.json") << QString() << QStringLiteral("text");
    QTest::newRow("chat json schema")
        << QStringLiteral("chat_json_schema.json") << QString() << QStringLiteral("text");
    QTest::newRow("chat forced tool after its result")
        << QStringLiteral("chat_tools.json") << QString() << QStringLiteral("get_weather");
    QTest::newRow("responses required tool")
        << QStringLiteral("responses_tools.json") << QString() << QStringLiteral("get_weather");
    QTest::newRow("messages forced schema tool")
        << QStringLiteral("messages_json_schema.json") << QString() << QStringLiteral("city");
    QTest::newRow("messages thinking, tool results")
        << QStringLiteral("messages_thinking_tools.json")
        << QStringLiteral("anthropic.claude-opus-4-7") << QStringLiteral("text");
}

void tst_EmulatorAnswers::acceptsWhatOurRequestBuildersSend()
{
    QFETCH(QString, file);
    QFETCH(QString, model);
    QFETCH(QString, expect);
    QFile golden(QStringLiteral(MANTLE_TEST_DATA "/requests/") + file);
    QVERIFY(golden.open(QIODevice::ReadOnly));
    const QJsonObject recorded = object(golden.readAll());
    QJsonObject body = recorded.value(QLatin1String("body")).toObject();
    if (!model.isEmpty())
        body.insert(QStringLiteral("model"), model);
    const QString resource = recorded.value(QLatin1String("path")).toString();
    const QByteArray path
        = (resource.startsWith(QLatin1String("messages")) ? "/anthropic/v1/" : "/v1/")
        + resource.toUtf8();
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const EmulatorReply reply = service.handle(post(path, body));
    QVERIFY2(reply.status == 200, reply.body.constData());
    const Turn turn = turnOf(surfaceOf(path), reply);
    QVERIFY2(!turn.error, qPrintable(describe(turn)));
    if (expect == QLatin1String("text")) {
        QVERIFY(!turn.text.isEmpty());
        QVERIFY(turn.toolCalls.isEmpty());
    } else {
        QCOMPARE(turn.toolCalls.size(), 1);
        QCOMPARE(turn.toolCalls.first().name, expect);
    }
}

QTEST_GUILESS_MAIN(tst_EmulatorAnswers)
#include "tst_emulatoranswers.moc"
