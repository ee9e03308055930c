#pragma once

#include "credentialprovider.h"

namespace mantle {
class Clock;
}

namespace mantle::aws {

/// Hands out the credentials it was given (keys typed in, read from the environment or the
/// keychain), as long as they are complete and not expired by the clock.
///
/// It cannot renew anything: once given credentials expire, every request gets an Auth error.
class StaticCredentialProvider final : public CredentialProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaticCredentialProvider)

public:
    /// The clock must outlive the provider.
    StaticCredentialProvider(Credentials credentials, const Clock &clock,
                             QObject *parent = nullptr);
    ~StaticCredentialProvider() override;

    void credentials(Callback done) override;

private:
    Result<Credentials> current() const;

    Credentials m_credentials;
    const Clock &m_clock;
};

} // namespace mantle::aws
