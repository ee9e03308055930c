#include "iampolicyhelper.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::IamPolicyHelper)
};

const QString kVersion = QStringLiteral("2012-10-17");

QJsonObject statement(const QString &sid, const QJsonArray &actions, const QJsonValue &resource)
{
    return QJsonObject{{QStringLiteral("Sid"), sid},
                       {QStringLiteral("Effect"), QStringLiteral("Allow")},
                       {QStringLiteral("Action"), actions},
                       {QStringLiteral("Resource"), resource}};
}

QJsonObject policy(const QJsonArray &statements)
{
    return QJsonObject{{QStringLiteral("Version"), kVersion},
                       {QStringLiteral("Statement"), statements}};
}

} // namespace

QString IamPolicyHelper::accountIdOf(const QString &arn)
{
    static const QRegularExpression pattern(
        QStringLiteral("^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\\d{12}):"));
    return pattern.match(arn.trimmed()).captured(1);
}

QByteArray IamPolicyHelper::pretty(const QJsonObject &policy)
{
    return QJsonDocument(policy).toJson(QJsonDocument::Indented);
}

QJsonObject IamPolicyHelper::identityPolicy(const Account &account, const Options &options)
{
    QJsonArray statements;
    if (account.auth == AuthMethod::ApiKey) {
        statements.append(statement(
            QStringLiteral("MantleBearerToken"),
            QJsonArray{QStringLiteral("bedrock-mantle:CallWithBearerToken")}, QStringLiteral("*")));
    } else {
        QString accountId = options.accountId;
        if (accountId.isEmpty())
            accountId = accountIdOf(account.roleArn);
        if (accountId.isEmpty())
            accountId = QStringLiteral("*");
        const QString region = account.region.isEmpty() ? QStringLiteral("*") : account.region;
        statements.append(statement(
            QStringLiteral("MantleInference"),
            QJsonArray{QStringLiteral("bedrock-mantle:CreateInference"),
                       QStringLiteral("bedrock-mantle:ListModels")},
            QStringLiteral("arn:aws:bedrock-mantle:%1:%2:project/*").arg(region, accountId)));
    }
    if (options.marketplace) {
        QJsonObject marketplace
            = statement(QStringLiteral("MarketplaceModels"),
                        QJsonArray{QStringLiteral("aws-marketplace:Subscribe"),
                                   QStringLiteral("aws-marketplace:ViewSubscriptions")},
                        QStringLiteral("*"));
        marketplace.insert(
            QStringLiteral("Condition"),
            QJsonObject{{QStringLiteral("StringEquals"),
                         QJsonObject{{QStringLiteral("aws:CalledViaLast"),
                                      QStringLiteral("bedrock-mantle.amazonaws.com")}}}});
        statements.append(marketplace);
    }
    return policy(statements);
}

std::optional<QJsonObject> IamPolicyHelper::trustPolicy(const Account &account,
                                                        const Options &options)
{
    if (account.auth != AuthMethod::AssumeRole)
        return std::nullopt;
    QString principal = options.sourcePrincipal.trimmed();
    if (principal.isEmpty()) {
        const QString own = accountIdOf(account.roleArn);
        principal = QStringLiteral("arn:aws:iam::%1:root")
                        .arg(own.isEmpty() ? QStringLiteral("<source-account-id>") : own);
    }
    QJsonObject trust{
        {QStringLiteral("Sid"), QStringLiteral("AssumeFromSource")},
        {QStringLiteral("Effect"), QStringLiteral("Allow")},
        {QStringLiteral("Principal"), QJsonObject{{QStringLiteral("AWS"), principal}}},
        {QStringLiteral("Action"), QStringLiteral("sts:AssumeRole")}};
    if (!account.externalId.isEmpty()) {
        trust.insert(
            QStringLiteral("Condition"),
            QJsonObject{{QStringLiteral("StringEquals"),
                         QJsonObject{{QStringLiteral("sts:ExternalId"), account.externalId}}}});
    }
    return policy(QJsonArray{trust});
}

QString IamPolicyHelper::managedAlternative(const Account &account)
{
    QString text = Tr::tr("Instead of the policy above, attach the AWS managed policy "
                          "AmazonBedrockMantleInferenceAccess (inference, including the "
                          "Marketplace subscription for third-party models); "
                          "AmazonBedrockMantleFullAccess grants everything and "
                          "AmazonBedrockMantleReadOnly only reading.");
    if (account.auth == AuthMethod::ApiKey)
        text += QLatin1Char(' ') + Tr::tr("Attach it to the IAM user that owns the API key.");
    if (account.auth == AuthMethod::AssumeRole)
        text += QLatin1Char(' ')
            + Tr::tr("Attach it to the role; the trust policy is needed either way.");
    return text;
}

QString IamPolicyHelper::text(const Account &account, const Options &options)
{
    QString out;
    const QString who = account.auth == AuthMethod::ApiKey
        ? Tr::tr("the IAM user that owns the API key")
        : account.auth == AuthMethod::AssumeRole ? account.roleArn
                                                 : Tr::tr("the IAM user or role of the access key");
    out += Tr::tr("Identity policy for %1:").arg(who) + QLatin1Char('\n');
    out += QString::fromUtf8(pretty(identityPolicy(account, options)));
    if (const auto trust = trustPolicy(account, options)) {
        out += QLatin1Char('\n') + Tr::tr("Trust policy of the role:") + QLatin1Char('\n');
        out += QString::fromUtf8(pretty(*trust));
    }
    out += QLatin1Char('\n') + managedAlternative(account) + QLatin1Char('\n');
    return out;
}

} // namespace mantle::accounts
