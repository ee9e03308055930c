// `mantle token`: a short-term key from the environment's access keys (alone on stdout, expiry and
// region on stderr, or JSON), used as AWS_BEARER_TOKEN_BEDROCK against the real `mantle-emulator`
// binary; a key from an access-key account; refusals of API-key accounts and of an environment
// with only an API key; usage errors for lifetimes and regions. Accounts live in a private
// MANTLE_CONFIG_DIR and the private gnome-keyring of tests/with-keyring.sh.

#include "clitestrun.h"
#include "localemulator.h"

#include "aws/bedrocktoken.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using mantle::emulator::LocalEmulator;
using Run = mantle::test::CliRun;

namespace {

QProcessEnvironment accessKeyEnvironment(const QString &sessionToken = {})
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"),
               QString::fromLatin1(LocalEmulator::kAccessKeyId));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
               QString::fromLatin1(LocalEmulator::kSecretAccessKey));
    if (!sessionToken.isEmpty())
        env.insert(QStringLiteral("AWS_SESSION_TOKEN"), sessionToken);
    return env;
}

mantle::Result<mantle::aws::ShortTermKeyInfo> inspect(const QString &key)
{
    return mantle::aws::BedrockToken::inspect(mantle::SecretString(key.toLatin1()));
}

} // namespace

class TestCliToken : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void printsTheKeyAloneAndItsExpiryOnStderr();
    void printsJson();
    void keyWorksAsTheBearerTokenAgainstTheEmulatorBinary();
    void makesAKeyFromAnAccessKeyAccount();
    void refusesAnApiKeyAccount();
    void refusesAnEnvironmentWithOnlyAnApiKey();
    void refusesBadFlags_data();
    void refusesBadFlags();
    void helpNamesEveryOption();

private:
    Run mantle(const QStringList &args, const QProcessEnvironment &extra,
               const QString &stdinText = {});

    QTemporaryDir m_config;
    QProcess m_emulator;
    QString m_endpoint;
};

void TestCliToken::initTestCase()
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

void TestCliToken::cleanupTestCase()
{
    if (m_emulator.state() != QProcess::NotRunning) {
        m_emulator.terminate();
        m_emulator.waitForFinished(10000);
    }
}

Run TestCliToken::mantle(const QStringList &args, const QProcessEnvironment &extra,
                         const QString &stdinText)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), m_config.path());
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), m_config.filePath(QStringLiteral("routes")));
    env.insert(QStringLiteral("HOME"), qEnvironmentVariable("HOME"));
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    return mantle::test::runCli(args, env, stdinText);
}

void TestCliToken::printsTheKeyAloneAndItsExpiryOnStderr()
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const Run run
        = mantle(mantle::test::cliArgs({"token", "--region", "eu-west-1", "--expires-in", "3600"}),
                 accessKeyEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.endsWith(QLatin1Char('\n')));
    const QString key = run.out.trimmed();
    QVERIFY(!key.contains(QLatin1Char('\n')));
    QVERIFY(key.startsWith(QStringLiteral("bedrock-api-key-")));
    const auto info = inspect(key);
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
    QCOMPARE(info->region, QStringLiteral("eu-west-1"));
    QCOMPARE(info->accessKeyId, QString::fromLatin1(LocalEmulator::kAccessKeyId));
    QCOMPARE(info->lifetimeSeconds, 3600);
    QVERIFY(info->issuedAt >= before.addSecs(-1));
    QVERIFY(info->issuedAt <= QDateTime::currentDateTimeUtc());
    QVERIFY2(
        run.err.contains(QStringLiteral("expires at ") + info->expiresAt.toString(Qt::ISODate)),
        qPrintable(run.err));
    QVERIFY(run.err.contains(QStringLiteral("(region eu-west-1)")));
    QVERIFY(!run.err.contains(key));
    QVERIFY(!run.out.contains(QString::fromLatin1(LocalEmulator::kSecretAccessKey)));
}

void TestCliToken::printsJson()
{
    const Run run = mantle(mantle::test::cliArgs({"token", "--region", "us-west-2", "--json"}),
                           accessKeyEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(json.keys().join(QLatin1Char(',')), QStringLiteral("expires_at,region,token"));
    QCOMPARE(json.value(u"region").toString(), QStringLiteral("us-west-2"));
    const auto info = inspect(json.value(u"token").toString());
    QVERIFY(info.ok());
    QCOMPARE(info->lifetimeSeconds, 43200); // the default: 12 hours
    QCOMPARE(QDateTime::fromString(json.value(u"expires_at").toString(), Qt::ISODate),
             info->expiresAt);
}

void TestCliToken::keyWorksAsTheBearerTokenAgainstTheEmulatorBinary()
{
    const Run token
        = mantle(mantle::test::cliArgs({"token", "--region", "us-east-1", "--expires-in", "900"}),
                 accessKeyEnvironment(QStringLiteral("any-session-token")));
    QVERIFY2(token.code == 0, qPrintable(token.err));
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), token.out.trimmed());
    const Run chat
        = mantle(mantle::test::cliArgs({"chat", "--region", "us-east-1", "--endpoint", m_endpoint,
                                        "--model", "openai.gpt-oss-120b", "--prompt",
                                        "hello from a short-term key", "--json"}),
                 env);
    QVERIFY2(chat.code == 0, qPrintable(chat.err));
    const QJsonObject turn = QJsonDocument::fromJson(chat.out.toUtf8()).object();
    QVERIFY2(!turn.value(u"text").toString().isEmpty(), qPrintable(chat.out));
    QVERIFY(turn.value(u"error").isNull());

    // A key changed by one character is refused by the same emulator.
    QString changed = token.out.trimmed();
    const qsizetype at = changed.size() - 8;
    changed[at] = changed[at] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), changed);
    const Run refused
        = mantle(mantle::test::cliArgs({"chat", "--region", "us-east-1", "--endpoint", m_endpoint,
                                        "--model", "openai.gpt-oss-120b", "--prompt", "hi"}),
                 env);
    QCOMPARE(refused.code, 1);
}

void TestCliToken::makesAKeyFromAnAccessKeyAccount()
{
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
    const Run add
        = mantle(mantle::test::cliArgs({"accounts", "add", "keys", "--region", "ap-south-1",
                                        "--auth", "access-key", "--access-key-id",
                                        QString::fromLatin1(LocalEmulator::kAccessKeyId)}),
                 {}, QString::fromLatin1(LocalEmulator::kSecretAccessKey) + QLatin1Char('\n'));
    QVERIFY2(add.code == 0, qPrintable(add.err));
    const Run run
        = mantle(mantle::test::cliArgs({"token", "--account", "keys", "--expires-in", "900"}), {});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const auto info = inspect(run.out.trimmed());
    QVERIFY(info.ok());
    QCOMPARE(info->region, QStringLiteral("ap-south-1"));
    QCOMPARE(info->lifetimeSeconds, 900);
    // --region overrides the account's.
    const Run other = mantle(
        mantle::test::cliArgs({"token", "--account", "keys", "--region", "eu-south-1"}), {});
    QVERIFY2(other.code == 0, qPrintable(other.err));
    QCOMPARE(inspect(other.out.trimmed())->region, QStringLiteral("eu-south-1"));
}

void TestCliToken::refusesAnApiKeyAccount()
{
    const Run add = mantle(mantle::test::cliArgs({"accounts", "add", "apikey", "--region",
                                                  "us-east-1", "--auth", "api-key"}),
                           {}, QString::fromLatin1(LocalEmulator::kApiKey) + QLatin1Char('\n'));
    QVERIFY2(add.code == 0, qPrintable(add.err));
    const Run run
        = mantle(mantle::test::cliArgs({"token", "--account", "apikey"}), accessKeyEnvironment());
    QCOMPARE(run.code, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(QStringLiteral("API key"))
                 && run.err.contains(QStringLiteral("no SigV4 credentials")),
             qPrintable(run.err));
    QVERIFY(!run.err.contains(QString::fromLatin1(LocalEmulator::kApiKey)));
}

void TestCliToken::refusesAnEnvironmentWithOnlyAnApiKey()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), QStringLiteral("ABSKsomething"));
    const Run run = mantle(mantle::test::cliArgs({"token", "--region", "us-east-1"}), env);
    QCOMPARE(run.code, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(QStringLiteral("no SigV4 credentials")), qPrintable(run.err));
    QVERIFY(!run.err.contains(QStringLiteral("ABSKsomething")));
}

void TestCliToken::refusesBadFlags_data()
{
    QTest::addColumn<QStringList>("args");
    using mantle::test::cliArgs;
    QTest::addRow("lifetime too short")
        << cliArgs({"token", "--region", "us-east-1", "--expires-in", "899"});
    QTest::addRow("lifetime too long")
        << cliArgs({"token", "--region", "us-east-1", "--expires-in", "43201"});
    QTest::addRow("lifetime not a number")
        << cliArgs({"token", "--region", "us-east-1", "--expires-in", "1h"});
    QTest::addRow("no region") << cliArgs({"token"});
    QTest::addRow("region without Mantle") << cliArgs({"token", "--region", "ca-central-1"});
    QTest::addRow("stray argument") << cliArgs({"token", "--region", "us-east-1", "extra"});
}

void TestCliToken::refusesBadFlags()
{
    QFETCH(QStringList, args);
    const Run run = mantle(args, accessKeyEnvironment());
    QCOMPARE(run.code, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY(!run.err.isEmpty());
}

void TestCliToken::helpNamesEveryOption()
{
    const Run help = mantle(mantle::test::cliArgs({"token", "--help"}), {});
    QCOMPARE(help.code, 0);
    for (const QString &option :
         {QStringLiteral("--account"), QStringLiteral("--region"), QStringLiteral("--endpoint"),
          QStringLiteral("--expires-in"), QStringLiteral("--json")}) {
        QVERIFY2(help.out.contains(option), qPrintable(option));
    }
    const Run list = mantle(mantle::test::cliArgs({"--help"}), {});
    QVERIFY(list.out.contains(QStringLiteral("  token ")));
}

QTEST_GUILESS_MAIN(TestCliToken)
#include "tst_clitoken.moc"
