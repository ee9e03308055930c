#include "staticcredentialprovider.h"

#include "common/clock.h"

#include <QCoreApplication>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::StaticCredentialProvider)
};

} // namespace

StaticCredentialProvider::StaticCredentialProvider(Credentials credentials, const Clock &clock,
                                                   QObject *parent)
    : CredentialProvider(parent)
    , m_credentials(std::move(credentials))
    , m_clock(clock)
{ }

StaticCredentialProvider::~StaticCredentialProvider() = default;

void StaticCredentialProvider::credentials(Callback done)
{
    // Judged when answered, not when asked, so what is handed out is never expired.
    QMetaObject::invokeMethod(
        this, [this, done = std::move(done)] { done(current()); }, Qt::QueuedConnection);
}

Result<Credentials> StaticCredentialProvider::current() const
{
    if (!m_credentials.isValid())
        return makeError(Error::Kind::Auth,
                         Tr::tr("No complete AWS credentials were given: an access key id and a "
                                "secret access key are needed."),
                         Tr::tr("Give both the access key id and the secret access key."));
    if (m_credentials.isExpiredAt(m_clock.nowUtc()))
        return makeError(Error::Kind::Auth,
                         Tr::tr("The credentials with the access key id %1 expired at %2.")
                             .arg(m_credentials.accessKeyId,
                                  m_credentials.expiration.toUTC().toString(Qt::ISODate)),
                         Tr::tr("Give fresh credentials: temporary credentials last 12 hours at "
                                "most."));
    return m_credentials;
}

} // namespace mantle::aws
