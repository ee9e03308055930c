#include "aws/awsenvironment.h"

#include <QTest>
#include <QTimeZone>

using mantle::SecretString;
using mantle::aws::AwsEnvironment;
using mantle::aws::readAwsEnvironment;

using Variables = QList<QPair<QString, QString>>;
Q_DECLARE_METATYPE(Variables)

namespace {

QProcessEnvironment environmentOf(const Variables &variables)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), QStringLiteral("/home/tester"));
    for (const auto &[name, value] : variables)
        env.insert(name, value);
    return env;
}

QPair<QString, QString> var(const char *name, const QString &value)
{
    return {QLatin1String(name), value};
}

QPair<QString, QString> var(const char *name, const char *value)
{
    return {QLatin1String(name), QString::fromUtf8(value)};
}

QString secretText(const SecretString &secret)
{
    return QString::fromUtf8(secret.view().data(), qsizetype(secret.size()));
}

const QString kKeyId = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
const QString kSecret = QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

} // namespace

class TestAwsEnvironment : public QObject
{
    Q_OBJECT

private slots:
    void readsNothingFromEmptyEnvironment();
    void readsStaticKeys();
    void acceptsKeyIdShapes_data();
    void acceptsKeyIdShapes();
    void trimsBlanksAroundValues();
    void treatsEmptyVariablesAsUnset();
    void prefersSessionTokenOverSecurityToken();
    void readsCredentialExpiration();
    void readsBearerToken();
    void prefersAwsProfileOverDefaultProfile_data();
    void prefersAwsProfileOverDefaultProfile();
    void prefersAwsRegionOverDefaultRegion_data();
    void prefersAwsRegionOverDefaultRegion();
    void ignoresUnusedDefaultRegion();
    void honoursFileVariables();
    void rejectsMalformedEnvironment_data();
    void rejectsMalformedEnvironment();
};

void TestAwsEnvironment::readsNothingFromEmptyEnvironment()
{
    const auto env = readAwsEnvironment(environmentOf({}));
    QVERIFY(env.ok());
    QVERIFY(!env->credentials);
    QVERIFY(env->bearerToken.isEmpty());
    QCOMPARE(env->profile, QString());
    QCOMPARE(env->profileVariable, QString());
    QCOMPARE(env->region, QString());
    QCOMPARE(env->regionVariable, QString());
    QCOMPARE(env->configFile, QStringLiteral("/home/tester/.aws/config"));
    QCOMPARE(env->credentialsFile, QStringLiteral("/home/tester/.aws/credentials"));
}

void TestAwsEnvironment::readsStaticKeys()
{
    const auto env = readAwsEnvironment(environmentOf({
        var("AWS_ACCESS_KEY_ID", kKeyId),
        var("AWS_SECRET_ACCESS_KEY", kSecret),
        var("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEB8aDK+token/with=="),
    }));
    QVERIFY(env.ok());
    QVERIFY(env->credentials);
    QCOMPARE(env->credentials->accessKeyId, kKeyId);
    QCOMPARE(secretText(env->credentials->secretAccessKey), kSecret);
    QCOMPARE(secretText(env->credentials->sessionToken),
             QStringLiteral("FwoGZXIvYXdzEB8aDK+token/with=="));
    QVERIFY(!env->credentials->expires());
}

void TestAwsEnvironment::acceptsKeyIdShapes_data()
{
    QTest::addColumn<QString>("keyId");

    QTest::addRow("AWS documentation example") << kKeyId;
    QTest::addRow("emulator test key") << QStringLiteral("AKIDMANTLEEMULATOR");
    QTest::addRow("SigV4 suite key") << QStringLiteral("AKIDEXAMPLE");
    QTest::addRow("temporary key") << QStringLiteral("ASIAQ3EGUXTZ4EXAMPLE");
    QTest::addRow("lower case") << QStringLiteral("akid123");
    QTest::addRow("shortest") << QStringLiteral("AK1");
    QTest::addRow("longest") << QString(128, QLatin1Char('A'));
}

void TestAwsEnvironment::acceptsKeyIdShapes()
{
    QFETCH(QString, keyId);
    const auto env = readAwsEnvironment(
        environmentOf({var("AWS_ACCESS_KEY_ID", keyId), var("AWS_SECRET_ACCESS_KEY", kSecret)}));
    QVERIFY2(env.ok(), qPrintable(env.ok() ? QString() : env.error().message));
    QCOMPARE(env->credentials->accessKeyId, keyId);
}

void TestAwsEnvironment::trimsBlanksAroundValues()
{
    const auto env = readAwsEnvironment(environmentOf({
        var("AWS_ACCESS_KEY_ID", QStringLiteral(" ") + kKeyId + QStringLiteral("\n")),
        var("AWS_SECRET_ACCESS_KEY", kSecret + QStringLiteral("  ")),
        var("AWS_REGION", " us-west-2\t"),
        var("AWS_PROFILE", " dev "),
    }));
    QVERIFY(env.ok());
    QCOMPARE(env->credentials->accessKeyId, kKeyId);
    QCOMPARE(secretText(env->credentials->secretAccessKey), kSecret);
    QCOMPARE(env->region, QStringLiteral("us-west-2"));
    QCOMPARE(env->profile, QStringLiteral("dev"));
}

void TestAwsEnvironment::treatsEmptyVariablesAsUnset()
{
    const auto env = readAwsEnvironment(environmentOf({
        var("AWS_ACCESS_KEY_ID", ""),
        var("AWS_SECRET_ACCESS_KEY", "  "),
        var("AWS_SESSION_TOKEN", ""),
        var("AWS_BEARER_TOKEN_BEDROCK", ""),
        var("AWS_PROFILE", ""),
        var("AWS_DEFAULT_PROFILE", "fallback"),
        var("AWS_REGION", ""),
        var("AWS_DEFAULT_REGION", "eu-west-3"),
        var("AWS_CONFIG_FILE", ""),
    }));
    QVERIFY(env.ok());
    QVERIFY(!env->credentials);
    QVERIFY(env->bearerToken.isEmpty());
    QCOMPARE(env->profile, QStringLiteral("fallback"));
    QCOMPARE(env->region, QStringLiteral("eu-west-3"));
    QCOMPARE(env->configFile, QStringLiteral("/home/tester/.aws/config"));
}

void TestAwsEnvironment::prefersSessionTokenOverSecurityToken()
{
    const Variables keys{var("AWS_ACCESS_KEY_ID", kKeyId), var("AWS_SECRET_ACCESS_KEY", kSecret)};
    auto older = keys;
    older.append(var("AWS_SECURITY_TOKEN", "older-token"));
    const auto olderOnly = readAwsEnvironment(environmentOf(older));
    QVERIFY(olderOnly.ok());
    QCOMPARE(secretText(olderOnly->credentials->sessionToken), QStringLiteral("older-token"));

    auto both = older;
    both.append(var("AWS_SESSION_TOKEN", "newer-token"));
    const auto newer = readAwsEnvironment(environmentOf(both));
    QVERIFY(newer.ok());
    QCOMPARE(secretText(newer->credentials->sessionToken), QStringLiteral("newer-token"));
}

void TestAwsEnvironment::readsCredentialExpiration()
{
    const auto env = readAwsEnvironment(environmentOf({
        var("AWS_ACCESS_KEY_ID", kKeyId),
        var("AWS_SECRET_ACCESS_KEY", kSecret),
        var("AWS_SESSION_TOKEN", "token"),
        var("AWS_CREDENTIAL_EXPIRATION", "2025-01-31T12:00:00Z"),
    }));
    QVERIFY(env.ok());
    QVERIFY(env->credentials->expires());
    QCOMPARE(env->credentials->expiration,
             QDateTime(QDate(2025, 1, 31), QTime(12, 0), QTimeZone::utc()));
}

void TestAwsEnvironment::readsBearerToken()
{
    const auto env = readAwsEnvironment(
        environmentOf({var("AWS_BEARER_TOKEN_BEDROCK", "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl=")}));
    QVERIFY(env.ok());
    QCOMPARE(secretText(env->bearerToken), QStringLiteral("ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl="));
    QVERIFY(!env->credentials);
}

void TestAwsEnvironment::prefersAwsProfileOverDefaultProfile_data()
{
    QTest::addColumn<Variables>("variables");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("variable");

    QTest::addRow("AWS_PROFILE") << Variables{var("AWS_PROFILE", "dev")} << QStringLiteral("dev")
                                 << QStringLiteral("AWS_PROFILE");
    QTest::addRow("AWS_DEFAULT_PROFILE")
        << Variables{var("AWS_DEFAULT_PROFILE", "old")} << QStringLiteral("old")
        << QStringLiteral("AWS_DEFAULT_PROFILE");
    QTest::addRow("both") << Variables{var("AWS_DEFAULT_PROFILE", "old"), var("AWS_PROFILE", "dev")}
                          << QStringLiteral("dev") << QStringLiteral("AWS_PROFILE");
}

void TestAwsEnvironment::prefersAwsProfileOverDefaultProfile()
{
    QFETCH(Variables, variables);
    QFETCH(QString, profile);
    QFETCH(QString, variable);
    const auto env = readAwsEnvironment(environmentOf(variables));
    QVERIFY(env.ok());
    QCOMPARE(env->profile, profile);
    QCOMPARE(env->profileVariable, variable);
}

void TestAwsEnvironment::prefersAwsRegionOverDefaultRegion_data()
{
    QTest::addColumn<Variables>("variables");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("variable");

    QTest::addRow("AWS_REGION") << Variables{var("AWS_REGION", "us-west-2")}
                                << QStringLiteral("us-west-2") << QStringLiteral("AWS_REGION");
    QTest::addRow("AWS_DEFAULT_REGION")
        << Variables{var("AWS_DEFAULT_REGION", "eu-central-1")} << QStringLiteral("eu-central-1")
        << QStringLiteral("AWS_DEFAULT_REGION");
    QTest::addRow("both") << Variables{var("AWS_DEFAULT_REGION", "eu-central-1"),
                                       var("AWS_REGION", "ap-south-1")}
                          << QStringLiteral("ap-south-1") << QStringLiteral("AWS_REGION");
    QTest::addRow("not a Mantle region but shaped like one")
        << Variables{var("AWS_REGION", "us-gov-west-1")} << QStringLiteral("us-gov-west-1")
        << QStringLiteral("AWS_REGION");
}

void TestAwsEnvironment::prefersAwsRegionOverDefaultRegion()
{
    QFETCH(Variables, variables);
    QFETCH(QString, region);
    QFETCH(QString, variable);
    const auto env = readAwsEnvironment(environmentOf(variables));
    QVERIFY(env.ok());
    QCOMPARE(env->region, region);
    QCOMPARE(env->regionVariable, variable);
}

void TestAwsEnvironment::ignoresUnusedDefaultRegion()
{
    const auto env = readAwsEnvironment(
        environmentOf({var("AWS_REGION", "us-east-1"), var("AWS_DEFAULT_REGION", "not a region")}));
    QVERIFY(env.ok());
    QCOMPARE(env->region, QStringLiteral("us-east-1"));
}

void TestAwsEnvironment::honoursFileVariables()
{
    const auto env = readAwsEnvironment(environmentOf({
        var("AWS_CONFIG_FILE", "/etc/aws/config"),
        var("AWS_SHARED_CREDENTIALS_FILE", "~/creds/aws"),
    }));
    QVERIFY(env.ok());
    QCOMPARE(env->configFile, QStringLiteral("/etc/aws/config"));
    QCOMPARE(env->credentialsFile, QStringLiteral("/home/tester/creds/aws"));
}

void TestAwsEnvironment::rejectsMalformedEnvironment_data()
{
    QTest::addColumn<Variables>("variables");
    QTest::addColumn<QString>("variable"); ///< the message must name it
    QTest::addColumn<QString>("value"); ///< no message may show it

    const auto key = var("AWS_ACCESS_KEY_ID", kKeyId);
    const auto secret = var("AWS_SECRET_ACCESS_KEY", kSecret);
    const auto keyId = [&](const QString &bad) {
        return Variables{var("AWS_ACCESS_KEY_ID", bad), secret};
    };
    const auto secretOf = [&](const QString &bad) {
        return Variables{key, var("AWS_SECRET_ACCESS_KEY", bad)};
    };
    const auto row
        = [](const char *name, const Variables &vars, const char *variable, const QString &value) {
              QTest::addRow("%s", name) << vars << QString::fromLatin1(variable) << value;
          };

    row("key id without secret", {key}, "AWS_SECRET_ACCESS_KEY", kKeyId);
    row("secret without key id", {secret}, "AWS_ACCESS_KEY_ID", kSecret);
    row("session token without keys", {var("AWS_SESSION_TOKEN", "lonely-token-Ab12")},
        "AWS_SESSION_TOKEN", QStringLiteral("lonely-token-Ab12"));
    row("security token without keys", {var("AWS_SECURITY_TOKEN", "lonely-token-Cd34")},
        "AWS_SECURITY_TOKEN", QStringLiteral("lonely-token-Cd34"));
    row("key id with a space", keyId(QStringLiteral("AKIAIOSF ODNN7EXAMPLE")), "AWS_ACCESS_KEY_ID",
        QStringLiteral("AKIAIOSF ODNN7EXAMPLE"));
    row("key id with a line break", keyId(QStringLiteral("AKIAIOSF\nODNN7EXAMPLE")),
        "AWS_ACCESS_KEY_ID", QStringLiteral("AKIAIOSF\nODNN7EXAMPLE"));
    row("key id in quotes", keyId(QStringLiteral("\"AKIDQUOTED99\"")), "AWS_ACCESS_KEY_ID",
        QStringLiteral("AKIDQUOTED99"));
    row("key id in typographic quotes", keyId(QStringLiteral("“AKIDCURLY77”")), "AWS_ACCESS_KEY_ID",
        QStringLiteral("AKIDCURLY77"));
    row("key id that is a secret", keyId(kSecret), "AWS_ACCESS_KEY_ID", kSecret);
    row("key id with punctuation", keyId(QStringLiteral("AKID-DASHED-55")), "AWS_ACCESS_KEY_ID",
        QStringLiteral("AKID-DASHED-55"));
    row("key id not ASCII", keyId(QStringLiteral("AKIDÉTÉ42")), "AWS_ACCESS_KEY_ID",
        QStringLiteral("AKIDÉTÉ42"));
    row("key id too short", keyId(QStringLiteral("Zq")), "AWS_ACCESS_KEY_ID", QStringLiteral("Zq"));
    row("key id too long", keyId(QString(129, QLatin1Char('Q'))), "AWS_ACCESS_KEY_ID",
        QString(129, QLatin1Char('Q')));
    row("secret with a space", secretOf(QStringLiteral("wJalrXUtnFEMI K7MDENG")),
        "AWS_SECRET_ACCESS_KEY", QStringLiteral("wJalrXUtnFEMI K7MDENG"));
    row("secret with a line break", secretOf(QStringLiteral("wJalrXUtnFEMI\nK7MDENG")),
        "AWS_SECRET_ACCESS_KEY", QStringLiteral("K7MDENG"));
    row("secret with a tab", secretOf(QStringLiteral("wJalrXUtnFEMI\tK7MDENG")),
        "AWS_SECRET_ACCESS_KEY", QStringLiteral("K7MDENG"));
    row("secret with a zero-width space", secretOf(QStringLiteral("wJalrXUtnFEMI\u200BK7MDENG")),
        "AWS_SECRET_ACCESS_KEY", QStringLiteral("K7MDENG"));
    row("secret in quotes", secretOf(QStringLiteral("'wJalrXUtnFEMIK7MDENG'")),
        "AWS_SECRET_ACCESS_KEY", QStringLiteral("wJalrXUtnFEMIK7MDENG"));
    row("session token with a space",
        {key, secret, var("AWS_SESSION_TOKEN", "FwoGZXIvYXdz EB8aDK")}, "AWS_SESSION_TOKEN",
        QStringLiteral("EB8aDK"));
    row("bearer token with a space", {var("AWS_BEARER_TOKEN_BEDROCK", "ABSKQmVk cm9ja0FQ")},
        "AWS_BEARER_TOKEN_BEDROCK", QStringLiteral("cm9ja0FQ"));
    row("bearer token with its scheme", {var("AWS_BEARER_TOKEN_BEDROCK", "Bearer ABSKQmVkcm9j")},
        "AWS_BEARER_TOKEN_BEDROCK", QStringLiteral("ABSKQmVkcm9j"));
    row("bearer token with a line break", {var("AWS_BEARER_TOKEN_BEDROCK", "ABSKQmVk\ncm9ja0FQ")},
        "AWS_BEARER_TOKEN_BEDROCK", QStringLiteral("cm9ja0FQ"));
    row("region that is a zone", {var("AWS_REGION", "eu-west-3c")}, "AWS_REGION",
        QStringLiteral("eu-west-3c"));
    row("region that is a name", {var("AWS_REGION", "US East")}, "AWS_REGION",
        QStringLiteral("US East"));
    row("default region malformed", {var("AWS_DEFAULT_REGION", "useast1")}, "AWS_DEFAULT_REGION",
        QStringLiteral("useast1"));
    row("profile with a line break", {var("AWS_PROFILE", "dev\nprod")}, "AWS_PROFILE",
        QStringLiteral("dev\nprod"));
    row("default profile in quotes", {var("AWS_DEFAULT_PROFILE", "\"staging\"")},
        "AWS_DEFAULT_PROFILE", QStringLiteral("staging"));
    row("expiration malformed",
        {key, secret, var("AWS_CREDENTIAL_EXPIRATION", "next Tuesday at noon")},
        "AWS_CREDENTIAL_EXPIRATION", QStringLiteral("Tuesday"));
}

void TestAwsEnvironment::rejectsMalformedEnvironment()
{
    QFETCH(Variables, variables);
    QFETCH(QString, variable);
    QFETCH(QString, value);

    const auto env = readAwsEnvironment(environmentOf(variables));
    QVERIFY(!env.ok());
    const mantle::Error &e = env.error();
    QCOMPARE(e.kind, mantle::Error::Kind::Config);
    QVERIFY2(e.message.contains(variable), qPrintable(e.message));
    QVERIFY2(!e.hint.isEmpty(), qPrintable(e.message));
    const QString shown = e.toDisplayString();
    QVERIFY2(!shown.contains(value), qPrintable(shown));
    // Nor any secret of the row, whichever variable the message is about.
    for (const auto &[name, v] : variables) {
        if (name != QLatin1String("AWS_ACCESS_KEY_ID"))
            QVERIFY2(!shown.contains(v.trimmed()), qPrintable(shown));
    }
}

QTEST_GUILESS_MAIN(TestAwsEnvironment)
#include "tst_awsenvironment.moc"
