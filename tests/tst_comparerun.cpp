// compare::CompareRun against the emulator on 127.0.0.1 (a MantleService behind an EmulatorServer
// whose handler keeps every request it answers): three targets with one failing, the cross-API
// payloads as the builders make them and as the emulator received them, cancelling; and the
// pure parts: specFor per surface, target parsing, the CSV and JSON tables.

#include "compare/comparerun.h"

#include "api/requestspec.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "emulatorserver.h"
#include "localemulator.h"
#include "mantle/endpoint.h"
#include "mantle/modelcatalogue.h"
#include "mantleservice.h"
#include "net/httpclient.h"
#include "pipeline/routememory.h"
#include "pipeline/turncall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace api = mantle::api;
namespace aws = mantle::aws;
namespace compare = mantle::compare;
namespace emulator = mantle::emulator;
namespace net = mantle::net;
namespace pipeline = mantle::pipeline;
namespace models = mantle::mantle;
using compare::CompareResult;
using compare::CompareRun;
using compare::CompareTarget;
using mantle::Error;
using mantle::makeError;
using mantle::Result;
using mantle::SecretString;
using mantle::Status;
using models::ApiSurface;

namespace {

constexpr int kWaitMs = 20000;
const QString kRegion = QStringLiteral("us-east-1");
const QString kGptOss = QStringLiteral("openai.gpt-oss-120b");
const QString kHaiku = QStringLiteral("anthropic.claude-haiku-4-5");
const QString kPrompt = QStringLiteral("Compare this prompt across the targets");

api::RequestSpec basePrompt()
{
    api::RequestSpec spec;
    spec.instructions = QStringLiteral("Answer briefly.");
    api::ConversationMessage message;
    message.text = kPrompt;
    spec.messages.append(message);
    spec.parameters.maxOutputTokens = 256;
    spec.parameters.temperature = 0.5;
    return spec;
}

CompareTarget target(ApiSurface surface, const QString &model, const QString &region = kRegion)
{
    CompareTarget t;
    t.model = model;
    t.surface = surface;
    t.region = region;
    return t;
}

CompareResult finishedResult(const CompareTarget &t)
{
    CompareResult result;
    result.target = t;
    result.started = true;
    result.finished = true;
    return result;
}

} // namespace

Q_DECLARE_METATYPE(CompareTarget)

class TestCompareRun : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void otherTargetsFinishWhenOneFails_data();
    void otherTargetsFinishWhenOneFails();
    void unresolvableTargetFailsOnlyItsColumn();
    void crossApiPayloadsAreTheBuildersAndWhatTheEmulatorReceived();
    void invalidTargetListFailsEveryColumnFromTheEventLoop();
    void cancelBeforeAnswersEndsEveryColumnCancelled();
    void cancelWhileStreamingKeepsWhatArrived();
    void deletingARunningRunAbortsItsCalls();

    void specForDropsWhatTheSurfaceCannotCarry_data();
    void specForDropsWhatTheSurfaceCannotCarry();
    void validateTargetsRefusesNoneTooManyAndRepeats_data();
    void validateTargetsRefusesNoneTooManyAndRepeats();
    void parseReadsTargetsWithDefaults_data();
    void parseReadsTargetsWithDefaults();
    void parseNamesTheWrongItem_data();
    void parseNamesTheWrongItem();
    void toTextRoundTripsThroughParse();
    void labelNamesModelApiRegionAndAccount();
    void answerSurfacesKeepsOnlyAnswerApisInOrder();

    void csvQuotesCommasQuotesAndLineBreaks();
    void jsonHasOneObjectPerTargetWithNullsWhereUnknown();

private:
    pipeline::CallTarget callTarget() const;
    CompareRun::TargetResolver resolverWithFault(ApiSurface faultySurface,
                                                 const QByteArray &fault) const;
    static CompareRun::PriceLookup cataloguePrices();

    mantle::SystemClock m_clock;
    aws::SigV4Signer m_signer;
    std::unique_ptr<emulator::MantleService> m_service;
    std::unique_ptr<emulator::EmulatorServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<net::HttpClient> m_client;
    pipeline::RouteMemory m_memory;
    QList<emulator::EmulatorRequest> m_received; ///< what the emulator answered, in order
};

void TestCompareRun::init()
{
    m_received.clear();
    m_service = std::make_unique<emulator::MantleService>(m_clock);
    m_server = std::make_unique<emulator::EmulatorServer>(
        [this](const emulator::EmulatorRequest &request) {
            m_received.append(request);
            return m_service->handle(request);
        },
        m_clock);
    QVERIFY2(m_server->listen(0), qPrintable(m_server->errorString()));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<net::HttpClient>(m_network.get(), m_signer, m_clock);
    m_memory = pipeline::RouteMemory();
}

void TestCompareRun::cleanup()
{
    m_client.reset();
    m_network.reset();
    m_server.reset();
    m_service.reset();
}

pipeline::CallTarget TestCompareRun::callTarget() const
{
    pipeline::CallTarget t;
    t.region = kRegion;
    t.endpoint
        = *models::Endpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()));
    t.auth.kind = net::HttpAuth::Kind::Bearer;
    t.auth.apiKey = SecretString(std::string_view(emulator::LocalEmulator::kApiKey));
    t.options.maxRetries = 0;
    return t;
}

CompareRun::TargetResolver TestCompareRun::resolverWithFault(ApiSurface faultySurface,
                                                             const QByteArray &fault) const
{
    const pipeline::CallTarget base = callTarget();
    return [base, faultySurface, fault](const CompareTarget &t, QObject *context,
                                        CompareRun::TargetDone done) {
        pipeline::CallTarget resolved = base;
        if (!t.region.isEmpty())
            resolved.region = t.region;
        if (t.surface == faultySurface && !fault.isEmpty())
            resolved.extraHeaders.append({QByteArrayLiteral("x-emulator-fault"), fault});
        QMetaObject::invokeMethod(
            context, [done, resolved] { done(resolved); }, Qt::QueuedConnection);
    };
}

CompareRun::PriceLookup TestCompareRun::cataloguePrices()
{
    return [](const CompareTarget &t) -> std::optional<models::ModelPrices> {
        if (const auto model = models::ModelCatalogue::builtIn().find(t.model))
            return model->prices;
        return std::nullopt;
    };
}

void TestCompareRun::otherTargetsFinishWhenOneFails_data()
{
    QTest::addColumn<QByteArray>("fault");
    QTest::addRow("server error 500") << QByteArrayLiteral("status=500");
    QTest::addRow("access denied") << QByteArrayLiteral("access-denied");
}

void TestCompareRun::otherTargetsFinishWhenOneFails()
{
    QFETCH(QByteArray, fault);
    const QList<CompareTarget> targets{target(ApiSurface::ChatCompletions, kGptOss),
                                       target(ApiSurface::Messages, kHaiku),
                                       target(ApiSurface::Responses, kGptOss)};
    // Prices of our own: $1 per million input tokens, $2 per million output tokens, i.e.
    // 10^6 and 2 * 10^6 pico-dollars per token.
    const auto prices = [](const CompareTarget &) {
        models::ModelPrices p;
        p.inputPerMillion = 1;
        p.outputPerMillion = 2;
        return std::optional<models::ModelPrices>(p);
    };
    CompareRun run(*m_client, basePrompt(), targets,
                   resolverWithFault(ApiSurface::Responses, fault), prices, &m_memory);
    QSignalSpy changed(&run, &CompareRun::columnChanged);
    QSignalSpy columnFinished(&run, &CompareRun::columnFinished);
    QSignalSpy finished(&run, &CompareRun::finished);
    run.start();
    QCOMPARE(columnFinished.count(), 0); // nothing from inside start()
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.count(), 1);
    QVERIFY(run.isFinished());

    QCOMPARE(columnFinished.count(), 3);
    QSet<int> finishedColumns;
    for (const QList<QVariant> &signal : std::as_const(columnFinished))
        finishedColumns.insert(signal.first().toInt());
    QCOMPARE(finishedColumns, (QSet<int>{0, 1, 2}));
    QSet<int> changedColumns;
    for (const QList<QVariant> &signal : std::as_const(changed))
        changedColumns.insert(signal.first().toInt());
    QVERIFY(changedColumns.contains(0));
    QVERIFY(changedColumns.contains(1));

    const QList<CompareResult> &results = run.results();
    for (int column : {0, 1}) {
        const CompareResult &ok = results.at(column);
        QVERIFY2(ok.succeeded(), qPrintable(ok.errorText()));
        QVERIFY(ok.turn.text.contains(kPrompt));
        QVERIFY(ok.turn.usage);
        QVERIFY(ok.turn.usage->inputTokens > 0);
        QVERIFY(ok.turn.usage->outputTokens > 0);
        QVERIFY(ok.timings.timeToFirstToken);
        QVERIFY(ok.cost);
        const api::Usage &usage = *ok.turn.usage;
        const qint64 billedInput = usage.inputTokens
            + (ok.target.surface == ApiSurface::Messages ? usage.cachedInputTokens.value_or(0)
                       + usage.cacheCreationInputTokens.value_or(0)
                                                         : 0);
        QCOMPARE(ok.cost->totalPico(), billedInput * 1'000'000 + usage.outputTokens * 2'000'000);
        QVERIFY(ok.errorText().isEmpty());
        QVERIFY(!ok.wire.body.isEmpty());
        QVERIFY(!run.record(column).requestBody.isEmpty());
    }
    QCOMPARE(results.at(0).routePrefix, QStringLiteral("/v1"));
    QCOMPARE(results.at(1).routePrefix, QStringLiteral("/anthropic/v1"));

    const CompareResult &failed = results.at(2);
    QVERIFY(failed.finished);
    QVERIFY(!failed.succeeded());
    QVERIFY(failed.failure);
    QVERIFY(!failed.errorText().isEmpty());
    QVERIFY(!failed.cost);
    QVERIFY(failed.turn.text.isEmpty());
    QVERIFY(!run.record(2).error.isEmpty());

    const QJsonArray rows
        = compare::table::toJson(results).value(QLatin1String("targets")).toArray();
    QCOMPARE(rows.at(0).toObject().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(rows.at(2).toObject().value(QLatin1String("status")).toString(),
             QStringLiteral("error"));
}

void TestCompareRun::unresolvableTargetFailsOnlyItsColumn()
{
    const pipeline::CallTarget base = callTarget();
    const auto resolver = [base](const CompareTarget &t, QObject *context,
                                 CompareRun::TargetDone done) {
        Result<pipeline::CallTarget> resolved = base;
        if (t.account == QLatin1String("missing"))
            resolved = makeError(Error::Kind::Config, QStringLiteral("No account named missing."));
        QMetaObject::invokeMethod(
            context, [done, resolved] { done(resolved); }, Qt::QueuedConnection);
    };
    CompareTarget missing = target(ApiSurface::ChatCompletions, kGptOss);
    missing.account = QStringLiteral("missing");
    CompareRun run(*m_client, basePrompt(), {target(ApiSurface::ChatCompletions, kGptOss), missing},
                   resolver, {}, &m_memory);
    QSignalSpy finished(&run, &CompareRun::finished);
    run.start();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(run.results().at(0).succeeded());
    QVERIFY(!run.results().at(0).cost); // no price lookup given: no cost
    QVERIFY(!run.results().at(1).succeeded());
    QVERIFY(!run.results().at(1).started);
    QCOMPARE(run.results().at(1).errorText(), QStringLiteral("No account named missing."));
    QCOMPARE(m_received.size(), 1);
}

void TestCompareRun::crossApiPayloadsAreTheBuildersAndWhatTheEmulatorReceived()
{
    const auto model = models::ModelCatalogue::builtIn().find(kGptOss);
    QVERIFY(model);
    const QList<ApiSurface> surfaces = compare::answerSurfaces(model->surfaces);
    QCOMPARE(surfaces, (QList<ApiSurface>{ApiSurface::ChatCompletions, ApiSurface::Responses}));
    const QList<CompareTarget> targets
        = compare::crossApiTargets(QString(), kRegion, kGptOss, surfaces);
    QCOMPARE(targets.size(), 2);

    api::RequestSpec base = basePrompt();
    api::ToolDefinition tool;
    tool.name = QStringLiteral("get_weather");
    tool.description = QStringLiteral("The weather in a city");
    tool.parameters = QJsonDocument::fromJson(R"({"type":"object","properties":{"city":
        {"type":"string"}},"required":["city"]})")
                          .object();
    base.tools.append(tool);
    base.parameters.seed = 42; // Chat only: dropped from the Responses body

    CompareRun run(*m_client, base, targets, resolverWithFault(ApiSurface::Models, {}),
                   cataloguePrices(), &m_memory);
    QSignalSpy finished(&run, &CompareRun::finished);
    run.start();
    QVERIFY(finished.wait(kWaitMs));

    const QHash<ApiSurface, QByteArray> paths{
        {ApiSurface::ChatCompletions, QByteArrayLiteral("/v1/chat/completions")},
        {ApiSurface::Responses, QByteArrayLiteral("/v1/responses")}};
    QCOMPARE(m_received.size(), 2);
    for (int column = 0; column < targets.size(); ++column) {
        const CompareResult &result = run.results().at(column);
        QVERIFY2(result.succeeded(), qPrintable(result.errorText()));
        QVERIFY(result.turn.usage);
        const auto expected
            = pipeline::TurnCall::buildWireRequest(CompareRun::specFor(base, targets.at(column)));
        QVERIFY(expected.ok());
        QCOMPARE(result.wire, expected.value());
        QCOMPARE(run.record(column).requestBody, expected->body);
        const QByteArray path = paths.value(targets.at(column).surface);
        bool seen = false;
        for (const emulator::EmulatorRequest &request : std::as_const(m_received)) {
            if (request.path == path) {
                QCOMPARE(request.body, expected->body);
                seen = true;
            }
        }
        QVERIFY2(seen, path.constData());
    }
    // The translation differs where the surfaces do: the seed only on Chat.
    const QJsonObject chat = QJsonDocument::fromJson(run.results().at(0).wire.body).object();
    const QJsonObject responses = QJsonDocument::fromJson(run.results().at(1).wire.body).object();
    QCOMPARE(chat.value(QLatin1String("seed")).toInteger(), 42);
    QVERIFY(!responses.contains(QLatin1String("seed")));
    QVERIFY(chat.value(QLatin1String("stream")).toBool());
    QVERIFY(responses.value(QLatin1String("stream")).toBool());
}

void TestCompareRun::invalidTargetListFailsEveryColumnFromTheEventLoop()
{
    const CompareTarget t = target(ApiSurface::ChatCompletions, kGptOss);
    CompareRun run(*m_client, basePrompt(), {t, t}, resolverWithFault(ApiSurface::Models, {}), {},
                   &m_memory);
    QSignalSpy columnFinished(&run, &CompareRun::columnFinished);
    QSignalSpy finished(&run, &CompareRun::finished);
    run.start();
    QCOMPARE(columnFinished.count(), 0);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(columnFinished.count(), 2);
    for (const CompareResult &result : run.results()) {
        QVERIFY(result.failure);
        QCOMPARE(result.failure->kind, Error::Kind::InvalidInput);
    }
    QVERIFY(m_received.isEmpty());
}

void TestCompareRun::cancelBeforeAnswersEndsEveryColumnCancelled()
{
    CompareRun run(
        *m_client, basePrompt(),
        {target(ApiSurface::ChatCompletions, kGptOss), target(ApiSurface::Messages, kHaiku)},
        resolverWithFault(ApiSurface::Models, {}), {}, &m_memory);
    QSignalSpy columnFinished(&run, &CompareRun::columnFinished);
    QSignalSpy finished(&run, &CompareRun::finished);
    run.start();
    run.cancel();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(columnFinished.count(), 2);
    const QJsonArray rows
        = compare::table::toJson(run.results()).value(QLatin1String("targets")).toArray();
    for (const QJsonValue &row : rows)
        QCOMPARE(row.toObject().value(QLatin1String("status")).toString(),
                 QStringLiteral("cancelled"));
    // The resolvers' late answers start nothing.
    QCoreApplication::processEvents();
    QVERIFY(m_received.isEmpty());
    QCOMPARE(finished.count(), 1);
}

void TestCompareRun::cancelWhileStreamingKeepsWhatArrived()
{
    // The stream stalls after its first events: the column has begun and cannot end alone.
    CompareRun run(
        *m_client, basePrompt(), {target(ApiSurface::ChatCompletions, kGptOss)},
        resolverWithFault(ApiSurface::ChatCompletions, QByteArrayLiteral("stall-after=3")), {},
        &m_memory);
    QSignalSpy changed(&run, &CompareRun::columnChanged);
    QSignalSpy finished(&run, &CompareRun::finished);
    run.start();
    QVERIFY(changed.wait(kWaitMs));
    QVERIFY(finished.isEmpty());
    const QString partial = run.results().first().turn.text + run.results().first().turn.reasoning;
    run.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWaitMs);
    const CompareResult &result = run.results().first();
    QVERIFY(!result.succeeded());
    QVERIFY((result.turn.text + result.turn.reasoning).startsWith(partial));
    QCOMPARE(compare::table::toJson(run.results())
                 .value(QLatin1String("targets"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("cancelled"));
}

void TestCompareRun::deletingARunningRunAbortsItsCalls()
{
    auto run = std::make_unique<CompareRun>(
        *m_client, basePrompt(), QList<CompareTarget>{target(ApiSurface::ChatCompletions, kGptOss)},
        resolverWithFault(ApiSurface::ChatCompletions, QByteArrayLiteral("stall-after=3")),
        CompareRun::PriceLookup(), &m_memory);
    QSignalSpy changed(run.get(), &CompareRun::columnChanged);
    run->start();
    QVERIFY(changed.wait(kWaitMs));
    QPointer<QObject> call = run->findChild<pipeline::TurnCall *>();
    QVERIFY(call);
    run.reset();
    QVERIFY(call.isNull());
    // The emulator sees the connection go.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kWaitMs);
}

void TestCompareRun::specForDropsWhatTheSurfaceCannotCarry_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("keepsSeed");
    QTest::addColumn<bool>("keepsStop");
    QTest::addColumn<bool>("keepsResponsesFields"); // previous_response_id, store, background
    QTest::addColumn<bool>("keepsAdaptiveThinking");
    QTest::addRow("chat") << ApiSurface::ChatCompletions << true << true << false << false;
    QTest::addRow("responses") << ApiSurface::Responses << false << false << true << false;
    QTest::addRow("messages") << ApiSurface::Messages << false << true << false << true;
}

void TestCompareRun::specForDropsWhatTheSurfaceCannotCarry()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, keepsSeed);
    QFETCH(bool, keepsStop);
    QFETCH(bool, keepsResponsesFields);
    QFETCH(bool, keepsAdaptiveThinking);

    api::RequestSpec base = basePrompt();
    base.surface = ApiSurface::Responses;
    base.model = QStringLiteral("base.model");
    base.region = QStringLiteral("eu-west-1");
    base.account = QStringLiteral("base account");
    base.stream = false;
    base.parameters.seed = 7;
    base.parameters.stopSequences = {QStringLiteral("END")};
    base.parameters.adaptiveThinking = true;
    base.parameters.reasoningEffort = api::ReasoningEffort::High;
    base.previousResponseId = QStringLiteral("resp_abc123");
    base.store = true;
    base.background = true;

    CompareTarget t = target(surface, QStringLiteral("target.model"), QStringLiteral("us-west-2"));
    t.account = QStringLiteral("work");
    const api::RequestSpec spec = CompareRun::specFor(base, t);
    QCOMPARE(spec.surface, surface);
    QCOMPARE(spec.model, QStringLiteral("target.model"));
    QCOMPARE(spec.region, QStringLiteral("us-west-2"));
    QCOMPARE(spec.account, QStringLiteral("work"));
    QVERIFY(spec.stream);
    QCOMPARE(spec.parameters.seed.has_value(), keepsSeed);
    QCOMPARE(!spec.parameters.stopSequences.isEmpty(), keepsStop);
    QCOMPARE(!spec.previousResponseId.isEmpty(), keepsResponsesFields);
    QCOMPARE(spec.store.has_value(), keepsResponsesFields);
    QCOMPARE(spec.background, keepsResponsesFields);
    QCOMPARE(spec.parameters.adaptiveThinking, keepsAdaptiveThinking);
    // What is shared stays.
    QCOMPARE(spec.messages, base.messages);
    QCOMPARE(spec.instructions, base.instructions);
    QCOMPARE(spec.parameters.reasoningEffort, base.parameters.reasoningEffort);
    QCOMPARE(spec.parameters.maxOutputTokens, base.parameters.maxOutputTokens);
    // What is left fits the surface.
    const Status valid = spec.validate();
    QVERIFY2(valid.ok(), valid.ok() ? "" : qPrintable(valid.error().toDisplayString()));

    // A target without a region keeps the base's (the account's, filled in at start).
    t.region.clear();
    QCOMPARE(CompareRun::specFor(base, t).region, QStringLiteral("eu-west-1"));
}

void TestCompareRun::validateTargetsRefusesNoneTooManyAndRepeats_data()
{
    QTest::addColumn<QList<CompareTarget>>("targets");
    QTest::addColumn<bool>("valid");
    const CompareTarget a = target(ApiSurface::ChatCompletions, kGptOss);
    const CompareTarget b = target(ApiSurface::Responses, kGptOss);
    const CompareTarget c = target(ApiSurface::Messages, kHaiku);
    QList<CompareTarget> six;
    QList<CompareTarget> seven;
    for (int i = 0; i < 7; ++i) {
        const CompareTarget t = target(ApiSurface::ChatCompletions, QStringLiteral("m.%1").arg(i));
        if (i < 6)
            six.append(t);
        seven.append(t);
    }
    CompareTarget countTokens = c;
    countTokens.surface = ApiSurface::CountTokens;
    QTest::addRow("one") << QList<CompareTarget>{a} << true;
    QTest::addRow("three") << QList<CompareTarget>{a, b, c} << true;
    QTest::addRow("six") << six << true;
    QTest::addRow("none") << QList<CompareTarget>{} << false;
    QTest::addRow("seven") << seven << false;
    QTest::addRow("the same twice") << QList<CompareTarget>{a, b, a} << false;
    QTest::addRow("no answer api") << QList<CompareTarget>{a, countTokens} << false;
}

void TestCompareRun::validateTargetsRefusesNoneTooManyAndRepeats()
{
    QFETCH(QList<CompareTarget>, targets);
    QFETCH(bool, valid);
    const Status status = CompareRun::validateTargets(targets);
    QCOMPARE(status.ok(), valid);
    if (!valid)
        QVERIFY(!status.error().message.isEmpty());
}

void TestCompareRun::parseReadsTargetsWithDefaults_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<CompareTarget>("expected");
    CompareTarget chat = target(ApiSurface::ChatCompletions, kGptOss, QStringLiteral("eu-west-1"));
    chat.account = QStringLiteral("default-account");
    QTest::addRow("defaults fill the rest") << QStringLiteral("api=chat") << chat;
    CompareTarget messages = target(ApiSurface::Messages, kHaiku, QStringLiteral("us-west-2"));
    messages.account = QStringLiteral("default-account");
    QTest::addRow("every field but the account")
        << QStringLiteral("api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2")
        << messages;
    CompareTarget spaced
        = target(ApiSurface::Responses, QStringLiteral("m.x"), QStringLiteral("eu-west-1"));
    spaced.account = QStringLiteral("work");
    QTest::addRow("white space around items")
        << QStringLiteral(" account = work ,  api=Responses , model=m.x ") << spaced;
}

void TestCompareRun::parseReadsTargetsWithDefaults()
{
    QFETCH(QString, text);
    QFETCH(CompareTarget, expected);
    CompareTarget defaults
        = target(ApiSurface::ChatCompletions, kGptOss, QStringLiteral("eu-west-1"));
    defaults.account = QStringLiteral("default-account");
    const auto parsed = CompareTarget::parse(text, defaults);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed.value(), expected);
}

void TestCompareRun::parseNamesTheWrongItem_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");
    QTest::addRow("unknown key") << QStringLiteral("api=chat,colour=red,model=m.x")
                                 << QStringLiteral("colour=red");
    QTest::addRow("repeated key") << QStringLiteral("api=chat,model=m.x,api=messages")
                                  << QStringLiteral("api=messages");
    QTest::addRow("empty value") << QStringLiteral("api=chat,model=m.x,region=")
                                 << QStringLiteral("region=");
    QTest::addRow("unknown surface")
        << QStringLiteral("api=embeddings,model=m.x") << QStringLiteral("api=embeddings");
    QTest::addRow("not an answer surface")
        << QStringLiteral("api=count-tokens,model=m.x") << QStringLiteral("api=count-tokens");
    QTest::addRow("no equals sign") << QStringLiteral("api=chat,m.x") << QStringLiteral("m.x");
    QTest::addRow("no model") << QStringLiteral("api=chat,region=us-east-1")
                              << QStringLiteral("api=chat,region=us-east-1");
}

void TestCompareRun::parseNamesTheWrongItem()
{
    QFETCH(QString, text);
    QFETCH(QString, named);
    const auto parsed = CompareTarget::parse(text, CompareTarget{});
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(parsed.error().message.contains(QStringLiteral("“%1”").arg(named)),
             qPrintable(parsed.error().message));
}

void TestCompareRun::toTextRoundTripsThroughParse()
{
    CompareTarget full = target(ApiSurface::Messages, kHaiku, QStringLiteral("ap-south-1"));
    full.account = QStringLiteral("prod");
    QCOMPARE(full.toText(),
             QStringLiteral("api=messages,model=anthropic.claude-haiku-4-5,region=ap-south-1,"
                            "account=prod"));
    const CompareTarget bare = target(ApiSurface::Responses, kGptOss, QString());
    QCOMPARE(bare.toText(), QStringLiteral("api=responses,model=openai.gpt-oss-120b"));
    for (const CompareTarget &t : {full, bare}) {
        const auto parsed = CompareTarget::parse(t.toText(), CompareTarget{});
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value(), t);
    }
}

void TestCompareRun::labelNamesModelApiRegionAndAccount()
{
    CompareTarget t = target(ApiSurface::ChatCompletions, kGptOss);
    QCOMPARE(t.label(),
             QStringLiteral("openai.gpt-oss-120b \u00b7 Chat Completions \u00b7 us-east-1"));
    t.account = QStringLiteral("work");
    QCOMPARE(
        t.label(),
        QStringLiteral("openai.gpt-oss-120b \u00b7 Chat Completions \u00b7 us-east-1 \u00b7 work"));
}

void TestCompareRun::answerSurfacesKeepsOnlyAnswerApisInOrder()
{
    const models::ApiSurfaceSet all(models::kAllApiSurfaces.cbegin(),
                                    models::kAllApiSurfaces.cend());
    QCOMPARE(compare::answerSurfaces(all),
             (QList<ApiSurface>{ApiSurface::ChatCompletions, ApiSurface::Responses,
                                ApiSurface::Messages}));
    QCOMPARE(compare::answerSurfaces({ApiSurface::Messages, ApiSurface::CountTokens}),
             QList<ApiSurface>{ApiSurface::Messages});
    const QList<CompareTarget> targets = compare::crossApiTargets(
        QStringLiteral("work"), kRegion, kHaiku, QList<ApiSurface>{ApiSurface::Messages});
    QCOMPARE(targets.size(), 1);
    CompareTarget expected = target(ApiSurface::Messages, kHaiku);
    expected.account = QStringLiteral("work");
    QCOMPARE(targets.first(), expected);
}

void TestCompareRun::csvQuotesCommasQuotesAndLineBreaks()
{
    CompareResult ok = finishedResult(target(ApiSurface::ChatCompletions, QStringLiteral("m.a")));
    ok.timings.timeToFirstToken = std::chrono::milliseconds(120);
    ok.timings.total = std::chrono::milliseconds(900);
    ok.timings.tokensPerSecond = 25.26;
    api::Usage usage;
    usage.inputTokens = 11;
    usage.outputTokens = 20;
    ok.turn.usage = usage;
    models::RequestCost cost;
    cost.outputPico = 1'500'000'000; // 0.0015 USD
    ok.cost = cost;

    CompareResult failed = finishedResult(target(ApiSurface::Messages, QStringLiteral("m.b")));
    failed.target.account = QStringLiteral("team, \"blue\"");
    failed.timings.total = std::chrono::milliseconds(30);
    failed.failure = makeError(Error::Kind::Http, QStringLiteral("Refused, said \"no\"\nline two"));

    const QString expected = QStringLiteral(
        "target,account,region,model,api,status,ttft_ms,tokens_per_second,total_ms,input_tokens,"
        "output_tokens,cost,currency,error\r\n"
        "\"api=chat,model=m.a,region=us-east-1\",,us-east-1,m.a,chat,ok,120,25.3,900,11,20,"
        "0.001500,USD,\r\n"
        "\"api=messages,model=m.b,region=us-east-1,account=team, \"\"blue\"\"\","
        "\"team, \"\"blue\"\"\",us-east-1,m.b,messages,error,,,30,,,,,"
        "\"Refused, said \"\"no\"\"\nline two\"\r\n");
    QCOMPARE(compare::table::toCsv({ok, failed}), expected);
    QCOMPARE(compare::table::csvColumns().size(), 14);
}

void TestCompareRun::jsonHasOneObjectPerTargetWithNullsWhereUnknown()
{
    CompareResult ok = finishedResult(target(ApiSurface::Responses, QStringLiteral("m.a")));
    ok.turn.text = QStringLiteral("Hello");
    ok.turn.reasoning = QStringLiteral("Thinking");
    ok.turn.toolCalls.append({QStringLiteral("call_1"), QStringLiteral("f"), QStringLiteral("{}")});
    ok.turn.stopReason = QStringLiteral("completed");
    ok.timings.timeToFirstToken = std::chrono::milliseconds(5);
    ok.timings.total = std::chrono::milliseconds(50);
    api::Usage usage;
    usage.inputTokens = 3;
    usage.outputTokens = 4;
    ok.turn.usage = usage;
    CompareResult failed = finishedResult(target(ApiSurface::Messages, QStringLiteral("m.b")));
    failed.failure = makeError(Error::Kind::Network, QStringLiteral("Connection refused."));

    const QJsonObject json = compare::table::toJson({ok, failed});
    QCOMPARE(json.keys(), QStringList{QStringLiteral("targets")});
    const QJsonArray rows = json.value(QLatin1String("targets")).toArray();
    QCOMPARE(rows.size(), 2);
    const QStringList keys{QStringLiteral("target"),        QStringLiteral("account"),
                           QStringLiteral("region"),        QStringLiteral("model"),
                           QStringLiteral("api"),           QStringLiteral("status"),
                           QStringLiteral("ttft_ms"),       QStringLiteral("tokens_per_second"),
                           QStringLiteral("total_ms"),      QStringLiteral("input_tokens"),
                           QStringLiteral("output_tokens"), QStringLiteral("cost"),
                           QStringLiteral("currency"),      QStringLiteral("error"),
                           QStringLiteral("text"),          QStringLiteral("reasoning"),
                           QStringLiteral("tool_calls"),    QStringLiteral("stop_reason")};
    QStringList sorted = keys;
    sorted.sort();
    const QJsonObject first = rows.at(0).toObject();
    const QJsonObject second = rows.at(1).toObject();
    QCOMPARE(first.keys(), sorted);
    QCOMPARE(second.keys(), sorted);

    QCOMPARE(first.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(first.value(QLatin1String("api")).toString(), QStringLiteral("responses"));
    QCOMPARE(first.value(QLatin1String("ttft_ms")).toInteger(), 5);
    QCOMPARE(first.value(QLatin1String("total_ms")).toInteger(), 50);
    QCOMPARE(first.value(QLatin1String("input_tokens")).toInteger(), 3);
    QCOMPARE(first.value(QLatin1String("output_tokens")).toInteger(), 4);
    QCOMPARE(first.value(QLatin1String("text")).toString(), QStringLiteral("Hello"));
    QCOMPARE(first.value(QLatin1String("reasoning")).toString(), QStringLiteral("Thinking"));
    QCOMPARE(first.value(QLatin1String("stop_reason")).toString(), QStringLiteral("completed"));
    const QJsonObject call = first.value(QLatin1String("tool_calls")).toArray().at(0).toObject();
    QCOMPARE(call.value(QLatin1String("name")).toString(), QStringLiteral("f"));
    for (const char *unknown : {"account", "tokens_per_second", "cost", "currency", "error"})
        QVERIFY2(first.value(QLatin1String(unknown)).isNull(), unknown);

    QCOMPARE(second.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(second.value(QLatin1String("error")).toString(),
             QStringLiteral("Connection refused."));
    for (const char *unknown :
         {"ttft_ms", "input_tokens", "output_tokens", "cost", "text", "reasoning", "stop_reason"})
        QVERIFY2(second.value(QLatin1String(unknown)).isNull(), unknown);
}

QTEST_GUILESS_MAIN(TestCompareRun)
#include "tst_comparerun.moc"
