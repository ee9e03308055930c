// The pre-send token count (issue #11, item 4): a Messages spec turned into a count tokens
// spec, input_tokens read from the answer, the cost estimate, and counts against the
// in-process emulator: the count equals the emulator's own count_tokens answer for the Messages
// request's prompt, and a Messages request with the same conversation reports the same
// input_tokens in its usage. A newer count cancels the one in flight; failures are reported.

#include "api/messages/messagesrequestbuilder.h"
#include "emulatorenginefixture.h"
#include "mantle/costcalculator.h"
#include "pipeline/mantlecall.h"
#include "pipeline/tokencounter.h"
#include "pipeline/turncall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using mantle::mantle::ApiSurface;
using mantle::pipeline::MantleCall;
using mantle::pipeline::TokenCostEstimate;
using mantle::pipeline::TokenCounter;
using mantle::pipeline::TurnCall;
using namespace mantle::test;

namespace {

mantle::api::ConversationMessage message(mantle::api::MessageRole role, const QString &text)
{
    mantle::api::ConversationMessage m;
    m.role = role;
    m.text = text;
    return m;
}

mantle::api::ToolDefinition weatherTool()
{
    mantle::api::ToolDefinition tool;
    tool.name = QStringLiteral("get_weather");
    tool.description = QStringLiteral("The current weather in a city.");
    tool.parameters = QJsonDocument::fromJson(R"({"type":"object","properties":{"city":)"
                                              R"({"type":"string"}},"required":["city"]})")
                          .object();
    return tool;
}

mantle::mantle::ModelPrices prices(double input, double output)
{
    mantle::mantle::ModelPrices p;
    p.inputPerMillion = input;
    p.outputPerMillion = output;
    return p;
}

} // namespace

class TestTokenCounter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void countTokensSpecKeepsThePromptOnTheCountSurface();
    void countTokensSpecRefusesOtherSurfaces_data();
    void countTokensSpecRefusesOtherSurfaces();
    void readsInputTokens_data();
    void readsInputTokens();
    void estimatesTheCostAtTheModelsPrices_data();
    void estimatesTheCostAtTheModelsPrices();
    void countEqualsTheEmulatorsCountAndTheMessagesUsage_data();
    void countEqualsTheEmulatorsCountAndTheMessagesUsage();
    void newerCountCancelsTheOneInFlight();
    void refusedCountNamesTheMissingPermission();
    void specThatCannotBeBuiltFailsLater();

private:
    EmulatorEngineFixture m_engine;
};

void TestTokenCounter::init()
{
    const auto error = m_engine.start();
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
}

void TestTokenCounter::cleanup()
{
    m_engine.stop();
}

void TestTokenCounter::countTokensSpecKeepsThePromptOnTheCountSurface()
{
    mantle::api::RequestSpec spec
        = promptSpec(ApiSurface::Messages, kClaudeModel, QStringLiteral("How warm is it?"), true);
    spec.instructions = QStringLiteral("Answer briefly.");
    spec.tools = {weatherTool()};
    // Auto: Claude cannot be forced to call a tool while thinking (the builder refuses it).
    spec.toolChoice = mantle::api::ToolChoice{mantle::api::ToolChoice::Mode::Auto, {}};
    spec.parameters.adaptiveThinking = true;

    const auto counted = TokenCounter::countTokensSpec(spec);
    QVERIFY2(counted, qPrintable(counted ? QString() : counted.error().message));
    QCOMPARE(counted->surface, ApiSurface::CountTokens);
    QCOMPARE(counted->stream, false);
    QCOMPARE(counted->model, spec.model);
    QCOMPARE(counted->instructions, spec.instructions);
    QCOMPARE(counted->messages, spec.messages);
    QCOMPARE(counted->tools, spec.tools);
    QCOMPARE(counted->toolChoice, spec.toolChoice);

    // What goes on the wire: the count path, and the prompt fields of the Messages body.
    const auto wire = TurnCall::buildWireRequest(*counted);
    QVERIFY2(wire, qPrintable(wire ? QString() : wire.error().toDisplayString()));
    QCOMPARE(wire->path, QStringLiteral("messages/count_tokens"));
    const QJsonObject body = jsonObject(wire->body);
    QCOMPARE(body.value(u"system").toString(), spec.instructions);
    QCOMPARE(body.value(u"tools").toArray().size(), 1);
    QCOMPARE(body.value(u"tool_choice").toObject().value(u"type").toString(),
             QStringLiteral("auto"));
    QCOMPARE(body.value(u"thinking").toObject().value(u"type").toString(),
             QStringLiteral("adaptive"));
    QVERIFY(!body.contains(u"max_tokens"));
    QVERIFY(!body.contains(u"stream"));
}

void TestTokenCounter::countTokensSpecRefusesOtherSurfaces_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addRow("chat") << ApiSurface::ChatCompletions;
    QTest::addRow("responses") << ApiSurface::Responses;
    QTest::addRow("count tokens already") << ApiSurface::CountTokens;
}

void TestTokenCounter::countTokensSpecRefusesOtherSurfaces()
{
    QFETCH(ApiSurface, surface);
    const auto counted
        = TokenCounter::countTokensSpec(promptSpec(surface, kOpenAiModel, kEnginePrompt, false));
    QVERIFY(!counted);
    QCOMPARE(counted.error().kind, mantle::Error::Kind::InvalidInput);
}

void TestTokenCounter::readsInputTokens_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("expected"); // -1: refused
    QTest::addRow("plain") << QByteArray(R"({"input_tokens":1234})") << qint64(1234);
    QTest::addRow("zero") << QByteArray(R"({"input_tokens":0})") << qint64(0);
    QTest::addRow("other fields") << QByteArray(R"({"context_management":null,"input_tokens":7})")
                                  << qint64(7);
    QTest::addRow("missing") << QByteArray(R"({"tokens":12})") << qint64(-1);
    QTest::addRow("a string") << QByteArray(R"({"input_tokens":"12"})") << qint64(-1);
    QTest::addRow("negative") << QByteArray(R"({"input_tokens":-3})") << qint64(-1);
    QTest::addRow("fraction") << QByteArray(R"({"input_tokens":2.5})") << qint64(-1);
    QTest::addRow("an array") << QByteArray(R"([{"input_tokens":12}])") << qint64(-1);
    QTest::addRow("not json") << QByteArray("input_tokens: 12") << qint64(-1);
    QTest::addRow("empty") << QByteArray() << qint64(-1);
}

void TestTokenCounter::readsInputTokens()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, expected);
    const auto tokens = TokenCounter::readInputTokens(body);
    if (expected < 0) {
        QVERIFY(!tokens);
        QCOMPARE(tokens.error().kind, mantle::Error::Kind::Parse);
        return;
    }
    QVERIFY(tokens);
    QCOMPARE(*tokens, expected);
}

void TestTokenCounter::estimatesTheCostAtTheModelsPrices_data()
{
    QTest::addColumn<qint64>("tokens");
    QTest::addColumn<bool>("priced");
    QTest::addColumn<double>("inputPrice");
    QTest::addColumn<double>("outputPrice");
    QTest::addColumn<qint64>("maxTokens"); // -1: unset
    QTest::addColumn<qint64>("inputPico"); // -1: unknown
    QTest::addColumn<qint64>("withAnswerPico"); // -1: unknown

    // $3 per million = 3,000,000 pico-dollars per token.
    QTest::addRow("input only") << qint64(1234) << true << 3.0 << 15.0 << qint64(-1)
                                << qint64(3'702'000'000) << qint64(-1);
    // 1234 × 3,000,000 + 1000 × 15,000,000.
    QTest::addRow("with max tokens") << qint64(1234) << true << 3.0 << 15.0 << qint64(1000)
                                     << qint64(3'702'000'000) << qint64(18'702'000'000);
    QTest::addRow("haiku prices") << qint64(20) << true << 1.0 << 5.0 << qint64(4096)
                                  << qint64(20'000'000) << qint64(20'500'000'000);
    QTest::addRow("no prices") << qint64(1234) << false << 0.0 << 0.0 << qint64(1000) << qint64(-1)
                               << qint64(-1);
}

void TestTokenCounter::estimatesTheCostAtTheModelsPrices()
{
    QFETCH(qint64, tokens);
    QFETCH(bool, priced);
    QFETCH(double, inputPrice);
    QFETCH(double, outputPrice);
    QFETCH(qint64, maxTokens);
    QFETCH(qint64, inputPico);
    QFETCH(qint64, withAnswerPico);

    const std::optional<mantle::mantle::ModelPrices> modelPrices
        = priced ? std::optional(prices(inputPrice, outputPrice)) : std::nullopt;
    const TokenCostEstimate estimate = TokenCounter::estimateCost(
        tokens, modelPrices, maxTokens < 0 ? std::nullopt : std::optional(maxTokens));
    QCOMPARE(estimate.inputPico, inputPico < 0 ? std::nullopt : std::optional(inputPico));
    QCOMPARE(estimate.withAnswerPico,
             withAnswerPico < 0 ? std::nullopt : std::optional(withAnswerPico));
}

void TestTokenCounter::countEqualsTheEmulatorsCountAndTheMessagesUsage_data()
{
    QTest::addColumn<QString>("instructions");
    QTest::addColumn<bool>("withTools");
    QTest::addColumn<bool>("conversation");

    QTest::addRow("one prompt") << QString() << false << false;
    QTest::addRow("system prompt") << QStringLiteral("You are terse and exact.") << false << false;
    QTest::addRow("tools") << QString() << true << false;
    QTest::addRow("conversation, system and tools")
        << QStringLiteral("Answer in one sentence.") << true << true;
}

void TestTokenCounter::countEqualsTheEmulatorsCountAndTheMessagesUsage()
{
    QFETCH(QString, instructions);
    QFETCH(bool, withTools);
    QFETCH(bool, conversation);

    using mantle::api::MessageRole;
    mantle::api::RequestSpec spec;
    spec.surface = ApiSurface::Messages;
    spec.model = kClaudeModel;
    spec.instructions = instructions;
    spec.parameters.maxOutputTokens = 256;
    if (conversation) {
        spec.messages.append(message(MessageRole::User, QStringLiteral("What is SigV4?")));
        spec.messages.append(message(MessageRole::Assistant,
                                     QStringLiteral("A way to sign AWS requests with HMAC.")));
    }
    spec.messages.append(message(MessageRole::User, kEnginePrompt));
    if (withTools)
        spec.tools = {weatherTool()};

    TokenCounter counter(m_engine.client(), &m_engine.memory());
    QSignalSpy counted(&counter, &TokenCounter::counted);
    QSignalSpy failed(&counter, &TokenCounter::failed);
    counter.count(spec, m_engine.target());
    QVERIFY(counter.isCounting());
    QVERIFY(counted.wait(kEngineWaitMs));
    QCOMPARE(failed.count(), 0);
    QVERIFY(!counter.isCounting());
    const qint64 tokens = counted.at(0).at(0).toLongLong();
    QVERIFY(tokens > 0);

    // The emulator's own count_tokens for the Messages request's prompt fields (its body
    // without the fields of the answer).
    const auto messagesWire = mantle::api::messages::MessagesRequestBuilder::build(spec);
    QVERIFY(messagesWire);
    QJsonObject prompt = jsonObject(messagesWire->body);
    prompt.remove(QStringLiteral("max_tokens"));
    prompt.remove(QStringLiteral("stream"));
    mantle::api::WireRequest countWire = mantle::api::WireRequest::postJson(
        ApiSurface::CountTokens, QStringLiteral("messages/count_tokens"), prompt, false);
    countWire.headers.append(
        {QByteArrayLiteral("anthropic-version"), QByteArrayLiteral("2023-06-01")});
    MantleCall *call = nullptr;
    const QByteArray answer = m_engine.fetchBody(countWire, kClaudeModel, m_engine.target(), &call);
    QVERIFY2(call && call->outcome().ok(), qPrintable(errorText(call->outcome().error)));
    QCOMPARE(tokens, jsonObject(answer).value(u"input_tokens").toInteger(-1));

    // The Messages request with the same conversation reports that many input tokens.
    TurnCall *turn = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!turn->error(), qPrintable(errorText(turn->error())));
    QVERIFY(turn->turn().usage);
    QCOMPARE(turn->turn().usage->inputTokens, tokens);
}

void TestTokenCounter::newerCountCancelsTheOneInFlight()
{
    TokenCounter counter(m_engine.client(), &m_engine.memory());
    QSignalSpy counted(&counter, &TokenCounter::counted);
    QSignalSpy failed(&counter, &TokenCounter::failed);

    // The first is slowed down, so it is surely in flight when the second starts.
    mantle::pipeline::CallTarget slow = m_engine.target();
    addFault(slow, "latency=2000");
    const mantle::api::RequestSpec first
        = promptSpec(ApiSurface::Messages, kClaudeModel, QStringLiteral("short"), false);
    const mantle::api::RequestSpec second = promptSpec(
        ApiSurface::Messages, kClaudeModel,
        QStringLiteral("a much longer prompt than the first one, with many more words in it"),
        false);
    counter.count(first, slow);
    counter.count(second, m_engine.target());
    QVERIFY(counted.wait(kEngineWaitMs));
    QCOMPARE(counted.count(), 1);
    QCOMPARE(failed.count(), 0);
    const qint64 secondTokens = counted.at(0).at(0).toLongLong();

    // A third count, run to its end, shows that the first one never reports late.
    counter.count(first, m_engine.target());
    QVERIFY(counted.wait(kEngineWaitMs));
    QCOMPARE(counted.count(), 2);
    QCOMPARE(failed.count(), 0);
    const qint64 firstTokens = counted.at(1).at(0).toLongLong();
    QVERIFY2(secondTokens > firstTokens,
             qPrintable(QStringLiteral("%1 vs %2").arg(secondTokens).arg(firstTokens)));
}

void TestTokenCounter::refusedCountNamesTheMissingPermission()
{
    TokenCounter counter(m_engine.client(), &m_engine.memory());
    QSignalSpy counted(&counter, &TokenCounter::counted);
    QSignalSpy failed(&counter, &TokenCounter::failed);
    mantle::pipeline::CallTarget target = m_engine.target();
    addFault(target, "access-denied");
    counter.count(promptSpec(ApiSurface::Messages, kClaudeModel, kEnginePrompt, false), target);
    QVERIFY(failed.wait(kEngineWaitMs));
    QCOMPARE(counted.count(), 0);
    const auto error = failed.at(0).at(0).value<mantle::Error>();
    QCOMPARE(error.httpStatus, 403);
    QVERIFY2(error.toDisplayString().contains(QStringLiteral("bedrock-mantle:CallWithBearerToken")),
             qPrintable(error.toDisplayString()));
}

void TestTokenCounter::specThatCannotBeBuiltFailsLater()
{
    TokenCounter counter(m_engine.client(), &m_engine.memory());
    QSignalSpy failed(&counter, &TokenCounter::failed);
    mantle::api::RequestSpec empty
        = promptSpec(ApiSurface::Messages, kClaudeModel, kEnginePrompt, false);
    empty.messages.clear(); // RequestSpec::validate() refuses an empty conversation
    counter.count(empty, m_engine.target());
    QCOMPARE(failed.count(), 0); // never from inside count()
    QVERIFY(failed.wait(kEngineWaitMs));
    QCOMPARE(failed.at(0).at(0).value<mantle::Error>().kind, mantle::Error::Kind::InvalidInput);
    QVERIFY(!counter.isCounting());
}

QTEST_GUILESS_MAIN(TestTokenCounter)
#include "tst_tokencounter.moc"
