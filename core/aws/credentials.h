#pragma once

#include "common/secretstring.h"

#include <QDateTime>
#include <QString>

namespace mantle::aws {

/// AWS credentials for SigV4: an access key id, its secret and, for temporary credentials, a
/// session token and an expiry. The secrets are SecretStrings (wiped, never printable).
struct Credentials
{
    QString accessKeyId;
    SecretString secretAccessKey;
    SecretString sessionToken; ///< empty for long-term keys
    QDateTime expiration; ///< invalid (null) for credentials that do not expire

    bool isValid() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
    bool isTemporary() const { return !sessionToken.isEmpty(); }
    bool expires() const { return expiration.isValid(); }
    /// True when the credentials must not be used at `now` any more.
    bool isExpiredAt(const QDateTime &now) const { return expires() && now >= expiration; }

    bool operator==(const Credentials &) const = default;
};

} // namespace mantle::aws
