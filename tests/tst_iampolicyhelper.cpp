// IamPolicyHelper: the least-privilege policy for each auth method parses as JSON and names the
// actions and resources FACTS.md lists; the role's trust policy carries the sts:ExternalId
// condition only when the account has an external ID; the managed alternative is named.

#include "accounts/iampolicyhelper.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using mantle::accounts::Account;
using mantle::accounts::AuthMethod;
using mantle::accounts::IamPolicyHelper;

namespace {

/// A QStringList from Latin-1 literals.
QStringList latin1List(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list.append(QString::fromLatin1(item));
    return list;
}

Account account(AuthMethod auth, const QString &externalId = {})
{
    Account a;
    a.name = QStringLiteral("a");
    a.region = QStringLiteral("eu-west-1");
    a.auth = auth;
    if (auth == AuthMethod::AssumeRole) {
        a.roleArn = QStringLiteral("arn:aws:iam::210987654321:role/MantleUser");
        a.externalId = externalId;
        a.sourceAccount = QStringLiteral("keys");
    }
    return a;
}

QJsonObject reparsed(const QJsonObject &policy)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(IamPolicyHelper::pretty(policy), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("%s", qPrintable(error.errorString()));
    return document.object();
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    if (value.isString())
        return {value.toString()};
    for (const QJsonValue &item : value.toArray())
        out.append(item.toString());
    return out;
}

} // namespace

class TestIamPolicyHelper : public QObject
{
    Q_OBJECT

private slots:
    void identityPolicyNamesTheActionsAndResourceOfTheAuthMethod_data();
    void identityPolicyNamesTheActionsAndResourceOfTheAuthMethod();
    void marketplaceStatementIsConditionedOnMantle();
    void marketplaceStatementCanBeLeftOut();
    void trustPolicyOnlyForRoles();
    void externalIdConditionOnlyWhenSet_data();
    void externalIdConditionOnlyWhenSet();
    void accountIdComesFromTheRoleOrTheCaller();
    void textHoldsThePoliciesAndTheManagedAlternative();
};

void TestIamPolicyHelper::identityPolicyNamesTheActionsAndResourceOfTheAuthMethod_data()
{
    QTest::addColumn<AuthMethod>("auth");
    QTest::addColumn<QStringList>("actions");
    QTest::addColumn<QString>("resource");
    QTest::addRow("access key") << AuthMethod::AccessKey
                                << latin1List({"bedrock-mantle:CreateInference",
                                               "bedrock-mantle:ListModels"})
                                << "arn:aws:bedrock-mantle:eu-west-1:*:project/*";
    QTest::addRow("role") << AuthMethod::AssumeRole
                          << latin1List(
                                 {"bedrock-mantle:CreateInference", "bedrock-mantle:ListModels"})
                          << "arn:aws:bedrock-mantle:eu-west-1:210987654321:project/*";
    QTest::addRow("API key") << AuthMethod::ApiKey
                             << latin1List({"bedrock-mantle:CallWithBearerToken"}) << "*";
}

void TestIamPolicyHelper::identityPolicyNamesTheActionsAndResourceOfTheAuthMethod()
{
    QFETCH(AuthMethod, auth);
    QFETCH(QStringList, actions);
    QFETCH(QString, resource);
    IamPolicyHelper::Options options;
    options.marketplace = false;
    const QJsonObject policy = reparsed(IamPolicyHelper::identityPolicy(account(auth), options));
    QCOMPARE(policy.value(u"Version").toString(), QStringLiteral("2012-10-17"));
    const QJsonArray statements = policy.value(u"Statement").toArray();
    QCOMPARE(statements.size(), 1);
    const QJsonObject statement = statements.at(0).toObject();
    QCOMPARE(statement.value(u"Effect").toString(), QStringLiteral("Allow"));
    QCOMPARE(strings(statement.value(u"Action")), actions);
    QCOMPARE(strings(statement.value(u"Resource")), QStringList{resource});
    QVERIFY(!statement.contains(u"Condition"));
}

void TestIamPolicyHelper::marketplaceStatementIsConditionedOnMantle()
{
    const QJsonObject policy = reparsed(IamPolicyHelper::identityPolicy(
        account(AuthMethod::AccessKey), IamPolicyHelper::Options{}));
    const QJsonArray statements = policy.value(u"Statement").toArray();
    QCOMPARE(statements.size(), 2);
    const QJsonObject marketplace = statements.at(1).toObject();
    QCOMPARE(strings(marketplace.value(u"Action")),
             latin1List({"aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"}));
    QCOMPARE(marketplace.value(u"Condition")
                 .toObject()
                 .value(u"StringEquals")
                 .toObject()
                 .value(u"aws:CalledViaLast")
                 .toString(),
             QStringLiteral("bedrock-mantle.amazonaws.com"));
}

void TestIamPolicyHelper::marketplaceStatementCanBeLeftOut()
{
    IamPolicyHelper::Options options;
    options.marketplace = false;
    const QByteArray text = IamPolicyHelper::pretty(
        IamPolicyHelper::identityPolicy(account(AuthMethod::ApiKey), options));
    QVERIFY(!text.contains("aws-marketplace"));
}

void TestIamPolicyHelper::trustPolicyOnlyForRoles()
{
    QVERIFY(!IamPolicyHelper::trustPolicy(account(AuthMethod::AccessKey), {}));
    QVERIFY(!IamPolicyHelper::trustPolicy(account(AuthMethod::ApiKey), {}));
    IamPolicyHelper::Options options;
    options.sourcePrincipal = QStringLiteral("arn:aws:iam::123456789012:user/alice");
    const auto trust = IamPolicyHelper::trustPolicy(account(AuthMethod::AssumeRole), options);
    QVERIFY(trust);
    const QJsonObject statement = reparsed(*trust).value(u"Statement").toArray().at(0).toObject();
    QCOMPARE(statement.value(u"Action").toString(), QStringLiteral("sts:AssumeRole"));
    QCOMPARE(statement.value(u"Principal").toObject().value(u"AWS").toString(),
             options.sourcePrincipal);
}

void TestIamPolicyHelper::externalIdConditionOnlyWhenSet_data()
{
    QTest::addColumn<QString>("externalId");
    QTest::addRow("none") << QString();
    QTest::addRow("set") << QStringLiteral("ext-1234");
}

void TestIamPolicyHelper::externalIdConditionOnlyWhenSet()
{
    QFETCH(QString, externalId);
    const auto trust
        = IamPolicyHelper::trustPolicy(account(AuthMethod::AssumeRole, externalId), {});
    QVERIFY(trust);
    const QJsonObject statement = reparsed(*trust).value(u"Statement").toArray().at(0).toObject();
    QCOMPARE(statement.contains(u"Condition"), !externalId.isEmpty());
    if (!externalId.isEmpty())
        QCOMPARE(statement.value(u"Condition")
                     .toObject()
                     .value(u"StringEquals")
                     .toObject()
                     .value(u"sts:ExternalId")
                     .toString(),
                 externalId);
    // Without a source principal, the role's own account root is the placeholder.
    QCOMPARE(statement.value(u"Principal").toObject().value(u"AWS").toString(),
             QStringLiteral("arn:aws:iam::210987654321:root"));
}

void TestIamPolicyHelper::accountIdComesFromTheRoleOrTheCaller()
{
    QCOMPARE(IamPolicyHelper::accountIdOf(QStringLiteral("arn:aws:iam::210987654321:role/R")),
             QStringLiteral("210987654321"));
    QVERIFY(IamPolicyHelper::accountIdOf(QStringLiteral("not an arn")).isEmpty());
    IamPolicyHelper::Options options;
    options.accountId = QStringLiteral("111122223333");
    options.marketplace = false;
    const QByteArray text = IamPolicyHelper::pretty(
        IamPolicyHelper::identityPolicy(account(AuthMethod::AccessKey), options));
    QVERIFY2(text.contains("arn:aws:bedrock-mantle:eu-west-1:111122223333:project/*"),
             text.constData());
}

void TestIamPolicyHelper::textHoldsThePoliciesAndTheManagedAlternative()
{
    const QString text
        = IamPolicyHelper::text(account(AuthMethod::AssumeRole, QStringLiteral("x")), {});
    QVERIFY(text.contains(QLatin1String("Trust policy")));
    QVERIFY(text.contains(QLatin1String("AmazonBedrockMantleInferenceAccess")));
    QVERIFY(text.contains(QLatin1String("AmazonBedrockMantleFullAccess")));
    QVERIFY(text.contains(QLatin1String("AmazonBedrockMantleReadOnly")));
    const QString apiKey = IamPolicyHelper::text(account(AuthMethod::ApiKey), {});
    QVERIFY(!apiKey.contains(QLatin1String("Trust policy")));
    QVERIFY(apiKey.contains(QLatin1String("CallWithBearerToken")));
}

QTEST_GUILESS_MAIN(TestIamPolicyHelper)
#include "tst_iampolicyhelper.moc"
