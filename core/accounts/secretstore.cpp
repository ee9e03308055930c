#include "secretstore.h"

#include <QCoreApplication>
#include <QPointer>

#include <qt6keychain/keychain.h>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::SecretStore)
};

/// The error for a failed job; never holds the secret (QtKeychain's messages do not either).
Error jobError(const QKeychain::Job &job, const QString &key)
{
    Error error;
    error.kind = Error::Kind::Config;
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // QtKeychain reports a missing or unreachable Secret Service as one of these.
        error.code = QStringLiteral("NoKeychain");
        error.message = Tr::tr("No keychain is available (%1).").arg(job.errorString());
        error.hint = Tr::tr("Start a keychain service (GNOME Keyring or KWallet on Linux). "
                            "Mantle Playground never keeps secrets in plain files.");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        error.kind = Error::Kind::Auth;
        error.code = QStringLiteral("KeychainAccessDenied");
        error.message
            = Tr::tr("The keychain refused access to “%1” (%2).").arg(key, job.errorString());
        break;
    default:
        error.code = QStringLiteral("KeychainError");
        error.message = Tr::tr("The keychain failed on “%1” (%2).").arg(key, job.errorString());
        break;
    }
    return error;
}

/// Runs a job owned by the store; `finish` is called once when it is done, unless the store
/// was destroyed first (the job is its child and goes with it).
template<typename JobType, typename Finish>
void startJob(SecretStore *store, JobType *job, const QString &key, Finish finish)
{
    job->setAutoDelete(false);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, store, [job, finish](QKeychain::Job *) {
        job->deleteLater();
        finish(*job);
    });
    job->start();
}

} // namespace

QString secretKindName(SecretKind kind)
{
    switch (kind) {
    case SecretKind::SecretAccessKey:
        return QStringLiteral("secret-access-key");
    case SecretKind::SessionToken:
        return QStringLiteral("session-token");
    case SecretKind::ApiKey:
        return QStringLiteral("api-key");
    }
    return {};
}

SecretStore::SecretStore(QObject *parent)
    : SecretStore(QString::fromLatin1(kDefaultService), parent)
{ }

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{ }

SecretStore::~SecretStore() = default;

QString SecretStore::keyFor(const QString &account, SecretKind kind)
{
    return account + QLatin1Char('/') + secretKindName(kind);
}

void SecretStore::write(const QString &account, SecretKind kind, const SecretString &secret,
                        Done done)
{
    const QString key = keyFor(account, kind);
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    // Text (not binary) data, so that other Secret Service clients read the secret as it is.
    job->setTextData(QString::fromUtf8(secret.view().data(), qsizetype(secret.size())));
    startJob(this, job, key, [done, key](const QKeychain::Job &finished) {
        if (finished.error() != QKeychain::NoError)
            done(jobError(finished, key));
        else
            done(Status());
    });
}

void SecretStore::read(const QString &account, SecretKind kind, ReadDone done)
{
    const QString key = keyFor(account, kind);
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    startJob(this, job, key, [done, key, job](const QKeychain::Job &finished) {
        if (finished.error() == QKeychain::EntryNotFound) {
            done(std::optional<SecretString>());
        } else if (finished.error() != QKeychain::NoError) {
            done(jobError(finished, key));
        } else {
            QByteArray bytes = job->textData().toUtf8();
            SecretString secret(bytes);
            bytes.fill('\0');
            done(std::optional<SecretString>(std::move(secret)));
        }
    });
}

void SecretStore::remove(const QString &account, SecretKind kind, Done done)
{
    const QString key = keyFor(account, kind);
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    startJob(this, job, key, [done, key](const QKeychain::Job &finished) {
        if (finished.error() != QKeychain::NoError && finished.error() != QKeychain::EntryNotFound)
            done(jobError(finished, key));
        else
            done(Status());
    });
}

} // namespace mantle::accounts
