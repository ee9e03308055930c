// The emulator's MantleService on the wire: routes, Mantle's errors in each route's envelope,
// output limits, usage and the exact shapes of each surface's stream.

#include "api/turn.h"
#include "common/clock.h"
#include "emulatorservicecalls.h"
#include "mantleservice.h"
#include "simpletokenizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mantle::test;
using mantle::ManualClock;
using mantle::api::Turn;
using mantle::emulator::MantleService;
using mantle::emulator::SimpleTokenizer;

class tst_EmulatorService : public QObject
{
    Q_OBJECT

private slots:
    void listsModelsInTheOpenAiShape_data();
    void listsModelsInTheOpenAiShape();
    void unknownPathsAre404InTheRouteEnvelope_data();
    void unknownPathsAre404InTheRouteEnvelope();
    void refusesModelsOnTheWrongRoute_data();
    void refusesModelsOnTheWrongRoute();
    void refusesBodiesThatDoNotDeserialize_data();
    void refusesBodiesThatDoNotDeserialize();
    void refusesPromptsAboveTheContextWindow();
    void makesTheWrongPrefixErrorOnDemand_data();
    void makesTheWrongPrefixErrorOnDemand();
    void honoursTheOutputLimit_data();
    void honoursTheOutputLimit();
    void countTokensAgreesWithMessagesInputTokens_data();
    void countTokensAgreesWithMessagesInputTokens();
    void chatIncludeUsageAddsAUsageOnlyChunk();
    void chatWithoutIncludeUsageSendsNoUsage();
    void responsesEventsAreNumberedFromZero();
    void messagesStreamFollowsTheEventOrder();
    void sameSeedAndClockGiveTheSameBytes();
};

// --- Routes and errors -----------------------------------------------------------------------

void tst_EmulatorService::listsModelsInTheOpenAiShape_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("/v1") << QByteArray("/v1/models");
    QTest::newRow("/openai/v1") << QByteArray("/openai/v1/models");
}

void tst_EmulatorService::listsModelsInTheOpenAiShape()
{
    QFETCH(QByteArray, path);
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const EmulatorReply reply = service.handle(makeRequest("GET", path));
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.streamed);
    QCOMPARE(header(reply, "content-type"), QByteArray("application/json"));
    const QJsonObject list = object(reply.body);
    QCOMPARE(list.keys(), (QStringList{QStringLiteral("data"), QStringLiteral("object")}));
    QCOMPARE(list.value(QLatin1String("object")).toString(), QStringLiteral("list"));
    QStringList ids;
    for (const QJsonValue &value : list.value(QLatin1String("data")).toArray()) {
        const QJsonObject model = value.toObject();
        // The list has no route or capability data (FACTS.md).
        QCOMPARE(
            model.keys(),
            (QStringList{QStringLiteral("created"), QStringLiteral("id"), QStringLiteral("object"),
                         QStringLiteral("owned_by"), QStringLiteral("status")}));
        QCOMPARE(model.value(QLatin1String("object")).toString(), QStringLiteral("model"));
        QCOMPARE(model.value(QLatin1String("status")).toString(), QStringLiteral("available"));
        QVERIFY(model.value(QLatin1String("created")).toDouble() > 1.6e9);
        QVERIFY(!model.value(QLatin1String("owned_by")).toString().isEmpty());
        ids.append(model.value(QLatin1String("id")).toString());
    }
    for (const char *id : {"openai.gpt-oss-120b", "openai.gpt-oss-20b", "openai.gpt-5.4",
                           "qwen.qwen3-32b", "deepseek.v3.1", "moonshotai.kimi-k2-thinking",
                           "anthropic.claude-haiku-4-5", "anthropic.claude-opus-4-7"}) {
        QVERIFY2(ids.contains(QLatin1String(id)), id);
    }
}

void tst_EmulatorService::unknownPathsAre404InTheRouteEnvelope_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("anthropic");
    QTest::newRow("unknown /v1 path")
        << QByteArray("POST") << QByteArray("/v1/embeddings") << false;
    QTest::newRow("wrong method") << QByteArray("GET") << QByteArray("/v1/chat/completions")
                                  << false;
    QTest::newRow("unknown prefix") << QByteArray("GET") << QByteArray("/v2/models") << false;
    QTest::newRow("root") << QByteArray("GET") << QByteArray("/") << false;
    QTest::newRow("responses sub-path")
        << QByteArray("GET") << QByteArray("/v1/responses/resp_x/input_items") << false;
    QTest::newRow("unknown anthropic path")
        << QByteArray("POST") << QByteArray("/anthropic/v1/complete") << true;
    QTest::newRow("anthropic models")
        << QByteArray("GET") << QByteArray("/anthropic/v1/models") << true;
    QTest::newRow("anthropic without version")
        << QByteArray("POST") << QByteArray("/anthropic/messages") << true;
}

void tst_EmulatorService::unknownPathsAre404InTheRouteEnvelope()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(bool, anthropic);
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const EmulatorReply reply = service.handle(makeRequest(method, path));
    QCOMPARE(reply.status, 404);
    const QJsonObject body = object(reply.body);
    if (anthropic) {
        QCOMPARE(body.value(QLatin1String("type")).toString(), QStringLiteral("error"));
        QCOMPARE(
            body.value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(),
            QStringLiteral("not_found_error"));
    } else {
        const QJsonObject error = body.value(QLatin1String("error")).toObject();
        QCOMPARE(error.keys(),
                 (QStringList{QStringLiteral("code"), QStringLiteral("message"),
                              QStringLiteral("param"), QStringLiteral("type")}));
        QCOMPARE(error.value(QLatin1String("message")).toString(),
                 QStringLiteral("Invalid URL (%1 %2)")
                     .arg(QString::fromLatin1(method), QString::fromLatin1(path)));
    }
}

void tst_EmulatorService::refusesModelsOnTheWrongRoute_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code"); // OpenAI envelope: code; Anthropic: empty
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");

    const QString berm = QStringLiteral("Berm is not enabled for this account");
    QTest::newRow("prefix model on /v1 chat")
        << QByteArray("/v1/chat/completions") << QStringLiteral("openai.gpt-5.4") << 401
        << QStringLiteral("access_denied") << QStringLiteral("permission_denied_error") << berm;
    QTest::newRow("prefix model on /v1 responses")
        << QByteArray("/v1/responses") << QStringLiteral("openai.gpt-5.4") << 401
        << QStringLiteral("access_denied") << QStringLiteral("permission_denied_error") << berm;
    QTest::newRow("/v1 model on /openai/v1")
        << QByteArray("/openai/v1/chat/completions") << QStringLiteral("openai.gpt-oss-120b") << 400
        << QStringLiteral("validation_error") << QStringLiteral("invalid_request_error")
        << QStringLiteral("model `openai.gpt-oss-120b` isn't supported on this route");
    QTest::newRow("/v1 model on /openai/v1 responses")
        << QByteArray("/openai/v1/responses") << QStringLiteral("openai.gpt-oss-20b") << 400
        << QStringLiteral("validation_error") << QStringLiteral("invalid_request_error")
        << QStringLiteral("model `openai.gpt-oss-20b` isn't supported on this route");
    QTest::newRow("unknown model")
        << QByteArray("/v1/chat/completions") << QStringLiteral("us.openai.gpt-oss-120b-v1:0")
        << 404 << QStringLiteral("not_found_error") << QStringLiteral("invalid_request_error")
        << QStringLiteral("The model 'us.openai.gpt-oss-120b-v1:0' does not exist");
    QTest::newRow("chat-only model on responses")
        << QByteArray("/v1/responses") << QStringLiteral("qwen.qwen3-32b") << 400
        << QStringLiteral("validation_error") << QStringLiteral("invalid_request_error")
        << QStringLiteral("The model 'qwen.qwen3-32b' does not support the '/v1/responses' API");
    QTest::newRow("claude on chat")
        << QByteArray("/v1/chat/completions") << QStringLiteral("anthropic.claude-haiku-4-5") << 400
        << QStringLiteral("validation_error") << QStringLiteral("invalid_request_error")
        << QStringLiteral("The model 'anthropic.claude-haiku-4-5' does not support the "
                          "'/v1/chat/completions' API");
    QTest::newRow("gpt-oss on messages")
        << QByteArray("/anthropic/v1/messages") << QStringLiteral("openai.gpt-oss-120b") << 400
        << QString() << QStringLiteral("invalid_request_error")
        << QStringLiteral("The model 'openai.gpt-oss-120b' does not support the '/v1/messages' "
                          "API");
    QTest::newRow("unknown model on messages")
        << QByteArray("/anthropic/v1/messages") << QStringLiteral("anthropic.claude-9") << 404
        << QString() << QStringLiteral("not_found_error")
        << QStringLiteral("The model 'anthropic.claude-9' does not exist");
    QTest::newRow("unknown model on count_tokens")
        << QByteArray("/anthropic/v1/messages/count_tokens") << QStringLiteral("anthropic.claude-9")
        << 404 << QString() << QStringLiteral("not_found_error")
        << QStringLiteral("The model 'anthropic.claude-9' does not exist");
}

void tst_EmulatorService::refusesModelsOnTheWrongRoute()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, model);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, type);
    QFETCH(QString, message);
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject body = path.endsWith("responses") ? responsesBody(model, QStringLiteral("Hi"))
        : path.startsWith("/anthropic")           ? messagesBody(model, QStringLiteral("Hi"))
                                                  : chatBody(model, QStringLiteral("Hi"));
    const EmulatorReply reply = service.handle(post(path, body));
    QCOMPARE(reply.status, status);
    QCOMPARE(header(reply, "content-type"), QByteArray("application/json"));
    const QJsonObject envelope = object(reply.body);
    if (path.startsWith("/anthropic")) {
        QCOMPARE(envelope.keys(), (QStringList{QStringLiteral("error"), QStringLiteral("type")}));
        QCOMPARE(envelope.value(QLatin1String("type")).toString(), QStringLiteral("error"));
        const QJsonObject error = envelope.value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("type")).toString(), type);
        QCOMPARE(error.value(QLatin1String("message")).toString(), message);
    } else {
        const QJsonObject error = envelope.value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("code")).toString(), code);
        QCOMPARE(error.value(QLatin1String("type")).toString(), type);
        QCOMPARE(error.value(QLatin1String("message")).toString(), message);
        QVERIFY(error.value(QLatin1String("param")).isNull());
    }
}

void tst_EmulatorService::refusesBodiesThatDoNotDeserialize_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail"); // what the message must say after the prefix

    QTest::newRow("not json") << QByteArray("/v1/chat/completions") << QByteArray("{\"model\": ")
                              << QStringLiteral("EOF while parsing");
    QTest::newRow("garbage") << QByteArray("/v1/responses") << QByteArray("model=x")
                             << QStringLiteral("expected value at line 1 column 1");
    QTest::newRow("empty body") << QByteArray("/v1/chat/completions") << QByteArray()
                                << QStringLiteral("EOF while parsing a value");
    QTest::newRow("array body") << QByteArray("/v1/chat/completions") << QByteArray("[]")
                                << QStringLiteral("invalid type: sequence");
    QTest::newRow("chat without model")
        << QByteArray("/v1/chat/completions") << QByteArray(R"({"messages":[]})")
        << QStringLiteral("missing field `model` at line 1 column 15");
    QTest::newRow("chat without messages")
        << QByteArray("/v1/chat/completions") << QByteArray(R"({"model":"qwen.qwen3-32b"})")
        << QStringLiteral("missing field `messages`");
    QTest::newRow("chat messages not a list")
        << QByteArray("/v1/chat/completions")
        << QByteArray(R"({"model":"qwen.qwen3-32b","messages":"hi"})")
        << QStringLiteral("messages: invalid type: string \"hi\", expected a sequence");
    QTest::newRow("chat unknown role")
        << QByteArray("/v1/chat/completions")
        << QByteArray(R"({"model":"qwen.qwen3-32b","messages":[{"role":"robot","content":"x"}]})")
        << QStringLiteral("unknown variant `robot`");
    QTest::newRow("chat max_tokens not a number")
        << QByteArray("/v1/chat/completions")
        << QByteArray(R"({"model":"qwen.qwen3-32b","messages":[],"max_tokens":"ten"})")
        << QStringLiteral("max_tokens: invalid type: string \"ten\"");
    QTest::newRow("responses without input")
        << QByteArray("/v1/responses") << QByteArray(R"({"model":"openai.gpt-oss-120b"})")
        << QStringLiteral("missing field `input`");
    QTest::newRow("responses model not a string")
        << QByteArray("/openai/v1/responses") << QByteArray(R"({"model":5,"input":"x"})")
        << QStringLiteral("model: invalid type: integer `5`, expected a string");
    QTest::newRow("messages without max_tokens")
        << QByteArray("/anthropic/v1/messages")
        << QByteArray(R"({"model":"anthropic.claude-haiku-4-5","messages":[]})")
        << QStringLiteral("missing field `max_tokens`");
    QTest::newRow("messages without messages")
        << QByteArray("/anthropic/v1/messages")
        << QByteArray(R"({"model":"anthropic.claude-haiku-4-5","max_tokens":5})")
        << QStringLiteral("missing field `messages`");
    QTest::newRow("count_tokens without model")
        << QByteArray("/anthropic/v1/messages/count_tokens") << QByteArray(R"({"messages":[]})")
        << QStringLiteral("missing field `model`");
    QTest::newRow("messages malformed") << QByteArray("/anthropic/v1/messages") << QByteArray("{,}")
                                        << QStringLiteral("at line 1 column");
}

void tst_EmulatorService::refusesBodiesThatDoNotDeserialize()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const EmulatorReply reply = service.handle(postRaw(path, body));
    QCOMPARE(reply.status, 400);
    const QJsonObject envelope = object(reply.body);
    QString message;
    if (path.startsWith("/anthropic")) {
        const QJsonObject error = envelope.value(QLatin1String("error")).toObject();
        QCOMPARE(envelope.value(QLatin1String("type")).toString(), QStringLiteral("error"));
        QCOMPARE(error.value(QLatin1String("type")).toString(),
                 QStringLiteral("invalid_request_error"));
        message = error.value(QLatin1String("message")).toString();
    } else {
        const QJsonObject error = envelope.value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("validation_error"));
        QCOMPARE(error.value(QLatin1String("type")).toString(),
                 QStringLiteral("invalid_request_error"));
        message = error.value(QLatin1String("message")).toString();
    }
    QVERIFY2(message.startsWith(
                 QLatin1String("Failed to deserialize the JSON body into the target type: ")),
             qPrintable(message));
    QVERIFY2(message.contains(detail), qPrintable(message));
}

void tst_EmulatorService::refusesPromptsAboveTheContextWindow()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    const QString prompt = QStringLiteral("word ").repeated(140000);
    const EmulatorReply chat = service.handle(
        post("/v1/chat/completions", chatBody(QStringLiteral("qwen.qwen3-32b"), prompt)));
    QCOMPARE(chat.status, 400);
    const QJsonObject error = object(chat.body).value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("validation_error"));
    // 140000 words, one token for the role.
    QCOMPARE(error.value(QLatin1String("message")).toString(),
             QStringLiteral("prompt tokens (140001) exceed model maximum (131072) for "
                            "qwen.qwen3-32b"));

    const QString longer = QStringLiteral("word ").repeated(210000);
    const EmulatorReply messages
        = service.handle(post("/anthropic/v1/messages",
                              messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"), longer)));
    QCOMPARE(messages.status, 400);
    QVERIFY(object(messages.body)
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .startsWith(QLatin1String("prompt is too long: 210001 tokens > 200000")));
}

void tst_EmulatorService::makesTheWrongPrefixErrorOnDemand_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("/v1") << QByteArray("/v1/chat/completions") << 401
                         << QStringLiteral("Berm is not enabled for this account");
    QTest::newRow("/openai/v1") << QByteArray("/openai/v1/responses") << 400
                                << QStringLiteral("model `openai.gpt-5.4` isn't supported on "
                                                  "this route");
}

void tst_EmulatorService::makesTheWrongPrefixErrorOnDemand()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    QFETCH(QString, message);
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    // The request itself is fine: the error is made because the fault asks for it.
    const EmulatorReply reply = service.wrongPrefixError(
        post(path, chatBody(QStringLiteral("openai.gpt-5.4"), QStringLiteral("Hi"))));
    QCOMPARE(reply.status, status);
    const QJsonObject error = object(reply.body).value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("message")).toString(), message);
    QCOMPARE(error.value(QLatin1String("code")).toString(),
             status == 401 ? QStringLiteral("access_denied") : QStringLiteral("validation_error"));
    QCOMPARE(service.responses().size(), 0);
}

// --- Limits, usage and wire shapes -----------------------------------------------------------

void tst_EmulatorService::honoursTheOutputLimit_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("limitField");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("stopReason");
    const QString prompt = QStringLiteral("Please tell me everything you know about the sea.");
    QTest::newRow("chat max_completion_tokens")
        << QByteArray("/v1/chat/completions") << QStringLiteral("max_completion_tokens")
        << chatBody(QStringLiteral("qwen.qwen3-32b"), prompt) << QStringLiteral("length");
    QTest::newRow("chat max_tokens")
        << QByteArray("/v1/chat/completions") << QStringLiteral("max_tokens")
        << chatBody(QStringLiteral("deepseek.v3.1"), prompt) << QStringLiteral("length");
    QTest::newRow("responses max_output_tokens")
        << QByteArray("/openai/v1/responses") << QStringLiteral("max_output_tokens")
        << responsesBody(QStringLiteral("openai.gpt-5.4"), prompt) << QStringLiteral("incomplete");
    QJsonObject messages = messagesBody(QStringLiteral("anthropic.claude-haiku-4-5"), prompt);
    QTest::newRow("messages max_tokens")
        << QByteArray("/anthropic/v1/messages") << QStringLiteral("max_tokens") << messages
        << QStringLiteral("max_tokens");
}

void tst_EmulatorService::honoursTheOutputLimit()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, limitField);
    QFETCH(QJsonObject, body);
    QFETCH(QString, stopReason);
    const Surface surface = surfaceOf(path);
    const auto [freeWhole, freeStream] = bothWays(path, body);
    Q_UNUSED(freeStream);
    const Turn unlimited = turnOf(surface, freeWhole);
    QVERIFY(unlimited.stopReason != stopReason);
    const qint64 full = unlimited.usage->outputTokens;
    QVERIFY(full > 6);

    body.insert(limitField, 6);
    const auto [whole, streamed] = bothWays(path, body);
    const Turn turn = turnOf(surface, whole);
    QCOMPARE(turnOf(surface, streamed), turn);
    QCOMPARE(turn.stopReason, stopReason);
    QCOMPARE(turn.usage->outputTokens, 6);
    QCOMPARE(SimpleTokenizer::count(turn.text), 6);
    QVERIFY2(unlimited.text.startsWith(turn.text),
             qPrintable(turn.text + QLatin1String(" / ") + unlimited.text));

    // A limit the answer fits in changes nothing.
    body.insert(limitField, full);
    QCOMPARE(turnOf(surface, bothWays(path, body).first).text, unlimited.text);
    QVERIFY(turnOf(surface, bothWays(path, body).first).stopReason != stopReason);

    body.insert(limitField, 0);
    QCOMPARE(bothWays(path, body).first.status, 400);
}

void tst_EmulatorService::countTokensAgreesWithMessagesInputTokens_data()
{
    QTest::addColumn<QJsonObject>("body");
    const QString haiku = QStringLiteral("anthropic.claude-haiku-4-5");
    QTest::newRow("one message") << messagesBody(haiku, QStringLiteral("How many tokens is this?"));
    QJsonObject rich = messagesBody(haiku, QStringLiteral("Weather in Rome?"));
    rich.insert(QStringLiteral("system"), QStringLiteral("You are terse, and kind."));
    rich.insert(
        QStringLiteral("tools"),
        QJsonArray{tool(Surface::Messages, QStringLiteral("get_weather"), weatherSchema())});
    rich.insert(QStringLiteral("thinking"),
                QJsonObject{{QStringLiteral("type"), QStringLiteral("adaptive")}});
    QTest::newRow("system, tools, thinking") << rich;
    QJsonObject results = rich;
    QJsonArray messages = results.value(QLatin1String("messages")).toArray();
    messages.append(object(R"({"role":"assistant","content":[{"type":"text","text":"Checking."},
        {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Rome"}}]})"));
    messages.append(object(R"({"role":"user","content":[{"type":"tool_result",
        "tool_use_id":"toolu_1","content":[{"type":"text","text":"24 C, sunny"}]}]})"));
    results.insert(QStringLiteral("messages"), messages);
    QTest::newRow("tool results") << results;
    QJsonObject format = messagesBody(haiku, QStringLiteral("A city, please."));
    format.insert(QStringLiteral("output_config"),
                  QJsonObject{{QStringLiteral("format"),
                               QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                           {QStringLiteral("schema"), weatherSchema()}}}});
    QTest::newRow("output format") << format;
}

void tst_EmulatorService::countTokensAgreesWithMessagesInputTokens()
{
    QFETCH(QJsonObject, body);
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject countBody = body;
    countBody.remove(QStringLiteral("max_tokens"));
    const EmulatorReply counted
        = service.handle(post("/anthropic/v1/messages/count_tokens", countBody));
    QCOMPARE(counted.status, 200);
    const QJsonObject count = object(counted.body);
    QCOMPARE(count.keys(), QStringList{QStringLiteral("input_tokens")});
    const qint64 inputTokens = count.value(QLatin1String("input_tokens")).toInteger();
    QVERIFY(inputTokens > 0);
    const auto [whole, streamed] = bothWays("/anthropic/v1/messages", body);
    QCOMPARE(turnOf(Surface::Messages, whole).usage->inputTokens, inputTokens);
    QCOMPARE(turnOf(Surface::Messages, streamed).usage->inputTokens, inputTokens);
}

void tst_EmulatorService::chatIncludeUsageAddsAUsageOnlyChunk()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject body = chatBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("Hi there"));
    body.insert(QStringLiteral("stream"), true);
    body.insert(QStringLiteral("stream_options"),
                QJsonObject{{QStringLiteral("include_usage"), true}});
    const EmulatorReply reply = service.handle(post("/v1/chat/completions", body));
    QCOMPARE(reply.events.last(), QByteArray("data: [DONE]\n\n"));
    const auto chunks = events(reply);
    QVERIFY(chunks.size() >= 4);
    const QJsonObject first = chunks.first().second;
    QCOMPARE(first.value(QLatin1String("object")).toString(),
             QStringLiteral("chat.completion.chunk"));
    const QJsonObject firstChoice
        = first.value(QLatin1String("choices")).toArray().first().toObject();
    QCOMPARE(firstChoice.value(QLatin1String("delta"))
                 .toObject()
                 .value(QLatin1String("role"))
                 .toString(),
             QStringLiteral("assistant"));
    QVERIFY(firstChoice.contains(QLatin1String("logprobs")));
    QVERIFY(firstChoice.value(QLatin1String("logprobs")).isNull());
    for (qsizetype i = 0; i + 1 < chunks.size(); ++i) {
        const QJsonObject chunk = chunks.at(i).second;
        QVERIFY(chunk.contains(QLatin1String("usage")));
        QVERIFY(chunk.value(QLatin1String("usage")).isNull());
        QCOMPARE(chunk.value(QLatin1String("id")), first.value(QLatin1String("id")));
        QCOMPARE(chunk.value(QLatin1String("created")).toInteger(),
                 kEmulatorNow.toSecsSinceEpoch());
        QCOMPARE(chunk.value(QLatin1String("choices")).toArray().size(), 1);
    }
    const QJsonObject finish = chunks.at(chunks.size() - 2).second;
    QCOMPARE(finish.value(QLatin1String("choices"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("finish_reason"))
                 .toString(),
             QStringLiteral("stop"));
    const QJsonObject last = chunks.last().second;
    QVERIFY(last.value(QLatin1String("choices")).toArray().isEmpty());
    const QJsonObject usage = last.value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.value(QLatin1String("total_tokens")).toInteger(),
             usage.value(QLatin1String("prompt_tokens")).toInteger()
                 + usage.value(QLatin1String("completion_tokens")).toInteger());
    QVERIFY(usage.value(QLatin1String("completion_tokens_details"))
                .toObject()
                .value(QLatin1String("reasoning_tokens"))
                .toInteger()
            > 0);
}

void tst_EmulatorService::chatWithoutIncludeUsageSendsNoUsage()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject body = chatBody(QStringLiteral("qwen.qwen3-32b"), QStringLiteral("Hi there"));
    body.insert(QStringLiteral("stream"), true);
    const EmulatorReply reply = service.handle(post("/v1/chat/completions", body));
    for (const auto &[name, chunk] : events(reply)) {
        QVERIFY(name.isEmpty());
        QVERIFY(!chunk.contains(QLatin1String("usage")));
        QCOMPARE(chunk.value(QLatin1String("choices")).toArray().size(), 1);
    }
    QCOMPARE(reply.events.last(), QByteArray("data: [DONE]\n\n"));
    QVERIFY(!turnOf(Surface::ChatCompletions, reply).usage);
}

void tst_EmulatorService::responsesEventsAreNumberedFromZero()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject body = responsesBody(QStringLiteral("openai.gpt-oss-120b"),
                                     QStringLiteral("Check the weather in Paris"));
    body.insert(
        QStringLiteral("tools"),
        QJsonArray{tool(Surface::Responses, QStringLiteral("get_weather"), weatherSchema())});
    body.insert(QStringLiteral("stream"), true);
    const EmulatorReply reply = service.handle(post("/v1/responses", body));
    const auto all = events(reply);
    QStringList names;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const auto &[name, data] = all.at(i);
        QCOMPARE(data.value(QLatin1String("type")).toString(), QString::fromLatin1(name));
        QCOMPARE(data.value(QLatin1String("sequence_number")).toInteger(), i);
        names.append(QString::fromLatin1(name));
    }
    const QStringList expected{
        QStringLiteral("response.created"),
        QStringLiteral("response.in_progress"),
        QStringLiteral("response.output_item.added"),
        QStringLiteral("response.content_part.added"),
        QStringLiteral("response.reasoning_text.delta"),
        QStringLiteral("response.reasoning_text.done"),
        QStringLiteral("response.content_part.done"),
        QStringLiteral("response.output_item.done"),
        QStringLiteral("response.output_item.added"),
        QStringLiteral("response.function_call_arguments.delta"),
        QStringLiteral("response.function_call_arguments.done"),
        QStringLiteral("response.output_item.done"),
        QStringLiteral("response.completed"),
    };
    QCOMPARE(names.first(), expected.first());
    QCOMPARE(all.last().first, QByteArray("response.completed"));

    // The exact order, deltas collapsed.
    QStringList order;
    for (const auto &[name, data] : all) {
        const QString n = QString::fromLatin1(name);
        if (!(n.endsWith(QLatin1String(".delta")) && !order.isEmpty() && order.last() == n))
            order.append(n);
    }
    QCOMPARE(order, expected);

    const QJsonObject created = all.first().second.value(QLatin1String("response")).toObject();
    QCOMPARE(created.value(QLatin1String("status")).toString(), QStringLiteral("in_progress"));
    QCOMPARE(created.value(QLatin1String("created_at")).toDouble(),
             double(kEmulatorNow.toMSecsSinceEpoch()) / 1000.0);
    QVERIFY(kResponseId.match(created.value(QLatin1String("id")).toString()).hasMatch());
    const QJsonObject final = all.last().second.value(QLatin1String("response")).toObject();
    const QJsonArray output = final.value(QLatin1String("output")).toArray();
    QCOMPARE(output.size(), 2);
    QVERIFY(output.at(0)
                .toObject()
                .value(QLatin1String("id"))
                .toString()
                .startsWith(QLatin1String("rs_")));
    const QJsonObject call = output.at(1).toObject();
    QVERIFY(call.value(QLatin1String("id")).toString().startsWith(QLatin1String("fc_")));
    QVERIFY(call.value(QLatin1String("call_id")).toString().startsWith(QLatin1String("call_")));
    const QJsonObject usage = final.value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.keys(),
             (QStringList{QStringLiteral("input_tokens"), QStringLiteral("input_tokens_details"),
                          QStringLiteral("output_tokens"), QStringLiteral("output_tokens_details"),
                          QStringLiteral("total_tokens")}));
    QCOMPARE(usage.value(QLatin1String("input_tokens_details"))
                 .toObject()
                 .value(QLatin1String("cached_tokens"))
                 .toInteger(),
             0);
    QCOMPARE(usage.value(QLatin1String("total_tokens")).toInteger(),
             usage.value(QLatin1String("input_tokens")).toInteger()
                 + usage.value(QLatin1String("output_tokens")).toInteger());

    // A text answer: the message item's content part events.
    QJsonObject text = responsesBody(QStringLiteral("openai.gpt-5.4"), QStringLiteral("Hi there"));
    text.insert(QStringLiteral("stream"), true);
    QStringList textOrder;
    for (const auto &[name, data] : events(service.handle(post("/openai/v1/responses", text)))) {
        const QString n = QString::fromLatin1(name);
        if (!(n.endsWith(QLatin1String(".delta")) && !textOrder.isEmpty() && textOrder.last() == n))
            textOrder.append(n);
        if (n == QLatin1String("response.output_item.added"))
            QVERIFY(data.value(QLatin1String("item"))
                        .toObject()
                        .value(QLatin1String("id"))
                        .toString()
                        .startsWith(QLatin1String("msg_")));
    }
    QCOMPARE(
        textOrder,
        (QStringList{QStringLiteral("response.created"), QStringLiteral("response.in_progress"),
                     QStringLiteral("response.output_item.added"),
                     QStringLiteral("response.content_part.added"),
                     QStringLiteral("response.output_text.delta"),
                     QStringLiteral("response.output_text.done"),
                     QStringLiteral("response.content_part.done"),
                     QStringLiteral("response.output_item.done"),
                     QStringLiteral("response.completed")}));
}

void tst_EmulatorService::messagesStreamFollowsTheEventOrder()
{
    ManualClock clock(kEmulatorNow);
    MantleService service(clock);
    QJsonObject body = messagesBody(QStringLiteral("anthropic.claude-opus-4-7"),
                                    QStringLiteral("What time is it?"));
    body.insert(QStringLiteral("thinking"),
                QJsonObject{{QStringLiteral("type"), QStringLiteral("adaptive")}});
    body.insert(QStringLiteral("tools"),
                QJsonArray{tool(Surface::Messages, QStringLiteral("get_time"), timeSchema())});
    body.insert(QStringLiteral("stream"), true);
    const EmulatorReply reply = service.handle(post("/anthropic/v1/messages", body));
    QStringList order;
    for (const auto &[name, data] : events(reply)) {
        QCOMPARE(data.value(QLatin1String("type")).toString(), QString::fromLatin1(name));
        QString n = QString::fromLatin1(name);
        if (n == QLatin1String("content_block_delta"))
            n += QLatin1Char(':')
                + data.value(QLatin1String("delta"))
                      .toObject()
                      .value(QLatin1String("type"))
                      .toString();
        if (n == QLatin1String("content_block_start"))
            n += QLatin1Char(':')
                + data.value(QLatin1String("content_block"))
                      .toObject()
                      .value(QLatin1String("type"))
                      .toString();
        if (order.isEmpty() || order.last() != n)
            order.append(n);
        if (name == "message_start") {
            const QJsonObject message = data.value(QLatin1String("message")).toObject();
            QVERIFY(message.value(QLatin1String("content")).toArray().isEmpty());
            QVERIFY(message.value(QLatin1String("stop_reason")).isNull());
            QVERIFY(
                message.value(QLatin1String("id")).toString().startsWith(QLatin1String("msg_")));
        }
        if (name == "message_delta") {
            QCOMPARE(data.value(QLatin1String("delta"))
                         .toObject()
                         .value(QLatin1String("stop_reason"))
                         .toString(),
                     QStringLiteral("tool_use"));
            QVERIFY(data.value(QLatin1String("usage"))
                        .toObject()
                        .value(QLatin1String("output_tokens"))
                        .toInteger()
                    > 1);
        }
    }
    QCOMPARE(order,
             (QStringList{QStringLiteral("message_start"),
                          QStringLiteral("content_block_start:thinking"), QStringLiteral("ping"),
                          QStringLiteral("content_block_delta:thinking_delta"),
                          QStringLiteral("content_block_delta:signature_delta"),
                          QStringLiteral("content_block_stop"),
                          QStringLiteral("content_block_start:tool_use"),
                          QStringLiteral("content_block_delta:input_json_delta"),
                          QStringLiteral("content_block_stop"), QStringLiteral("message_delta"),
                          QStringLiteral("message_stop")}));
}

void tst_EmulatorService::sameSeedAndClockGiveTheSameBytes()
{
    ManualClock clock(kEmulatorNow);
    MantleService a(clock, MantleService::Options{.seed = 42});
    MantleService b(clock, MantleService::Options{.seed = 42});
    MantleService c(clock, MantleService::Options{.seed = 43});
    QJsonObject body = responsesBody(QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("Hi"));
    body.insert(QStringLiteral("stream"), true);
    const EmulatorReply fromA = a.handle(post("/v1/responses", body));
    const EmulatorReply fromB = b.handle(post("/v1/responses", body));
    const EmulatorReply fromC = c.handle(post("/v1/responses", body));
    QCOMPARE(fromA.events, fromB.events);
    QVERIFY(fromA.events != fromC.events);
    QCOMPARE(turnOf(Surface::Responses, fromA).text, turnOf(Surface::Responses, fromC).text);
    // Ids do not repeat within one service.
    QVERIFY(turnOf(Surface::Responses, a.handle(post("/v1/responses", body))).responseId
            != turnOf(Surface::Responses, fromA).responseId);
}

QTEST_GUILESS_MAIN(tst_EmulatorService)
#include "tst_emulatorservice.moc"
