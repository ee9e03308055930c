#include "assumerolecredentialprovider.h"

#include "common/clock.h"
#include "stsclient.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::AssumeRoleCredentialProvider)
};

} // namespace

AssumeRoleCredentialProvider::AssumeRoleCredentialProvider(StsClient *sts,
                                                           CredentialProvider *source,
                                                           AssumeRoleParameters parameters,
                                                           const Clock &clock, QObject *parent)
    : CredentialProvider(parent)
    , m_sts(sts)
    , m_source(source)
    , m_parameters(std::move(parameters))
    , m_clock(clock)
{ }

AssumeRoleCredentialProvider::~AssumeRoleCredentialProvider() = default;

void AssumeRoleCredentialProvider::credentials(Callback done)
{
    // Decided when answered, not when asked: the clock may move in between.
    QMetaObject::invokeMethod(
        this, [this, done = std::move(done)]() mutable { serve(std::move(done)); },
        Qt::QueuedConnection);
}

bool AssumeRoleCredentialProvider::cacheIsFreshAt(const QDateTime &now) const
{
    if (!m_cached || m_cached->isExpiredAt(now))
        return false;
    if (!m_cached->expires())
        return true;
    const qint64 window = std::min<qint64>(m_refreshWindowSeconds,
                                           std::max<qint64>(m_cachedLifetimeSeconds / 2, 0));
    return now.secsTo(m_cached->expiration) >= window;
}

void AssumeRoleCredentialProvider::serve(Callback done)
{
    if (cacheIsFreshAt(m_clock.nowUtc())) {
        done(*m_cached);
        return;
    }
    m_waiting.push_back(std::move(done));
    if (!m_refreshing)
        startRefresh();
}

void AssumeRoleCredentialProvider::startRefresh()
{
    m_refreshing = true;
    if (!m_source || !m_sts) {
        finishRefresh(makeError(Error::Kind::Internal,
                                Tr::tr("The credentials for the role %1 cannot be renewed: its "
                                       "STS client or source credentials are gone.")
                                    .arg(m_parameters.roleArn)));
        return;
    }
    const QPointer<AssumeRoleCredentialProvider> self(this);
    m_source->credentials([self](Result<Credentials> source) {
        if (!self)
            return;
        if (!source) {
            self->finishRefresh(source.error());
            return;
        }
        if (!self->m_sts) {
            self->finishRefresh(makeError(Error::Kind::Internal,
                                          Tr::tr("The credentials for the role %1 cannot be "
                                                 "renewed: its STS client is gone.")
                                              .arg(self->m_parameters.roleArn)));
            return;
        }
        self->m_sts->assumeRole(*source, self->m_parameters, [self](Result<Credentials> result) {
            if (self)
                self->finishRefresh(std::move(result));
        });
    });
}

void AssumeRoleCredentialProvider::finishRefresh(Result<Credentials> result)
{
    m_refreshing = false;
    const QDateTime now = m_clock.nowUtc();
    if (result && result->isExpiredAt(now))
        result = makeError(
            Error::Kind::Auth,
            Tr::tr("STS gave credentials for the role %1 that had expired "
                   "already, at %2.")
                .arg(m_parameters.roleArn, result->expiration.toUTC().toString(Qt::ISODate)),
            Tr::tr("Check that this computer's clock is set to the correct time."));
    if (result) {
        m_cached = *result;
        m_cachedLifetimeSeconds = result->expires() ? now.secsTo(result->expiration) : 0;
    } else if (m_cached && !m_cached->isExpiredAt(now)) {
        result = *m_cached; // renewal failed, but the cached ones are still good
    } else {
        m_cached.reset();
    }
    // Answer from local copies: a callback may destroy this provider.
    const std::vector<Callback> waiting = std::exchange(m_waiting, {});
    for (const Callback &done : waiting)
        done(result);
}

bool AssumeRoleCredentialProvider::discardCached()
{
    m_cached.reset();
    m_cachedLifetimeSeconds = 0;
    if (m_source)
        m_source->discardCached();
    return true;
}

} // namespace mantle::aws
