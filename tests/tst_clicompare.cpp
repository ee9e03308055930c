// `mantle compare`, in-process, against the mantle-emulator binary (started on port 0, its API
// key from AWS_BEARER_TOKEN_BEDROCK, --endpoint to reach it): three targets with one failing
// (exit 1, two ok rows and one error row), the default output, CSV, --cross-api, an account's
// region and private prices (the account in a private MANTLE_CONFIG_DIR, its API key in the
// private gnome-keyring of tests/with-keyring.sh), usage errors.

#include "accounts/modelsettingsstore.h"
#include "cliaccounts.h"
#include "clitestrun.h"
#include "compare/comparerun.h"
#include "mantle/modelsettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using mantle::test::CliRun;
using mantle::test::runCli;

namespace {

const QString kChatTarget = QStringLiteral("api=chat,model=openai.gpt-oss-120b");
const QString kMessagesTarget = QStringLiteral("api=messages,model=anthropic.claude-haiku-4-5");
/// Claude has no Chat Completions: the emulator refuses it as Mantle does (400).
const QString kFailingTarget = QStringLiteral("api=chat,model=anthropic.claude-haiku-4-5");
const QString kPrompt = QStringLiteral("Which target answers best");

} // namespace

class TestCliCompare : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void jsonWithOneFailingTargetExitsOneAndPrintsEveryRow();
    void defaultOutputPrintsEachAnswerThenTheTable();
    void csvPrintsTheHeaderAndOneRowPerTarget();
    void crossApiComparesEveryAnswerApiOfTheModel();
    void accountTargetsUseItsRegionAndPrivatePrices();
    void refusesWrongCommandLines_data();
    void refusesWrongCommandLines();

private:
    QProcessEnvironment environment() const;
    CliRun compare(const QStringList &arguments) const;

    QTemporaryDir m_dir;
    QProcess m_emulator;
    QString m_endpoint;
};

void TestCliCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_emulator.start(QStringLiteral(MANTLE_EMULATOR_BINARY),
                     {QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY2(m_emulator.waitForStarted(), qPrintable(m_emulator.errorString()));
    QByteArray line;
    while (!line.contains('\n') && m_emulator.waitForReadyRead(10000))
        line += m_emulator.readAllStandardOutput();
    static const QRegularExpression listening(
        QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)\\n"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(line));
    QVERIFY2(match.hasMatch(), line.constData());
    m_endpoint = match.captured(1);

    // An account on the emulator, with private prices for gpt-oss (the catalogue has none).
    const CliRun added
        = runCli({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("emu"),
                  QStringLiteral("--region"), QStringLiteral("eu-west-1"), QStringLiteral("--auth"),
                  QStringLiteral("api-key"), QStringLiteral("--endpoint"), m_endpoint},
                 environment(), QStringLiteral("mantle-emulator-key\n"));
    QVERIFY2(added.code == 0, qPrintable(added.err));
    mantle::mantle::ModelSettings settings;
    mantle::mantle::ModelOverride prices;
    prices.modelId = QStringLiteral("openai.gpt-oss-120b");
    mantle::mantle::ModelPrices own;
    own.inputPerMillion = 1;
    own.outputPerMillion = 2;
    own.source = QStringLiteral("our contract");
    prices.prices = own;
    settings.set(prices);
    QSettings file(mantle::cli::CliAccounts::settingsPath(environment()), QSettings::IniFormat);
    QVERIFY(mantle::accounts::ModelSettingsStore(file).save(QStringLiteral("emu"), settings).ok());
}

void TestCliCompare::cleanupTestCase()
{
    m_emulator.terminate();
    QVERIFY(m_emulator.waitForFinished(10000));
}

QProcessEnvironment TestCliCompare::environment() const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), QStringLiteral("mantle-emulator-key"));
    env.insert(QStringLiteral("HOME"), qEnvironmentVariable("HOME")); // the private keyring's
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), m_dir.path());
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), m_dir.filePath(QStringLiteral("routes.json")));
    return env;
}

CliRun TestCliCompare::compare(const QStringList &arguments) const
{
    return runCli(QStringList{QStringLiteral("compare"), QStringLiteral("--region"),
                              QStringLiteral("us-east-1"), QStringLiteral("--endpoint"), m_endpoint,
                              QStringLiteral("--prompt"), kPrompt}
                      + arguments,
                  environment());
}

void TestCliCompare::jsonWithOneFailingTargetExitsOneAndPrintsEveryRow()
{
    const CliRun run = compare({QStringLiteral("--json"), QStringLiteral("--target"), kChatTarget,
                                QStringLiteral("--target"), kMessagesTarget,
                                QStringLiteral("--target"), kFailingTarget});
    QCOMPARE(run.code, 1);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(run.out));
    const QJsonArray rows = document.object().value(QLatin1String("targets")).toArray();
    QCOMPARE(rows.size(), 3);
    const QStringList expectedApis{QStringLiteral("chat"), QStringLiteral("messages"),
                                   QStringLiteral("chat")};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject row = rows.at(i).toObject();
        QCOMPARE(row.value(QLatin1String("api")).toString(), expectedApis.at(i));
        QCOMPARE(row.value(QLatin1String("region")).toString(), QStringLiteral("us-east-1"));
        const bool ok = i < 2;
        QCOMPARE(row.value(QLatin1String("status")).toString(),
                 ok ? QStringLiteral("ok") : QStringLiteral("error"));
        if (ok) {
            QVERIFY(row.value(QLatin1String("text")).toString().contains(kPrompt));
            QVERIFY(row.value(QLatin1String("output_tokens")).toInteger() > 0);
            QVERIFY(row.value(QLatin1String("error")).isNull());
            // Claude has catalogue prices; gpt-oss has none in the catalogue: no cost.
            QCOMPARE(row.value(QLatin1String("cost")).isString(), i == 1);
        } else {
            QVERIFY(row.value(QLatin1String("text")).isNull());
            QVERIFY(row.value(QLatin1String("output_tokens")).isNull());
            QVERIFY(!row.value(QLatin1String("error")).toString().isEmpty());
        }
    }
    // The failure is said on stderr too, naming its target.
    QVERIFY2(run.err.contains(QStringLiteral("anthropic.claude-haiku-4-5 \u00b7 Chat Completions")),
             qPrintable(run.err));
}

void TestCliCompare::defaultOutputPrintsEachAnswerThenTheTable()
{
    const CliRun run = compare(
        {QStringLiteral("--target"), kMessagesTarget, QStringLiteral("--target"), kFailingTarget});
    QCOMPARE(run.code, 1);
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    const qsizetype firstHeader = lines.indexOf(
        QStringLiteral("== anthropic.claude-haiku-4-5 \u00b7 Messages \u00b7 us-east-1 =="));
    QVERIFY2(firstHeader >= 0, qPrintable(run.out));
    QVERIFY(lines.at(firstHeader + 1).contains(kPrompt));
    const qsizetype secondHeader = lines.indexOf(QStringLiteral(
        "== anthropic.claude-haiku-4-5 \u00b7 Chat Completions \u00b7 us-east-1 =="));
    QVERIFY(secondHeader > firstHeader);
    QVERIFY(lines.at(secondHeader + 1).startsWith(QStringLiteral("Failed: ")));

    // The table: a header row and one row per target, columns aligned.
    qsizetype tableHeader = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).startsWith(QStringLiteral("target ")))
            tableHeader = i;
    }
    QVERIFY2(tableHeader > secondHeader, qPrintable(run.out));
    const QString header = lines.at(tableHeader);
    for (const char *column : {"TTFT", "tok/s", "total", "in", "out", "cost", "error"})
        QVERIFY2(header.contains(QLatin1String(column)), column);
    const QString okRow = lines.at(tableHeader + 1);
    const QString failedRow = lines.at(tableHeader + 2);
    QVERIFY(okRow.startsWith(QStringLiteral("anthropic.claude-haiku-4-5 \u00b7 Messages")));
    QVERIFY(
        failedRow.startsWith(QStringLiteral("anthropic.claude-haiku-4-5 \u00b7 Chat Completions")));
    const qsizetype costColumn = header.indexOf(QStringLiteral("cost"));
    QVERIFY(okRow.mid(costColumn).contains(QStringLiteral("USD")));
    QVERIFY(failedRow.size() > header.indexOf(QStringLiteral("error")));
}

void TestCliCompare::csvPrintsTheHeaderAndOneRowPerTarget()
{
    const CliRun run = compare({QStringLiteral("--csv"), QStringLiteral("--target"), kChatTarget,
                                QStringLiteral("--target"), kMessagesTarget});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QStringList lines = run.out.split(QStringLiteral("\r\n"));
    QCOMPARE(lines.size(), 4); // header, two rows, the empty rest after the last CRLF
    QCOMPARE(lines.at(0), mantle::compare::table::csvColumns().join(QLatin1Char(',')));
    QVERIFY(lines.at(1).startsWith(QLatin1Char('"') + kChatTarget));
    QVERIFY(lines.at(1).contains(QStringLiteral(",ok,")));
    QVERIFY(lines.at(2).contains(QStringLiteral(",messages,ok,")));
    QVERIFY(lines.at(3).isEmpty());
}

void TestCliCompare::crossApiComparesEveryAnswerApiOfTheModel()
{
    const CliRun run = compare({QStringLiteral("--json"), QStringLiteral("--cross-api"),
                                QStringLiteral("--model"), QStringLiteral("openai.gpt-oss-120b")});
    QCOMPARE(run.code, 0);
    const QJsonArray rows = QJsonDocument::fromJson(run.out.toUtf8())
                                .object()
                                .value(QLatin1String("targets"))
                                .toArray();
    QStringList apis;
    for (const QJsonValue &row : rows) {
        apis << row.toObject().value(QLatin1String("api")).toString();
        QCOMPARE(row.toObject().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    }
    QCOMPARE(apis, (QStringList{QStringLiteral("chat"), QStringLiteral("responses")}));
}

void TestCliCompare::accountTargetsUseItsRegionAndPrivatePrices()
{
    // No --region: the account's region; a target naming an unknown account fails alone.
    const CliRun run = runCli(
        {QStringLiteral("compare"), QStringLiteral("--json"), QStringLiteral("--account"),
         QStringLiteral("emu"), QStringLiteral("--prompt"), kPrompt, QStringLiteral("--target"),
         kChatTarget, QStringLiteral("--target"), kChatTarget + QStringLiteral(",account=nobody")},
        environment());
    QCOMPARE(run.code, 1);
    const QJsonArray rows = QJsonDocument::fromJson(run.out.toUtf8())
                                .object()
                                .value(QLatin1String("targets"))
                                .toArray();
    QCOMPARE(rows.size(), 2);
    const QJsonObject ok = rows.at(0).toObject();
    QCOMPARE(ok.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(ok.value(QLatin1String("account")).toString(), QStringLiteral("emu"));
    QCOMPARE(ok.value(QLatin1String("region")).toString(), QStringLiteral("eu-west-1"));
    // $1 and $2 per million tokens: 10^-6 and 2 * 10^-6 dollars per token.
    const qint64 input = ok.value(QLatin1String("input_tokens")).toInteger();
    const qint64 output = ok.value(QLatin1String("output_tokens")).toInteger();
    QVERIFY(input > 0 && output > 0);
    QCOMPARE(ok.value(QLatin1String("cost")).toString(),
             QString::number(double(input + 2 * output) / 1e6, 'f', 6));
    QCOMPARE(ok.value(QLatin1String("currency")).toString(), QStringLiteral("USD"));

    const QJsonObject failed = rows.at(1).toObject();
    QCOMPARE(failed.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(failed.value(QLatin1String("account")).toString(), QStringLiteral("nobody"));
    QVERIFY2(failed.value(QLatin1String("error")).toString().contains(QStringLiteral("nobody")),
             qPrintable(failed.value(QLatin1String("error")).toString()));
}

void TestCliCompare::refusesWrongCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("no target") << QStringList{} << QStringLiteral("--target");
    QStringList seven;
    for (int i = 0; i < 7; ++i)
        seven << QStringLiteral("--target") << QStringLiteral("api=chat,model=m.%1").arg(i);
    QTest::addRow("seven targets") << seven << QStringLiteral("at most 6");
    QTest::addRow("unknown key") << QStringList{QStringLiteral("--target"),
                                                QStringLiteral("api=chat,colour=red")}
                                 << QStringLiteral("colour=red");
    QTest::addRow("the same target twice") << QStringList{QStringLiteral("--target"), kChatTarget,
                                                          QStringLiteral("--target"), kChatTarget}
                                           << QStringLiteral("twice");
    QTest::addRow("csv and json") << QStringList{QStringLiteral("--csv"), QStringLiteral("--json"),
                                                 QStringLiteral("--target"), kChatTarget}
                                  << QStringLiteral("--csv");
    QTest::addRow("cross-api with targets")
        << QStringList{QStringLiteral("--cross-api"), QStringLiteral("--model"),
                       QStringLiteral("openai.gpt-oss-120b"), QStringLiteral("--target"),
                       kChatTarget}
        << QStringLiteral("--cross-api");
    QTest::addRow("cross-api without a model")
        << QStringList{QStringLiteral("--cross-api")} << QStringLiteral("--model");
}

void TestCliCompare::refusesWrongCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CliRun run = compare(arguments);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_clicompare.moc"
