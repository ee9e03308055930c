#include "account.h"

#include "aws/assumeroleparameters.h"
#include "aws/awsenvironment.h"
#include "mantle/endpoint.h"
#include "mantle/regions.h"

#include <QCoreApplication>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::Account)
};

const QString kDefaultSessionName = QStringLiteral("mantle-playground");

Error fieldError(const QString &field, const QString &message)
{
    Error error = makeError(Error::Kind::InvalidInput, message);
    error.code = field;
    return error;
}

QString roleSourceName(RoleSource source)
{
    return source == RoleSource::AwsProfile ? QStringLiteral("aws-profile")
                                            : QStringLiteral("account");
}

} // namespace

QString authMethodName(AuthMethod method)
{
    switch (method) {
    case AuthMethod::AccessKey:
        return QStringLiteral("access-key");
    case AuthMethod::AssumeRole:
        return QStringLiteral("role");
    case AuthMethod::ApiKey:
        return QStringLiteral("api-key");
    }
    return {};
}

std::optional<AuthMethod> authMethodFromName(const QString &name)
{
    for (const auto method : {AuthMethod::AccessKey, AuthMethod::AssumeRole, AuthMethod::ApiKey}) {
        if (authMethodName(method) == name)
            return method;
    }
    return std::nullopt;
}

QString Account::effectiveRoleSessionName() const
{
    return roleSessionName.isEmpty() ? kDefaultSessionName : roleSessionName;
}

bool Account::isValidName(const QString &name)
{
    if (name.isEmpty() || name.size() > kMaxNameLength || name.trimmed() != name)
        return false;
    for (const QChar c : name) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\') || c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

Status Account::validate() const
{
    if (!isValidName(name))
        return fieldError(QStringLiteral("name"),
                          Tr::tr("The account name must be 1 to %1 characters, without '/', '\\', "
                                 "control characters or blanks at either end.")
                              .arg(kMaxNameLength));
    if (!mantle::isMantleRegion(region))
        return fieldError(QStringLiteral("region"),
                          Tr::tr("Account “%1”: “%2” is not a Mantle region; use one of %3.")
                              .arg(name, region, mantle::mantleRegionCodes()));
    if (!endpoint.isEmpty()) {
        if (const auto parsed = mantle::Endpoint::parse(endpoint); !parsed)
            return fieldError(QStringLiteral("endpoint"),
                              Tr::tr("Account “%1”: the endpoint is not usable: %2")
                                  .arg(name, parsed.error().message));
    }
    switch (auth) {
    case AuthMethod::AccessKey:
        if (const Status ok = aws::checkAccessKeyId(accessKeyId, Tr::tr("The access key id")); !ok)
            return fieldError(QStringLiteral("accessKeyId"),
                              Tr::tr("Account “%1”: %2").arg(name, ok.error().message));
        break;
    case AuthMethod::AssumeRole: {
        aws::AssumeRoleParameters parameters;
        parameters.roleArn = roleArn;
        parameters.externalId = externalId;
        parameters.roleSessionName = effectiveRoleSessionName();
        parameters.durationSeconds = durationSeconds;
        parameters.region = region;
        if (const Status ok = parameters.validate(); !ok) {
            const QString code = ok.error().code;
            const QString field = code == QLatin1String("RoleArn") ? QStringLiteral("roleArn")
                : code == QLatin1String("ExternalId")              ? QStringLiteral("externalId")
                : code == QLatin1String("RoleSessionName") ? QStringLiteral("roleSessionName")
                : code == QLatin1String("DurationSeconds") ? QStringLiteral("durationSeconds")
                                                           : QStringLiteral("region");
            return fieldError(field, Tr::tr("Account “%1”: %2").arg(name, ok.error().message));
        }
        if (roleSource == RoleSource::Account) {
            if (!isValidName(sourceAccount))
                return fieldError(QStringLiteral("sourceAccount"),
                                  Tr::tr("Account “%1”: an assumed role needs the name of the "
                                         "account whose keys assume it.")
                                      .arg(name));
            if (sourceAccount == name)
                return fieldError(
                    QStringLiteral("sourceAccount"),
                    Tr::tr("Account “%1”: a role cannot be its own source account.").arg(name));
        } else if (sourceProfile.trimmed().isEmpty()) {
            return fieldError(QStringLiteral("sourceProfile"),
                              Tr::tr("Account “%1”: an assumed role needs the AWS profile whose "
                                     "credentials assume it.")
                                  .arg(name));
        }
        break;
    }
    case AuthMethod::ApiKey:
        break;
    }
    return {};
}

QJsonObject Account::toJson() const
{
    QJsonObject object{
        {QStringLiteral("name"), name},
        {QStringLiteral("region"), region},
        {QStringLiteral("auth"), authMethodName(auth)},
    };
    if (auth == AuthMethod::AccessKey)
        object.insert(QStringLiteral("accessKeyId"), accessKeyId);
    if (auth == AuthMethod::AssumeRole) {
        object.insert(QStringLiteral("roleArn"), roleArn);
        if (!externalId.isEmpty())
            object.insert(QStringLiteral("externalId"), externalId);
        if (!roleSessionName.isEmpty())
            object.insert(QStringLiteral("roleSessionName"), roleSessionName);
        object.insert(QStringLiteral("durationSeconds"), durationSeconds);
        object.insert(QStringLiteral("roleSource"), roleSourceName(roleSource));
        if (roleSource == RoleSource::Account)
            object.insert(QStringLiteral("sourceAccount"), sourceAccount);
        else
            object.insert(QStringLiteral("sourceProfile"), sourceProfile);
    }
    if (!endpoint.isEmpty())
        object.insert(QStringLiteral("endpoint"), endpoint);
    if (!notes.isEmpty())
        object.insert(QStringLiteral("notes"), notes);
    return object;
}

Result<Account> Account::fromJson(const QJsonObject &object)
{
    Account account;
    account.name = object.value(QStringLiteral("name")).toString();
    account.region = object.value(QStringLiteral("region")).toString();
    const QString authName = object.value(QStringLiteral("auth")).toString();
    const auto method = authMethodFromName(authName);
    if (!method)
        return fieldError(QStringLiteral("auth"),
                          Tr::tr("Account “%1”: unknown auth method “%2” (access-key, role or "
                                 "api-key).")
                              .arg(account.name, authName));
    account.auth = *method;
    account.accessKeyId = object.value(QStringLiteral("accessKeyId")).toString();
    account.roleArn = object.value(QStringLiteral("roleArn")).toString();
    account.externalId = object.value(QStringLiteral("externalId")).toString();
    account.roleSessionName = object.value(QStringLiteral("roleSessionName")).toString();
    account.durationSeconds = object.value(QStringLiteral("durationSeconds")).toInt(3600);
    const QString source = object.value(QStringLiteral("roleSource")).toString();
    if (account.auth == AuthMethod::AssumeRole && !source.isEmpty()
        && source != roleSourceName(RoleSource::Account)
        && source != roleSourceName(RoleSource::AwsProfile))
        return fieldError(QStringLiteral("roleSource"),
                          Tr::tr("Account “%1”: unknown role source “%2” (account or "
                                 "aws-profile).")
                              .arg(account.name, source));
    account.roleSource = source == roleSourceName(RoleSource::AwsProfile) ? RoleSource::AwsProfile
                                                                          : RoleSource::Account;
    account.sourceAccount = object.value(QStringLiteral("sourceAccount")).toString();
    account.sourceProfile = object.value(QStringLiteral("sourceProfile")).toString();
    account.endpoint = object.value(QStringLiteral("endpoint")).toString();
    account.notes = object.value(QStringLiteral("notes")).toString();
    if (const Status ok = account.validate(); !ok)
        return ok.error();
    return account;
}

} // namespace mantle::accounts
