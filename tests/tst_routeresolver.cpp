#include "mantle/routeresolver.h"

#include "expectedregions.h"
#include <QProcessEnvironment>

#include <QTest>

using mantle::Error;
using mantle::Result;
using mantle::mantle::ApiSurface;
using mantle::mantle::apiSurfaceDisplayName;
using mantle::mantle::apiSurfaceFromName;
using mantle::mantle::apiSurfaceName;
using mantle::mantle::apiSurfaceNames;
using mantle::mantle::apiSurfaceNeedsModel;
using mantle::mantle::Endpoint;
using mantle::mantle::kAllApiSurfaces;
using mantle::mantle::ResolvedRoute;
using mantle::mantle::RoutePrefix;
using mantle::mantle::RouteResolver;

Q_DECLARE_METATYPE(mantle::mantle::ApiSurface)

class TestRouteResolver : public QObject
{
    Q_OBJECT

private slots:
    void resolvesEveryRegionAndSurface_data();
    void resolvesEveryRegionAndSurface();
    void usesOpenAiPrefixForBuiltInModels_data();
    void usesOpenAiPrefixForBuiltInModels();
    void matchesModelIdsExactly_data();
    void matchesModelIdsExactly();
    void sendsAnthropicSurfacesToAnthropicPrefixWhateverTheModel();
    void listsModelsUnderV1UnlessAskedForAnotherPrefix();
    void parsesCommaSeparatedModelLists_data();
    void parsesCommaSeparatedModelLists();
    void addsPrefixModelsFromTheEnvironment();
    void ignoresAnUnsetOrEmptyEnvironmentVariable();
    void addsPrefixModelsFromTheCaller();
    void usesExactlyTheListGivenToTheConstructor();
    void forcedV1WinsOverEveryList();
    void appendsResourcePaths_data();
    void appendsResourcePaths();
    void rejectsMalformedResourcePaths_data();
    void rejectsMalformedResourcePaths();
    void sendsRequestsToTheEndpointOverride_data();
    void sendsRequestsToTheEndpointOverride();
    void rejectsUnknownRegionsListingTheValidOnes_data();
    void rejectsUnknownRegionsListingTheValidOnes();
    void rejectsEmptyModelWhereOneIsNeeded_data();
    void rejectsEmptyModelWhereOneIsNeeded();
    void givesBaseUrlsForSdkSnippets();
    void roundTripsApiSurfaceNames_data();
    void roundTripsApiSurfaceNames();
    void rejectsUnknownApiSurfaceNames_data();
    void rejectsUnknownApiSurfaceNames();
    void givesEverySurfaceADisplayName();
};

namespace {

const QStringList &kRegions = expectedMantleRegions();

const QStringList kBuiltInPrefixModels{
    QStringLiteral("openai.gpt-5.5"),         QStringLiteral("openai.gpt-5.4"),
    QStringLiteral("google.gemma-4-31b"),     QStringLiteral("google.gemma-4-e2b"),
    QStringLiteral("google.gemma-4-26b-a4b"), QStringLiteral("xai.grok-4.3"),
};

const QString kPlainModel = QStringLiteral("openai.gpt-oss-120b");
const QString kPrefixModel = QStringLiteral("openai.gpt-5.5");
const QString kClaude = QStringLiteral("anthropic.claude-haiku-4-5");

QString urlText(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

QProcessEnvironment environmentWith(const QString &prefixModels)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEDROCK_MANTLE_OPENAI_V1_PREFIX_MODELS"), prefixModels);
    return env;
}

QString chatPrefix(const RouteResolver &resolver, const QString &model)
{
    return resolver.routePrefixFor(model, ApiSurface::ChatCompletions);
}

} // namespace

void TestRouteResolver::resolvesEveryRegionAndSurface_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("model");
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("prefix");

    struct Case
    {
        ApiSurface surface;
        const char *model;
        const char *path;
        const char *prefix;
    };
    const Case cases[] = {
        {ApiSurface::ChatCompletions, "openai.gpt-oss-120b", "/v1/chat/completions", "/v1"},
        {ApiSurface::ChatCompletions, "openai.gpt-5.5", "/openai/v1/chat/completions",
         "/openai/v1"},
        {ApiSurface::Responses, "openai.gpt-oss-120b", "/v1/responses", "/v1"},
        {ApiSurface::Responses, "openai.gpt-5.5", "/openai/v1/responses", "/openai/v1"},
        {ApiSurface::Messages, "anthropic.claude-haiku-4-5", "/anthropic/v1/messages",
         "/anthropic/v1"},
        {ApiSurface::Messages, "openai.gpt-5.5", "/anthropic/v1/messages", "/anthropic/v1"},
        {ApiSurface::CountTokens, "anthropic.claude-haiku-4-5",
         "/anthropic/v1/messages/count_tokens", "/anthropic/v1"},
        {ApiSurface::CountTokens, "openai.gpt-5.5", "/anthropic/v1/messages/count_tokens",
         "/anthropic/v1"},
        {ApiSurface::Models, "", "/v1/models", "/v1"},
        {ApiSurface::Models, "openai.gpt-5.5", "/v1/models", "/v1"},
    };
    for (const QString &region : kRegions) {
        for (const Case &c : cases) {
            QTest::addRow("%s %s %s", qPrintable(region), qPrintable(apiSurfaceName(c.surface)),
                          c.model)
                << region << QString::fromLatin1(c.model) << c.surface
                << QString::fromLatin1(c.path) << QString::fromLatin1(c.prefix);
        }
    }
}

void TestRouteResolver::resolvesEveryRegionAndSurface()
{
    QFETCH(QString, region);
    QFETCH(QString, model);
    QFETCH(ApiSurface, surface);
    QFETCH(QString, path);
    QFETCH(QString, prefix);

    const RouteResolver resolver;
    const Result<ResolvedRoute> route = resolver.resolve(region, model, surface);
    QVERIFY2(route.ok(), qPrintable(route ? QString() : route.error().message));
    const QString host = QStringLiteral("bedrock-mantle.%1.api.aws").arg(region);
    QCOMPARE(urlText(route->url), QStringLiteral("https://%1%2").arg(host, path));
    QCOMPARE(route->prefix, prefix);
    QCOMPARE(route->host, host);
    QCOMPARE(urlText(route->baseUrl), QStringLiteral("https://%1%2").arg(host, prefix));
    QCOMPARE(resolver.routePrefixFor(model, surface), prefix);
}

void TestRouteResolver::usesOpenAiPrefixForBuiltInModels_data()
{
    QTest::addColumn<QString>("model");
    for (const QString &model : kBuiltInPrefixModels)
        QTest::addRow("%s", qPrintable(model)) << model;
}

void TestRouteResolver::usesOpenAiPrefixForBuiltInModels()
{
    QFETCH(QString, model);
    const RouteResolver resolver;
    QVERIFY(resolver.needsOpenAiPrefix(model));
    QVERIFY(RouteResolver::builtInOpenAiPrefixModels().contains(model));
    QCOMPARE(chatPrefix(resolver, model), QStringLiteral("/openai/v1"));
    QCOMPARE(resolver.routePrefixFor(model, ApiSurface::Responses), QStringLiteral("/openai/v1"));
    const auto route = resolver.resolve(QStringLiteral("us-west-2"), model, ApiSurface::Responses);
    QVERIFY(route.ok());
    QCOMPARE(urlText(route->url),
             QStringLiteral("https://bedrock-mantle.us-west-2.api.aws/openai/v1/responses"));
}

void TestRouteResolver::matchesModelIdsExactly_data()
{
    QTest::addColumn<QString>("model");
    QTest::addRow("plain model") << kPlainModel;
    QTest::addRow("shorter id") << QStringLiteral("openai.gpt-5");
    QTest::addRow("longer id") << QStringLiteral("openai.gpt-5.5-mini");
    QTest::addRow("other case") << QStringLiteral("OpenAI.GPT-5.5");
    QTest::addRow("versioned id") << QStringLiteral("openai.gpt-5.5-v1:0");
    QTest::addRow("empty") << QString();
}

void TestRouteResolver::matchesModelIdsExactly()
{
    QFETCH(QString, model);
    const RouteResolver resolver;
    QVERIFY(!resolver.needsOpenAiPrefix(model));
    QCOMPARE(chatPrefix(resolver, model), QStringLiteral("/v1"));
}

void TestRouteResolver::sendsAnthropicSurfacesToAnthropicPrefixWhateverTheModel()
{
    // Even a model on the /openai/v1 list, or one the caller forced to /v1.
    const RouteResolver resolver({kPrefixModel, kClaude}, {kPlainModel});
    for (const QString &model : {kClaude, kPrefixModel, kPlainModel}) {
        for (const ApiSurface surface : {ApiSurface::Messages, ApiSurface::CountTokens}) {
            QCOMPARE(resolver.routePrefixFor(model, surface), QStringLiteral("/anthropic/v1"));
            const auto route = resolver.resolve(QStringLiteral("eu-central-1"), model, surface);
            QVERIFY(route.ok());
            QCOMPARE(route->prefix, QStringLiteral("/anthropic/v1"));
        }
    }
}

void TestRouteResolver::listsModelsUnderV1UnlessAskedForAnotherPrefix()
{
    const RouteResolver resolver;
    for (const QString &model : {QString(), kPrefixModel}) {
        const auto route = resolver.resolve(QStringLiteral("us-east-1"), model, ApiSurface::Models);
        QVERIFY(route.ok());
        QCOMPARE(urlText(route->url),
                 QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/models"));
    }

    const auto openAi = RouteResolver::resolveUnder(
        QStringLiteral("us-east-1"), RoutePrefix::OpenAiV1, QStringLiteral("models"));
    QVERIFY(openAi.ok());
    QCOMPARE(urlText(openAi->url),
             QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/openai/v1/models"));
    QCOMPARE(openAi->prefix, QStringLiteral("/openai/v1"));

    const auto v1 = RouteResolver::resolveUnder(QStringLiteral("us-east-1"), RoutePrefix::V1,
                                                QStringLiteral("models"));
    QVERIFY(v1.ok());
    QCOMPARE(urlText(v1->url),
             QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/models"));
}

void TestRouteResolver::parsesCommaSeparatedModelLists_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("empty") << QString() << QStringList();
    QTest::addRow("only separators and spaces") << QStringLiteral(" , ,, ") << QStringList();
    QTest::addRow("one") << QStringLiteral("zai.glm-5") << QStringList{QStringLiteral("zai.glm-5")};
    QTest::addRow("spaces and empty items")
        << QStringLiteral("  qwen.qwen3-32b , ,deepseek.v3.1,,\t minimax.minimax-m2 ,")
        << QStringList{QStringLiteral("qwen.qwen3-32b"), QStringLiteral("deepseek.v3.1"),
                       QStringLiteral("minimax.minimax-m2")};
    QTest::addRow("duplicates dropped")
        << QStringLiteral("a.b, c.d, a.b")
        << QStringList{QStringLiteral("a.b"), QStringLiteral("c.d")};
}

void TestRouteResolver::parsesCommaSeparatedModelLists()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(RouteResolver::parseModelList(text), expected);
}

void TestRouteResolver::addsPrefixModelsFromTheEnvironment()
{
    const QProcessEnvironment env
        = environmentWith(QStringLiteral(" qwen.qwen3-32b , ,deepseek.v3.1,, "));
    QCOMPARE(RouteResolver::openAiPrefixModelsFromEnvironment(env),
             (QStringList{QStringLiteral("qwen.qwen3-32b"), QStringLiteral("deepseek.v3.1")}));

    const RouteResolver resolver = RouteResolver::fromEnvironment(env);
    QVERIFY(resolver.needsOpenAiPrefix(QStringLiteral("qwen.qwen3-32b")));
    QVERIFY(resolver.needsOpenAiPrefix(QStringLiteral("deepseek.v3.1")));
    QVERIFY(!resolver.needsOpenAiPrefix(QStringLiteral(" qwen.qwen3-32b ")));
    QVERIFY(!resolver.needsOpenAiPrefix(QString()));
    QVERIFY(!resolver.needsOpenAiPrefix(kPlainModel));
    for (const QString &model : kBuiltInPrefixModels)
        QVERIFY2(resolver.needsOpenAiPrefix(model), qPrintable(model));
    QCOMPARE(resolver.openAiPrefixModels().size(), kBuiltInPrefixModels.size() + 2);

    const auto route = resolver.resolve(
        QStringLiteral("ap-south-1"), QStringLiteral("deepseek.v3.1"), ApiSurface::ChatCompletions);
    QVERIFY(route.ok());
    QCOMPARE(
        urlText(route->url),
        QStringLiteral("https://bedrock-mantle.ap-south-1.api.aws/openai/v1/chat/completions"));
}

void TestRouteResolver::ignoresAnUnsetOrEmptyEnvironmentVariable()
{
    QStringList builtIn = kBuiltInPrefixModels;
    builtIn.sort();
    for (const QProcessEnvironment &env : {QProcessEnvironment(), environmentWith(QString()),
                                           environmentWith(QStringLiteral(" , "))}) {
        QVERIFY(RouteResolver::openAiPrefixModelsFromEnvironment(env).isEmpty());
        QCOMPARE(RouteResolver::fromEnvironment(env).openAiPrefixModels(), builtIn);
    }
    QCOMPARE(RouteResolver().openAiPrefixModels(), builtIn);
    QVERIFY(RouteResolver::fromEnvironment(QProcessEnvironment()) == RouteResolver());
}

void TestRouteResolver::addsPrefixModelsFromTheCaller()
{
    const RouteResolver resolver = RouteResolver::fromEnvironment(
        environmentWith(QStringLiteral("qwen.qwen3-32b")),
        {QStringLiteral(" zai.glm-5 "), QString(), QStringLiteral("moonshotai.kimi-k2.5")});
    for (const QString &model :
         {QStringLiteral("zai.glm-5"), QStringLiteral("moonshotai.kimi-k2.5"),
          QStringLiteral("qwen.qwen3-32b"), kPrefixModel})
        QCOMPARE(chatPrefix(resolver, model), QStringLiteral("/openai/v1"));
    QCOMPARE(chatPrefix(resolver, kPlainModel), QStringLiteral("/v1"));
    QVERIFY(!resolver.openAiPrefixModels().contains(QString()));
}

void TestRouteResolver::usesExactlyTheListGivenToTheConstructor()
{
    const RouteResolver resolver({QStringLiteral("zai.glm-5")});
    QVERIFY(resolver.needsOpenAiPrefix(QStringLiteral("zai.glm-5")));
    QVERIFY(!resolver.needsOpenAiPrefix(kPrefixModel));
    QCOMPARE(resolver.openAiPrefixModels(), QStringList{QStringLiteral("zai.glm-5")});
    QVERIFY(resolver.forcedV1Models().isEmpty());
}

void TestRouteResolver::forcedV1WinsOverEveryList()
{
    const QString fromEnv = QStringLiteral("qwen.qwen3-32b");
    const QString fromCaller = QStringLiteral("zai.glm-5");
    const RouteResolver resolver = RouteResolver::fromEnvironment(
        environmentWith(fromEnv), {fromCaller}, {kPrefixModel, fromEnv, fromCaller});

    for (const QString &model : {kPrefixModel, fromEnv, fromCaller}) {
        QVERIFY2(!resolver.needsOpenAiPrefix(model), qPrintable(model));
        QCOMPARE(chatPrefix(resolver, model), QStringLiteral("/v1"));
        QVERIFY(!resolver.openAiPrefixModels().contains(model));
        const auto route
            = resolver.resolve(QStringLiteral("sa-east-1"), model, ApiSurface::Responses);
        QVERIFY(route.ok());
        QCOMPARE(urlText(route->url),
                 QStringLiteral("https://bedrock-mantle.sa-east-1.api.aws/v1/responses"));
    }
    QCOMPARE(resolver.forcedV1Models(), (QStringList{kPrefixModel, fromEnv, fromCaller}));
    // The other built-in models keep their prefix.
    QCOMPARE(chatPrefix(resolver, QStringLiteral("openai.gpt-5.4")), QStringLiteral("/openai/v1"));
}

void TestRouteResolver::appendsResourcePaths_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("resourcePath");
    QTest::addColumn<QString>("path");

    QTest::addRow("get response") << kPlainModel << ApiSurface::Responses
                                  << QStringLiteral("responses/resp_123")
                                  << QStringLiteral("/v1/responses/resp_123");
    QTest::addRow("cancel response")
        << kPlainModel << ApiSurface::Responses << QStringLiteral("responses/resp_123/cancel")
        << QStringLiteral("/v1/responses/resp_123/cancel");
    QTest::addRow("cancel response of a prefix model")
        << kPrefixModel << ApiSurface::Responses << QStringLiteral("responses/resp_1/cancel")
        << QStringLiteral("/openai/v1/responses/resp_1/cancel");
    QTest::addRow("leading slash")
        << kPlainModel << ApiSurface::Responses << QStringLiteral("/responses/resp_9")
        << QStringLiteral("/v1/responses/resp_9");
    QTest::addRow("percent-encoded id")
        << kPlainModel << ApiSurface::Responses << QStringLiteral("responses/a%2Fb")
        << QStringLiteral("/v1/responses/a%2Fb");
    QTest::addRow("one model") << QString() << ApiSurface::Models
                               << QStringLiteral("models/openai.gpt-oss-120b")
                               << QStringLiteral("/v1/models/openai.gpt-oss-120b");
    QTest::addRow("count tokens") << kClaude << ApiSurface::CountTokens
                                  << QStringLiteral("messages/count_tokens")
                                  << QStringLiteral("/anthropic/v1/messages/count_tokens");
}

void TestRouteResolver::appendsResourcePaths()
{
    QFETCH(QString, model);
    QFETCH(ApiSurface, surface);
    QFETCH(QString, resourcePath);
    QFETCH(QString, path);

    const auto route = RouteResolver().resolve(QStringLiteral("eu-north-1"), model, surface,
                                               std::nullopt, resourcePath);
    QVERIFY2(route.ok(), qPrintable(route ? QString() : route.error().message));
    QCOMPARE(urlText(route->url),
             QStringLiteral("https://bedrock-mantle.eu-north-1.api.aws") + path);
}

void TestRouteResolver::rejectsMalformedResourcePaths_data()
{
    QTest::addColumn<QString>("resourcePath");
    QTest::addRow("empty segment") << QStringLiteral("responses//resp_1");
    QTest::addRow("trailing slash") << QStringLiteral("responses/");
    QTest::addRow("only a slash") << QStringLiteral("/");
    QTest::addRow("dot-dot") << QStringLiteral("responses/../models");
    QTest::addRow("dot") << QStringLiteral("./responses");
    QTest::addRow("space") << QStringLiteral("responses/resp 1");
    QTest::addRow("query") << QStringLiteral("responses?after=1");
    QTest::addRow("fragment") << QStringLiteral("responses#x");
    QTest::addRow("bad escape") << QStringLiteral("responses/%zz");
    QTest::addRow("cut escape") << QStringLiteral("responses/a%2");
    QTest::addRow("non-ASCII") << QStringLiteral("responses/é");
    QTest::addRow("backslash") << QStringLiteral("responses\\resp_1");
}

void TestRouteResolver::rejectsMalformedResourcePaths()
{
    QFETCH(QString, resourcePath);
    const auto route = RouteResolver().resolve(QStringLiteral("us-east-1"), kPlainModel,
                                               ApiSurface::Responses, std::nullopt, resourcePath);
    QVERIFY(!route.ok());
    QCOMPARE(route.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(route.error().message.contains(resourcePath), qPrintable(route.error().message));
    QVERIFY(!route.error().hint.isEmpty());
}

void TestRouteResolver::sendsRequestsToTheEndpointOverride_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("model");
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");

    QTest::addRow("emulator on 127.0.0.1")
        << QStringLiteral("http://127.0.0.1:4010") << kPlainModel << ApiSurface::ChatCompletions
        << QStringLiteral("http://127.0.0.1:4010/v1/chat/completions")
        << QStringLiteral("127.0.0.1");
    QTest::addRow("emulator on localhost, prefix model")
        << QStringLiteral("http://localhost:4010/") << kPrefixModel << ApiSurface::Responses
        << QStringLiteral("http://localhost:4010/openai/v1/responses")
        << QStringLiteral("localhost");
    QTest::addRow("emulator on ::1, messages")
        << QStringLiteral("http://[::1]:4010") << kClaude << ApiSurface::Messages
        << QStringLiteral("http://[::1]:4010/anthropic/v1/messages") << QStringLiteral("::1");
    QTest::addRow("vpc endpoint")
        << QStringLiteral("https://vpce-1.bedrock-mantle.us-east-1.vpce.amazonaws.com")
        << kPlainModel << ApiSurface::Models
        << QStringLiteral("https://vpce-1.bedrock-mantle.us-east-1.vpce.amazonaws.com/v1/models")
        << QStringLiteral("vpce-1.bedrock-mantle.us-east-1.vpce.amazonaws.com");
    QTest::addRow("gateway with path prefix")
        << QStringLiteral("https://gateway.example.com/mantle/") << kClaude
        << ApiSurface::CountTokens
        << QStringLiteral("https://gateway.example.com/mantle/anthropic/v1/messages/count_tokens")
        << QStringLiteral("gateway.example.com");
    QTest::addRow("gateway with port, prefix model")
        << QStringLiteral("https://gateway.example.com:8443/team/mantle") << kPrefixModel
        << ApiSurface::ChatCompletions
        << QStringLiteral("https://gateway.example.com:8443/team/mantle/openai/v1/chat/completions")
        << QStringLiteral("gateway.example.com");
}

void TestRouteResolver::sendsRequestsToTheEndpointOverride()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, model);
    QFETCH(ApiSurface, surface);
    QFETCH(QString, url);
    QFETCH(QString, host);

    const Result<Endpoint> root = Endpoint::parse(endpoint);
    QVERIFY(root.ok());
    const auto route = RouteResolver().resolve(QStringLiteral("us-east-1"), model, surface, *root);
    QVERIFY2(route.ok(), qPrintable(route ? QString() : route.error().message));
    QCOMPARE(urlText(route->url), url);
    QCOMPARE(route->host, host);
    QVERIFY(urlText(route->url).startsWith(urlText(route->baseUrl) + QLatin1Char('/')));
    QVERIFY(urlText(route->baseUrl).startsWith(root->toString() + route->prefix));
}

void TestRouteResolver::rejectsUnknownRegionsListingTheValidOnes_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("withOverride");
    QTest::addRow("us-west-1") << QStringLiteral("us-west-1") << ApiSurface::ChatCompletions
                               << false;
    QTest::addRow("eu-west-3 messages")
        << QStringLiteral("eu-west-3") << ApiSurface::Messages << false;
    QTest::addRow("upper case") << QStringLiteral("US-EAST-1") << ApiSurface::Responses << false;
    QTest::addRow("trailing space") << QStringLiteral("us-east-1 ") << ApiSurface::Models << false;
    QTest::addRow("not a region") << QStringLiteral("mars") << ApiSurface::CountTokens << false;
    QTest::addRow("with endpoint override")
        << QStringLiteral("us-west-1") << ApiSurface::ChatCompletions << true;
}

void TestRouteResolver::rejectsUnknownRegionsListingTheValidOnes()
{
    QFETCH(QString, region);
    QFETCH(ApiSurface, surface);
    QFETCH(bool, withOverride);

    std::optional<Endpoint> endpoint;
    if (withOverride)
        endpoint = *Endpoint::parse(QStringLiteral("http://127.0.0.1:4010"));
    const auto route = RouteResolver().resolve(region, kPlainModel, surface, endpoint);
    QVERIFY(!route.ok());
    const Error &error = route.error();
    QCOMPARE(error.kind, Error::Kind::InvalidInput);
    QVERIFY2(error.message.contains(QStringLiteral("“%1”").arg(region)), qPrintable(error.message));
    for (const QString &valid : kRegions)
        QVERIFY2(error.hint.contains(valid), qPrintable(error.hint));

    QVERIFY(!RouteResolver::resolveUnder(region, RoutePrefix::V1, QStringLiteral("models")).ok());
    QVERIFY(!RouteResolver::regionBaseUrl(region).ok());
}

void TestRouteResolver::rejectsEmptyModelWhereOneIsNeeded_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    for (const ApiSurface surface : {ApiSurface::ChatCompletions, ApiSurface::Responses,
                                     ApiSurface::Messages, ApiSurface::CountTokens}) {
        QTest::addRow("%s empty", qPrintable(apiSurfaceName(surface))) << surface << QString();
        QTest::addRow("%s blank", qPrintable(apiSurfaceName(surface)))
            << surface << QStringLiteral("  ");
    }
}

void TestRouteResolver::rejectsEmptyModelWhereOneIsNeeded()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QVERIFY(apiSurfaceNeedsModel(surface));
    const auto route = RouteResolver().resolve(QStringLiteral("us-east-1"), model, surface);
    QVERIFY(!route.ok());
    QCOMPARE(route.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(route.error().message.contains(QLatin1String("No model")),
             qPrintable(route.error().message));
    QVERIFY2(route.error().message.contains(apiSurfaceDisplayName(surface)),
             qPrintable(route.error().message));
}

void TestRouteResolver::givesBaseUrlsForSdkSnippets()
{
    const RouteResolver resolver;
    const QString region = QStringLiteral("us-east-1");
    QCOMPARE(urlText(*RouteResolver::regionBaseUrl(region)),
             QStringLiteral("https://bedrock-mantle.us-east-1.api.aws"));
    QCOMPARE(urlText(*resolver.routeBaseUrl(region, kPrefixModel, ApiSurface::ChatCompletions)),
             QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/openai/v1"));
    QCOMPARE(urlText(*resolver.routeBaseUrl(region, kPlainModel, ApiSurface::Responses)),
             QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1"));
    QCOMPARE(urlText(*resolver.routeBaseUrl(region, kClaude, ApiSurface::Messages)),
             QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/anthropic/v1"));
    QVERIFY(!resolver.routeBaseUrl(region, QString(), ApiSurface::ChatCompletions).ok());

    // The OpenAI SDKs take root + prefix; the Anthropic SDKs take root + "/anthropic".
    const auto chat = resolver.resolve(region, kPrefixModel, ApiSurface::ChatCompletions);
    QVERIFY(chat.ok());
    QCOMPARE(chat->sdkBaseUrl, chat->baseUrl);
    const auto messages = resolver.resolve(region, kClaude, ApiSurface::Messages);
    QVERIFY(messages.ok());
    QCOMPARE(urlText(messages->sdkBaseUrl),
             QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/anthropic"));

    const auto gateway = Endpoint::parse(QStringLiteral("https://gateway.example.com/mantle"));
    QVERIFY(gateway.ok());
    const auto viaGateway = resolver.resolve(region, kClaude, ApiSurface::CountTokens, *gateway);
    QVERIFY(viaGateway.ok());
    QCOMPARE(urlText(viaGateway->sdkBaseUrl),
             QStringLiteral("https://gateway.example.com/mantle/anthropic"));
}

void TestRouteResolver::roundTripsApiSurfaceNames_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("name");
    QTest::addRow("chat") << ApiSurface::ChatCompletions << QStringLiteral("chat");
    QTest::addRow("responses") << ApiSurface::Responses << QStringLiteral("responses");
    QTest::addRow("messages") << ApiSurface::Messages << QStringLiteral("messages");
    QTest::addRow("count-tokens") << ApiSurface::CountTokens << QStringLiteral("count-tokens");
    QTest::addRow("models") << ApiSurface::Models << QStringLiteral("models");
}

void TestRouteResolver::roundTripsApiSurfaceNames()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, name);
    QCOMPARE(apiSurfaceName(surface), name);
    QCOMPARE(apiSurfaceFromName(name), std::optional<ApiSurface>(surface));
    QCOMPARE(apiSurfaceFromName(QStringLiteral(" %1 ").arg(name.toUpper())),
             std::optional<ApiSurface>(surface));
    QVERIFY(apiSurfaceNames().contains(name));
}

void TestRouteResolver::rejectsUnknownApiSurfaceNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addRow("empty") << QString();
    QTest::addRow("wire path") << QStringLiteral("chat/completions");
    QTest::addRow("enum name") << QStringLiteral("ChatCompletions");
    QTest::addRow("underscore") << QStringLiteral("count_tokens");
    QTest::addRow("unknown") << QStringLiteral("embeddings");
}

void TestRouteResolver::rejectsUnknownApiSurfaceNames()
{
    QFETCH(QString, name);
    QCOMPARE(apiSurfaceFromName(name), std::optional<ApiSurface>());
}

void TestRouteResolver::givesEverySurfaceADisplayName()
{
    QStringList names;
    for (const ApiSurface surface : kAllApiSurfaces) {
        QVERIFY(!apiSurfaceDisplayName(surface).isEmpty());
        QVERIFY(!names.contains(apiSurfaceDisplayName(surface)));
        names.append(apiSurfaceDisplayName(surface));
    }
    QCOMPARE(apiSurfaceNames().size(), qsizetype(kAllApiSurfaces.size()));
}

QTEST_GUILESS_MAIN(TestRouteResolver)
#include "tst_routeresolver.moc"
