#pragma once

#include "common/secretstring.h"

namespace mantle::accounts {

/// The secrets of one account, as they go to and come from the keychain: the secret access key
/// and optional session token of an access-key account, or the API key of an api-key account.
/// Empty fields are not stored.
struct AccountSecrets
{
    SecretString secretAccessKey;
    SecretString sessionToken;
    SecretString apiKey;

    bool operator==(const AccountSecrets &) const = default;
};

} // namespace mantle::accounts
