#include "aws/assumeroleparameters.h"

#include <QTest>

using mantle::Error;
using mantle::aws::AssumeRoleParameters;

Q_DECLARE_METATYPE(AssumeRoleParameters)

namespace {

AssumeRoleParameters validParameters()
{
    AssumeRoleParameters p;
    p.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    p.roleSessionName = QStringLiteral("mantle-playground");
    p.region = QStringLiteral("us-east-1");
    return p;
}

} // namespace

class TestAssumeRoleParameters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsToOneHour() { QCOMPARE(AssumeRoleParameters().durationSeconds, 3600); }

    void acceptsValidParameters_data()
    {
        QTest::addColumn<AssumeRoleParameters>("parameters");
        QTest::addRow("plain") << validParameters();
        auto p = validParameters();
        p.roleArn
            = QStringLiteral("arn:aws:iam::123456789012:role/service-role/team/Mantle.User@x");
        QTest::addRow("role with a path") << p;
        p = validParameters();
        p.roleArn = QStringLiteral("arn:aws-us-gov:iam::123456789012:role/MantleUser");
        p.region = QStringLiteral("us-gov-west-1");
        QTest::addRow("GovCloud") << p;
        p = validParameters();
        p.roleArn = QStringLiteral("arn:aws-cn:iam::123456789012:role/MantleUser");
        p.region = QStringLiteral("cn-north-1");
        QTest::addRow("China") << p;
        p = validParameters();
        p.roleSessionName = QStringLiteral("a_b+c=d,e.f@g-h");
        QTest::addRow("session name with every allowed sign") << p;
        p = validParameters();
        p.externalId = QStringLiteral("Ext_ID+=,.@:/-9");
        QTest::addRow("external ID with every allowed sign") << p;
        p = validParameters();
        p.externalId = QString(1224, QLatin1Char('x'));
        QTest::addRow("longest external ID") << p;
        p = validParameters();
        p.durationSeconds = 900;
        QTest::addRow("shortest session") << p;
        p.durationSeconds = 43200;
        QTest::addRow("longest session") << p;
    }

    void acceptsValidParameters()
    {
        QFETCH(AssumeRoleParameters, parameters);
        const mantle::Status status = parameters.validate();
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
    }

    void namesTheBadField_data()
    {
        QTest::addColumn<AssumeRoleParameters>("parameters");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("mentioned");
        const QString roleArn = QStringLiteral("RoleArn");
        auto p = validParameters();
        p.roleArn.clear();
        QTest::addRow("no role") << p << roleArn << QStringLiteral("empty");
        p.roleArn = QStringLiteral("arn:aws:iam::12345678901:role/X");
        QTest::addRow("11-digit account") << p << roleArn << p.roleArn;
        p.roleArn = QStringLiteral("arn:aws:iam::123456789012:user/X");
        QTest::addRow("user, not role") << p << roleArn << p.roleArn;
        p.roleArn = QStringLiteral("arn:aws:sts::123456789012:assumed-role/X/session");
        QTest::addRow("role session") << p << roleArn << QStringLiteral("session");
        p.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/");
        QTest::addRow("no role name") << p << roleArn << p.roleArn;
        p.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/a b");
        QTest::addRow("space in role name") << p << roleArn << p.roleArn;

        const QString session = QStringLiteral("RoleSessionName");
        p = validParameters();
        p.roleSessionName = QStringLiteral("x");
        QTest::addRow("one-character session name") << p << session << QStringLiteral("1");
        p.roleSessionName = QString(65, QLatin1Char('x'));
        QTest::addRow("65-character session name") << p << session << QStringLiteral("65");
        p.roleSessionName = QStringLiteral("my session");
        QTest::addRow("space in session name") << p << session << QStringLiteral("U+0020");
        p.roleSessionName = QStringLiteral("me:you");
        QTest::addRow("colon in session name") << p << session << QStringLiteral("“:”");

        const QString external = QStringLiteral("ExternalId");
        p = validParameters();
        p.externalId = QStringLiteral("x");
        QTest::addRow("one-character external ID") << p << external << QStringLiteral("1");
        p.externalId = QString(1225, QLatin1Char('x'));
        QTest::addRow("1225-character external ID") << p << external << QStringLiteral("1225");
        p.externalId = QStringLiteral("abc#def");
        QTest::addRow("hash in external ID") << p << external << QStringLiteral("position 4");

        const QString duration = QStringLiteral("DurationSeconds");
        p = validParameters();
        p.durationSeconds = 899;
        QTest::addRow("899 s") << p << duration << QStringLiteral("899");
        p.durationSeconds = 43201;
        QTest::addRow("43201 s") << p << duration << QStringLiteral("43201");

        const QString region = QStringLiteral("Region");
        p = validParameters();
        p.region.clear();
        QTest::addRow("no region") << p << region << QStringLiteral("region");
        p.region = QStringLiteral("US East");
        QTest::addRow("region name instead of code") << p << region << p.region;
    }

    void namesTheBadField()
    {
        QFETCH(AssumeRoleParameters, parameters);
        QFETCH(QString, field);
        QFETCH(QString, mentioned);
        const mantle::Status status = parameters.validate();
        QVERIFY(!status.ok());
        QCOMPARE(status.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(status.error().code, field);
        QVERIFY2(status.error().message.contains(mentioned), qPrintable(status.error().message));
        QVERIFY(!status.error().hint.isEmpty());
    }

    void neverRepeatsTheExternalId()
    {
        auto p = validParameters();
        p.externalId = QStringLiteral("do-not-echo-this-id!");
        const mantle::Status status = p.validate();
        QVERIFY(!status.ok());
        QVERIFY(!status.error().toDisplayString().contains(QLatin1String("do-not-echo")));
    }
};

QTEST_GUILESS_MAIN(TestAssumeRoleParameters)
#include "tst_assumeroleparameters.moc"
