// Code export (core/export and `mantle snippet`): golden snippets for a matrix of requests and
// languages (reviewed by reading them; MANTLE_UPDATE_GOLDENS=1 rewrites them), the Python ones
// compiled, curl's body compared byte for byte with the request builder's, which languages fit
// which API, where the snippet sends the request, the command's exit codes, and that no secret
// of the environment ever appears in a snippet.

#include "accounts/account.h"
#include "accounts/accountstore.h"
#include "api/requestspec.h"
#include "clitestrun.h"
#include "export/exporttarget.h"
#include "export/snippetgenerator.h"
#include "export/snippetlanguage.h"
#include "pipeline/calltarget.h"
#include "pipeline/turncall.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mantle;
using codeexport::SnippetLanguage;
using ::mantle::mantle::ApiSurface;
using ::mantle::mantle::apiSurfaceFromName;
using ::mantle::mantle::Endpoint;

namespace {

const QString kGoldenDir = QStringLiteral(MANTLE_TEST_DATA "/snippets/");

const QString kBearerSecret = QStringLiteral("ABSKbedrock-api-key-canary");
const QString kSecretKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYsecret-canary");
const QString kSessionToken = QStringLiteral("session-token-canary");

api::ToolDefinition weatherTool()
{
    api::ToolDefinition tool;
    tool.name = QStringLiteral("get_weather");
    tool.description = QStringLiteral("The current weather in a city");
    tool.parameters = QJsonDocument::fromJson(R"({"type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string",
        "enum": ["celsius", "fahrenheit"]}}, "required": ["city", "unit"],
        "additionalProperties": false})")
                          .object();
    return tool;
}

api::OutputSchema personSchema()
{
    api::OutputSchema schema;
    schema.name = QStringLiteral("person");
    schema.schema = QJsonDocument::fromJson(R"({"type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"], "additionalProperties": false})")
                        .object();
    return schema;
}

api::RequestSpec baseSpec(ApiSurface surface, const QString &prompt)
{
    api::RequestSpec spec;
    spec.surface = surface;
    spec.region = QStringLiteral("us-east-1");
    spec.model = surface == ApiSurface::Messages ? QStringLiteral("anthropic.claude-haiku-4-5")
                                                 : QStringLiteral("openai.gpt-oss-120b");
    api::ConversationMessage message;
    message.text = prompt;
    spec.messages.append(message);
    return spec;
}

/// One request of the golden matrix and where it goes.
struct GoldenCase
{
    QString name;
    api::RequestSpec spec;
    pipeline::CallTarget target;
};

pipeline::CallTarget regionTarget()
{
    pipeline::CallTarget target;
    target.region = QStringLiteral("us-east-1");
    return target;
}

QList<GoldenCase> goldenCases()
{
    QList<GoldenCase> cases;
    const auto add = [&cases](const QString &name, const api::RequestSpec &spec,
                              const pipeline::CallTarget &target = regionTarget()) {
        cases.append({name, spec, target});
    };

    {
        auto spec = baseSpec(ApiSurface::ChatCompletions, QStringLiteral("Say \"hi\", it's me."));
        spec.instructions = QStringLiteral("You are terse.\nAnswer in one line.");
        spec.parameters.temperature = 0.5;
        spec.parameters.maxOutputTokens = 256;
        add(QStringLiteral("chat-plain"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::ChatCompletions, QStringLiteral("Weather in Oslo?"));
        spec.tools.append(weatherTool());
        spec.toolChoice
            = api::ToolChoice{api::ToolChoice::Mode::Function, QStringLiteral("get_weather")};
        spec.stream = true;
        add(QStringLiteral("chat-tools-stream"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::ChatCompletions, QStringLiteral("I am Ada, 36."));
        spec.outputSchema = personSchema();
        add(QStringLiteral("chat-schema"), spec);
    }
    {
        // A model of the /openai/v1 list, through an endpoint override with a path.
        auto spec = baseSpec(ApiSurface::ChatCompletions, QStringLiteral("Hello"));
        spec.model = QStringLiteral("openai.gpt-5.4");
        spec.parameters.reasoningEffort = api::ReasoningEffort::High;
        spec.stream = true;
        auto target = regionTarget();
        target.endpoint = Endpoint::parse(QStringLiteral("http://127.0.0.1:8080/gateway")).value();
        add(QStringLiteral("chat-prefix-endpoint-stream"), spec, target);
    }
    {
        auto spec = baseSpec(ApiSurface::Responses, QStringLiteral("What is my name?"));
        spec.instructions = QStringLiteral("Remember what you are told.");
        spec.previousResponseId
            = QStringLiteral("resp_0123456789abcdefghijklmnopqrstuvwxyz0123456789ab");
        spec.store = false;
        spec.parameters.reasoningEffort = api::ReasoningEffort::Low;
        add(QStringLiteral("responses-chained"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::Responses, QStringLiteral("Tell me a story."));
        spec.stream = true;
        add(QStringLiteral("responses-stream"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::Responses, QStringLiteral("Weather in Paris?"));
        spec.tools.append(weatherTool());
        spec.toolChoice = api::ToolChoice{api::ToolChoice::Mode::Required, {}};
        add(QStringLiteral("responses-tools"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::Responses, QStringLiteral("I am Ada, 36."));
        spec.outputSchema = personSchema();
        spec.stream = true;
        add(QStringLiteral("responses-schema-stream"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::Messages, QStringLiteral("Think about 17 * 23."));
        spec.instructions = QStringLiteral("Show the result only.");
        spec.parameters.adaptiveThinking = true;
        spec.parameters.reasoningEffort = api::ReasoningEffort::Medium;
        spec.parameters.maxOutputTokens = 2048;
        add(QStringLiteral("messages-plain"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::Messages, QStringLiteral("Weather in Oslo?"));
        spec.tools.append(weatherTool());
        spec.toolChoice
            = api::ToolChoice{api::ToolChoice::Mode::Function, QStringLiteral("get_weather")};
        spec.stream = true;
        add(QStringLiteral("messages-tools-stream"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::Messages, QStringLiteral("I am Ada, 36."));
        spec.outputSchema = personSchema();
        add(QStringLiteral("messages-schema"), spec);
    }
    {
        auto spec = baseSpec(ApiSurface::Messages, QStringLiteral("Hello"));
        spec.stream = true;
        auto target = regionTarget();
        target.region = QStringLiteral("eu-west-1");
        target.anthropicKeyHeader = pipeline::CallTarget::AnthropicKeyHeader::Bearer;
        spec.region = target.region;
        add(QStringLiteral("messages-bearer-stream"), spec, target);
    }
    {
        auto spec = baseSpec(ApiSurface::CountTokens, QStringLiteral("How long is this?"));
        spec.model = QStringLiteral("anthropic.claude-haiku-4-5");
        add(QStringLiteral("count-tokens"), spec);
    }
    return cases;
}

QString extensionOf(SnippetLanguage language)
{
    switch (language) {
    case SnippetLanguage::PythonOpenAi:
    case SnippetLanguage::PythonAnthropic:
    case SnippetLanguage::PythonSigV4:
        return QStringLiteral("py");
    case SnippetLanguage::TsOpenAi:
    case SnippetLanguage::TsAnthropic:
        return QStringLiteral("mjs");
    case SnippetLanguage::Curl:
    case SnippetLanguage::CurlSigV4:
        return QStringLiteral("sh");
    }
    return {};
}

QString generated(const GoldenCase &golden, SnippetLanguage language)
{
    const auto target = codeexport::ExportTarget::forRequest(golden.spec, golden.target);
    if (!target)
        return QStringLiteral("target error: ") + target.error().toDisplayString();
    const auto snippet = codeexport::generate(language, golden.spec, *target);
    if (!snippet)
        return QStringLiteral("snippet error: ") + snippet.error().toDisplayString();
    return *snippet;
}

QProcessEnvironment secretEnvironment(const QString &routesFile)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), kBearerSecret);
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), kSecretKey);
    env.insert(QStringLiteral("AWS_SESSION_TOKEN"), kSessionToken);
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-west-2"));
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), routesFile);
    return env;
}

} // namespace

class TestCodeExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void snippetMatchesReviewedGolden_data();
    void snippetMatchesReviewedGolden();
    void pythonSnippetsCompile_data();
    void pythonSnippetsCompile();
    void curlSendsTheBuildersBodyExactly_data();
    void curlSendsTheBuildersBodyExactly();

    void languagesFitTheirSurfaces_data();
    void languagesFitTheirSurfaces();
    void languageNamesRoundTrip();
    void refusesALanguageThatDoesNotFitAndNamesThoseThatDo();
    void refusesASpecTheBuilderRefuses();
    void targetFollowsTheRequestsRoute_data();
    void targetFollowsTheRequestsRoute();

    void snippetCommandPrintsTheGeneratorsProgram();
    void snippetCommandReadsASpecFile();
    void snippetCommandTakesTheAccountsRegionAndEndpoint();
    void snippetCommandExitCodes_data();
    void snippetCommandExitCodes();
    void snippetsHoldNoSecretOfTheEnvironment_data();
    void snippetsHoldNoSecretOfTheEnvironment();

private:
    QTemporaryDir m_dir;
    QString m_python;
};

void TestCodeExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
}

void TestCodeExport::snippetMatchesReviewedGolden_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("snippet");
    for (const GoldenCase &golden : goldenCases()) {
        for (const SnippetLanguage language :
             codeexport::snippetLanguagesFor(golden.spec.surface)) {
            const QString file = QStringLiteral("%1.%2.%3")
                                     .arg(golden.name, codeexport::snippetLanguageName(language),
                                          extensionOf(language));
            QTest::addRow("%s", qPrintable(file)) << file << generated(golden, language);
        }
    }
}

void TestCodeExport::snippetMatchesReviewedGolden()
{
    QFETCH(QString, file);
    QFETCH(QString, snippet);
    QFile golden(kGoldenDir + file);
    if (qEnvironmentVariableIsSet("MANTLE_UPDATE_GOLDENS")) {
        QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
        golden.write(snippet.toUtf8());
        golden.close();
    }
    QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(golden.fileName()));
    QCOMPARE(snippet, QString::fromUtf8(golden.readAll()));
}

void TestCodeExport::pythonSnippetsCompile_data()
{
    QTest::addColumn<QString>("snippet");
    for (const GoldenCase &golden : goldenCases()) {
        for (const SnippetLanguage language :
             codeexport::snippetLanguagesFor(golden.spec.surface)) {
            if (extensionOf(language) != QLatin1String("py"))
                continue;
            QTest::addRow("%s.%s", qPrintable(golden.name),
                          qPrintable(codeexport::snippetLanguageName(language)))
                << generated(golden, language);
        }
    }
}

void TestCodeExport::pythonSnippetsCompile()
{
    QFETCH(QString, snippet);
    if (m_python.isEmpty())
        QSKIP("python3 is not on PATH");
    // A module name py_compile accepts: letters, digits and '_'.
    QString name = QString::fromLatin1(QTest::currentDataTag());
    for (QChar &c : name) {
        if (!c.isLetterOrNumber())
            c = QLatin1Char('_');
    }
    const QString path = m_dir.filePath(name + QStringLiteral(".py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(snippet.toUtf8());
    file.close();
    QProcess python;
    python.start(m_python, {QStringLiteral("-m"), QStringLiteral("py_compile"), path});
    QVERIFY(python.waitForFinished(30000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
}

void TestCodeExport::curlSendsTheBuildersBodyExactly_data()
{
    QTest::addColumn<QString>("snippet");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expectedKeyHeader");
    for (const GoldenCase &golden : goldenCases()) {
        const QByteArray body = pipeline::TurnCall::buildWireRequest(golden.spec)->body;
        const bool anthropicRoute = golden.spec.surface == ApiSurface::Messages
            || golden.spec.surface == ApiSurface::CountTokens;
        const bool xApiKey = anthropicRoute
            && golden.target.anthropicKeyHeader
                == pipeline::CallTarget::AnthropicKeyHeader::XApiKey;
        QTest::addRow("%s", qPrintable(golden.name))
            << generated(golden, SnippetLanguage::Curl) << body
            << (xApiKey ? QStringLiteral("x-api-key: ") : QStringLiteral("authorization: Bearer "))
                + kBearerSecret;
    }
    // Quotes, a backslash, a dollar, a newline and non-ASCII text survive the shell.
    auto spec = baseSpec(ApiSurface::ChatCompletions,
                         QStringLiteral("It's \"$HOME\" \\ `x`\nnext line: Grüße ☃"));
    GoldenCase tricky{QStringLiteral("tricky"), spec, regionTarget()};
    QTest::addRow("shell-quoting") << generated(tricky, SnippetLanguage::Curl)
                                   << pipeline::TurnCall::buildWireRequest(spec)->body
                                   << QStringLiteral("authorization: Bearer ") + kBearerSecret;
}

void TestCodeExport::curlSendsTheBuildersBodyExactly()
{
    QFETCH(QString, snippet);
    QFETCH(QByteArray, body);
    QFETCH(QString, expectedKeyHeader);
    const QString sh = QStandardPaths::findExecutable(QStringLiteral("sh"));
    if (sh.isEmpty())
        QSKIP("sh is not on PATH");

    // A curl that writes what it was given: the --data-binary argument, its arguments, stdin.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile fake(dir.filePath(QStringLiteral("curl")));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\n"
               "printf '%s\\n' \"$@\" > \"$OUT.args\"\n"
               "while [ $# -gt 0 ]; do\n"
               "    if [ \"$1\" = --data-binary ]; then printf '%s' \"$2\" > \"$OUT.body\"; fi\n"
               "    shift\n"
               "done\n"
               "cat > \"$OUT.stdin\"\n");
    fake.close();
    QVERIFY(fake.setPermissions(fake.permissions() | QFile::ExeOwner));

    QProcess process;
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), dir.path() + QStringLiteral(":/usr/bin:/bin"));
    env.insert(QStringLiteral("OUT"), dir.filePath(QStringLiteral("sent")));
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), kBearerSecret);
    process.setProcessEnvironment(env);
    process.start(sh, {QStringLiteral("-c"), snippet});
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());

    QFile sentBody(dir.filePath(QStringLiteral("sent.body")));
    QVERIFY(sentBody.open(QIODevice::ReadOnly));
    QCOMPARE(sentBody.readAll(), body);
    QFile sentStdin(dir.filePath(QStringLiteral("sent.stdin")));
    QVERIFY(sentStdin.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(sentStdin.readAll()).trimmed(), expectedKeyHeader);
    QFile sentArgs(dir.filePath(QStringLiteral("sent.args")));
    QVERIFY(sentArgs.open(QIODevice::ReadOnly));
    QVERIFY2(!sentArgs.readAll().contains(kBearerSecret.toUtf8()),
             "the API key is on curl's command line");
}

void TestCodeExport::languagesFitTheirSurfaces_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QStringList>("names");
    const QStringList openAi{QStringLiteral("python-openai"), QStringLiteral("python-sigv4"),
                             QStringLiteral("ts-openai"), QStringLiteral("curl"),
                             QStringLiteral("curl-sigv4")};
    QTest::addRow("chat") << ApiSurface::ChatCompletions << openAi;
    QTest::addRow("responses") << ApiSurface::Responses << openAi;
    QTest::addRow("messages") << ApiSurface::Messages
                              << QStringList{QStringLiteral("python-anthropic"),
                                             QStringLiteral("python-sigv4"),
                                             QStringLiteral("ts-anthropic"), QStringLiteral("curl"),
                                             QStringLiteral("curl-sigv4")};
    QTest::addRow("count-tokens") << ApiSurface::CountTokens
                                  << QStringList{QStringLiteral("python-sigv4"),
                                                 QStringLiteral("curl"),
                                                 QStringLiteral("curl-sigv4")};
    QTest::addRow("models") << ApiSurface::Models << QStringList{};
}

void TestCodeExport::languagesFitTheirSurfaces()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QStringList, names);
    api::RequestSpec spec;
    spec.surface = surface;
    QStringList got;
    for (const SnippetLanguage language : codeexport::SnippetGenerator::languagesFor(spec))
        got.append(codeexport::snippetLanguageName(language));
    QCOMPARE(got, names);
}

void TestCodeExport::languageNamesRoundTrip()
{
    QCOMPARE(codeexport::snippetLanguageNames(),
             (QStringList{QStringLiteral("python-openai"), QStringLiteral("python-anthropic"),
                          QStringLiteral("python-sigv4"), QStringLiteral("ts-openai"),
                          QStringLiteral("ts-anthropic"), QStringLiteral("curl"),
                          QStringLiteral("curl-sigv4")}));
    for (const SnippetLanguage language : codeexport::kAllSnippetLanguages) {
        QCOMPARE(codeexport::snippetLanguageFromName(codeexport::snippetLanguageName(language)),
                 language);
        QVERIFY(!codeexport::snippetLanguageDisplayName(language).isEmpty());
    }
    QCOMPARE(codeexport::snippetLanguageFromName(u" CURL-SigV4 "), SnippetLanguage::CurlSigV4);
    QVERIFY(!codeexport::snippetLanguageFromName(u"python"));
}

void TestCodeExport::refusesALanguageThatDoesNotFitAndNamesThoseThatDo()
{
    const auto spec = baseSpec(ApiSurface::ChatCompletions, QStringLiteral("Hello"));
    const auto target = codeexport::ExportTarget::forRequest(spec, regionTarget());
    QVERIFY(target);
    const auto snippet = codeexport::generate(SnippetLanguage::PythonAnthropic, spec, *target);
    QVERIFY(!snippet);
    QCOMPARE(snippet.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(snippet.error().toDisplayString().contains(
                 QStringLiteral("python-openai, python-sigv4, ts-openai, curl, curl-sigv4")),
             qPrintable(snippet.error().toDisplayString()));
}

void TestCodeExport::refusesASpecTheBuilderRefuses()
{
    auto spec = baseSpec(ApiSurface::ChatCompletions, QStringLiteral("Hello"));
    spec.previousResponseId = QStringLiteral("resp_1"); // Responses only
    const auto snippet = codeexport::generate(SnippetLanguage::Curl, spec, {});
    QVERIFY(!snippet);
    QVERIFY(snippet.error().toDisplayString().contains(QStringLiteral("previous_response_id")));
}

void TestCodeExport::targetFollowsTheRequestsRoute_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("sdkBaseUrl");
    QTest::addRow("chat on /v1") << ApiSurface::ChatCompletions
                                 << QStringLiteral("openai.gpt-oss-120b") << QString()
                                 << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1")
                                 << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1");
    QTest::addRow("prefix model on /openai/v1")
        << ApiSurface::Responses << QStringLiteral("openai.gpt-5.4") << QString()
        << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/openai/v1")
        << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/openai/v1");
    QTest::addRow("messages on /anthropic/v1")
        << ApiSurface::Messages << QStringLiteral("anthropic.claude-haiku-4-5") << QString()
        << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/anthropic/v1")
        << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/anthropic");
    QTest::addRow("endpoint override")
        << ApiSurface::Messages << QStringLiteral("anthropic.claude-haiku-4-5")
        << QStringLiteral("https://gw.example.com/mantle")
        << QStringLiteral("https://gw.example.com/mantle/anthropic/v1")
        << QStringLiteral("https://gw.example.com/mantle/anthropic");
}

void TestCodeExport::targetFollowsTheRequestsRoute()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QFETCH(QString, endpoint);
    QFETCH(QString, baseUrl);
    QFETCH(QString, sdkBaseUrl);
    auto spec = baseSpec(surface, QStringLiteral("Hello"));
    spec.model = model;
    auto callTarget = regionTarget();
    if (!endpoint.isEmpty())
        callTarget.endpoint = Endpoint::parse(endpoint).value();
    const auto target = codeexport::ExportTarget::forRequest(spec, callTarget);
    QVERIFY(target);
    QCOMPARE(target->baseUrl.toString(), baseUrl);
    QCOMPARE(target->sdkBaseUrl(), sdkBaseUrl);
    QCOMPARE(target->region, QStringLiteral("us-east-1"));
}

void TestCodeExport::snippetCommandPrintsTheGeneratorsProgram()
{
    const auto env = secretEnvironment(m_dir.filePath(QStringLiteral("routes.json")));
    const auto run = test::runCli(
        test::cliArgs({"snippet", "--api", "responses", "--lang", "ts-openai", "--model",
                       "openai.gpt-5.4", "--prompt", "Hello", "--stream", "--region", "us-east-1",
                       "--endpoint", "http://127.0.0.1:9/mantle"}),
        env);
    QCOMPARE(run.code, 0);
    auto spec = baseSpec(ApiSurface::Responses, QStringLiteral("Hello"));
    spec.model = QStringLiteral("openai.gpt-5.4");
    spec.stream = true;
    codeexport::ExportTarget target;
    target.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9/mantle/openai/v1"));
    target.region = QStringLiteral("us-east-1");
    QCOMPARE(run.out, *codeexport::generate(SnippetLanguage::TsOpenAi, spec, target));
    QVERIFY(run.out.contains(QStringLiteral("baseURL: \"http://127.0.0.1:9/mantle/openai/v1\"")));
}

void TestCodeExport::snippetCommandReadsASpecFile()
{
    auto spec = baseSpec(ApiSurface::Messages, QStringLiteral("Hello from a spec"));
    spec.region = QStringLiteral("eu-central-1");
    spec.tools.append(weatherTool());
    QFile file(m_dir.filePath(QStringLiteral("spec.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(spec.toJson()).toJson());
    file.close();

    const auto env = secretEnvironment(m_dir.filePath(QStringLiteral("routes.json")));
    const auto run = test::runCli(
        test::cliArgs({"snippet", "--lang", "curl-sigv4", "--spec", file.fileName()}), env);
    QCOMPARE(run.code, 0);
    codeexport::ExportTarget target;
    target.baseUrl
        = QUrl(QStringLiteral("https://bedrock-mantle.eu-central-1.api.aws/anthropic/v1"));
    target.region = QStringLiteral("eu-central-1");
    QCOMPARE(run.out, *codeexport::generate(SnippetLanguage::CurlSigV4, spec, target));
    QVERIFY(run.out.contains(QStringLiteral("aws:amz:eu-central-1:bedrock-mantle")));
}

void TestCodeExport::snippetCommandTakesTheAccountsRegionAndEndpoint()
{
    QTemporaryDir config;
    QVERIFY(config.isValid());
    {
        QSettings settings(config.filePath(QStringLiteral("Mantle Playground.conf")),
                           QSettings::IniFormat);
        accounts::AccountStore store(settings);
        accounts::Account account;
        account.name = QStringLiteral("work");
        account.region = QStringLiteral("eu-north-1");
        account.accessKeyId = QStringLiteral("AKIDACCOUNTEXAMPLE");
        account.endpoint = QStringLiteral("https://vpce.example.com/mantle");
        QVERIFY(store.save(account));
    }
    auto env = secretEnvironment(m_dir.filePath(QStringLiteral("routes.json")));
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), config.path());
    const auto run = test::runCli(
        test::cliArgs({"snippet", "--account", "work", "--api", "chat", "--lang", "curl-sigv4",
                       "--model", "openai.gpt-oss-120b", "--prompt", "Hi"}),
        env);
    QCOMPARE(run.code, 0);
    QVERIFY2(
        run.out.contains(QStringLiteral("'https://vpce.example.com/mantle/v1/chat/completions'")),
        qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("'aws:amz:eu-north-1:bedrock-mantle'")));
    for (const QString &secret : {kBearerSecret, kSecretKey, kSessionToken})
        QVERIFY(!run.out.contains(secret));

    // --region and --endpoint override the account's, as for the request commands.
    const auto overridden = test::runCli(
        test::cliArgs({"snippet", "--account", "work", "--region", "us-east-2", "--endpoint",
                       "http://localhost:4000", "--api", "chat", "--lang", "python-sigv4",
                       "--model", "openai.gpt-oss-120b", "--prompt", "Hi"}),
        env);
    QCOMPARE(overridden.code, 0);
    QVERIFY(overridden.out.contains(
        QStringLiteral("URL = \"http://localhost:4000/v1/chat/completions\"")));
    QVERIFY(overridden.out.contains(QStringLiteral("REGION = \"us-east-2\"")));

    const auto missing
        = test::runCli(test::cliArgs({"snippet", "--account", "nobody", "--api", "chat", "--lang",
                                      "curl", "--model", "m", "--prompt", "Hi"}),
                       env);
    QCOMPARE(missing.code, 1);
}

void TestCodeExport::snippetCommandExitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QStringList request{QStringLiteral("--model"), QStringLiteral("openai.gpt-oss-120b"),
                              QStringLiteral("--prompt"), QStringLiteral("Hi")};
    QTest::addRow("fits") << QStringList{QStringLiteral("--api"), QStringLiteral("chat"),
                                         QStringLiteral("--lang"), QStringLiteral("curl")}
            + request << 0 << QString();
    QTest::addRow("language does not fit")
        << QStringList{QStringLiteral("--api"), QStringLiteral("chat"), QStringLiteral("--lang"),
                       QStringLiteral("ts-anthropic")}
            + request
        << 2 << QStringLiteral("python-openai, python-sigv4, ts-openai, curl, curl-sigv4");
    QTest::addRow("unknown language")
        << QStringList{QStringLiteral("--api"), QStringLiteral("chat"), QStringLiteral("--lang"),
                       QStringLiteral("rust")}
            + request
        << 2 << QStringLiteral("--lang takes");
    QTest::addRow("no language") << QStringList{QStringLiteral("--api"), QStringLiteral("chat")}
            + request << 2 << QStringLiteral("--lang is required");
    QTest::addRow("no api") << QStringList{QStringLiteral("--lang"), QStringLiteral("curl")}
            + request << 2 << QStringLiteral("--api is required");
    QTest::addRow("count-tokens is not an --api of snippet")
        << QStringList{QStringLiteral("--api"), QStringLiteral("count-tokens"),
                       QStringLiteral("--lang"), QStringLiteral("curl")}
            + request
        << 2 << QStringLiteral("--api takes");
    QTest::addRow("invalid spec for the surface")
        << QStringList{QStringLiteral("--api"),
                       QStringLiteral("chat"),
                       QStringLiteral("--lang"),
                       QStringLiteral("curl"),
                       QStringLiteral("--previous-response-id"),
                       QStringLiteral("resp_1")}
            + request
        << 2 << QStringLiteral("previous_response_id");
    QTest::addRow("unknown region")
        << QStringList{QStringLiteral("--api"),    QStringLiteral("chat"),
                       QStringLiteral("--lang"),   QStringLiteral("curl"),
                       QStringLiteral("--region"), QStringLiteral("mars-north-1")}
            + request
        << 2 << QStringLiteral("mars-north-1");
    QTest::addRow("--spec with a request flag")
        << QStringList{QStringLiteral("--api"),  QStringLiteral("chat"),
                       QStringLiteral("--lang"), QStringLiteral("curl"),
                       QStringLiteral("--spec"), QStringLiteral("/nonexistent.json")}
            + request
        << 2 << QStringLiteral("--spec replaces --model");
    QTest::addRow("missing spec file")
        << QStringList{QStringLiteral("--lang"), QStringLiteral("curl"), QStringLiteral("--spec"),
                       QStringLiteral("/nonexistent/spec.json")}
        << 2 << QStringLiteral("cannot read");
}

void TestCodeExport::snippetCommandExitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    // No credentials at all: the command needs none.
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), m_dir.filePath(QStringLiteral("routes.json")));
    const auto run = test::runCli(QStringList{QStringLiteral("snippet")} + args, env);
    QCOMPARE(run.code, code);
    if (code == 0)
        QVERIFY(run.out.startsWith(QStringLiteral("#!/bin/sh\n")));
    else
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void TestCodeExport::snippetsHoldNoSecretOfTheEnvironment_data()
{
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("lang");
    for (const QString &api :
         {QStringLiteral("chat"), QStringLiteral("responses"), QStringLiteral("messages")}) {
        const auto surface = *apiSurfaceFromName(api);
        for (const SnippetLanguage language : codeexport::snippetLanguagesFor(surface)) {
            const QString lang = codeexport::snippetLanguageName(language);
            QTest::addRow("%s %s", qPrintable(api), qPrintable(lang)) << api << lang;
        }
    }
}

void TestCodeExport::snippetsHoldNoSecretOfTheEnvironment()
{
    QFETCH(QString, api);
    QFETCH(QString, lang);
    const QString model = api == QLatin1String("messages")
        ? QStringLiteral("anthropic.claude-haiku-4-5")
        : QStringLiteral("openai.gpt-oss-120b");
    auto env = secretEnvironment(m_dir.filePath(QStringLiteral("routes.json")));
    for (const QString &header : {QStringLiteral("x-api-key"), QStringLiteral("bearer")}) {
        env.insert(QStringLiteral("MANTLE_ANTHROPIC_KEY_HEADER"), header);
        const auto run
            = test::runCli(test::cliArgs({"snippet", "--api", api, "--lang", lang, "--model", model,
                                          "--prompt", "Hello", "--stream"}),
                           env);
        QCOMPARE(run.code, 0);
        for (const QString &secret : {kBearerSecret, kSecretKey, kSessionToken}) {
            QVERIFY2(!run.out.contains(secret), qPrintable(secret));
            QVERIFY2(!run.err.contains(secret), qPrintable(secret));
        }
        // The snippet names where its credentials come from instead.
        const bool sigv4 = lang.endsWith(QLatin1String("sigv4"));
        QVERIFY(run.out.contains(sigv4 ? QStringLiteral("AWS_SECRET_ACCESS_KEY")
                                       : QStringLiteral("AWS_BEARER_TOKEN_BEDROCK")));
        // The region of the environment is where it goes.
        QVERIFY(run.out.contains(QStringLiteral("us-west-2")));
    }
}

QTEST_GUILESS_MAIN(TestCodeExport)
#include "tst_codeexport.moc"
