#pragma once

#include "account.h"
#include "accountsecrets.h"
#include "common/result.h"

#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

namespace mantle::aws {
class AwsProfileResolver;
}

namespace mantle::accounts {

/// An account read from somewhere else, with the secrets to store for it and what the user
/// should know about the import (a region that was replaced, ...).
struct ImportedAccount
{
    Account account;
    AccountSecrets secrets;
    QStringList warnings; ///< translated sentences, never a secret
};

/// Turns AWS profiles (~/.aws/config and ~/.aws/credentials) and the standard environment
/// variables into accounts that AccountManager::add can save.
///
/// A profile with static keys becomes an access-key account holding a copy of the keys; a
/// profile with role_arn and source_profile becomes a role account whose source is that AWS
/// profile (the keys stay in ~/.aws), with its external_id, role_session_name and
/// duration_seconds. Profiles it cannot express (IAM Identity Center, credential_process, web
/// identity, credential_source) are errors that say so. It saves nothing and calls nothing.
class AccountImporter
{
public:
    /// `fallbackRegion` (a Mantle region) is used where the source names no Mantle region.
    explicit AccountImporter(QString fallbackRegion = QStringLiteral("us-east-1"));

    /// The account for one profile, named `accountName` (the profile's name when empty).
    Result<ImportedAccount> fromAwsProfile(const aws::AwsProfileResolver &profiles,
                                           const QString &profileName,
                                           const QString &accountName = {}) const;

    /// The accounts the environment describes: an api-key account from AWS_BEARER_TOKEN_BEDROCK
    /// (named "<prefix>-api-key") and an access-key account from AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN ("<prefix>-keys"), in the region AWS_REGION
    /// names. Empty when the environment holds neither; an error when it is inconsistent.
    Result<QList<ImportedAccount>> fromEnvironment(const QProcessEnvironment &environment,
                                                   const QString &prefix
                                                   = QStringLiteral("env")) const;

private:
    QString regionFor(const QString &region, const QString &where, QStringList &warnings) const;

    QString m_fallbackRegion;
};

} // namespace mantle::accounts
