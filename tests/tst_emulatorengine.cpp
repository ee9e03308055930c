// The request engine (TurnCall, MantleCall, BackgroundPoller, RouteMemory over the real
// HttpClient) end to end against the in-process emulator: every surface, streamed and not, with
// an API key and with SigV4; tools, structured output, reasoning, Responses chaining, storage and
// background responses, count tokens, the model list and wrong-prefix recovery. Faults and
// refused credentials are in tst_emulatorenginefaults.

#include "emulatorenginefixture.h"

#include "api/messages/messagesrequestbuilder.h"
#include "net/httpclient.h"
#include "pipeline/backgroundpoller.h"
#include "pipeline/mantlecall.h"
#include "pipeline/turncall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using mantle::Error;
using mantle::api::ConversationMessage;
using mantle::api::MessageRole;
using mantle::api::ReasoningEffort;
using mantle::api::RequestSpec;
using mantle::api::Turn;
using mantle::mantle::ApiSurface;
using mantle::mantle::RoutePrefix;
using mantle::mantle::RouteResolver;
using mantle::pipeline::BackgroundPoller;
using mantle::pipeline::CallTarget;
using mantle::pipeline::MantleCall;
using mantle::pipeline::TurnCall;
using namespace mantle::test;

class TestEmulatorEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void answersTheSameTurnStreamedAndNot_data();
    void answersTheSameTurnStreamedAndNot();
    void callsAToolAndAnswersWithItsResult_data();
    void callsAToolAndAnswersWithItsResult();
    void answersJsonThatFollowsTheSchema_data();
    void answersJsonThatFollowsTheSchema();
    void reasonsOnlyWhenAskedTo_data();
    void reasonsOnlyWhenAskedTo();
    void chainsResponsesWithPreviousResponseId_data();
    void chainsResponsesWithPreviousResponseId();
    void findsNothingForAnUnstoredResponse();
    void followsABackgroundResponseToCompletion();
    void cancelsABackgroundResponse();
    void countsTheTokensMessagesReports_data();
    void countsTheTokensMessagesReports();
    void listsTheModels_data();
    void listsTheModels();

    void movesAModelForcedToV1ToItsPrefixAndRemembersIt_data();
    void movesAModelForcedToV1ToItsPrefixAndRemembersIt();
    void switchesOnceOnTheWrongPrefixFault_data();
    void switchesOnceOnTheWrongPrefixFault();

private:
    EmulatorEngineFixture m_engine;
};

namespace {

QJsonObject weatherParameters()
{
    return jsonObject(R"({"type": "object",
        "properties": {"city": {"type": "string"},
                       "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "required": ["city", "unit"], "additionalProperties": false})");
}

QJsonObject personSchema()
{
    return jsonObject(R"({"type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
                       "languages": {"type": "array", "items": {"type": "string"}}},
        "required": ["name", "age", "languages"], "additionalProperties": false})");
}

} // namespace

void TestEmulatorEngine::init()
{
    const std::optional<QString> failed = m_engine.start();
    QVERIFY2(!failed, qPrintable(failed.value_or(QString())));
}

void TestEmulatorEngine::cleanup()
{
    m_engine.stop();
}

// ----------------------------------------------------------------------------------------------
// Answers

void TestEmulatorEngine::answersTheSameTurnStreamedAndNot_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<EngineAuth>("auth");
    QTest::addColumn<QString>("prefix");
    QTest::addRow("chat, api key") << ApiSurface::ChatCompletions << EngineAuth::ApiKey << "/v1";
    QTest::addRow("chat, sigv4") << ApiSurface::ChatCompletions << EngineAuth::SigV4 << "/v1";
    QTest::addRow("responses, api key") << ApiSurface::Responses << EngineAuth::ApiKey << "/v1";
    QTest::addRow("responses, sigv4") << ApiSurface::Responses << EngineAuth::SigV4 << "/v1";
    QTest::addRow("messages, x-api-key")
        << ApiSurface::Messages << EngineAuth::ApiKey << "/anthropic/v1";
    QTest::addRow("messages, bearer")
        << ApiSurface::Messages << EngineAuth::ApiKeyAsBearer << "/anthropic/v1";
    QTest::addRow("messages, sigv4")
        << ApiSurface::Messages << EngineAuth::SigV4 << "/anthropic/v1";
}

void TestEmulatorEngine::answersTheSameTurnStreamedAndNot()
{
    QFETCH(ApiSurface, surface);
    QFETCH(EngineAuth, auth);
    QFETCH(QString, prefix);
    RequestSpec spec = promptSpec(surface, modelFor(surface), kEnginePrompt, false);
    TurnCall *plain = m_engine.runTurn(spec, m_engine.target(auth));
    spec.stream = true;
    TurnCall *streamed = m_engine.runTurn(spec, m_engine.target(auth));

    for (TurnCall *call : {plain, streamed}) {
        QVERIFY(call->isFinished());
        QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
        QVERIFY2(!call->turn().error, qPrintable(turnErrorText(call->turn())));
        QCOMPARE(call->routePrefix(), prefix);
        QVERIFY(!call->switchedPrefix());
        QCOMPARE(call->outcome().httpStatus, 200);
        // The emulator's answer quotes the prompt.
        QVERIFY2(call->turn().text.contains(kEnginePrompt), qPrintable(call->turn().text));
        QCOMPARE(call->turn().stopReason, endOfTurn(surface));
        QVERIFY(call->turn().usage.has_value());
        QVERIFY(call->turn().usage->inputTokens > 0);
        QVERIFY(call->turn().usage->outputTokens > 0);
        QVERIFY(call->timings().timeToFirstByte.has_value());
    }
    const Turn &a = plain->turn();
    const Turn &b = streamed->turn();
    QCOMPARE(b.text, a.text);
    QCOMPARE(b.reasoning, a.reasoning);
    QCOMPARE(b.stopReason, a.stopReason);
    QCOMPARE(b.usage->inputTokens, a.usage->inputTokens);
    QCOMPARE(b.usage->outputTokens, a.usage->outputTokens);
    QCOMPARE(b.usage->reasoningTokens, a.usage->reasoningTokens);
    QVERIFY(streamed->timings().timeToFirstToken.has_value());
    if (surface == ApiSurface::Responses) {
        QVERIFY(a.responseId.startsWith(QLatin1String("resp_")));
        QVERIFY(b.responseId.startsWith(QLatin1String("resp_")));
        QVERIFY(a.responseId != b.responseId);
    }
}

void TestEmulatorEngine::callsAToolAndAnswersWithItsResult_data()
{
    addSurfaceRows(true);
}

void TestEmulatorEngine::callsAToolAndAnswersWithItsResult()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stream);
    RequestSpec spec = promptSpec(surface, modelFor(surface),
                                  QStringLiteral("What is the weather in Paris right now? Use "
                                                 "get_weather."),
                                  stream);
    mantle::api::ToolDefinition tool;
    tool.name = QStringLiteral("get_weather");
    tool.description = QStringLiteral("The current weather in a city");
    tool.parameters = weatherParameters();
    spec.tools.append(tool);

    TurnCall *first = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!first->error(), qPrintable(errorText(first->error())));
    QVERIFY2(!first->turn().error, qPrintable(turnErrorText(first->turn())));
    QCOMPARE(first->turn().toolCalls.size(), 1);
    const mantle::api::ToolCall call = first->turn().toolCalls.first();
    QCOMPARE(call.name, QStringLiteral("get_weather"));
    QVERIFY(!call.id.isEmpty());
    QString why;
    const QJsonObject arguments = parseObject(call.arguments, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY2(arguments.value(u"city").isString() && !arguments.value(u"city").toString().isEmpty(),
             qPrintable(call.arguments));
    const QString unit = arguments.value(u"unit").toString();
    QVERIFY2(unit == QLatin1String("celsius") || unit == QLatin1String("fahrenheit"),
             qPrintable(call.arguments));
    QCOMPARE(arguments.size(), 2); // additionalProperties: false
    const QString toolStop = surface == ApiSurface::ChatCompletions ? QStringLiteral("tool_calls")
        : surface == ApiSurface::Messages                           ? QStringLiteral("tool_use")
                                                                    : QStringLiteral("completed");
    QCOMPARE(first->turn().stopReason, toolStop);

    ConversationMessage assistant;
    assistant.role = MessageRole::Assistant;
    assistant.text = first->turn().text;
    assistant.toolCalls = first->turn().toolCalls;
    ConversationMessage result;
    result.role = MessageRole::Tool;
    result.toolCallId = call.id;
    result.text = QStringLiteral("18 degrees and sunny");
    spec.messages.append(assistant);
    spec.messages.append(result);
    TurnCall *second = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!second->error(), qPrintable(errorText(second->error())));
    QVERIFY2(!second->turn().error, qPrintable(turnErrorText(second->turn())));
    QVERIFY(second->turn().toolCalls.isEmpty());
    QVERIFY2(second->turn().text.contains(QLatin1String("18 degrees and sunny")),
             qPrintable(second->turn().text));
    QCOMPARE(second->turn().stopReason, endOfTurn(surface));
}

void TestEmulatorEngine::answersJsonThatFollowsTheSchema_data()
{
    addSurfaceRows(true);
}

void TestEmulatorEngine::answersJsonThatFollowsTheSchema()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stream);
    RequestSpec spec = promptSpec(
        surface, modelFor(surface),
        QStringLiteral("Describe Ada, who is 36 and speaks English and French."), stream);
    spec.outputSchema = mantle::api::OutputSchema{QStringLiteral("person"), personSchema(), true};

    TurnCall *call = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    QVERIFY2(!call->turn().error, qPrintable(turnErrorText(call->turn())));
    QString json = call->turn().text;
    if (surface == ApiSurface::Messages) {
        // Messages has no response_format: the schema is a tool the model must call.
        QCOMPARE(call->turn().toolCalls.size(), 1);
        QCOMPARE(call->turn().toolCalls.first().name, QStringLiteral("person"));
        json = call->turn().toolCalls.first().arguments;
    }
    QString why;
    const QJsonObject object = parseObject(json, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(
        object.keys(),
        (QStringList{QStringLiteral("age"), QStringLiteral("languages"), QStringLiteral("name")}));
    QVERIFY(object.value(u"name").isString());
    const QJsonValue age = object.value(u"age");
    QVERIFY2(age.isDouble() && age.toDouble() == double(age.toInteger()), qPrintable(json));
    QVERIFY(object.value(u"languages").isArray());
    for (const QJsonValue &language : object.value(u"languages").toArray())
        QVERIFY2(language.isString(), qPrintable(json));
}

void TestEmulatorEngine::reasonsOnlyWhenAskedTo_data()
{
    addSurfaceRows(true);
}

void TestEmulatorEngine::reasonsOnlyWhenAskedTo()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stream);
    RequestSpec spec = promptSpec(surface, plainModelFor(surface),
                                  QStringLiteral("Why is the sky blue?"), stream);
    TurnCall *without = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!without->error(), qPrintable(errorText(without->error())));
    QVERIFY2(without->turn().reasoning.isEmpty(), qPrintable(without->turn().reasoning));

    spec.parameters.reasoningEffort = ReasoningEffort::High;
    spec.parameters.adaptiveThinking = surface == ApiSurface::Messages;
    TurnCall *with = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!with->error(), qPrintable(errorText(with->error())));
    QVERIFY2(!with->turn().error, qPrintable(turnErrorText(with->turn())));
    QVERIFY(!with->turn().reasoning.trimmed().isEmpty());
    QVERIFY(!with->turn().text.isEmpty());
    QVERIFY(with->turn().usage.has_value());
    QVERIFY(with->turn().usage->outputTokens > without->turn().usage->outputTokens);
    if (surface != ApiSurface::Messages)
        QVERIFY(with->turn().usage->reasoningTokens.value_or(0) > 0);
}

void TestEmulatorEngine::chainsResponsesWithPreviousResponseId_data()
{
    QTest::addColumn<bool>("stream");
    QTest::addRow("plain") << false;
    QTest::addRow("streamed") << true;
}

void TestEmulatorEngine::chainsResponsesWithPreviousResponseId()
{
    QFETCH(bool, stream);
    TurnCall *first = m_engine.runTurn(
        promptSpec(ApiSurface::Responses, kOpenAiModel, QStringLiteral("My name is Alex."), stream),
        m_engine.target());
    QVERIFY2(!first->error(), qPrintable(errorText(first->error())));
    QVERIFY(first->turn().responseId.startsWith(QLatin1String("resp_")));

    RequestSpec question = promptSpec(ApiSurface::Responses, kOpenAiModel,
                                      QStringLiteral("What is my name?"), stream);
    TurnCall *unchained = m_engine.runTurn(question, m_engine.target());
    QVERIFY2(!unchained->error(), qPrintable(errorText(unchained->error())));
    QVERIFY2(!unchained->turn().text.contains(QLatin1String("Alex")),
             qPrintable(unchained->turn().text));

    question.previousResponseId = first->turn().responseId;
    TurnCall *chained = m_engine.runTurn(question, m_engine.target(EngineAuth::SigV4));
    QVERIFY2(!chained->error(), qPrintable(errorText(chained->error())));
    QVERIFY2(!chained->turn().error, qPrintable(turnErrorText(chained->turn())));
    QVERIFY2(chained->turn().text.contains(QLatin1String("Alex")),
             qPrintable(chained->turn().text));
}

void TestEmulatorEngine::findsNothingForAnUnstoredResponse()
{
    BackgroundPoller::Options options;
    options.firstInterval = std::chrono::milliseconds(10);
    RequestSpec spec = promptSpec(ApiSurface::Responses, kOpenAiModel, kEnginePrompt, false);

    // Stored (the default): the poller reads it back at once.
    TurnCall *stored = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!stored->error(), qPrintable(errorText(stored->error())));
    BackgroundPoller found(m_engine.client(), stored->turn().responseId, kOpenAiModel,
                           m_engine.target(), &m_engine.memory(), options);
    QSignalSpy foundFinished(&found, &BackgroundPoller::finished);
    found.start();
    QVERIFY(foundFinished.wait(kEngineWaitMs));
    QVERIFY2(!found.error(), qPrintable(errorText(found.error())));
    QCOMPARE(found.status(), QStringLiteral("completed"));
    QCOMPARE(found.turn().text, stored->turn().text);

    spec.store = false;
    TurnCall *unstored = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!unstored->error(), qPrintable(errorText(unstored->error())));
    QVERIFY(unstored->turn().responseId.startsWith(QLatin1String("resp_")));
    BackgroundPoller missing(m_engine.client(), unstored->turn().responseId, kOpenAiModel,
                             m_engine.target(), &m_engine.memory(), options);
    QSignalSpy missingFinished(&missing, &BackgroundPoller::finished);
    missing.start();
    QVERIFY(missingFinished.wait(kEngineWaitMs));
    QVERIFY(missing.error());
    QCOMPARE(missing.error()->kind, Error::Kind::Http);
    QCOMPARE(missing.error()->httpStatus, 404);
    QCOMPARE(missing.polls(), 1);
}

void TestEmulatorEngine::followsABackgroundResponseToCompletion()
{
    RequestSpec spec = promptSpec(ApiSurface::Responses, kOpenAiModel, kEnginePrompt, false);
    spec.background = true;
    TurnCall *created = m_engine.runTurn(spec, m_engine.target(EngineAuth::SigV4));
    QVERIFY2(!created->error(), qPrintable(errorText(created->error())));
    QCOMPARE(created->turn().stopReason, QStringLiteral("queued"));
    QVERIFY(created->turn().text.isEmpty());

    BackgroundPoller::Options options;
    options.firstInterval = std::chrono::milliseconds(10);
    options.maxInterval = std::chrono::milliseconds(50);
    BackgroundPoller poller(m_engine.client(), created->turn().responseId, kOpenAiModel,
                            m_engine.target(EngineAuth::SigV4), &m_engine.memory(), options);
    QSignalSpy statuses(&poller, &BackgroundPoller::statusChanged);
    QSignalSpy finished(&poller, &BackgroundPoller::finished);
    poller.start();
    QVERIFY(finished.wait(kEngineWaitMs));
    QVERIFY2(!poller.error(), qPrintable(errorText(poller.error())));
    QCOMPARE(poller.status(), QStringLiteral("completed"));
    QStringList seen;
    for (const auto &arguments : statuses)
        seen.append(arguments.first().toString());
    QCOMPARE(seen, (QStringList{QStringLiteral("in_progress"), QStringLiteral("completed")}));
    QVERIFY2(poller.turn().text.contains(kEnginePrompt), qPrintable(poller.turn().text));
    QVERIFY(poller.turn().usage.has_value());
    QVERIFY(poller.turn().usage->outputTokens > 0);
    QCOMPARE(poller.turn().responseId, created->turn().responseId);
}

void TestEmulatorEngine::cancelsABackgroundResponse()
{
    RequestSpec spec = promptSpec(ApiSurface::Responses, kOpenAiModel, kEnginePrompt, false);
    spec.background = true;
    TurnCall *created = m_engine.runTurn(spec, m_engine.target());
    QVERIFY2(!created->error(), qPrintable(errorText(created->error())));
    const QString id = created->turn().responseId;

    BackgroundPoller::Options options;
    options.firstInterval = std::chrono::minutes(1); // one poll, then the cancel answers
    BackgroundPoller poller(m_engine.client(), id, kOpenAiModel, m_engine.target(),
                            &m_engine.memory(), options);
    QSignalSpy statuses(&poller, &BackgroundPoller::statusChanged);
    QSignalSpy finished(&poller, &BackgroundPoller::finished);
    poller.start();
    QVERIFY(statuses.wait(kEngineWaitMs));
    QCOMPARE(statuses.first().first().toString(), QStringLiteral("in_progress"));
    poller.requestCancel();
    QVERIFY(finished.wait(kEngineWaitMs));
    QVERIFY2(!poller.error(), qPrintable(errorText(poller.error())));
    QCOMPARE(poller.status(), QStringLiteral("cancelled"));

    // The emulator keeps it cancelled.
    BackgroundPoller after(m_engine.client(), id, kOpenAiModel, m_engine.target(),
                           &m_engine.memory(), options);
    QSignalSpy afterFinished(&after, &BackgroundPoller::finished);
    after.start();
    QVERIFY(afterFinished.wait(kEngineWaitMs));
    QCOMPARE(after.status(), QStringLiteral("cancelled"));
    QCOMPARE(after.polls(), 1);
}

void TestEmulatorEngine::countsTheTokensMessagesReports_data()
{
    QTest::addColumn<EngineAuth>("auth");
    QTest::addColumn<bool>("withTools");
    QTest::addRow("x-api-key") << EngineAuth::ApiKey << false;
    QTest::addRow("sigv4") << EngineAuth::SigV4 << false;
    QTest::addRow("sigv4, system and tools") << EngineAuth::SigV4 << true;
}

void TestEmulatorEngine::countsTheTokensMessagesReports()
{
    QFETCH(EngineAuth, auth);
    QFETCH(bool, withTools);
    RequestSpec spec = promptSpec(ApiSurface::Messages, kClaudeModel, kEnginePrompt, false);
    if (withTools) {
        spec.instructions = QStringLiteral("You are a terse assistant.");
        mantle::api::ToolDefinition tool;
        tool.name = QStringLiteral("get_weather");
        tool.description = QStringLiteral("The current weather in a city");
        tool.parameters = weatherParameters();
        spec.tools.append(tool);
        spec.toolChoice = mantle::api::ToolChoice{mantle::api::ToolChoice::Mode::None, {}};
    }
    TurnCall *answer = m_engine.runTurn(spec, m_engine.target(auth));
    QVERIFY2(!answer->error(), qPrintable(errorText(answer->error())));
    QVERIFY(answer->turn().usage.has_value());

    RequestSpec countSpec = spec;
    countSpec.surface = ApiSurface::CountTokens;
    const auto wire = mantle::api::messages::MessagesRequestBuilder::build(countSpec);
    QVERIFY2(wire.ok(), qPrintable(wire ? QString() : wire.error().message));
    QCOMPARE(wire->path, QStringLiteral("messages/count_tokens"));
    MantleCall *call = nullptr;
    const QByteArray body = m_engine.fetchBody(*wire, kClaudeModel, m_engine.target(auth), &call);
    QVERIFY2(call->outcome().ok(), qPrintable(errorText(call->outcome().error)));
    QCOMPARE(call->routePrefix(), QStringLiteral("/anthropic/v1"));
    const QJsonValue tokens = QJsonDocument::fromJson(body).object().value(u"input_tokens");
    QVERIFY2(tokens.isDouble(), body.constData());
    QVERIFY(tokens.toInteger() > 0);
    QCOMPARE(tokens.toInteger(), answer->turn().usage->inputTokens);
}

void TestEmulatorEngine::listsTheModels_data()
{
    QTest::addColumn<EngineAuth>("auth");
    QTest::addRow("api key") << EngineAuth::ApiKey;
    QTest::addRow("sigv4") << EngineAuth::SigV4;
}

void TestEmulatorEngine::listsTheModels()
{
    QFETCH(EngineAuth, auth);
    mantle::api::WireRequest wire;
    wire.method = QByteArrayLiteral("GET");
    wire.surface = ApiSurface::Models;
    wire.path = RouteResolver::defaultResourcePath(ApiSurface::Models);
    wire.headers.append({QByteArrayLiteral("accept"), QByteArrayLiteral("application/json")});
    MantleCall *call = nullptr;
    const QByteArray body = m_engine.fetchBody(wire, {}, m_engine.target(auth), &call);
    QVERIFY2(call->outcome().ok(), qPrintable(errorText(call->outcome().error)));
    QCOMPARE(call->routePrefix(), QStringLiteral("/v1"));
    const QJsonObject list = QJsonDocument::fromJson(body).object();
    QCOMPARE(list.value(u"object").toString(), QStringLiteral("list"));
    QStringList ids;
    for (const QJsonValue &model : list.value(u"data").toArray())
        ids.append(model.toObject().value(u"id").toString());
    QVERIFY2(ids.contains(kOpenAiModel), qPrintable(ids.join(u',')));
    QVERIFY2(ids.contains(kPrefixModel), qPrintable(ids.join(u',')));
    QVERIFY2(ids.contains(kClaudeModel), qPrintable(ids.join(u',')));
}

// ----------------------------------------------------------------------------------------------
// Routes

void TestEmulatorEngine::movesAModelForcedToV1ToItsPrefixAndRemembersIt_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("stream");
    QTest::addRow("chat") << ApiSurface::ChatCompletions << false;
    QTest::addRow("chat, streamed") << ApiSurface::ChatCompletions << true;
    QTest::addRow("responses") << ApiSurface::Responses << false;
    QTest::addRow("responses, streamed") << ApiSurface::Responses << true;
}

void TestEmulatorEngine::movesAModelForcedToV1ToItsPrefixAndRemembersIt()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stream);
    CallTarget forced = m_engine.target(EngineAuth::SigV4);
    forced.routes = RouteResolver(RouteResolver::builtInOpenAiPrefixModels(), {kPrefixModel});
    QVERIFY(!forced.routes.needsOpenAiPrefix(kPrefixModel));
    const RequestSpec spec = promptSpec(surface, kPrefixModel, kEnginePrompt, stream);

    TurnCall *first = m_engine.runTurn(spec, forced);
    QVERIFY2(!first->error(), qPrintable(errorText(first->error())));
    QVERIFY2(!first->turn().error, qPrintable(turnErrorText(first->turn())));
    QVERIFY(first->switchedPrefix());
    QCOMPARE(first->routePrefix(), QStringLiteral("/openai/v1"));
    QVERIFY2(first->turn().text.contains(kEnginePrompt), qPrintable(first->turn().text));
    QCOMPARE(m_engine.memory().lookup(kEngineAccount, kEngineRegion, kPrefixModel),
             std::optional(RoutePrefix::OpenAiV1));

    // The next request goes to the learned prefix at once, although the target still forces /v1.
    TurnCall *second = m_engine.runTurn(spec, forced);
    QVERIFY2(!second->error(), qPrintable(errorText(second->error())));
    QVERIFY(!second->switchedPrefix());
    QCOMPARE(second->routePrefix(), QStringLiteral("/openai/v1"));
    QCOMPARE(second->outcome().attempts, 1);
}

void TestEmulatorEngine::switchesOnceOnTheWrongPrefixFault_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("switches");
    QTest::addColumn<QString>("lastPrefix");
    QTest::addColumn<int>("lastStatus");
    QTest::addRow("chat, v1 then openai/v1")
        << ApiSurface::ChatCompletions << kOpenAiModel << true << "/openai/v1" << 400;
    QTest::addRow("responses, openai/v1 then v1")
        << ApiSurface::Responses << kPrefixModel << true << "/v1" << 401;
    QTest::addRow("messages, never")
        << ApiSurface::Messages << kClaudeModel << false << "/anthropic/v1" << 401;
}

void TestEmulatorEngine::switchesOnceOnTheWrongPrefixFault()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QFETCH(bool, switches);
    QFETCH(QString, lastPrefix);
    QFETCH(int, lastStatus);
    CallTarget faulty = m_engine.target();
    addFault(faulty, "wrong-prefix");
    TurnCall *call = m_engine.runTurn(promptSpec(surface, model, kEnginePrompt, true), faulty);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->switchedPrefix(), switches);
    QCOMPARE(call->routePrefix(), lastPrefix);
    QCOMPARE(call->outcome().httpStatus, lastStatus);
    QVERIFY(call->outcome().classified);
    // The Anthropic route has no other prefix to try.
    QCOMPARE(call->outcome().classified->wrongPrefix, switches);
    QVERIFY2(call->error()->message.contains(QLatin1String("not served under this route")),
             qPrintable(call->error()->message));
    QVERIFY(call->turn().text.isEmpty());
    QVERIFY(m_engine.memory().isEmpty());
}

QTEST_GUILESS_MAIN(TestEmulatorEngine)
#include "tst_emulatorengine.moc"
