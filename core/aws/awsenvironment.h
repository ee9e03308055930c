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
/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, AWS_REGION (else
/// AWS_DEFAULT_REGION), AWS_BEARER_TOKEN_BEDROCK, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE.
struct AwsEnvironment
{
    std::optional<Credentials> credentials; ///< when both key variables are set
    SecretString bearerToken; ///< AWS_BEARER_TOKEN_BEDROCK, empty when unset
    QString profile; ///< AWS_PROFILE, empty when unset
    QString region; ///< AWS_REGION, else AWS_DEFAULT_REGION
    QString configFile; ///< AWS_CONFIG_FILE, else ~/.aws/config
    QString credentialsFile; ///< AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials
};

/// Reads the variables. Fails, naming the variable and the fix, when they contradict each other
/// or are malformed (one key variable without the other, a key id with spaces, ...). Secrets
/// never appear in the message.
Result<AwsEnvironment> readAwsEnvironment(const QProcessEnvironment &environment);

} // namespace mantle::aws
