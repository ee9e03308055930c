#pragma once

#include "common/result.h"
#include "credentials.h"

#include <QObject>

#include <functional>

namespace mantle::aws {

/// Where SigV4 credentials come from, asked asynchronously: fixed keys, an assumed role, and
/// later the AWS config files or the keychain.
///
/// The contract every provider keeps: `done` is called exactly once, from the event loop and never
/// from inside credentials(), with credentials that are not expired at that moment or with an
/// Error saying why there are none. Destroying a provider drops the callbacks it has not answered
/// yet. A provider does not sign and does not send requests of its own accord.
class CredentialProvider : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(Result<Credentials>)>;

    using QObject::QObject;
    ~CredentialProvider() override;

    virtual void credentials(Callback done) = 0;

    /// The server refused the credentials as expired although they looked valid here: forget
    /// any cached ones so that the next credentials() fetches new ones. Returns true when that
    /// can give different credentials (a provider with nothing to renew, like fixed keys, returns
    /// false and the caller does not retry).
    virtual bool discardCached() { return false; }
};

} // namespace mantle::aws
