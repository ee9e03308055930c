#include "mantle/modellist.h"

#include "emulatorenginefixture.h"
#include "modelcatalogue.h" // the emulator's own catalogue (emulator/)

#include "api/wirerequest.h"
#include "mantle/routeresolver.h"
#include "pipeline/mantlecall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;

using mantle::mantle::ApiSurface;
using mantle::mantle::ApiSurfaceSet;
using mantle::mantle::LiveModel;
using mantle::mantle::ModelCatalogue;
using mantle::mantle::ModelInfo;
using mantle::mantle::ModelList;
using mantle::mantle::ModelListEntry;
using mantle::mantle::ModelOverride;
using mantle::mantle::ModelPrices;
using mantle::mantle::ModelSettings;
using mantle::mantle::RoutePrefix;
using mantle::mantle::RouteResolver;
using mantle::pipeline::MantleCall;

namespace {

const QString kRegion = QStringLiteral("us-east-1");

std::optional<ModelListEntry> entryFor(const QList<ModelListEntry> &entries, const QString &id)
{
    for (const ModelListEntry &entry : entries) {
        if (entry.model.id == id)
            return entry;
    }
    return std::nullopt;
}

ModelPrices privatePrices()
{
    ModelPrices prices;
    prices.inputPerMillion = 0.1;
    prices.outputPerMillion = 0.4;
    prices.source = QStringLiteral("our contract");
    prices.date = QStringLiteral("2026-11-01");
    return prices;
}

QList<LiveModel> liveIds(const QStringList &ids)
{
    QList<LiveModel> out;
    for (const QString &id : ids)
        out.append(LiveModel{id, {}, 0, {}});
    return out;
}

} // namespace

class TestModelList : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void mergesTheEmulatorsLiveListWithTheCatalogue();
    void showsTheWholeCatalogueWithoutALiveList();
    void describesLiveModelsTheCatalogueDoesNotKnowByFamily();
    void appliesOverridesOverCatalogueAndLiveList();
    void privatePricesOverrideTheCatalogue();
    void selectsAllOrAllOfOneSurface();
    void parsesTheOpenAiModelList();
    void rejectsWhatIsNotAModelList_data();
    void rejectsWhatIsNotAModelList();
    void roundTripsSettingsThroughJson();
    void addsCustomModelsOnlyWithPlausibleIds_data();
    void addsCustomModelsOnlyWithPlausibleIds();
    void dropsAnOverrideThatChangesNothing();
    void rejectsInvalidSettings_data();
    void rejectsInvalidSettings();
    void feedsPrefixOverridesToTheRouteResolver();
    void pickerOffersEveryModelUntilTheUserChooses();
    void pickerOffersTheChosenModelsInTheListsOrder();
    void hidingOneModelKeepsTheOthersOfTheList();
    void aModelAddedByHandJoinsAChosenPicker();
    void pickerJsonStaysReadableByBothVersions_data();
    void pickerJsonStaysReadableByBothVersions();

private:
    mantle::test::EmulatorEngineFixture m_engine;
};

void TestModelList::init()
{
    const std::optional<QString> failure = m_engine.start();
    QVERIFY2(!failure, failure ? qPrintable(*failure) : "");
}

void TestModelList::cleanup()
{
    m_engine.stop();
}

void TestModelList::mergesTheEmulatorsLiveListWithTheCatalogue()
{
    mantle::api::WireRequest wire;
    wire.method = QByteArrayLiteral("GET");
    wire.surface = ApiSurface::Models;
    wire.path = RouteResolver::defaultResourcePath(ApiSurface::Models);
    wire.headers.append({QByteArrayLiteral("accept"), QByteArrayLiteral("application/json")});
    MantleCall *call = nullptr;
    const QByteArray body = m_engine.fetchBody(wire, {}, m_engine.target(), &call);
    QVERIFY2(call->outcome().ok(), qPrintable(mantle::test::errorText(call->outcome().error)));

    const auto live = ModelList::parseLiveList(body);
    QVERIFY(live.ok());
    QStringList expectedIds;
    const mantle::emulator::ModelCatalogue emulator = mantle::emulator::ModelCatalogue::builtIn();
    for (const auto &model : emulator.models())
        expectedIds.append(model.id);
    QStringList liveIdList;
    for (const LiveModel &model : *live)
        liveIdList.append(model.id);
    QCOMPARE(liveIdList, expectedIds);
    QCOMPARE(live->first().status, QStringLiteral("available"));

    ModelSettings settings;
    QVERIFY(settings.addCustomModel(QStringLiteral("mistral.mistral-large-3")).ok());
    ModelOverride chatOnly;
    chatOnly.modelId = QStringLiteral("openai.gpt-oss-20b");
    chatOnly.surfaces = ApiSurfaceSet{ApiSurface::ChatCompletions};
    settings.set(chatOnly);

    const QList<ModelListEntry> entries
        = ModelList::build(ModelCatalogue::builtIn(), *live, settings, kRegion);
    QCOMPARE(ModelList::allIds(entries), expectedIds + QStringList{u"mistral.mistral-large-3"_s});
    for (const QString &id : expectedIds) {
        const auto entry = entryFor(entries, id);
        QVERIFY(entry->listedLive);
        QVERIFY2(entry->inCatalogue, qPrintable(id));
        QVERIFY(!entry->custom);
        QCOMPARE(entry->region, kRegion);
        if (id != chatOnly.modelId)
            QCOMPARE(entry->model, *ModelCatalogue::builtIn().find(id));
    }
    // In the catalogue, not served by this region: left out.
    QVERIFY(!entryFor(entries, QStringLiteral("zai.glm-5")));
    const auto custom = entryFor(entries, QStringLiteral("mistral.mistral-large-3"));
    QVERIFY(custom->custom);
    QVERIFY(!custom->listedLive);
    QVERIFY(!custom->inCatalogue);
    QVERIFY(custom->model.surfaces == ApiSurfaceSet{ApiSurface::ChatCompletions});
    const auto overridden = entryFor(entries, chatOnly.modelId);
    QVERIFY(overridden->surfacesOverridden);
    QVERIFY(overridden->model.surfaces == ApiSurfaceSet{ApiSurface::ChatCompletions});
}

void TestModelList::showsTheWholeCatalogueWithoutALiveList()
{
    ModelSettings settings;
    QVERIFY(settings.addCustomModel(QStringLiteral("custom.model-1"), QStringLiteral("Mine")).ok());
    const ModelCatalogue catalogue = ModelCatalogue::builtIn();
    const auto entries = ModelList::build(catalogue, std::nullopt, settings, kRegion);
    QCOMPARE(ModelList::allIds(entries), catalogue.ids() + QStringList{u"custom.model-1"_s});
    for (const ModelListEntry &entry : entries)
        QVERIFY(!entry.listedLive);
    QCOMPARE(entries.last().model.displayName, QStringLiteral("Mine"));
}

void TestModelList::describesLiveModelsTheCatalogueDoesNotKnowByFamily()
{
    const auto entries = ModelList::build(
        ModelCatalogue::builtIn(),
        liveIds({u"anthropic.claude-sonnet-9"_s, u"openai.gpt-oss-safeguard-20b"_s,
                 u"nvidia.nemotron-nano-12b"_s}),
        {}, kRegion);
    QCOMPARE(entries.size(), 3);
    QVERIFY((entries.at(0).model.surfaces
             == ApiSurfaceSet{ApiSurface::Messages, ApiSurface::CountTokens}));
    QVERIFY((entries.at(1).model.surfaces
             == ApiSurfaceSet{ApiSurface::ChatCompletions, ApiSurface::Responses}));
    QVERIFY(entries.at(2).model.surfaces == ApiSurfaceSet{ApiSurface::ChatCompletions});
    for (const ModelListEntry &entry : entries) {
        QVERIFY(entry.listedLive);
        QVERIFY(!entry.inCatalogue);
        QVERIFY(!entry.model.prices);
    }
}

void TestModelList::appliesOverridesOverCatalogueAndLiveList()
{
    ModelOverride toV1;
    toV1.modelId = QStringLiteral("openai.gpt-5.4"); // /openai/v1 in the catalogue
    toV1.routePrefix = RoutePrefix::V1;
    ModelOverride toPrefix;
    toPrefix.modelId = QStringLiteral("qwen.qwen3-32b");
    toPrefix.routePrefix = RoutePrefix::OpenAiV1;
    toPrefix.region = QStringLiteral("eu-west-1");
    toPrefix.displayName = QStringLiteral("Qwen (Ireland)");
    ModelSettings settings;
    settings.set(toV1);
    settings.set(toPrefix);

    const auto entries
        = ModelList::build(ModelCatalogue::builtIn(),
                           liveIds({u"openai.gpt-5.4"_s, u"qwen.qwen3-32b"_s}), settings, kRegion);
    const auto gpt = entryFor(entries, toV1.modelId);
    QVERIFY(!gpt->model.needsOpenAiPrefix);
    QVERIFY(gpt->prefixOverridden);
    QCOMPARE(gpt->region, kRegion);
    const auto qwen = entryFor(entries, toPrefix.modelId);
    QVERIFY(qwen->model.needsOpenAiPrefix);
    QCOMPARE(qwen->region, QStringLiteral("eu-west-1"));
    QCOMPARE(qwen->model.displayName, QStringLiteral("Qwen (Ireland)"));
    QVERIFY(!qwen->surfacesOverridden);
}

void TestModelList::privatePricesOverrideTheCatalogue()
{
    const QString claude = QStringLiteral("anthropic.claude-opus-4-7");
    const ModelCatalogue catalogue = ModelCatalogue::builtIn();
    QVERIFY(catalogue.find(claude)->prices); // the catalogue has a list price
    ModelOverride negotiated;
    negotiated.modelId = claude;
    negotiated.prices = privatePrices();
    ModelSettings settings;
    settings.set(negotiated);

    const auto withOverride = ModelList::build(catalogue, liveIds({claude}), settings, kRegion);
    QVERIFY(withOverride.first().pricesArePrivate);
    // The prices themselves say they are private, so the one who prices a request can tell.
    ModelPrices markedPrivate = privatePrices();
    markedPrivate.isPrivate = true;
    QCOMPARE(*withOverride.first().model.prices, markedPrivate);

    const auto without = ModelList::build(catalogue, liveIds({claude}), {}, kRegion);
    QVERIFY(!without.first().pricesArePrivate);
    QCOMPARE(without.first().model.prices, catalogue.find(claude)->prices);
    QVERIFY(!without.first().model.prices->isPrivate);

    // A model with no known price gets one only from the user.
    ModelOverride priced;
    priced.modelId = QStringLiteral("qwen.qwen3-32b");
    priced.prices = privatePrices();
    settings.set(priced);
    const auto qwen = ModelList::build(catalogue, liveIds({priced.modelId}), settings, kRegion);
    QCOMPARE(qwen.first().model.prices, std::optional<ModelPrices>(markedPrivate));
}

void TestModelList::selectsAllOrAllOfOneSurface()
{
    const auto entries = ModelList::build(
        ModelCatalogue::builtIn(),
        liveIds({u"openai.gpt-oss-120b"_s, u"qwen.qwen3-32b"_s, u"anthropic.claude-haiku-4-5"_s}),
        {}, kRegion);
    QCOMPARE(ModelList::allIds(entries),
             (QStringList{u"openai.gpt-oss-120b"_s, u"qwen.qwen3-32b"_s,
                          u"anthropic.claude-haiku-4-5"_s}));
    QCOMPARE(ModelList::idsSupporting(entries, ApiSurface::ChatCompletions),
             (QStringList{u"openai.gpt-oss-120b"_s, u"qwen.qwen3-32b"_s}));
    QCOMPARE(ModelList::idsSupporting(entries, ApiSurface::Responses),
             QStringList{u"openai.gpt-oss-120b"_s});
    QCOMPARE(ModelList::idsSupporting(entries, ApiSurface::Messages),
             QStringList{u"anthropic.claude-haiku-4-5"_s});
    QCOMPARE(ModelList::idsSupporting({}, ApiSurface::Messages), QStringList{});
}

void TestModelList::parsesTheOpenAiModelList()
{
    const QByteArray body = R"({"object":"list","data":[
        {"id":"openai.gpt-oss-120b","object":"model","created":1754352000,"owned_by":"openai",
         "status":"available"},
        {"id":"qwen.qwen3-32b","object":"model"},
        {"object":"model"},
        {"id":"openai.gpt-oss-120b","object":"model"}]})";
    const auto parsed = ModelList::parseLiveList(body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->size(), 2);
    QCOMPARE(parsed->at(0),
             (LiveModel{QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("openai"), 1754352000,
                        QStringLiteral("available")}));
    QCOMPARE(parsed->at(1), (LiveModel{QStringLiteral("qwen.qwen3-32b"), {}, 0, {}}));
}

void TestModelList::rejectsWhatIsNotAModelList_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"object":"list","data":[)");
    QTest::newRow("an error envelope")
        << QByteArray(R"({"error":{"code":"access_denied","message":"no"}})");
    QTest::newRow("data not a list") << QByteArray(R"({"object":"list","data":{}})");
    QTest::newRow("an array") << QByteArray("[]");
}

void TestModelList::rejectsWhatIsNotAModelList()
{
    QFETCH(QByteArray, body);
    QVERIFY(!ModelList::parseLiveList(body).ok());
}

void TestModelList::roundTripsSettingsThroughJson()
{
    ModelSettings settings;
    QVERIFY(settings.addCustomModel(QStringLiteral("custom.one"), QStringLiteral("One")).ok());
    ModelOverride full;
    full.modelId = QStringLiteral("qwen.qwen3-32b");
    full.region = QStringLiteral("ap-northeast-1");
    full.routePrefix = RoutePrefix::OpenAiV1;
    full.surfaces = ApiSurfaceSet{ApiSurface::ChatCompletions, ApiSurface::Responses};
    full.prices = privatePrices();
    full.prices->cachedInputPerMillion = 0.05;
    settings.set(full);
    ModelOverride v1;
    v1.modelId = QStringLiteral("openai.gpt-5.5");
    v1.routePrefix = RoutePrefix::V1;
    settings.set(v1);

    const QByteArray text = QJsonDocument(settings.toJson()).toJson();
    const auto back = ModelSettings::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY(back.ok());
    QCOMPARE(*back, settings);
    QCOMPARE(back->overrides().size(), 3);
    QCOMPARE(back->customModelIds(), QStringList{u"custom.one"_s});
}

void TestModelList::addsCustomModelsOnlyWithPlausibleIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("bare id") << QStringLiteral("mistral.mistral-large-3") << true;
    QTest::newRow("surrounding blanks trimmed") << QStringLiteral("  zai.glm-5 ") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("blank") << QStringLiteral("   ") << false;
    QTest::newRow("inner space") << QStringLiteral("zai glm") << false;
    QTest::newRow("slash") << QStringLiteral("models/zai.glm-5") << false;
    QTest::newRow("too long") << QString(257, QLatin1Char('a')) << false;
}

void TestModelList::addsCustomModelsOnlyWithPlausibleIds()
{
    QFETCH(QString, id);
    QFETCH(bool, accepted);
    ModelSettings settings;
    const auto status = settings.addCustomModel(id);
    QCOMPARE(status.ok(), accepted);
    QCOMPARE(settings.customModelIds(), accepted ? QStringList{id.trimmed()} : QStringList{});
    if (!accepted)
        QVERIFY(!status.error().hint.isEmpty());
}

void TestModelList::dropsAnOverrideThatChangesNothing()
{
    ModelSettings settings;
    ModelOverride entry;
    entry.modelId = QStringLiteral("qwen.qwen3-32b");
    entry.region = QStringLiteral("us-west-2");
    settings.set(entry);
    QCOMPARE(settings.overrides().size(), 1);
    entry.region.reset();
    settings.set(entry);
    QVERIFY(settings.overrides().isEmpty());
    QVERIFY(settings.addCustomModel(QStringLiteral("custom.one")).ok());
    settings.remove(QStringLiteral("custom.one"));
    QVERIFY(settings.overrides().isEmpty());
}

void TestModelList::rejectsInvalidSettings_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("no id") << QByteArray(R"({"models":[{"custom":true}]})");
    QTest::newRow("not a Mantle region")
        << QByteArray(R"({"models":[{"id":"a.b","region":"mars-north-1"}]})");
    QTest::newRow("anthropic prefix")
        << QByteArray(R"({"models":[{"id":"a.b","routePrefix":"anthropic-v1"}]})");
    QTest::newRow("unknown surface")
        << QByteArray(R"({"models":[{"id":"a.b","surfaces":["images"]}]})");
    QTest::newRow("price missing")
        << QByteArray(R"({"models":[{"id":"a.b","prices":{"inputPerMillion":1}}]})");
    QTest::newRow("listed twice") << QByteArray(
        R"({"models":[{"id":"a.b","custom":true},{"id":"a.b","custom":true}]})");
    QTest::newRow("picker not a list") << QByteArray(R"({"models":[],"picker":"a.b"})");
    QTest::newRow("picker with a number") << QByteArray(R"({"models":[],"picker":["a.b",3]})");
    QTest::newRow("picker with a bad id") << QByteArray(R"({"models":[],"picker":["a b"]})");
}

void TestModelList::rejectsInvalidSettings()
{
    QFETCH(QByteArray, json);
    QVERIFY(!ModelSettings::fromJson(QJsonDocument::fromJson(json).object()).ok());
}

void TestModelList::feedsPrefixOverridesToTheRouteResolver()
{
    ModelSettings settings;
    ModelOverride toPrefix;
    toPrefix.modelId = QStringLiteral("qwen.qwen3-32b");
    toPrefix.routePrefix = RoutePrefix::OpenAiV1;
    ModelOverride toV1;
    toV1.modelId = QStringLiteral("openai.gpt-5.4");
    toV1.routePrefix = RoutePrefix::V1;
    settings.set(toPrefix);
    settings.set(toV1);
    const RouteResolver resolver = RouteResolver::fromEnvironment(
        QProcessEnvironment(), settings.openAiPrefixModels(), settings.forcedV1Models());
    QVERIFY(resolver.needsOpenAiPrefix(toPrefix.modelId));
    QVERIFY(!resolver.needsOpenAiPrefix(toV1.modelId));
    QVERIFY(resolver.needsOpenAiPrefix(QStringLiteral("openai.gpt-5.5")));
}

void TestModelList::pickerOffersEveryModelUntilTheUserChooses()
{
    ModelSettings settings;
    QVERIFY(settings.addCustomModel(u"custom.one"_s).ok());
    QVERIFY(!settings.pickerModels());
    QVERIFY(settings.isInPicker(u"anything.at-all"_s));
    const auto entries = ModelList::build(ModelCatalogue::builtIn(),
                                          liveIds({u"openai.gpt-oss-120b"_s, u"qwen.qwen3-32b"_s}),
                                          settings, kRegion);
    QCOMPARE(ModelList::allIds(ModelList::pickerEntries(entries, settings)),
             (QStringList{u"openai.gpt-oss-120b"_s, u"qwen.qwen3-32b"_s, u"custom.one"_s}));
    QCOMPARE(ModelList::pickerEntries(entries, settings), entries);
}

void TestModelList::pickerOffersTheChosenModelsInTheListsOrder()
{
    ModelSettings settings;
    // Chosen in another order, one id twice, one the region does not list.
    settings.setPickerModels(QStringList{u"anthropic.claude-haiku-4-5"_s, u"gone.model"_s,
                                         u"openai.gpt-oss-120b"_s,
                                         u"anthropic.claude-haiku-4-5"_s});
    QCOMPARE(
        *settings.pickerModels(),
        (QStringList{u"anthropic.claude-haiku-4-5"_s, u"gone.model"_s, u"openai.gpt-oss-120b"_s}));
    const auto entries = ModelList::build(
        ModelCatalogue::builtIn(),
        liveIds({u"openai.gpt-oss-120b"_s, u"qwen.qwen3-32b"_s, u"anthropic.claude-haiku-4-5"_s}),
        settings, kRegion);
    const auto offered = ModelList::pickerEntries(entries, settings);
    QCOMPARE(ModelList::allIds(offered),
             (QStringList{u"openai.gpt-oss-120b"_s, u"anthropic.claude-haiku-4-5"_s}));
    // The entries are the list's own, overrides and all.
    QCOMPARE(offered.at(1), *entryFor(entries, u"anthropic.claude-haiku-4-5"_s));

    settings.setPickerModels(QStringList{});
    QVERIFY(ModelList::pickerEntries(entries, settings).isEmpty());
    settings.setPickerModels(std::nullopt);
    QCOMPARE(ModelList::pickerEntries(entries, settings).size(), 3);
}

void TestModelList::hidingOneModelKeepsTheOthersOfTheList()
{
    const QStringList listed{u"a.one"_s, u"b.two"_s, u"c.three"_s};
    ModelSettings settings;
    settings.setInPicker(u"b.two"_s, true, listed); // already offered: nothing changes
    QVERIFY(!settings.pickerModels());
    settings.setInPicker(u"b.two"_s, false, listed);
    QCOMPARE(settings.pickerModels(), std::optional(QStringList{u"a.one"_s, u"c.three"_s}));
    QVERIFY(!settings.isInPicker(u"b.two"_s));
    settings.setInPicker(u"b.two"_s, true, listed);
    QCOMPARE(settings.pickerModels(),
             std::optional(QStringList{u"a.one"_s, u"c.three"_s, u"b.two"_s}));
    settings.setInPicker(u"a.one"_s, false, listed);
    settings.setInPicker(u"a.one"_s, false, listed);
    QCOMPARE(settings.pickerModels(), std::optional(QStringList{u"c.three"_s, u"b.two"_s}));
}

void TestModelList::aModelAddedByHandJoinsAChosenPicker()
{
    ModelSettings settings;
    QVERIFY(settings.addCustomModel(u"custom.one"_s).ok());
    QVERIFY(!settings.pickerModels()); // all models: nothing to add
    settings.setPickerModels(QStringList{u"a.one"_s});
    QVERIFY(settings.addCustomModel(u"custom.two"_s).ok());
    QCOMPARE(settings.pickerModels(), std::optional(QStringList{u"a.one"_s, u"custom.two"_s}));
    QVERIFY(!settings.isInPicker(u"custom.one"_s));
    QVERIFY(!settings.isEmpty());
    QVERIFY(ModelSettings().isEmpty());
    ModelSettings onlyPicker;
    onlyPicker.setPickerModels(QStringList{});
    QVERIFY(!onlyPicker.isEmpty()); // "none" is a choice to keep
}

void TestModelList::pickerJsonStaysReadableByBothVersions_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<std::optional<QStringList>>("picker");
    QTest::addColumn<int>("overrides");
    // Written before the picker existed: every model is offered.
    QTest::newRow("no picker key") << QByteArray(R"({"models":[{"id":"a.b","custom":true}]})")
                                   << std::optional<QStringList>() << 1;
    QTest::newRow("picker null") << QByteArray(R"({"models":[],"picker":null})")
                                 << std::optional<QStringList>() << 0;
    QTest::newRow("picker empty") << QByteArray(R"({"models":[],"picker":[]})")
                                  << std::optional(QStringList{}) << 0;
    QTest::newRow("picker with ids")
        << QByteArray(R"({"models":[{"id":"a.b","custom":true}],"picker":["x.y","a.b"]})")
        << std::optional(QStringList{u"x.y"_s, u"a.b"_s}) << 1;
    QTest::newRow("no models key, only a picker")
        << QByteArray(R"({"picker":["x.y"]})") << std::optional(QStringList{u"x.y"_s}) << 0;
}

void TestModelList::pickerJsonStaysReadableByBothVersions()
{
    QFETCH(QByteArray, json);
    QFETCH(std::optional<QStringList>, picker);
    QFETCH(int, overrides);
    const auto parsed = ModelSettings::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->pickerModels(), picker);
    QCOMPARE(parsed->overrides().size(), overrides);

    // Written back: the "picker" key only when there is a choice, and "models" as before, so
    // that a version without the picker reads the overrides unchanged.
    const QJsonObject written = parsed->toJson();
    QCOMPARE(written.contains(u"picker"_s), picker.has_value());
    if (picker)
        QCOMPARE(written.value(u"picker"_s).toArray(), QJsonArray::fromStringList(*picker));
    QCOMPARE(written.value(u"models"_s).toArray().size(), overrides);
    const auto back = ModelSettings::fromJson(written);
    QVERIFY(back.ok());
    QCOMPARE(*back, *parsed);
}

QTEST_GUILESS_MAIN(TestModelList)
#include "tst_modellist.moc"
