#include "accountimporter.h"

#include "aws/awsenvironment.h"
#include "aws/awsprofile.h"
#include "mantle/regions.h"

#include <QCoreApplication>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::AccountImporter)
};

Error unsupported(const QString &profile, const QString &what)
{
    Error error = makeError(
        Error::Kind::Config,
        Tr::tr("AWS profile “%1” uses %2, which accounts do not support.").arg(profile, what),
        Tr::tr("Add the account with access keys or an API key instead."));
    error.code = QStringLiteral("UnsupportedProfile");
    return error;
}

} // namespace

AccountImporter::AccountImporter(QString fallbackRegion)
    : m_fallbackRegion(std::move(fallbackRegion))
{ }

QString AccountImporter::regionFor(const QString &region, const QString &where,
                                   QStringList &warnings) const
{
    if (mantle::isMantleRegion(region))
        return region;
    if (region.isEmpty())
        warnings.append(
            Tr::tr("%1 names no region: the account uses %2.").arg(where, m_fallbackRegion));
    else
        warnings.append(Tr::tr("%1 names the region %2, which does not serve Mantle: the account "
                               "uses %3.")
                            .arg(where, region, m_fallbackRegion));
    return m_fallbackRegion;
}

Result<ImportedAccount> AccountImporter::fromAwsProfile(const aws::AwsProfileResolver &profiles,
                                                        const QString &profileName,
                                                        const QString &accountName) const
{
    const QString name = profileName.isEmpty() ? QStringLiteral("default") : profileName;
    const auto profile = profiles.profile(name);
    if (!profile)
        return profile.error();
    if (profile->usesSso())
        return unsupported(name, Tr::tr("IAM Identity Center (sso_*)"));
    if (!profile->credentialProcess.isEmpty())
        return unsupported(name, QStringLiteral("credential_process"));
    if (!profile->webIdentityTokenFile.isEmpty())
        return unsupported(name, QStringLiteral("web_identity_token_file"));
    if (!profile->credentialSource.isEmpty())
        return unsupported(name, QStringLiteral("credential_source"));

    ImportedAccount imported;
    Account &account = imported.account;
    account.name = accountName.isEmpty() ? name : accountName;
    account.region
        = regionFor(profile->region, Tr::tr("AWS profile “%1”").arg(name), imported.warnings);
    account.notes = Tr::tr("Imported from AWS profile “%1”.").arg(name);
    if (!profile->roleArn.isEmpty()) {
        if (profile->sourceProfile.isEmpty())
            return unsupported(name, Tr::tr("role_arn without source_profile"));
        if (!profile->mfaSerial.isEmpty())
            return unsupported(name, QStringLiteral("mfa_serial"));
        // The whole chain must resolve now, so that a broken profile is reported at import.
        if (const auto plan = profiles.resolve(name); !plan)
            return plan.error();
        account.auth = AuthMethod::AssumeRole;
        account.roleArn = profile->roleArn;
        account.externalId = profile->externalId;
        account.roleSessionName = profile->roleSessionName;
        if (profile->durationSeconds)
            account.durationSeconds = *profile->durationSeconds;
        account.roleSource = RoleSource::AwsProfile;
        account.sourceProfile = profile->sourceProfile;
    } else if (profile->hasStaticKeys()) {
        if (profile->accessKeyId.isEmpty() || profile->secretAccessKey.isEmpty())
            return makeError(Error::Kind::Config,
                             Tr::tr("AWS profile “%1” has only one of aws_access_key_id and "
                                    "aws_secret_access_key.")
                                 .arg(name));
        account.auth = AuthMethod::AccessKey;
        account.accessKeyId = profile->accessKeyId;
        imported.secrets.secretAccessKey = profile->secretAccessKey;
        imported.secrets.sessionToken = profile->sessionToken;
    } else {
        return makeError(
            Error::Kind::Config,
            Tr::tr("AWS profile “%1” has neither keys nor a role to import.").arg(name));
    }
    if (const Status ok = account.validate(); !ok)
        return ok.error();
    return imported;
}

Result<QList<ImportedAccount>>
AccountImporter::fromEnvironment(const QProcessEnvironment &environment,
                                 const QString &prefix) const
{
    const auto aws = aws::readAwsEnvironment(environment);
    if (!aws)
        return aws.error();
    QList<ImportedAccount> accounts;
    const QString where = Tr::tr("The environment");
    if (!aws->bearerToken.isEmpty()) {
        ImportedAccount imported;
        imported.account.name = prefix + QStringLiteral("-api-key");
        imported.account.auth = AuthMethod::ApiKey;
        imported.account.region = regionFor(aws->region, where, imported.warnings);
        imported.account.notes = Tr::tr("Imported from AWS_BEARER_TOKEN_BEDROCK.");
        imported.secrets.apiKey = aws->bearerToken;
        if (const Status ok = imported.account.validate(); !ok)
            return ok.error();
        accounts.append(std::move(imported));
    }
    if (aws->credentials) {
        ImportedAccount imported;
        imported.account.name = prefix + QStringLiteral("-keys");
        imported.account.auth = AuthMethod::AccessKey;
        imported.account.region = regionFor(aws->region, where, imported.warnings);
        imported.account.accessKeyId = aws->credentials->accessKeyId;
        imported.account.notes = Tr::tr("Imported from AWS_ACCESS_KEY_ID.");
        imported.secrets.secretAccessKey = aws->credentials->secretAccessKey;
        imported.secrets.sessionToken = aws->credentials->sessionToken;
        if (aws->credentials->expires())
            imported.warnings.append(Tr::tr("The keys from the environment expire at %1.")
                                         .arg(aws->credentials->expiration.toString(Qt::ISODate)));
        if (const Status ok = imported.account.validate(); !ok)
            return ok.error();
        accounts.append(std::move(imported));
    }
    return accounts;
}

} // namespace mantle::accounts
