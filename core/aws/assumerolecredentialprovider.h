#pragma once

#include "assumeroleparameters.h"
#include "credentialprovider.h"

#include <QPointer>

#include <optional>
#include <vector>

namespace mantle {
class Clock;
}

namespace mantle::aws {

class StsClient;

/// The temporary credentials of an IAM role, got from STS AssumeRole with the credentials of a
/// source provider, kept and renewed before they run out.
///
/// Cached credentials are handed out while more than the refresh window (300 s by default) is
/// left; then the next request renews them. Requests that arrive while a renewal is under way
/// wait for it: one STS call answers them all. If a renewal fails while the cached credentials
/// are still unexpired, those are handed out; once they have expired, the error is. Credentials
/// are never handed out at or after their expiry. The STS client, the source provider and the
/// clock must outlive it; it does not own them.
class AssumeRoleCredentialProvider final : public CredentialProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssumeRoleCredentialProvider)

public:
    static constexpr int kDefaultRefreshWindowSeconds = 300;

    AssumeRoleCredentialProvider(StsClient *sts, CredentialProvider *source,
                                 AssumeRoleParameters parameters, const Clock &clock,
                                 QObject *parent = nullptr);
    ~AssumeRoleCredentialProvider() override;

    void credentials(Callback done) override;
    /// Drops the cached session (the next credentials() assumes the role again) and asks the
    /// source provider to drop its own.
    bool discardCached() override;

    /// Renew when fewer than this many seconds are left (capped at half the credentials'
    /// lifetime, so short sessions are not renewed on every request).
    void setRefreshWindowSeconds(int seconds) { m_refreshWindowSeconds = qMax(0, seconds); }
    int refreshWindowSeconds() const { return m_refreshWindowSeconds; }

    const AssumeRoleParameters &parameters() const { return m_parameters; }

private:
    void serve(Callback done);
    bool cacheIsFreshAt(const QDateTime &now) const;
    void startRefresh();
    void finishRefresh(Result<Credentials> result);

    QPointer<StsClient> m_sts;
    QPointer<CredentialProvider> m_source;
    AssumeRoleParameters m_parameters;
    const Clock &m_clock;
    int m_refreshWindowSeconds = kDefaultRefreshWindowSeconds;
    std::optional<Credentials> m_cached;
    qint64 m_cachedLifetimeSeconds = 0;
    bool m_refreshing = false;
    std::vector<Callback> m_waiting;
};

} // namespace mantle::aws
