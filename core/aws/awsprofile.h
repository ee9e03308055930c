#pragma once

#include "awsconfigfile.h"
#include "common/result.h"
#include "common/secretstring.h"
#include "credentials.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::aws {

/// One named AWS profile as ~/.aws/config (`[profile NAME]`) and ~/.aws/credentials (`[NAME]`)
/// define it together; where both set a key, the credentials file wins, as in the AWS CLI.
/// Plain data: it does not say how to get credentials (AwsProfileResolver::resolve does).
struct AwsProfile
{
    QString name;
    QString region;
    QString accessKeyId;
    SecretString secretAccessKey;
    SecretString sessionToken; ///< aws_session_token (or the older aws_security_token)
    QString roleArn;
    QString sourceProfile;
    QString credentialSource; ///< "Environment", "Ec2InstanceMetadata", "EcsContainer"
    QString externalId;
    QString roleSessionName;
    std::optional<int> durationSeconds; ///< duration_seconds, checked to be 900..43200
    QString mfaSerial;
    QString webIdentityTokenFile;
    QString credentialProcess;
    QStringList ssoKeys; ///< the sso_* keys it sets (IAM Identity Center), sorted
    int configLine = 0; ///< the line of its section in the config file; 0 when not there
    int credentialsLine = 0; ///< the line of its section in the credentials file; 0 when not there

    bool hasStaticKeys() const { return !accessKeyId.isEmpty() || !secretAccessKey.isEmpty(); }
    bool usesSso() const { return !ssoKeys.isEmpty(); }
};

/// One sts:AssumeRole call of a chain, with what its profile asks for.
struct AwsAssumeRoleStep
{
    QString profile; ///< the profile that names the role
    QString roleArn;
    QString externalId;
    QString roleSessionName; ///< empty: the caller picks one
    std::optional<int> durationSeconds; ///< empty: STS's default (one hour)
    QString mfaSerial; ///< non-empty when the role needs an MFA code

    bool operator==(const AwsAssumeRoleStep &) const = default;
};

/// What is needed to get credentials for a profile: the credentials to start from and the roles
/// to assume with them, in order, each with the credentials the one before returned.
struct AwsCredentialPlan
{
    enum class Source {
        StaticKeys, ///< aws_access_key_id / aws_secret_access_key of `sourceProfile`
        Environment, ///< credential_source = Environment: the AWS_* key variables
    };

    QString profile; ///< the profile asked for
    QString region; ///< that profile's region; may be empty
    Source source = Source::StaticKeys;
    QString sourceProfile; ///< the profile holding the static keys; empty for Environment
    Credentials credentials; ///< the credentials to start from
    QList<AwsAssumeRoleStep> roles; ///< empty when `credentials` are used as they are

    bool needsAssumeRole() const { return !roles.isEmpty(); }
};

/// Profiles from the two AWS shared files, and the way from a profile name to credentials.
///
/// It follows the CLI's rules for a profile: role_arn first (with source_profile, followed
/// through chains, or credential_source = Environment), then static keys. It reports what it does
/// not support (IAM Identity Center sso_* settings, credential_process, web identity, the EC2 and
/// ECS credential sources) as errors that say so, never by silently skipping the profile. It
/// does not call STS, does not look at the environment's own keys unless a profile asks for them,
/// and does not decide whether the environment's keys beat a profile (the caller does).
class AwsProfileResolver
{
public:
    AwsProfileResolver() = default;
    AwsProfileResolver(AwsConfigFile configFile, AwsConfigFile credentialsFile);

    /// Reads and parses both files. A file that does not exist counts as empty; one that exists
    /// but cannot be read (a folder, no permission, too large) is an error naming it.
    static Result<AwsProfileResolver> load(const QString &configPath,
                                           const QString &credentialsPath);
    /// Reads and parses one file, with the same rules as load().
    static Result<AwsConfigFile> readFile(const QString &path, AwsConfigFile::Kind kind);

    const AwsConfigFile &configFile() const { return m_config; }
    const AwsConfigFile &credentialsFile() const { return m_credentials; }

    /// Every profile either file defines: the config file's first, in file order.
    QStringList profileNames() const;
    bool hasProfile(const QString &name) const;

    /// The merged profile. Fails when neither file defines it (naming both files) or when a
    /// setting of it is malformed. An empty name means "default".
    Result<AwsProfile> profile(const QString &name) const;

    /// How to get credentials for the profile (an empty name means "default").
    /// `environmentCredentials` are used by a profile with credential_source = Environment.
    Result<AwsCredentialPlan> resolve(const QString &name,
                                      const std::optional<Credentials> &environmentCredentials
                                      = {}) const;

    /// The parsers' diagnostics for both files, and a warning for each profile key that differs
    /// only in letter case from one the resolver reads (keys are case-sensitive).
    QList<AwsConfigDiagnostic> diagnostics() const;

private:
    struct Located;
    Located locate(const QString &profile, const QString &key) const;
    QString whereIs(const QString &profile, const QString &key) const;
    Error missingProfile(const QString &name) const;
    Result<AwsCredentialPlan> resolveBase(const AwsProfile &profile, const QString &asSourceOf,
                                          AwsCredentialPlan plan) const;

    AwsConfigFile m_config{AwsConfigFile::parse({}, AwsConfigFile::Kind::Config)};
    AwsConfigFile m_credentials{AwsConfigFile::parse({}, AwsConfigFile::Kind::Credentials)};
};

} // namespace mantle::aws
