// `mantle regions` against the real `mantle-emulator` binary with its SigV4 test credentials from
// the environment: every region's request is signed for that region, so the emulator answers
// with that region's model list. JSON and the table, a refused key (no region answers: exit 1)
// and usage errors.

#include "clitestrun.h"
#include "localemulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using mantle::emulator::LocalEmulator;
using Run = mantle::test::CliRun;

namespace {

// The regions the emulator's built-in catalogue serves these models in (emulator/modelcatalogue.h).
const QStringList kDeepSeekRegions{QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),
                                   QStringLiteral("us-west-2"),      QStringLiteral("ap-south-1"),
                                   QStringLiteral("ap-northeast-1"), QStringLiteral("eu-central-1"),
                                   QStringLiteral("eu-west-1")};
const QStringList kKimiThinkingRegions{
    QStringLiteral("us-east-1"),      QStringLiteral("us-west-2"),
    QStringLiteral("ap-southeast-2"), QStringLiteral("ap-northeast-1"),
    QStringLiteral("eu-north-1"),     QStringLiteral("sa-east-1")};

QProcessEnvironment accessKeyEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"),
               QString::fromLatin1(LocalEmulator::kAccessKeyId));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
               QString::fromLatin1(LocalEmulator::kSecretAccessKey));
    return env;
}

QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &value : array.toArray())
        list << value.toString();
    return list;
}

/// The table's line for `region` (its first column), or an empty string.
QString lineOf(const QString &table, const QString &region)
{
    for (const QString &line : table.split(QLatin1Char('\n'))) {
        if (line.startsWith(region + QLatin1Char(' ')))
            return line;
    }
    return {};
}

} // namespace

class TestCliRegions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void jsonListsTheModelInTheRegionsThatServeIt_data();
    void jsonListsTheModelInTheRegionsThatServeIt();
    void tablePrintsOneRowPerRegion();
    void noRegionAnsweringExitsWithOne();
    void refusesBadFlags_data();
    void refusesBadFlags();
    void helpNamesEveryOption();

private:
    Run mantle(const QStringList &args, const QProcessEnvironment &extra);

    QTemporaryDir m_config;
    QProcess m_emulator;
    QString m_endpoint;
};

void TestCliRegions::initTestCase()
{
    QVERIFY(m_config.isValid());
    m_emulator.start(QStringLiteral(MANTLE_EMULATOR_BINARY),
                     {QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY2(m_emulator.waitForStarted(10000), qPrintable(m_emulator.errorString()));
    QByteArray line;
    while (!line.contains('\n') && m_emulator.waitForReadyRead(10000))
        line += m_emulator.readAllStandardOutput();
    const QRegularExpressionMatch match
        = QRegularExpression(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)\\n"))
              .match(QString::fromUtf8(line));
    QVERIFY2(match.hasMatch(), line.constData());
    m_endpoint = match.captured(1);
}

void TestCliRegions::cleanupTestCase()
{
    if (m_emulator.state() != QProcess::NotRunning) {
        m_emulator.terminate();
        m_emulator.waitForFinished(10000);
    }
}

Run TestCliRegions::mantle(const QStringList &args, const QProcessEnvironment &extra)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), m_config.path());
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), m_config.filePath(QStringLiteral("routes")));
    env.insert(QStringLiteral("HOME"), qEnvironmentVariable("HOME"));
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    return mantle::test::runCli(args, env);
}

void TestCliRegions::jsonListsTheModelInTheRegionsThatServeIt_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("serving");
    QTest::addRow("deepseek") << QStringLiteral("deepseek.v3.1") << kDeepSeekRegions;
    QTest::addRow("kimi-thinking")
        << QStringLiteral("moonshotai.kimi-k2-thinking") << kKimiThinkingRegions;
}

void TestCliRegions::jsonListsTheModelInTheRegionsThatServeIt()
{
    QFETCH(QString, model);
    QFETCH(QStringList, serving);
    const Run run = mantle(
        mantle::test::cliArgs({"regions", "--model", model, "--endpoint", m_endpoint, "--json"}),
        accessKeyEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(run.out));
    QCOMPARE(json.value(u"model").toString(), model);
    QCOMPARE(json.value(u"answered").toInt(), 13);
    QCOMPARE(strings(json.value(u"serving")), serving);
    QCOMPARE(json.value(u"shared_endpoint").toString(), m_endpoint);
    const QJsonArray regions = json.value(u"regions").toArray();
    QCOMPARE(regions.size(), 13);
    for (const QJsonValue &value : regions) {
        const QJsonObject entry = value.toObject();
        const QString region = entry.value(u"region").toString();
        QCOMPARE(entry.value(u"status").toString(), QStringLiteral("answered"));
        QCOMPARE(entry.value(u"serves_model").toBool(), serving.contains(region));
        QVERIFY(entry.value(u"models_listed").toInt() > 0);
        QVERIFY(entry.value(u"latency_ms").isDouble());
        QVERIFY(entry.value(u"error").isNull());
    }
    QVERIFY(!run.out.contains(QString::fromLatin1(LocalEmulator::kSecretAccessKey)));
}

void TestCliRegions::tablePrintsOneRowPerRegion()
{
    const Run run = mantle(
        mantle::test::cliArgs({"regions", "--model", "deepseek.v3.1", "--endpoint", m_endpoint}),
        accessKeyEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QStringList lines = run.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 14); // a header and 13 regions
    QVERIFY2(lines.first().startsWith(QStringLiteral("REGION")), qPrintable(lines.first()));
    const QRegularExpression served(QStringLiteral("^us-east-1 +US East \\(N\\. Virginia\\) +yes +"
                                                   "\\d+ +\\d+$"));
    QVERIFY2(served.match(lineOf(run.out, QStringLiteral("us-east-1"))).hasMatch(),
             qPrintable(run.out));
    const QRegularExpression notServed(QStringLiteral("^sa-east-1 +.+ +no +\\d+ +\\d+$"));
    QVERIFY2(notServed.match(lineOf(run.out, QStringLiteral("sa-east-1"))).hasMatch(),
             qPrintable(run.out));
}

void TestCliRegions::noRegionAnsweringExitsWithOne()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), QStringLiteral("not-the-emulator-key"));
    const Run run = mantle(mantle::test::cliArgs({"regions", "--model", "deepseek.v3.1",
                                                  "--endpoint", m_endpoint, "--json"}),
                           env);
    QCOMPARE(run.code, 1);
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(json.value(u"answered").toInt(), 0);
    for (const QJsonValue &value : json.value(u"regions").toArray()) {
        const QJsonObject entry = value.toObject();
        QCOMPARE(entry.value(u"status").toString(), QStringLiteral("failed"));
        QVERIFY(!entry.value(u"error").toString().isEmpty());
        QVERIFY(entry.value(u"serves_model").isNull());
    }
    QVERIFY2(run.err.contains(QStringLiteral("No region answered")), qPrintable(run.err));
    QVERIFY(!run.out.contains(QStringLiteral("not-the-emulator-key")));
    QVERIFY(!run.err.contains(QStringLiteral("not-the-emulator-key")));
}

void TestCliRegions::refusesBadFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("positional") << mantle::test::cliArgs({"regions", "extra"});
    QTest::addRow("empty model") << mantle::test::cliArgs({"regions", "--model", " "});
    QTest::addRow("empty account") << mantle::test::cliArgs({"regions", "--account", ""});
    QTest::addRow("remote plain http")
        << mantle::test::cliArgs({"regions", "--endpoint", "http://example.com"});
    QTest::addRow("unknown flag") << mantle::test::cliArgs({"regions", "--region", "us-east-1"});
}

void TestCliRegions::refusesBadFlags()
{
    QFETCH(QStringList, args);
    const Run run = mantle(args, accessKeyEnvironment());
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("mantle regions: ")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestCliRegions::helpNamesEveryOption()
{
    const Run run = mantle(mantle::test::cliArgs({"regions", "--help"}), {});
    QCOMPARE(run.code, 0);
    for (const char *option : {"--model", "--account", "--endpoint", "--json"})
        QVERIFY2(run.out.contains(QLatin1String(option)), option);
    const Run list = mantle(mantle::test::cliArgs({"--help"}), {});
    QVERIFY(list.out.contains(QStringLiteral("  regions ")));
}

QTEST_GUILESS_MAIN(TestCliRegions)
#include "tst_cliregions.moc"
