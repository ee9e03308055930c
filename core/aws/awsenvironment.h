#pragma once

#include "common/result.h"
#include "credentials.h"

#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace mantle::aws {

/// What the standard AWS environment variables say, read once from a given environment (never
/// from the process's own behind the caller's back, so tests pass their own).
///
/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or the older AWS_SECURITY_TOKEN),
/// AWS_CREDENTIAL_EXPIRATION, AWS_PROFILE (else the older AWS_DEFAULT_PROFILE), AWS_REGION (else
/// AWS_DEFAULT_REGION), AWS_BEARER_TOKEN_BEDROCK, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE.
/// A variable set to an empty (or all-blank) value counts as unset, as in the AWS CLI; blanks
/// around a value are dropped. It does not read the files the paths name (AwsProfileResolver does).
struct AwsEnvironment
{
    std::optional<Credentials> credentials; ///< when both key variables are set
    SecretString bearerToken; ///< AWS_BEARER_TOKEN_BEDROCK, empty when unset
    QString profile; ///< AWS_PROFILE, else AWS_DEFAULT_PROFILE; empty when unset
    QString profileVariable; ///< the variable `profile` came from; empty when unset
    QString region; ///< AWS_REGION, else AWS_DEFAULT_REGION; checked to look like a region code
    QString regionVariable; ///< the variable `region` came from; empty when unset
    QString configFile; ///< AWS_CONFIG_FILE, else ~/.aws/config ("~" expanded)
    QString credentialsFile; ///< AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials
};

/// Reads the variables. Fails, naming the variable and the fix, when they contradict each other
/// or are malformed (one key variable without the other, a session token without keys, a key id
/// with spaces or quotes, a secret with blanks inside, a region that is not a region code, ...).
/// Values never appear in the message.
Result<AwsEnvironment> readAwsEnvironment(const QProcessEnvironment &environment);

/// Checks that `value` can be an access key id: 3 to 128 ASCII letters and digits (AWS documents
/// 16 to 128 upper-case ones; shorter and lower-case test keys such as "AKIDEXAMPLE" pass).
/// `name` is how the message calls the value (a variable name, or a key and where it is).
Status checkAccessKeyId(const QString &value, const QString &name);

/// Checks that `value` can be a secret (secret access key, session token, API key): no blanks or
/// control characters inside, not wrapped in quotation marks. `name` as for checkAccessKeyId.
Status checkSecretValue(const QString &value, const QString &name);

} // namespace mantle::aws
