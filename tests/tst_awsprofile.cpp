#include "aws/awsprofile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using mantle::Error;
using mantle::SecretString;
using mantle::aws::AwsAssumeRoleStep;
using mantle::aws::AwsConfigDiagnostic;
using mantle::aws::AwsConfigFile;
using mantle::aws::AwsCredentialPlan;
using mantle::aws::AwsProfile;
using mantle::aws::AwsProfileResolver;
using mantle::aws::Credentials;

namespace {

const QString kConfigPath = QStringLiteral(MANTLE_TEST_DATA "/awsconfig/profiles/config");
const QString kCredentialsPath = QStringLiteral(MANTLE_TEST_DATA "/awsconfig/profiles/credentials");

// Every secret in the fixtures; no message may hold any of them.
const QStringList kSecrets{
    QStringLiteral("default-secret-Zx81"), QStringLiteral("base-secret-Qw27"),
    QStringLiteral("base-token-Lp45"),     QStringLiteral("override-secret-Mn63"),
    QStringLiteral("literal-secret-Rt09"), QStringLiteral("self-secret-Vb52"),
    QStringLiteral("quoted-secret-Hj38"),  QStringLiteral("spaced secret-Kd14"),
    QStringLiteral("legacy-secret-Wq66"),  QStringLiteral("legacy-token-Fs90"),
    QStringLiteral("mixed-secret-Pc71"),   QStringLiteral("keyed-secret-Ug23"),
    QStringLiteral("env-secret-Yt58"),
};

QString secretText(const SecretString &secret)
{
    return QString::fromUtf8(secret.view().data(), qsizetype(secret.size()));
}

Credentials environmentCredentials()
{
    Credentials c;
    c.accessKeyId = QStringLiteral("AKIDFROMENVIRONMENT");
    c.secretAccessKey = SecretString(std::string_view("env-secret-Yt58"));
    return c;
}

AwsAssumeRoleStep step(const char *profile, const char *roleArn)
{
    AwsAssumeRoleStep s;
    s.profile = QLatin1String(profile);
    s.roleArn = QLatin1String(roleArn);
    return s;
}

} // namespace

class TestAwsProfile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listsProfilesOfBothFiles();
    void mergesConfigAndCredentialsWithCredentialsWinning();
    void takesProfileHeaderLiterallyInCredentials();
    void readsOlderSecurityTokenKey();
    void emptyNameMeansDefault();
    void resolvesStaticKeys_data();
    void resolvesStaticKeys();
    void resolvesAssumeRoleWithItsSettings();
    void followsSourceProfileChains();
    void letsProfileBeItsOwnSource();
    void usesKeysOfSourceProfileOverItsRole();
    void rejectsSourceProfileLoops_data();
    void rejectsSourceProfileLoops();
    void rejectsMissingSourceProfile();
    void usesEnvironmentAsCredentialSource();
    void requiresEnvironmentCredentialsForEnvironmentSource();
    void reportsUnsupportedSources_data();
    void reportsUnsupportedSources();
    void rejectsMalformedProfiles_data();
    void rejectsMalformedProfiles();
    void missingProfileNamesBothFiles();
    void missingProfileHintsAtProfileHeader();
    void messagesNeverContainSecrets();
    void warnsAboutKeysInAnotherCase();
    void treatsMissingFilesAsEmpty();
    void rejectsUnreadableFiles();
    void rejectsOversizedFiles();

private:
    AwsProfileResolver m_resolver;
};

void TestAwsProfile::initTestCase()
{
    auto loaded = AwsProfileResolver::load(kConfigPath, kCredentialsPath);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    m_resolver = std::move(loaded).value();
    QCOMPARE(m_resolver.configFile().diagnostics().size(), 0);
    QCOMPARE(m_resolver.credentialsFile().diagnostics().size(), 0);
}

void TestAwsProfile::listsProfilesOfBothFiles()
{
    const QStringList names = m_resolver.profileNames();
    QCOMPARE(names.first(), QStringLiteral("default"));
    QCOMPARE(names.count(QStringLiteral("default")), 1);
    QVERIFY(names.contains(QStringLiteral("admin"))); // config only
    QVERIFY(names.contains(QStringLiteral("base"))); // credentials only
    QVERIFY(!names.contains(QStringLiteral("plain"))); // [plain] in config is not a profile
    QVERIFY(names.indexOf(QStringLiteral("regiononly")) < names.indexOf(QStringLiteral("base")));
    QVERIFY(m_resolver.hasProfile(QStringLiteral("base")));
    QVERIFY(!m_resolver.hasProfile(QStringLiteral("plain")));
}

void TestAwsProfile::mergesConfigAndCredentialsWithCredentialsWinning()
{
    const auto p = m_resolver.profile(QStringLiteral("override"));
    QVERIFY(p.ok());
    QCOMPARE(p->name, QStringLiteral("override"));
    QCOMPARE(p->region, QStringLiteral("eu-west-1")); // the credentials file's, not us-west-2
    QCOMPARE(p->accessKeyId, QStringLiteral("AKIDOVERRIDE"));
    QCOMPARE(secretText(p->secretAccessKey), QStringLiteral("override-secret-Mn63"));
    QVERIFY(p->configLine > 0);
    QVERIFY(p->credentialsLine > 0);

    const auto regionOnly = m_resolver.profile(QStringLiteral("regiononly"));
    QVERIFY(regionOnly.ok());
    QCOMPARE(regionOnly->region, QStringLiteral("eu-central-1"));
    QCOMPARE(regionOnly->credentialsLine, 0);
    QVERIFY(!regionOnly->hasStaticKeys());
}

void TestAwsProfile::takesProfileHeaderLiterallyInCredentials()
{
    const auto literal = m_resolver.profile(QStringLiteral("profile literal"));
    QVERIFY(literal.ok());
    QCOMPARE(literal->accessKeyId, QStringLiteral("AKIDLITERAL"));
    const auto plain = m_resolver.profile(QStringLiteral("literal"));
    QVERIFY(!plain.ok());
    QCOMPARE(plain.error().code, QStringLiteral("ProfileNotFound"));
}

void TestAwsProfile::readsOlderSecurityTokenKey()
{
    const auto plan = m_resolver.resolve(QStringLiteral("legacy"));
    QVERIFY(plan.ok());
    QCOMPARE(secretText(plan->credentials.sessionToken), QStringLiteral("legacy-token-Fs90"));
}

void TestAwsProfile::emptyNameMeansDefault()
{
    const auto plan = m_resolver.resolve(QString());
    QVERIFY(plan.ok());
    QCOMPARE(plan->profile, QStringLiteral("default"));
    QCOMPARE(plan->region, QStringLiteral("us-east-1"));
    QCOMPARE(plan->credentials.accessKeyId, QStringLiteral("AKIDDEFAULTEXAMPLE"));
}

void TestAwsProfile::resolvesStaticKeys_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("keyId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("region");

    QTest::addRow("default") << QStringLiteral("default") << QStringLiteral("AKIDDEFAULTEXAMPLE")
                             << QStringLiteral("default-secret-Zx81") << QString()
                             << QStringLiteral("us-east-1");
    QTest::addRow("with session token")
        << QStringLiteral("base") << QStringLiteral("AKIDBASEEXAMPLE")
        << QStringLiteral("base-secret-Qw27") << QStringLiteral("base-token-Lp45") << QString();
    QTest::addRow("merged") << QStringLiteral("override") << QStringLiteral("AKIDOVERRIDE")
                            << QStringLiteral("override-secret-Mn63") << QString()
                            << QStringLiteral("eu-west-1");
}

void TestAwsProfile::resolvesStaticKeys()
{
    QFETCH(QString, profile);
    QFETCH(QString, keyId);
    QFETCH(QString, secret);
    QFETCH(QString, token);
    QFETCH(QString, region);

    const auto plan = m_resolver.resolve(profile);
    QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
    QCOMPARE(plan->source, AwsCredentialPlan::Source::StaticKeys);
    QCOMPARE(plan->profile, profile);
    QCOMPARE(plan->sourceProfile, profile);
    QCOMPARE(plan->region, region);
    QVERIFY(!plan->needsAssumeRole());
    QCOMPARE(plan->credentials.accessKeyId, keyId);
    QCOMPARE(secretText(plan->credentials.secretAccessKey), secret);
    QCOMPARE(secretText(plan->credentials.sessionToken), token);
}

void TestAwsProfile::resolvesAssumeRoleWithItsSettings()
{
    const auto plan = m_resolver.resolve(QStringLiteral("admin"));
    QVERIFY(plan.ok());
    QCOMPARE(plan->source, AwsCredentialPlan::Source::StaticKeys);
    QCOMPARE(plan->sourceProfile, QStringLiteral("base"));
    QCOMPARE(plan->credentials.accessKeyId, QStringLiteral("AKIDBASEEXAMPLE"));
    QCOMPARE(plan->region, QStringLiteral("us-west-2"));
    AwsAssumeRoleStep expected = step("admin", "arn:aws:iam::123456789012:role/Admin");
    expected.externalId = QStringLiteral("ext-1");
    expected.roleSessionName = QStringLiteral("admin-session");
    expected.durationSeconds = 1800;
    expected.mfaSerial = QStringLiteral("arn:aws:iam::123456789012:mfa/me");
    QCOMPARE(plan->roles, QList<AwsAssumeRoleStep>{expected});
}

void TestAwsProfile::followsSourceProfileChains()
{
    const auto plan = m_resolver.resolve(QStringLiteral("deep"));
    QVERIFY(plan.ok());
    QCOMPARE(plan->profile, QStringLiteral("deep"));
    QCOMPARE(plan->region, QString()); // deep's own region, not admin's
    QCOMPARE(plan->sourceProfile, QStringLiteral("base"));
    QCOMPARE(plan->roles.size(), 2);
    // First the role base's keys assume, then the one that role assumes.
    QCOMPARE(plan->roles.at(0).profile, QStringLiteral("admin"));
    QCOMPARE(plan->roles.at(1), step("deep", "arn:aws:iam::123456789012:role/Deep"));
}

void TestAwsProfile::letsProfileBeItsOwnSource()
{
    const auto plan = m_resolver.resolve(QStringLiteral("self"));
    QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
    QCOMPARE(plan->sourceProfile, QStringLiteral("self"));
    QCOMPARE(plan->credentials.accessKeyId, QStringLiteral("AKIDSELF"));
    QCOMPARE(plan->roles,
             QList<AwsAssumeRoleStep>{step("self", "arn:aws:iam::123456789012:role/Self")});
}

void TestAwsProfile::usesKeysOfSourceProfileOverItsRole()
{
    // "keyed" has keys and a role (whose source does not exist): as a source it gives its keys.
    const auto plan = m_resolver.resolve(QStringLiteral("keyed-source"));
    QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
    QCOMPARE(plan->sourceProfile, QStringLiteral("keyed"));
    QCOMPARE(plan->roles.size(), 1);
    // Asked for itself, its role comes first, and that role's source is missing.
    const auto direct = m_resolver.resolve(QStringLiteral("keyed"));
    QVERIFY(!direct.ok());
    QCOMPARE(direct.error().code, QStringLiteral("SourceProfileNotFound"));
}

void TestAwsProfile::rejectsSourceProfileLoops_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("loop");

    QTest::addRow("three profiles")
        << QStringLiteral("loop-a") << QStringLiteral("loop-a → loop-b → loop-c → loop-a");
    QTest::addRow("entered midway")
        << QStringLiteral("loop-b") << QStringLiteral("loop-b → loop-c → loop-a → loop-b");
    QTest::addRow("itself without keys")
        << QStringLiteral("selfloop") << QStringLiteral("selfloop → selfloop");
}

void TestAwsProfile::rejectsSourceProfileLoops()
{
    QFETCH(QString, profile);
    QFETCH(QString, loop);

    const auto plan = m_resolver.resolve(profile);
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().code, QStringLiteral("SourceProfileLoop"));
    QCOMPARE(plan.error().kind, Error::Kind::Config);
    QVERIFY2(plan.error().message.contains(loop), qPrintable(plan.error().message));
    QVERIFY2(plan.error().message.contains(QDir::toNativeSeparators(kConfigPath)),
             qPrintable(plan.error().message));
    QVERIFY(!plan.error().hint.isEmpty());
}

void TestAwsProfile::rejectsMissingSourceProfile()
{
    const auto plan = m_resolver.resolve(QStringLiteral("dangling"));
    QVERIFY(!plan.ok());
    const Error &e = plan.error();
    QCOMPARE(e.code, QStringLiteral("SourceProfileNotFound"));
    for (const QString &part :
         {QStringLiteral("“dangling”"), QStringLiteral("“nowhere”"),
          QDir::toNativeSeparators(kConfigPath), QDir::toNativeSeparators(kCredentialsPath)})
        QVERIFY2(e.message.contains(part), qPrintable(e.message));
}

void TestAwsProfile::usesEnvironmentAsCredentialSource()
{
    const auto plan = m_resolver.resolve(QStringLiteral("env"), environmentCredentials());
    QVERIFY(plan.ok());
    QCOMPARE(plan->source, AwsCredentialPlan::Source::Environment);
    QCOMPARE(plan->sourceProfile, QString());
    QCOMPARE(plan->credentials, environmentCredentials());
    QCOMPARE(plan->region, QStringLiteral("ap-northeast-1"));
    QCOMPARE(plan->roles,
             QList<AwsAssumeRoleStep>{step("env", "arn:aws:iam::123456789012:role/FromEnv")});
}

void TestAwsProfile::requiresEnvironmentCredentialsForEnvironmentSource()
{
    const auto plan = m_resolver.resolve(QStringLiteral("env"));
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().kind, Error::Kind::Auth);
    QVERIFY(plan.error().message.contains(QStringLiteral("“env”")));
    QVERIFY(plan.error().message.contains(QStringLiteral("AWS_ACCESS_KEY_ID")));
}

void TestAwsProfile::reportsUnsupportedSources_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("mentions");

    QTest::addRow("EC2 instance metadata")
        << QStringLiteral("ec2") << QStringLiteral("Ec2InstanceMetadata");
    QTest::addRow("ECS container") << QStringLiteral("ecs") << QStringLiteral("EcsContainer");
    QTest::addRow("IAM Identity Center") << QStringLiteral("sso") << QStringLiteral("sso_session");
    QTest::addRow("credential process")
        << QStringLiteral("process") << QStringLiteral("credential_process");
    QTest::addRow("web identity") << QStringLiteral("webid")
                                  << QStringLiteral("web_identity_token_file");
    QTest::addRow("source profile using IAM Identity Center")
        << QStringLiteral("chain-to-sso") << QStringLiteral("source_profile of “chain-to-sso”");
}

void TestAwsProfile::reportsUnsupportedSources()
{
    QFETCH(QString, profile);
    QFETCH(QString, mentions);

    const auto plan = m_resolver.resolve(profile, environmentCredentials());
    QVERIFY(!plan.ok());
    const Error &e = plan.error();
    QCOMPARE(e.code, QStringLiteral("NotSupported"));
    QVERIFY2(e.message.contains(QStringLiteral("not supported yet")), qPrintable(e.message));
    QVERIFY2(e.message.contains(mentions), qPrintable(e.message));
    QVERIFY2(e.message.contains(QDir::toNativeSeparators(kConfigPath)), qPrintable(e.message));
    QVERIFY2(e.hint.contains(QStringLiteral("export-credentials")), qPrintable(e.hint));
}

void TestAwsProfile::rejectsMalformedProfiles_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");

    QTest::addRow("unknown credential_source")
        << QStringLiteral("badsource") << QStringLiteral("InvalidSetting")
        << QStringLiteral("credential_source");
    QTest::addRow("source_profile and credential_source")
        << QStringLiteral("both") << QStringLiteral("InvalidSetting")
        << QStringLiteral("both source_profile and credential_source");
    QTest::addRow("role without a source")
        << QStringLiteral("nosource") << QStringLiteral("InvalidSetting")
        << QStringLiteral("neither source_profile");
    QTest::addRow("role_arn not an ARN")
        << QStringLiteral("notarn") << QStringLiteral("InvalidSetting")
        << QStringLiteral("not an ARN");
    QTest::addRow("duration out of range")
        << QStringLiteral("badduration") << QStringLiteral("InvalidSetting")
        << QStringLiteral("duration_seconds");
    QTest::addRow("credential_source without a role")
        << QStringLiteral("sourceonly") << QStringLiteral("InvalidSetting")
        << QStringLiteral("no role_arn");
    QTest::addRow("key id without secret")
        << QStringLiteral("partial") << QStringLiteral("PartialCredentials")
        << QStringLiteral("no aws_secret_access_key");
    QTest::addRow("partial source profile")
        << QStringLiteral("chain-to-partial") << QStringLiteral("PartialCredentials")
        << QStringLiteral("the source_profile of “chain-to-partial”");
    QTest::addRow("no credentials at all")
        << QStringLiteral("regiononly") << QStringLiteral("NoCredentials")
        << QStringLiteral("holds no credentials");
    QTest::addRow("quoted key id") << QStringLiteral("quoted") << QString()
                                   << QStringLiteral("aws_access_key_id of the profile “quoted”");
    QTest::addRow("secret with a space")
        << QStringLiteral("spaced") << QString()
        << QStringLiteral("aws_secret_access_key of the profile “spaced”");
}

void TestAwsProfile::rejectsMalformedProfiles()
{
    QFETCH(QString, profile);
    QFETCH(QString, code);
    QFETCH(QString, mentions);

    const auto plan = m_resolver.resolve(profile, environmentCredentials());
    QVERIFY(!plan.ok());
    const Error &e = plan.error();
    QCOMPARE(e.code, code);
    QVERIFY2(e.message.contains(mentions), qPrintable(e.message));
    QVERIFY2(e.message.contains(QLatin1Char('"') + profile) || e.message.contains(profile),
             qPrintable(e.message));
    QVERIFY2(e.message.contains(QStringLiteral("/awsconfig/profiles/")), qPrintable(e.message));
    QVERIFY(!e.hint.isEmpty());
}

void TestAwsProfile::missingProfileNamesBothFiles()
{
    const auto plan = m_resolver.resolve(QStringLiteral("nope"));
    QVERIFY(!plan.ok());
    const Error &e = plan.error();
    QCOMPARE(e.code, QStringLiteral("ProfileNotFound"));
    QCOMPARE(e.kind, Error::Kind::Config);
    QVERIFY2(e.message.contains(QStringLiteral("“nope”")), qPrintable(e.message));
    QVERIFY2(e.message.contains(QDir::toNativeSeparators(kConfigPath)), qPrintable(e.message));
    QVERIFY2(e.message.contains(QDir::toNativeSeparators(kCredentialsPath)), qPrintable(e.message));
    QVERIFY2(e.hint.contains(QStringLiteral("default, override")), qPrintable(e.hint));
}

void TestAwsProfile::missingProfileHintsAtProfileHeader()
{
    const auto plan = m_resolver.resolve(QStringLiteral("plain"));
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().code, QStringLiteral("ProfileNotFound"));
    QVERIFY2(plan.error().hint.contains(QStringLiteral("[profile plain]")),
             qPrintable(plan.error().hint));
}

void TestAwsProfile::messagesNeverContainSecrets()
{
    QStringList names = m_resolver.profileNames();
    names.append(QStringLiteral("nope"));
    int errors = 0;
    for (const QString &name : names) {
        for (const auto &env :
             {std::optional<Credentials>(), std::optional(environmentCredentials())}) {
            const auto plan = m_resolver.resolve(name, env);
            if (plan.ok())
                continue;
            ++errors;
            const QString shown = plan.error().toDisplayString();
            for (const QString &secret : kSecrets)
                QVERIFY2(!shown.contains(secret), qPrintable(name + QStringLiteral(": ") + shown));
        }
    }
    QVERIFY(errors > 20); // the check above really looked at the failing profiles
    for (const AwsConfigDiagnostic &d : m_resolver.diagnostics()) {
        for (const QString &secret : kSecrets)
            QVERIFY(!d.toDisplayString().contains(secret));
    }
}

void TestAwsProfile::warnsAboutKeysInAnotherCase()
{
    const QList<AwsConfigDiagnostic> diagnostics = m_resolver.diagnostics();
    QCOMPARE(diagnostics.size(), 1);
    const AwsConfigDiagnostic &d = diagnostics.constFirst();
    QCOMPARE(d.file, kCredentialsPath);
    QCOMPARE(d.key, QStringLiteral("AWS_ACCESS_KEY_ID"));
    QVERIFY(d.line > 0);
    QVERIFY2(d.message.contains(QStringLiteral("“aws_access_key_id”")), qPrintable(d.message));
    // And so the profile has a secret but no key id.
    const auto plan = m_resolver.resolve(QStringLiteral("Mixed"));
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().code, QStringLiteral("PartialCredentials"));
}

void TestAwsProfile::treatsMissingFilesAsEmpty()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = dir.filePath(QStringLiteral("config"));
    const QString credentials = dir.filePath(QStringLiteral("missing/credentials"));
    const auto resolver = AwsProfileResolver::load(config, credentials);
    QVERIFY(resolver.ok());
    QVERIFY(resolver->profileNames().isEmpty());
    QCOMPARE(resolver->configFile().fileName(), config);
    const auto plan = resolver->resolve(QString());
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().code, QStringLiteral("ProfileNotFound"));
    QVERIFY(plan.error().message.contains(QDir::toNativeSeparators(config)));
    QVERIFY(plan.error().message.contains(QDir::toNativeSeparators(credentials)));
    QVERIFY2(plan.error().hint.contains(QStringLiteral("aws configure")),
             qPrintable(plan.error().hint));
}

void TestAwsProfile::rejectsUnreadableFiles()
{
    // A folder where the file should be cannot be read, whoever runs the test (even root).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto resolver = AwsProfileResolver::load(dir.path(), kCredentialsPath);
    QVERIFY(!resolver.ok());
    QCOMPARE(resolver.error().kind, Error::Kind::Io);
    QVERIFY2(resolver.error().message.contains(QDir::toNativeSeparators(dir.path())),
             qPrintable(resolver.error().message));
    const auto credentials = AwsProfileResolver::load(kConfigPath, dir.path());
    QVERIFY(!credentials.ok());
    QCOMPARE(credentials.error().kind, Error::Kind::Io);
}

void TestAwsProfile::rejectsOversizedFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile big(dir.filePath(QStringLiteral("config")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    const QByteArray line("# a comment line that pads the file out to more than a mebibyte\n");
    for (int i = 0; i < 20000; ++i)
        big.write(line);
    big.close();
    const auto read = AwsProfileResolver::readFile(big.fileName(), AwsConfigFile::Kind::Config);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, Error::Kind::Io);
    QVERIFY(read.error().message.contains(QDir::toNativeSeparators(big.fileName())));
}

QTEST_GUILESS_MAIN(TestAwsProfile)
#include "tst_awsprofile.moc"
