#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace mantle::accounts {

/// How an account authenticates.
enum class AuthMethod {
    AccessKey, ///< an access key id and its secret (and an optional session token): SigV4
    AssumeRole, ///< an IAM role assumed with the keys of another account or an AWS profile
    ApiKey, ///< a Bedrock API key: Bearer
};

/// Where an assumed role's source credentials come from.
enum class RoleSource {
    Account, ///< the stored keys of another (access-key) account of the app
    AwsProfile, ///< a profile of ~/.aws/config and ~/.aws/credentials
};

/// "access-key", "role", "api-key": the names the CLI and the settings use.
QString authMethodName(AuthMethod method);
std::optional<AuthMethod> authMethodFromName(const QString &name);

/// One account of the app: a unique name, where requests go (a Mantle region, an optional
/// endpoint override) and how they authenticate, without any secret.
///
/// Plain data with a JSON round trip (the settings and the export file use it) and a check that
/// names the first bad field. Secrets (secret access key, session token, API key) are never
/// here: they live in the keychain (SecretStore), keyed by the account's name.
struct Account
{
    static constexpr int kMaxNameLength = 64;

    QString name;
    QString region; ///< one of the 13 Mantle regions
    AuthMethod auth = AuthMethod::AccessKey;
    QString accessKeyId; ///< AccessKey only
    // AssumeRole only:
    QString roleArn;
    QString externalId; ///< may be empty
    QString roleSessionName; ///< empty: "mantle-playground"
    int durationSeconds = 3600;
    RoleSource roleSource = RoleSource::Account;
    QString sourceAccount; ///< RoleSource::Account: an access-key account's name
    QString sourceProfile; ///< RoleSource::AwsProfile: a profile name
    QString endpoint; ///< an endpoint override (root URL); empty: the region's Mantle host
    QString notes;

    /// The session name sent to STS: roleSessionName, or "mantle-playground".
    QString effectiveRoleSessionName() const;

    /// Checks every field for the account's auth method. The error (Kind::InvalidInput) names
    /// the field in Error::code ("name", "region", "accessKeyId", "roleArn", ...).
    Status validate() const;

    /// The non-secret settings as JSON (fields that do not apply to the auth method left out).
    QJsonObject toJson() const;
    /// Reads toJson()'s shape and validates it.
    static Result<Account> fromJson(const QJsonObject &object);

    /// True for a name an account may have: 1 to 64 characters, no '/' or '\\', no control
    /// characters, no blanks at either end.
    static bool isValidName(const QString &name);

    bool operator==(const Account &) const = default;
};

} // namespace mantle::accounts
