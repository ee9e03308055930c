// `mantle accounts add|list|show|rename|remove|export|import` and `--account` on request
// commands, in-process, with the settings in a private MANTLE_CONFIG_DIR and the secrets in the
// private gnome-keyring of tests/with-keyring.sh; requests go to the local emulator. No secret
// ever reaches the output, the settings file or argv.

#include "clitestrun.h"
#include "commandline.h"
#include "common/clock.h"
#include "fakehttpserver.h"
#include "localemulator.h"

#include <QAnyStringView>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace mantle::cli;
using mantle::emulator::LocalEmulator;
using mantle::test::FakeHttpServer;

namespace {

const QString kEmulatorSecret = QString::fromLatin1(LocalEmulator::kSecretAccessKey);
const QString kEmulatorKey = QString::fromLatin1(LocalEmulator::kApiKey);
const QString kSessionToken = QStringLiteral("cli-session-token-canary-4e2a");

using Run = mantle::test::CliRun;

QString secretToolLookup(const QString &key)
{
    QProcess process;
    process.start(QStringLiteral("secret-tool"),
                  {QStringLiteral("lookup"), QStringLiteral("server"),
                   QStringLiteral("Mantle Playground"), QStringLiteral("user"), key});
    if (!process.waitForFinished(20000))
        return QStringLiteral("(secret-tool timed out)");
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

} // namespace

class TestCliAccounts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void addsEachKindReadingSecretsFromStdin();
    void listsAndShowsWithoutSecrets();
    void refusesBadInputWithUsageErrors_data();
    void refusesBadInputWithUsageErrors();
    void chatsWithAnAccountAgainstTheEmulator_data();
    void chatsWithAnAccountAgainstTheEmulator();
    void testReportsEachStepAndFailsOnARefusedRequest();
    void policyPrintsTheLeastPrivilegePolicyAndTheManagedAlternative();
    void regionFlagOverridesTheAccount();
    void exportsAndImportsSettingsWithoutSecrets();
    void chatsThroughAnAssumedRole();
    void importsFromTheEnvironmentAndAnAwsProfile();
    void renameAndRemoveCleanTheKeychain();
    void settingsFileHoldsNoSecret();

private:
    Run mantle(std::initializer_list<QAnyStringView> args, const QString &stdinText = {},
               const QProcessEnvironment &extra = {});
    Run runArgs(const QStringList &args, const QString &stdinText = {},
                const QProcessEnvironment &extra = {});
    bool revealsNoSecret(const Run &run) const;

    QTemporaryDir m_config;
    mantle::SystemClock m_clock;
    std::unique_ptr<LocalEmulator> m_emulator;
    QString m_endpoint;
};

void TestCliAccounts::initTestCase()
{
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
    QVERIFY(m_config.isValid());
    m_emulator = std::make_unique<LocalEmulator>(m_clock);
    QVERIFY2(m_emulator->start(), qPrintable(m_emulator->errorString()));
    m_endpoint = m_emulator->rootUrl().toString();
}

void TestCliAccounts::cleanupTestCase()
{
    if (m_emulator)
        m_emulator->stop();
}

Run TestCliAccounts::mantle(std::initializer_list<QAnyStringView> args, const QString &stdinText,
                            const QProcessEnvironment &extra)
{
    return runArgs(mantle::test::cliArgs(args), stdinText, extra);
}

Run TestCliAccounts::runArgs(const QStringList &args, const QString &stdinText,
                             const QProcessEnvironment &extra)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("MANTLE_CONFIG_DIR"), m_config.path());
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), m_config.filePath(QStringLiteral("routes")));
    env.insert(QStringLiteral("HOME"), qEnvironmentVariable("HOME"));
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    return mantle::test::runCli(args, env, stdinText);
}

bool TestCliAccounts::revealsNoSecret(const Run &run) const
{
    for (const QString &secret : {kEmulatorSecret, kEmulatorKey, kSessionToken}) {
        if (run.out.contains(secret) || run.err.contains(secret))
            return false;
    }
    return true;
}

void TestCliAccounts::addsEachKindReadingSecretsFromStdin()
{
    Run run = mantle({"accounts", "add", "keys", "--region", "us-east-1", "--auth", "access-key",
                      "--access-key-id", LocalEmulator::kAccessKeyId, "--endpoint", m_endpoint},
                     kEmulatorSecret + QLatin1Char('\n') + kSessionToken + QLatin1Char('\n'));
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(revealsNoSecret(run));
    QCOMPARE(secretToolLookup(QStringLiteral("keys/secret-access-key")), kEmulatorSecret);
    QCOMPARE(secretToolLookup(QStringLiteral("keys/session-token")), kSessionToken);

    run = mantle({"accounts", "add", "apikey", "--region", "eu-west-1", "--auth", "api-key",
                  "--endpoint", m_endpoint, "--notes", "the emulator's key"},
                 kEmulatorKey + QLatin1Char('\n'));
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(secretToolLookup(QStringLiteral("apikey/api-key")), kEmulatorKey);

    // With nothing on stdin the secret comes from the standard variable.
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), kEmulatorKey);
    run = mantle({"accounts", "add", "envkey", "--region", "us-west-2", "--auth", "api-key"}, {},
                 env);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(secretToolLookup(QStringLiteral("envkey/api-key")), kEmulatorKey);

    run = mantle({"accounts", "add", "role", "--region", "us-east-1", "--auth", "role",
                  "--role-arn", "arn:aws:iam::123456789012:role/MantleUser", "--source-account",
                  "keys", "--external-id", "ext-1234", "--duration", "1800"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(secretToolLookup(QStringLiteral("role/secret-access-key")).isEmpty());

    // A name that is taken is refused, and the stored secret is left alone.
    run = mantle({"accounts", "add", "apikey", "--region", "eu-west-1", "--auth", "api-key"},
                 QStringLiteral("another-key-value\n"));
    QCOMPARE(run.code, 2);
    QCOMPARE(secretToolLookup(QStringLiteral("apikey/api-key")), kEmulatorKey);
}

void TestCliAccounts::listsAndShowsWithoutSecrets()
{
    Run run = mantle({"accounts", "list"});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out,
             QStringLiteral("apikey\tapi-key\teu-west-1\nenvkey\tapi-key\tus-west-2\n"
                            "keys\taccess-key\tus-east-1\nrole\trole\tus-east-1\n"));
    for (const char *name : {"keys", "apikey", "role"}) {
        run = mantle({"accounts", "show", name});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QLatin1String("name: ") + QLatin1String(name)));
        QVERIFY2(revealsNoSecret(run), qPrintable(run.out));
    }
    run = mantle({"accounts", "show", "keys"});
    QVERIFY(run.out.contains(QLatin1String("access key id: AKIDMANTLEEMULATOR")));
    QVERIFY(run.out.contains(QLatin1String("secret access key: in the keychain")));
    run = mantle({"accounts", "show", "role"});
    QVERIFY(run.out.contains(QLatin1String("external ID: ext-1234")));
    QVERIFY(run.out.contains(QLatin1String("source account: keys")));
    QCOMPARE(mantle({"accounts", "show", "nobody"}).code, 1);
}

void TestCliAccounts::refusesBadInputWithUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("region without Mantle") << mantle::test::cliArgs(
        {"accounts", "add", "x", "--region", "us-west-1", "--auth", "api-key"})
                                           << "k-123456\n"
                                           << "us-west-1";
    QTest::addRow("unknown auth") << mantle::test::cliArgs(
        {"accounts", "add", "x", "--region", "us-east-1", "--auth", "password"})
                                  << "k\n"
                                  << "--auth";
    QTest::addRow("no secret") << mantle::test::cliArgs(
        {"accounts", "add", "x", "--region", "us-east-1", "--auth", "api-key"})
                               << ""
                               << "stdin";
    QTest::addRow("role flags on keys") << mantle::test::cliArgs(
        {"accounts", "add", "x", "--region", "us-east-1", "--auth", "access-key", "--access-key-id",
         "AKIDX", "--role-arn", "arn:aws:iam::123456789012:role/R"})
                                        << "s\n"
                                        << "--role-arn";
    QTest::addRow("role source missing")
        << mantle::test::cliArgs({"accounts", "add", "x", "--region", "us-east-1", "--auth", "role",
                                  "--role-arn", "arn:aws:iam::123456789012:role/R"})
        << ""
        << "--source-account";
    QTest::addRow("unknown subcommand") << mantle::test::cliArgs({"accounts", "frobnicate"}) << ""
                                        << "frobnicate";
}

void TestCliAccounts::refusesBadInputWithUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, input);
    QFETCH(QString, mentions);
    const Run run = runArgs(args, input);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    QVERIFY(!mantle({"accounts", "list"}).out.startsWith(QLatin1String("x\t")));
}

void TestCliAccounts::chatsWithAnAccountAgainstTheEmulator_data()
{
    QTest::addColumn<QString>("account");
    QTest::addRow("SigV4 with stored keys") << "keys";
    QTest::addRow("Bearer with a stored API key") << "apikey";
}

void TestCliAccounts::chatsWithAnAccountAgainstTheEmulator()
{
    QFETCH(QString, account);
    Run run = mantle({"chat", "--account", account, "--endpoint", m_endpoint, "--model",
                      "openai.gpt-oss-120b", "--prompt", "hello from an account"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(!run.out.trimmed().isEmpty());
    QVERIFY(revealsNoSecret(run));
    // The account's own endpoint is used without --endpoint.
    run = mantle({"models", "--account", account});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(QLatin1String("openai.gpt-oss-120b")));
    run = mantle({"accounts", "test", account});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(QLatin1String("openai.gpt-oss-120b")));
    QVERIFY(revealsNoSecret(run));
}

void TestCliAccounts::testReportsEachStepAndFailsOnARefusedRequest()
{
    Run run = mantle({"accounts", "test", "keys", "--model", "openai.gpt-oss-120b"});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    for (const char *step : {"credentials", "region", "models", "request"})
        QVERIFY2(run.out.contains(QStringLiteral("\u2713 %1: ").arg(QLatin1String(step))),
                 qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("Account “keys” works.")));
    QVERIFY(revealsNoSecret(run));
    // Claude models serve no Chat Completions: the request step fails, and the exit code says so.
    run = mantle({"accounts", "test", "apikey", "--model", "anthropic.claude-haiku-4-5"});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(QStringLiteral("\u2713 models: ")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("\u2717 request: ")), qPrintable(run.out));
    QVERIFY(!run.out.contains(QLatin1String("works.")));
    QVERIFY(revealsNoSecret(run));
}

void TestCliAccounts::policyPrintsTheLeastPrivilegePolicyAndTheManagedAlternative()
{
    Run run = mantle({"accounts", "policy", "keys", "--account-id", "111122223333"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(
        run.out.contains(QLatin1String("arn:aws:bedrock-mantle:us-east-1:111122223333:project/*")),
        qPrintable(run.out));
    QVERIFY(run.out.contains(QLatin1String("bedrock-mantle:CreateInference")));
    QVERIFY(run.out.contains(QLatin1String("AmazonBedrockMantleInferenceAccess")));
    run = mantle({"accounts", "policy", "apikey", "--no-marketplace"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(QLatin1String("bedrock-mantle:CallWithBearerToken")));
    QVERIFY(!run.out.contains(QLatin1String("aws-marketplace:Subscribe")));
    run = mantle({"accounts", "policy", "role"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(QLatin1String("\"sts:ExternalId\": \"ext-1234\"")));
    QVERIFY(run.out.contains(QLatin1String("arn:aws:bedrock-mantle:us-east-1:123456789012:")));
    QCOMPARE(mantle({"accounts", "policy", "keys", "--account-id", "12"}).code, 2);
}

void TestCliAccounts::regionFlagOverridesTheAccount()
{
    // The emulator takes any Mantle region in the credential scope; a region without Mantle is
    // refused before anything is sent.
    Run run = mantle({"models", "--account", "keys", "--region", "eu-north-1"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = mantle({"models", "--account", "nobody"});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.contains(QLatin1String("nobody")));
}

void TestCliAccounts::exportsAndImportsSettingsWithoutSecrets()
{
    const QString file = m_config.filePath(QStringLiteral("apikey.json"));
    Run run = mantle({"accounts", "export", "apikey", file});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QFile exported(file);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray text = exported.readAll();
    QVERIFY(text.contains("the emulator's key"));
    QVERIFY(!text.contains(kEmulatorKey.toUtf8()));

    run = mantle({"accounts", "import", file, "--name", "teammate"},
                 kEmulatorKey + QLatin1Char('\n'));
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(secretToolLookup(QStringLiteral("teammate/api-key")), kEmulatorKey);
    run = mantle({"models", "--account", "teammate"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
}

void TestCliAccounts::chatsThroughAnAssumedRole()
{
    // STS (a fake on 127.0.0.1) hands out the emulator's keys with a session token; the role is
    // assumed with the source account's stored keys.
    FakeHttpServer sts;
    QVERIFY(sts.listen());
    FakeHttpServer::Reply reply;
    reply.body = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>"
                 "AKIDMANTLEEMULATOR</AccessKeyId><SecretAccessKey>mantle-emulator-secret"
                 "</SecretAccessKey><SessionToken>role-session-token</SessionToken><Expiration>"
        + QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate).toLatin1()
        + "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    sts.enqueue(reply);
    QProcessEnvironment env;
    env.insert(QStringLiteral("MANTLE_STS_ENDPOINT"), sts.url().toString());
    const Run run = mantle({"chat", "--account", "role", "--endpoint", m_endpoint, "--model",
                            "openai.gpt-oss-120b", "--prompt", "hello through a role"},
                           {}, env);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(revealsNoSecret(run));
    QCOMPARE(sts.requests().size(), 1);
    const FakeHttpServer::Request &request = sts.requests().first();
    const QUrlQuery form(QString::fromUtf8(request.body));
    QCOMPARE(form.queryItemValue(QStringLiteral("RoleArn"), QUrl::FullyDecoded),
             QStringLiteral("arn:aws:iam::123456789012:role/MantleUser"));
    QCOMPARE(form.queryItemValue(QStringLiteral("ExternalId")), QStringLiteral("ext-1234"));
    QCOMPARE(form.queryItemValue(QStringLiteral("DurationSeconds")), QStringLiteral("1800"));
    QVERIFY(request.header("authorization").contains("Credential=AKIDMANTLEEMULATOR/"));
    QCOMPARE(request.header("x-amz-security-token"), kSessionToken.toUtf8());
}

void TestCliAccounts::importsFromTheEnvironmentAndAnAwsProfile()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), kEmulatorKey);
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("ap-south-1"));
    Run run = mantle({"accounts", "import-env", "--name", "ci"}, {}, env);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(secretToolLookup(QStringLiteral("ci-api-key/api-key")), kEmulatorKey);
    QVERIFY(mantle({"accounts", "list"})
                .out.contains(QLatin1String("ci-api-key\tapi-key\tap-south-1")));

    QTemporaryDir aws;
    QFile config(aws.filePath(QStringLiteral("config")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[profile base]\nregion = us-east-1\n\n[profile ops]\nregion = eu-west-2\n"
                 "role_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = base\n"
                 "external_id = ops-ext-9\n");
    config.close();
    QFile credentials(aws.filePath(QStringLiteral("credentials")));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b-secret\n");
    credentials.close();
    QProcessEnvironment awsEnv;
    awsEnv.insert(QStringLiteral("AWS_CONFIG_FILE"), config.fileName());
    awsEnv.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), credentials.fileName());
    run = mantle({"accounts", "import-aws", "ops"}, {}, awsEnv);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = mantle({"accounts", "show", "ops"});
    QVERIFY(run.out.contains(QLatin1String("source AWS profile: base")));
    QVERIFY(run.out.contains(QLatin1String("external ID: ops-ext-9")));
    QVERIFY(run.out.contains(QLatin1String("region: eu-west-2")));
    QVERIFY(!run.out.contains(QLatin1String("b-secret")));

    for (const char *name : {"ci-api-key", "ops"})
        QCOMPARE(mantle({"accounts", "remove", name}).code, 0);
    QVERIFY(secretToolLookup(QStringLiteral("ci-api-key/api-key")).isEmpty());
}

void TestCliAccounts::renameAndRemoveCleanTheKeychain()
{
    // A source account cannot go while a role uses it.
    Run run = mantle({"accounts", "remove", "keys"});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(QLatin1String("role")));

    run = mantle({"accounts", "rename", "keys", "main-keys"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(secretToolLookup(QStringLiteral("keys/secret-access-key")).isEmpty());
    QVERIFY(secretToolLookup(QStringLiteral("keys/session-token")).isEmpty());
    QCOMPARE(secretToolLookup(QStringLiteral("main-keys/secret-access-key")), kEmulatorSecret);
    QCOMPARE(secretToolLookup(QStringLiteral("main-keys/session-token")), kSessionToken);
    QVERIFY(mantle({"accounts", "show", "role"})
                .out.contains(QLatin1String("source account: main-keys")));

    for (const char *name : {"role", "main-keys", "apikey", "envkey", "teammate"}) {
        run = mantle({"accounts", "remove", name});
        QVERIFY2(run.code == 0, qPrintable(run.err));
    }
    QVERIFY(secretToolLookup(QStringLiteral("main-keys/secret-access-key")).isEmpty());
    QVERIFY(secretToolLookup(QStringLiteral("main-keys/session-token")).isEmpty());
    QVERIFY(secretToolLookup(QStringLiteral("apikey/api-key")).isEmpty());
    QVERIFY(secretToolLookup(QStringLiteral("teammate/api-key")).isEmpty());
    QCOMPARE(mantle({"accounts", "list"}).out, QString());
}

void TestCliAccounts::settingsFileHoldsNoSecret()
{
    QDirIterator it(m_config.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        for (const QString &secret : {kEmulatorSecret, kEmulatorKey, kSessionToken})
            QVERIFY2(!text.contains(secret.toUtf8()), qPrintable(f.fileName()));
        ++files;
    }
    QVERIFY(QFile::exists(m_config.filePath(QStringLiteral("Mantle Playground.conf"))));
    QVERIFY(files > 0);
}

QTEST_GUILESS_MAIN(TestCliAccounts)
#include "tst_cliaccounts.moc"
