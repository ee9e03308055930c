#include "mantle/modelcatalogue.h"

#include "mantle/routeresolver.h"
#include "modelcatalogue.h" // the emulator's own catalogue (emulator/)

#include <QDate>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>

using mantle::mantle::ApiSurface;
using mantle::mantle::ApiSurfaceSet;
using mantle::mantle::ModelCatalogue;
using mantle::mantle::ModelInfo;
using mantle::mantle::ModelPrices;
using mantle::mantle::RouteResolver;

Q_DECLARE_METATYPE(mantle::mantle::ApiSurfaceSet)

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qWarning("cannot read %s", qPrintable(path));
    return file.readAll();
}

QByteArray catalogueWith(const QJsonObject &model)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("models"), QJsonArray{model}}}).toJson();
}

} // namespace

class TestModelCatalogue : public QObject
{
    Q_OBJECT

private slots:
    void embedsResourcesModelsJsonUnchanged();
    void parsesTheBuiltInCatalogueWithSourceAndDate();
    void givesEveryKnownPriceASourceADateAndUsd();
    void listsTheModelIdsSeenOnMantle_data();
    void listsTheModelIdsSeenOnMantle();
    void agreesWithRouteResolverOnTheOpenAiPrefixModels();
    void agreesWithTheEmulatorOnSurfacesAndPrefixes();
    void infersSurfacesOfUnknownIdsByFamily_data();
    void infersSurfacesOfUnknownIdsByFamily();
    void describesAnUnknownIdWithoutPrices();
    void roundTripsModelsThroughJson();
    void rejectsInvalidEntries_data();
    void rejectsInvalidEntries();
    void rejectsAnIdListedTwice();
    void guessesWhichModelsReason_data();
    void guessesWhichModelsReason();
};

void TestModelCatalogue::guessesWhichModelsReason_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("reasons");
    QTest::addRow("gpt-oss") << QStringLiteral("openai.gpt-oss-120b") << true;
    QTest::addRow("gpt-5") << QStringLiteral("openai.gpt-5.5") << true;
    QTest::addRow("claude") << QStringLiteral("anthropic.claude-haiku-4-5") << true;
    QTest::addRow("kimi thinking") << QStringLiteral("moonshotai.kimi-k2-thinking") << true;
    QTest::addRow("qwen3") << QStringLiteral("qwen.qwen3-32b") << true;
    QTest::addRow("deepseek") << QStringLiteral("deepseek.v3.1") << true;
    QTest::addRow("gemma") << QStringLiteral("google.gemma-4-31b") << false;
    QTest::addRow("unknown family") << QStringLiteral("example.model-1") << false;
    QTest::addRow("not a prefix match") << QStringLiteral("my.openai.gpt-oss") << false;
}

void TestModelCatalogue::guessesWhichModelsReason()
{
    QFETCH(QString, id);
    QFETCH(bool, reasons);
    QCOMPARE(mantle::mantle::isReasoningModel(id), reasons);
}

void TestModelCatalogue::embedsResourcesModelsJsonUnchanged()
{
    QCOMPARE(ModelCatalogue::builtInJson(), readFile(QStringLiteral(MANTLE_MODELS_JSON)));
}

void TestModelCatalogue::parsesTheBuiltInCatalogueWithSourceAndDate()
{
    const auto parsed = ModelCatalogue::fromJson(ModelCatalogue::builtInJson());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    const ModelCatalogue catalogue = ModelCatalogue::builtIn();
    QCOMPARE(catalogue, *parsed);
    QVERIFY(catalogue.models().size() >= 16);
    QVERIFY(!catalogue.source().isEmpty());
    QVERIFY(QDate::fromString(catalogue.date(), Qt::ISODate).isValid());
}

void TestModelCatalogue::givesEveryKnownPriceASourceADateAndUsd()
{
    const ModelCatalogue catalogue = ModelCatalogue::builtIn();
    for (const ModelInfo &model : catalogue.models()) {
        QVERIFY2(!model.surfaces.empty(), qPrintable(model.id));
        if (!model.prices)
            continue;
        QVERIFY2(model.prices->source.startsWith(QLatin1String("https://")), qPrintable(model.id));
        QVERIFY2(QDate::fromString(model.prices->date, Qt::ISODate).isValid(),
                 qPrintable(model.id));
        QCOMPARE(model.prices->currency, QStringLiteral("USD"));
        QVERIFY(model.prices->inputPerMillion > 0);
        QVERIFY(model.prices->outputPerMillion > 0);
    }
}

void TestModelCatalogue::listsTheModelIdsSeenOnMantle_data()
{
    // FACTS.md, "Observed on the wire" and "Endpoint and routes".
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("needsPrefix");
    for (const char *id :
         {"anthropic.claude-haiku-4-5", "anthropic.claude-opus-4-7", "openai.gpt-oss-120b",
          "openai.gpt-oss-20b", "moonshotai.kimi-k2.5", "moonshotai.kimi-k2-thinking",
          "minimax.minimax-m2", "zai.glm-5", "qwen.qwen3-32b", "deepseek.v3.1"})
        QTest::newRow(id) << QString::fromLatin1(id) << false;
    for (const char *id : {"openai.gpt-5.5", "openai.gpt-5.4", "google.gemma-4-31b",
                           "google.gemma-4-e2b", "google.gemma-4-26b-a4b", "xai.grok-4.3"})
        QTest::newRow(id) << QString::fromLatin1(id) << true;
}

void TestModelCatalogue::listsTheModelIdsSeenOnMantle()
{
    QFETCH(QString, id);
    QFETCH(bool, needsPrefix);
    const std::optional<ModelInfo> model = ModelCatalogue::builtIn().find(id);
    QVERIFY(model);
    QCOMPARE(model->needsOpenAiPrefix, needsPrefix);
    QVERIFY(!model->displayName.isEmpty());
    QVERIFY(!model->provider.isEmpty());
}

void TestModelCatalogue::agreesWithRouteResolverOnTheOpenAiPrefixModels()
{
    QStringList resolver = RouteResolver::builtInOpenAiPrefixModels();
    std::sort(resolver.begin(), resolver.end());
    QCOMPARE(ModelCatalogue::builtIn().openAiPrefixModels(), resolver);
}

void TestModelCatalogue::agreesWithTheEmulatorOnSurfacesAndPrefixes()
{
    using mantle::emulator::EmulatedModel;
    const ModelCatalogue catalogue = ModelCatalogue::builtIn();
    const mantle::emulator::ModelCatalogue emulator = mantle::emulator::ModelCatalogue::builtIn();
    for (const EmulatedModel &emulated : emulator.models()) {
        const std::optional<ModelInfo> model = catalogue.find(emulated.id);
        QVERIFY2(model, qPrintable(emulated.id));
        ApiSurfaceSet expected;
        if (emulated.chat)
            expected.insert(ApiSurface::ChatCompletions);
        if (emulated.responses)
            expected.insert(ApiSurface::Responses);
        if (emulated.messages)
            expected.insert({ApiSurface::Messages, ApiSurface::CountTokens});
        QVERIFY2(model->surfaces == expected, qPrintable(emulated.id));
        QCOMPARE(model->needsOpenAiPrefix, emulated.prefix == EmulatedModel::Prefix::OpenAiV1);
    }
}

void TestModelCatalogue::infersSurfacesOfUnknownIdsByFamily_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<ApiSurfaceSet>("surfaces");
    const ApiSurfaceSet anthropic{ApiSurface::Messages, ApiSurface::CountTokens};
    const ApiSurfaceSet gptOss{ApiSurface::ChatCompletions, ApiSurface::Responses};
    const ApiSurfaceSet chat{ApiSurface::ChatCompletions};
    QTest::newRow("a new Claude") << QStringLiteral("anthropic.claude-sonnet-9") << anthropic;
    QTest::newRow("a new gpt-oss") << QStringLiteral("openai.gpt-oss-safeguard-20b") << gptOss;
    QTest::newRow("mistral") << QStringLiteral("mistral.mistral-large-3") << chat;
    QTest::newRow("nvidia") << QStringLiteral("nvidia.nemotron-nano-12b") << chat;
    QTest::newRow("no family") << QStringLiteral("mystery") << chat;
    QTest::newRow("anthropic without dot") << QStringLiteral("anthropic-claude") << chat;
}

void TestModelCatalogue::infersSurfacesOfUnknownIdsByFamily()
{
    QFETCH(QString, id);
    QFETCH(ApiSurfaceSet, surfaces);
    QVERIFY(ModelCatalogue::inferSurfaces(id) == surfaces);
    QVERIFY(ModelCatalogue::builtIn().describe(id).surfaces == surfaces);
}

void TestModelCatalogue::describesAnUnknownIdWithoutPrices()
{
    const ModelInfo info = ModelCatalogue::builtIn().describe(QStringLiteral("mistral.large-9"));
    QCOMPARE(info.id, QStringLiteral("mistral.large-9"));
    QCOMPARE(info.displayName, QStringLiteral("mistral.large-9"));
    QCOMPARE(info.provider, QStringLiteral("mistral"));
    QVERIFY(!info.prices);
    QVERIFY(!info.contextTokens);
    QVERIFY(!info.needsOpenAiPrefix);
}

void TestModelCatalogue::roundTripsModelsThroughJson()
{
    const ModelCatalogue catalogue = ModelCatalogue::builtIn();
    for (const ModelInfo &model : catalogue.models()) {
        const auto back = ModelInfo::fromJson(model.toJson());
        QVERIFY(back.ok());
        QVERIFY2(*back == model, qPrintable(model.id));
    }
    const auto back = ModelCatalogue::fromJson(QJsonDocument(catalogue.toJson()).toJson());
    QVERIFY(back.ok());
    QCOMPARE(*back, catalogue);
}

void TestModelCatalogue::rejectsInvalidEntries_data()
{
    QTest::addColumn<QByteArray>("json");
    const QJsonObject prices{{QStringLiteral("inputPerMillion"), 1},
                             {QStringLiteral("outputPerMillion"), 2}};
    auto model = [](QJsonObject extra) {
        QJsonObject object{{QStringLiteral("id"), QStringLiteral("x.y")},
                           {QStringLiteral("surfaces"), QJsonArray{QStringLiteral("chat")}}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            object.insert(it.key(), it.value());
        return catalogueWith(object);
    };
    QTest::newRow("not JSON") << QByteArray("{models:");
    QTest::newRow("no models list") << QByteArray("{\"source\":\"x\"}");
    QTest::newRow("no id") << model({{QStringLiteral("id"), QString()}});
    QTest::newRow("unknown surface")
        << model({{QStringLiteral("surfaces"), QJsonArray{QStringLiteral("images")}}});
    QTest::newRow("surfaces not a list")
        << model({{QStringLiteral("surfaces"), QStringLiteral("chat")}});
    QTest::newRow("fractional context") << model({{QStringLiteral("contextTokens"), 1.5}});
    QTest::newRow("negative context") << model({{QStringLiteral("contextTokens"), -5}});
    QJsonObject negative = prices;
    negative.insert(QStringLiteral("outputPerMillion"), -1);
    QTest::newRow("negative price") << model({{QStringLiteral("prices"), negative}});
    QJsonObject missing = prices;
    missing.remove(QStringLiteral("inputPerMillion"));
    QTest::newRow("no input price") << model({{QStringLiteral("prices"), missing}});
    QJsonObject textual = prices;
    textual.insert(QStringLiteral("cachedInputPerMillion"), QStringLiteral("cheap"));
    QTest::newRow("cached price not a number") << model({{QStringLiteral("prices"), textual}});
    QTest::newRow("prices not an object") << model({{QStringLiteral("prices"), 3}});
}

void TestModelCatalogue::rejectsInvalidEntries()
{
    QFETCH(QByteArray, json);
    const auto parsed = ModelCatalogue::fromJson(json);
    QVERIFY(!parsed.ok());
    QVERIFY(!parsed.error().message.isEmpty());
}

void TestModelCatalogue::rejectsAnIdListedTwice()
{
    const QJsonObject model{{QStringLiteral("id"), QStringLiteral("x.y")},
                            {QStringLiteral("surfaces"), QJsonArray{QStringLiteral("chat")}}};
    const QByteArray json
        = QJsonDocument(QJsonObject{{QStringLiteral("models"), QJsonArray{model, model}}}).toJson();
    const auto parsed = ModelCatalogue::fromJson(json);
    QVERIFY(!parsed.ok());
    QVERIFY(parsed.error().message.contains(QLatin1String("x.y")));
}

QTEST_GUILESS_MAIN(TestModelCatalogue)
#include "tst_modelcatalogue.moc"
