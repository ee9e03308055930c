// `mantle models`, in-process, against an in-process LocalEmulator: the live list merged with the
// built-in catalogue and an account's custom models and overrides (the account in a private
// MANTLE_CONFIG_DIR, its API key in the private gnome-keyring of tests/with-keyring.sh); one id
// per line, the --details table, --json, and --offline. A list that cannot be fetched fails.

#include "accounts/accountstore.h"
#include "accounts/modelsettingsstore.h"
#include "cliaccounts.h"
#include "clitestrun.h"
#include "commandline.h"
#include "common/clock.h"
#include "localemulator.h"
#include "mantle/modelcatalogue.h"
#include "mantle/modelsettings.h"
#include "modelcatalogue.h" // the emulator's own catalogue (emulator/)

#include <QAnyStringView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace mantle::cli;
using mantle::emulator::LocalEmulator;
namespace models = mantle::mantle;

namespace {

const QString kCustom = QStringLiteral("acme.private-model-1");
const QString kGptOss = QStringLiteral("openai.gpt-oss-120b");
const QString kHaiku = QStringLiteral("anthropic.claude-haiku-4-5");

using Run = mantle::test::CliRun;

QStringList lines(const QString &text)
{
    QStringList out = text.split(QLatin1Char('\n'));
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

/// The ids the emulator serves on GET /v1/models.
QStringList emulatorIds()
{
    QStringList ids;
    // Held here: builtIn() returns a temporary that a range-for would destroy before the loop.
    const mantle::emulator::ModelCatalogue catalogue = mantle::emulator::ModelCatalogue::builtIn();
    for (const auto &model : catalogue.models())
        ids << model.id;
    return ids;
}

QJsonObject entryOf(const QJsonArray &entries, const QString &id)
{
    for (const QJsonValue &entry : entries) {
        if (entry.toObject().value(QLatin1String("id")).toString() == id)
            return entry.toObject();
    }
    return {};
}

/// The row of `id` in a --details table.
QString rowOf(const QString &table, const QString &id)
{
    for (const QString &line : lines(table)) {
        if (line.startsWith(id + QLatin1Char(' ')))
            return line;
    }
    return {};
}

} // namespace

class TestCliModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void listsTheLiveIdsOnePerLineWithEnvironmentCredentials();
    void addsTheAccountsCustomModelsAndOverrides();
    void detailsPrintsAnAlignedTable();
    void jsonDescribesEachModelAndWhereItComesFrom();
    void aListThatCannotBeFetchedFailsUnlessOffline();
    void offlineListsTheCatalogueAndTheCustomModels();
    void refusesConflictingFlags_data();
    void refusesConflictingFlags();

private:
    Run mantle(std::initializer_list<QAnyStringView> args, const QProcessEnvironment &extra = {},
               const QString &stdinText = {});
    QProcessEnvironment bearer(const QString &key) const;

    QTemporaryDir m_config;
    mantle::SystemClock m_clock;
    std::unique_ptr<LocalEmulator> m_emulator;
    QString m_endpoint;
};

void TestCliModels::initTestCase()
{
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
    QVERIFY(m_config.isValid());
    m_emulator = std::make_unique<LocalEmulator>(m_clock);
    QVERIFY2(m_emulator->start(), qPrintable(m_emulator->errorString()));
    m_endpoint = m_emulator->rootUrl().toString();

    const Run added = mantle({"accounts", "add", "emu", "--region", "eu-west-1", "--auth",
                              "api-key", "--endpoint", m_endpoint},
                             {}, QString::fromLatin1(LocalEmulator::kApiKey) + QLatin1Char('\n'));
    QVERIFY2(added.code == 0, qPrintable(added.err));

    // What the app's Models view saves: a custom model with private prices, and gpt-oss sent to
    // /openai/v1.
    models::ModelSettings settings;
    QVERIFY(settings.addCustomModel(kCustom, QStringLiteral("Acme Private")).ok());
    models::ModelOverride custom = *settings.find(kCustom);
    custom.surfaces = models::ApiSurfaceSet{models::ApiSurface::ChatCompletions};
    models::ModelPrices prices;
    prices.inputPerMillion = 1.5;
    prices.outputPerMillion = 6;
    prices.source = QStringLiteral("our contract");
    custom.prices = prices;
    settings.set(custom);
    models::ModelOverride prefix;
    prefix.modelId = kGptOss;
    prefix.routePrefix = models::RoutePrefix::OpenAiV1;
    settings.set(prefix);
    QProcessEnvironment env;
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), m_config.path());
    QSettings file(CliAccounts::settingsPath(env), QSettings::IniFormat);
    mantle::accounts::AccountStore store(file);
    QVERIFY(store.contains(QStringLiteral("emu")));
    QVERIFY(mantle::accounts::ModelSettingsStore(file).save(QStringLiteral("emu"), settings).ok());
}

void TestCliModels::cleanupTestCase()
{
    if (m_emulator)
        m_emulator->stop();
}

Run TestCliModels::mantle(std::initializer_list<QAnyStringView> args,
                          const QProcessEnvironment &extra, const QString &stdinText)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), m_config.path());
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), m_config.filePath(QStringLiteral("routes")));
    env.insert(QStringLiteral("HOME"), qEnvironmentVariable("HOME"));
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    return mantle::test::runCli(mantle::test::cliArgs(args), env, stdinText);
}

QProcessEnvironment TestCliModels::bearer(const QString &key) const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), key);
    return env;
}

void TestCliModels::listsTheLiveIdsOnePerLineWithEnvironmentCredentials()
{
    const Run run = mantle({"models", "--region", "us-east-1", "--endpoint", m_endpoint},
                           bearer(QString::fromLatin1(LocalEmulator::kApiKey)));
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.endsWith(QLatin1Char('\n')));
    const QStringList ids = lines(run.out);
    // The live list only (the catalogue's other models are not served there), no custom models
    // without an account, nothing but ids.
    QCOMPARE(toSet(ids), toSet(emulatorIds()));
    QCOMPARE(ids.size(), emulatorIds().size());
    for (const QString &id : ids)
        QVERIFY2(!id.contains(QLatin1Char(' ')) && !id.isEmpty(), qPrintable(id));
    QVERIFY(run.err.isEmpty());
}

void TestCliModels::addsTheAccountsCustomModelsAndOverrides()
{
    const Run run = mantle({"models", "--account", "emu"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QStringList ids = lines(run.out);
    QCOMPARE(ids.size(), emulatorIds().size() + 1);
    QCOMPARE(toSet(ids.mid(0, ids.size() - 1)), toSet(emulatorIds()));
    QCOMPARE(ids.last(), kCustom);
    QVERIFY(!run.out.contains(QLatin1String(LocalEmulator::kApiKey)));
}

void TestCliModels::detailsPrintsAnAlignedTable()
{
    const Run run = mantle({"models", "--account", "emu", "--details"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QStringList table = lines(run.out);
    QCOMPARE(table.size(), emulatorIds().size() + 2); // a header, the live models, the custom one
    const QString header = table.first();
    QVERIFY2(header.startsWith(QLatin1String("ID ")), qPrintable(header));
    const QStringList headings{QStringLiteral("SURFACES"), QStringLiteral("PREFIX"),
                               QStringLiteral("REGION"),   QStringLiteral("SOURCE"),
                               QStringLiteral("INPUT/M"),  QStringLiteral("OUTPUT/M")};
    // Every column starts where its heading does, after two blanks.
    for (const QString &heading : headings) {
        const qsizetype at = header.indexOf(heading);
        QVERIFY2(at > 2, qPrintable(heading));
        for (const QString &line : table) {
            QVERIFY2(line.size() > at, qPrintable(line));
            QCOMPARE(line.mid(at - 2, 2), QStringLiteral("  "));
            QVERIFY2(line.at(at) != QLatin1Char(' '),
                     qPrintable(line + QLatin1String(" @") + heading));
        }
    }
    const auto columns = [](const QString &row) {
        return row.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    // id, surfaces, prefix, region, source, input, currency, output, currency.
    QCOMPARE(
        columns(rowOf(run.out, kCustom)),
        (QStringList{kCustom, QStringLiteral("chat"), QStringLiteral("/v1"),
                     QStringLiteral("eu-west-1"), QStringLiteral("custom"), QStringLiteral("1.50"),
                     QStringLiteral("USD"), QStringLiteral("6.00"), QStringLiteral("USD")}));
    // The override sends gpt-oss to /openai/v1; the catalogue has no price for it.
    QCOMPARE(columns(rowOf(run.out, kGptOss)),
             (QStringList{kGptOss, QStringLiteral("chat,responses"), QStringLiteral("/openai/v1"),
                          QStringLiteral("eu-west-1"), QStringLiteral("live"),
                          QStringLiteral("\u2014"), QStringLiteral("\u2014")}));
    // resources/models.json: Haiku 4.5 at $1 / $5, Messages only.
    QCOMPARE(columns(rowOf(run.out, kHaiku)),
             (QStringList{kHaiku, QStringLiteral("messages,count-tokens"),
                          QStringLiteral("/anthropic/v1"), QStringLiteral("eu-west-1"),
                          QStringLiteral("live"), QStringLiteral("1.00"), QStringLiteral("USD"),
                          QStringLiteral("5.00"), QStringLiteral("USD")}));
}

void TestCliModels::jsonDescribesEachModelAndWhereItComesFrom()
{
    const Run run = mantle({"models", "--account", "emu", "--region", "us-west-2", "--json"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError && document.isArray(), qPrintable(run.out));
    const QJsonArray entries = document.array();
    QCOMPARE(entries.size(), emulatorIds().size() + 1);

    const QJsonObject custom = entryOf(entries, kCustom);
    QCOMPARE(custom.value(QLatin1String("displayName")).toString(), QStringLiteral("Acme Private"));
    QCOMPARE(custom.value(QLatin1String("custom")).toBool(), true);
    QCOMPARE(custom.value(QLatin1String("listedLive")).toBool(), false);
    QCOMPARE(custom.value(QLatin1String("inCatalogue")).toBool(), false);
    QCOMPARE(custom.value(QLatin1String("region")).toString(), QStringLiteral("us-west-2"));
    QCOMPARE(custom.value(QLatin1String("surfaces")).toArray(), QJsonArray{QStringLiteral("chat")});
    const QJsonObject prices = custom.value(QLatin1String("prices")).toObject();
    QCOMPARE(prices.value(QLatin1String("inputPerMillion")).toDouble(), 1.5);
    QCOMPARE(prices.value(QLatin1String("outputPerMillion")).toDouble(), 6.0);

    const QJsonObject gptOss = entryOf(entries, kGptOss);
    QCOMPARE(gptOss.value(QLatin1String("listedLive")).toBool(), true);
    QCOMPARE(gptOss.value(QLatin1String("inCatalogue")).toBool(), true);
    QCOMPARE(gptOss.value(QLatin1String("custom")).toBool(), false);
    QCOMPARE(gptOss.value(QLatin1String("routePrefix")).toString(), QStringLiteral("/openai/v1"));
    QCOMPARE(gptOss.value(QLatin1String("provider")).toString(), QStringLiteral("OpenAI"));
    QVERIFY(gptOss.value(QLatin1String("prices")).isNull());

    const QJsonObject haiku = entryOf(entries, kHaiku);
    QCOMPARE(haiku.value(QLatin1String("routePrefix")).toString(), QStringLiteral("/anthropic/v1"));
    QCOMPARE(haiku.value(QLatin1String("prices"))
                 .toObject()
                 .value(QLatin1String("inputPerMillion"))
                 .toDouble(),
             1.0);
}

void TestCliModels::aListThatCannotBeFetchedFailsUnlessOffline()
{
    // A refused key: the error on stderr, exit 1, nothing on stdout (no silent fallback).
    Run run = mantle({"models", "--region", "us-east-1", "--endpoint", m_endpoint},
                     bearer(QStringLiteral("not-the-emulator-key")));
    QCOMPARE(run.code, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith(QLatin1String("mantle models: ")), qPrintable(run.err));

    // Nobody listening.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    run = mantle({"models", "--region", "us-east-1", "--endpoint", nowhere},
                 bearer(QString::fromLatin1(LocalEmulator::kApiKey)));
    QCOMPARE(run.code, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY(!run.err.isEmpty());

    // --offline sends nothing: the same refused key and the dead endpoint do not matter.
    run = mantle({"models", "--region", "us-east-1", "--endpoint", nowhere, "--offline"},
                 bearer(QStringLiteral("not-the-emulator-key")));
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(lines(run.out), models::ModelCatalogue::builtIn().ids());
}

void TestCliModels::offlineListsTheCatalogueAndTheCustomModels()
{
    // No credentials at all are needed.
    Run run = mantle({"models", "--account", "emu", "--offline", "--details"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(lines(run.out).size(), models::ModelCatalogue::builtIn().ids().size() + 2);
    QVERIFY(rowOf(run.out, kHaiku).contains(QLatin1String(" catalogue ")));
    QVERIFY(rowOf(run.out, kCustom).contains(QLatin1String(" custom ")));
    QVERIFY(rowOf(run.out, kGptOss).contains(QLatin1String(" /openai/v1 ")));

    run = mantle({"models", "--account", "emu", "--offline"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(lines(run.out), models::ModelCatalogue::builtIn().ids() + QStringList{kCustom});

    // The region comes from the flag, else the account, else AWS_REGION.
    QProcessEnvironment region;
    region.insert(QStringLiteral("AWS_REGION"), QStringLiteral("ap-south-1"));
    run = mantle({"models", "--offline", "--json"}, region);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(entryOf(QJsonDocument::fromJson(run.out.toUtf8()).array(), kHaiku)
                 .value(QLatin1String("region"))
                 .toString(),
             QStringLiteral("ap-south-1"));
}

void TestCliModels::refusesConflictingFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("details and json")
        << QStringList{QStringLiteral("models"), QStringLiteral("--region"),
                       QStringLiteral("us-east-1"), QStringLiteral("--details"),
                       QStringLiteral("--json")}
        << QStringLiteral("--details");
    QTest::addRow("offline without a region")
        << QStringList{QStringLiteral("models"), QStringLiteral("--offline")}
        << QStringLiteral("region");
}

void TestCliModels::refusesConflictingFlags()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    QProcessEnvironment env;
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), m_config.path());
    env.insert(QStringLiteral("HOME"), qEnvironmentVariable("HOME"));
    QString outText;
    QString errText;
    QTextStream out(&outText);
    QTextStream err(&errText);
    QString input;
    QTextStream in(&input);
    CommandContext context{args, env, &out, &err, &in};
    QCOMPARE(runMantle(context), 2);
    err.flush();
    QVERIFY2(errText.contains(mentions), qPrintable(errText));
}

QTEST_GUILESS_MAIN(TestCliModels)
#include "tst_climodels.moc"
