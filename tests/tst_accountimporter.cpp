// AccountImporter: accounts from AWS profiles (static keys; role_arn with source_profile,
// external_id, role_session_name and duration_seconds; what accounts cannot express) read from a
// temporary ~/.aws, and from the standard environment variables.

#include "accounts/accountimporter.h"
#include "aws/awsprofile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mantle;
using namespace mantle::accounts;

namespace {

const QByteArray kConfig = R"([default]
region = eu-west-1

[profile base]
region = us-west-1

[profile deploy]
role_arn = arn:aws:iam::123456789012:role/Deploy
source_profile = base
external_id = team-ext-77
role_session_name = alice
duration_seconds = 7200
region = ap-northeast-1

[profile bare-role]
role_arn = arn:aws:iam::123456789012:role/Bare
source_profile = base

[profile corp]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Dev
region = us-east-1

[profile proc]
credential_process = /bin/true

[profile empty]
region = us-east-1
)";

const QByteArray kCredentials = R"([default]
aws_access_key_id = AKIDDEFAULTPROFILE
aws_secret_access_key = default-secret-Ab12

[base]
aws_access_key_id = AKIDBASEPROFILE
aws_secret_access_key = base-secret-Cd34
aws_session_token = base-token-Ef56
)";

QString text(const SecretString &secret)
{
    return QString::fromUtf8(secret.view().data(), qsizetype(secret.size()));
}

} // namespace

class TestAccountImporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importsStaticKeys();
    void importsARoleWithItsSourceProfile();
    void usesTheFallbackRegionWhenTheProfileHasNoMantleRegion();
    void refusesProfilesAccountsCannotExpress_data();
    void refusesProfilesAccountsCannotExpress();
    void importsTheEnvironment();
    void importsNothingFromAnEmptyEnvironment();
    void reportsAnInconsistentEnvironment();

private:
    QTemporaryDir m_home;
    aws::AwsProfileResolver m_profiles;
};

void TestAccountImporter::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral(".aws")));
    const QString config = m_home.filePath(QStringLiteral(".aws/config"));
    const QString credentials = m_home.filePath(QStringLiteral(".aws/credentials"));
    for (const auto &[path, bytes] : {std::pair{config, kConfig}, {credentials, kCredentials}}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    auto loaded = aws::AwsProfileResolver::load(config, credentials);
    QVERIFY(loaded);
    m_profiles = std::move(loaded).value();
}

void TestAccountImporter::importsStaticKeys()
{
    const auto imported = AccountImporter().fromAwsProfile(m_profiles, QStringLiteral("default"),
                                                           QStringLiteral("My default"));
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(imported->account.name, QStringLiteral("My default"));
    QCOMPARE(imported->account.auth, AuthMethod::AccessKey);
    QCOMPARE(imported->account.region, QStringLiteral("eu-west-1"));
    QCOMPARE(imported->account.accessKeyId, QStringLiteral("AKIDDEFAULTPROFILE"));
    QCOMPARE(text(imported->secrets.secretAccessKey), QStringLiteral("default-secret-Ab12"));
    QVERIFY(imported->secrets.sessionToken.isEmpty());
    QVERIFY(imported->warnings.isEmpty());
    QVERIFY(imported->account.validate());
}

void TestAccountImporter::importsARoleWithItsSourceProfile()
{
    const auto imported = AccountImporter().fromAwsProfile(m_profiles, QStringLiteral("deploy"));
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    const Account &account = imported->account;
    QCOMPARE(account.name, QStringLiteral("deploy"));
    QCOMPARE(account.auth, AuthMethod::AssumeRole);
    QCOMPARE(account.region, QStringLiteral("ap-northeast-1"));
    QCOMPARE(account.roleArn, QStringLiteral("arn:aws:iam::123456789012:role/Deploy"));
    QCOMPARE(account.externalId, QStringLiteral("team-ext-77"));
    QCOMPARE(account.roleSessionName, QStringLiteral("alice"));
    QCOMPARE(account.durationSeconds, 7200);
    QCOMPARE(account.roleSource, RoleSource::AwsProfile);
    QCOMPARE(account.sourceProfile, QStringLiteral("base"));
    // The source profile's keys stay in ~/.aws: nothing secret is copied for a role.
    QCOMPARE(imported->secrets, AccountSecrets());
}

void TestAccountImporter::usesTheFallbackRegionWhenTheProfileHasNoMantleRegion()
{
    // "base" names us-west-1, which does not serve Mantle; "bare-role" names none.
    const auto base = AccountImporter(QStringLiteral("us-east-2"))
                          .fromAwsProfile(m_profiles, QStringLiteral("base"));
    QVERIFY(base);
    QCOMPARE(base->account.region, QStringLiteral("us-east-2"));
    QCOMPARE(base->warnings.size(), 1);
    QVERIFY(base->warnings.first().contains(QLatin1String("us-west-1")));
    QCOMPARE(text(base->secrets.sessionToken), QStringLiteral("base-token-Ef56"));

    const auto bare = AccountImporter().fromAwsProfile(m_profiles, QStringLiteral("bare-role"));
    QVERIFY(bare);
    QCOMPARE(bare->account.region, QStringLiteral("us-east-1"));
    QCOMPARE(bare->account.externalId, QString());
    QCOMPARE(bare->account.durationSeconds, 3600);
    QCOMPARE(bare->warnings.size(), 1);
}

void TestAccountImporter::refusesProfilesAccountsCannotExpress_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("IAM Identity Center") << "corp"
                                         << "sso";
    QTest::addRow("credential_process") << "proc"
                                        << "credential_process";
    QTest::addRow("no keys, no role") << "empty"
                                      << "neither";
    QTest::addRow("missing profile") << "nobody"
                                     << "nobody";
}

void TestAccountImporter::refusesProfilesAccountsCannotExpress()
{
    QFETCH(QString, profile);
    QFETCH(QString, mentions);
    const auto imported = AccountImporter().fromAwsProfile(m_profiles, profile);
    QVERIFY(!imported);
    QVERIFY2(imported.error().message.contains(mentions), qPrintable(imported.error().message));
}

void TestAccountImporter::importsTheEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), QStringLiteral("env-api-key-Gh78"));
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDFROMENV"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("env-secret-Ij90"));
    env.insert(QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("env-token-Kl12"));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("eu-north-1"));
    const auto imported = AccountImporter().fromEnvironment(env, QStringLiteral("ci"));
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(imported->size(), 2);
    const ImportedAccount &key = imported->at(0);
    QCOMPARE(key.account.name, QStringLiteral("ci-api-key"));
    QCOMPARE(key.account.auth, AuthMethod::ApiKey);
    QCOMPARE(key.account.region, QStringLiteral("eu-north-1"));
    QCOMPARE(text(key.secrets.apiKey), QStringLiteral("env-api-key-Gh78"));
    const ImportedAccount &keys = imported->at(1);
    QCOMPARE(keys.account.name, QStringLiteral("ci-keys"));
    QCOMPARE(keys.account.auth, AuthMethod::AccessKey);
    QCOMPARE(keys.account.accessKeyId, QStringLiteral("AKIDFROMENV"));
    QCOMPARE(text(keys.secrets.secretAccessKey), QStringLiteral("env-secret-Ij90"));
    QCOMPARE(text(keys.secrets.sessionToken), QStringLiteral("env-token-Kl12"));
    QVERIFY(keys.warnings.isEmpty());
}

void TestAccountImporter::importsNothingFromAnEmptyEnvironment()
{
    const auto imported = AccountImporter().fromEnvironment(QProcessEnvironment());
    QVERIFY(imported);
    QVERIFY(imported->isEmpty());
}

void TestAccountImporter::reportsAnInconsistentEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDFROMENV"));
    const auto imported = AccountImporter().fromEnvironment(env);
    QVERIFY(!imported);
    QVERIFY(imported.error().message.contains(QLatin1String("AWS_SECRET_ACCESS_KEY")));
}

QTEST_GUILESS_MAIN(TestAccountImporter)
#include "tst_accountimporter.moc"
