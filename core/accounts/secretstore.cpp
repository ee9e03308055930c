#include "secretstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QPointer>

#include <qt6keychain/keychain.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

namespace mantle::accounts {

namespace {

/// How the header of a chunked secret starts (see the class comment).
constexpr std::string_view kHeaderPrefix = "\x01mantle-chunks:";
/// How many hex digits of the secret's SHA-256 the header holds.
constexpr qsizetype kDigestDigits = 16;

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

/// Runs `job` (made without a parent); `finish` is called once when it is done, unless the store
/// was destroyed first. The job deletes itself once finished, never earlier: QtKeychain's
/// Secret Service backend calls into a job still running, so deleting it with the store would
/// crash.
template<typename JobType, typename Finish>
void startJob(SecretStore *store, JobType *job, const QString &key, Finish finish)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, store,
                     [job, finish](QKeychain::Job *) { finish(*job); });
    job->start();
}

Error damagedError(const QString &key, const QString &what)
{
    Error error;
    error.kind = Error::Kind::Config;
    error.code = QStringLiteral("KeychainEntryDamaged");
    error.message = Tr::tr("The keychain entry “%1” is damaged: %2.").arg(key, what);
    error.hint = Tr::tr("Enter the secret again; saving it stores it anew.");
    return error;
}

QString chunkKey(const QString &key, int index)
{
    return key + QLatin1Char('#') + QString::number(index);
}

QString textOf(std::string_view bytes)
{
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

bool startsWithHeaderPrefix(std::string_view bytes)
{
    return bytes.substr(0, kHeaderPrefix.size()) == kHeaderPrefix;
}

/// The first kDigestDigits hex digits of the SHA-256 of `bytes`.
QByteArray digestOf(std::string_view bytes)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
    return hash.result().toHex().left(kDigestDigits);
}

QString headerText(int count, const QByteArray &digest)
{
    return textOf(kHeaderPrefix) + QString::number(count) + QLatin1Char(':')
        + QString::fromLatin1(digest);
}

struct Header
{
    int count = 0;
    QByteArray digest;
};

/// The header in `bytes` (which start with kHeaderPrefix), or nullopt when it is malformed.
std::optional<Header> parseHeader(const QByteArray &bytes)
{
    const auto isDigit = [](char c) {
        return c >= '0' && c <= '9';
    };
    const auto isHexDigit = [&isDigit](char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    };
    const QByteArray rest = bytes.mid(qsizetype(kHeaderPrefix.size()));
    const qsizetype colon = rest.indexOf(':');
    if (colon < 1 || colon > 2 || !std::all_of(rest.begin(), rest.begin() + colon, isDigit))
        return std::nullopt;
    Header header;
    header.count = rest.left(colon).toInt();
    header.digest = rest.mid(colon + 1);
    if (header.count < 1 || header.count > SecretStore::kMaxChunks
        || header.digest.size() != kDigestDigits
        || !std::all_of(header.digest.cbegin(), header.digest.cend(), isHexDigit))
        return std::nullopt;
    return header;
}

/// `bytes` in pieces of at most `limit` bytes (0: no limit) that end on UTF-8 character
/// boundaries: a cut that would fall inside a character moves back to its first byte.
std::vector<std::string_view> splitUtf8(std::string_view bytes, qsizetype limit)
{
    std::vector<std::string_view> pieces;
    while (!bytes.empty()) {
        size_t cut = bytes.size();
        if (limit > 0 && cut > size_t(limit)) {
            cut = size_t(limit);
            // A character has at most three continuation bytes (10xxxxxx); stopping there keeps
            // invalid input moving too.
            for (int back = 0; back < 3 && (uchar(bytes[cut]) & 0xC0) == 0x80; ++back)
                --cut;
        }
        pieces.push_back(bytes.substr(0, cut));
        bytes.remove_prefix(cut);
    }
    return pieces;
}

/// Deletes the chunks of `key` from `index` up, until one is not there (chunks are written from
/// #1 up, so the ones left by a longer secret follow each other), then calls `done`; stops at
/// the first failure. Each chunk is looked up before it is deleted: deleting what is not there
/// succeeds on the Secret Service, so only a read says where the chunks end.
void removeChunks(SecretStore *store, const QString &key, int index, const SecretStore::Done &done)
{
    const QString chunk = chunkKey(key, index);
    auto *lookup = new QKeychain::ReadPasswordJob(store->service());
    startJob(store, lookup, chunk, [store, key, index, done, chunk](const QKeychain::Job &found) {
        if (found.error() == QKeychain::EntryNotFound) {
            done(Status());
            return;
        }
        if (found.error() != QKeychain::NoError) {
            done(jobError(found, chunk));
            return;
        }
        auto *job = new QKeychain::DeletePasswordJob(store->service());
        startJob(store, job, chunk,
                 [store, key, index, done, chunk](const QKeychain::Job &deleted) {
                     if (deleted.error() != QKeychain::NoError
                         && deleted.error() != QKeychain::EntryNotFound)
                         done(jobError(deleted, chunk));
                     else if (index >= SecretStore::kMaxChunks)
                         done(Status());
                     else
                         removeChunks(store, key, index + 1, done);
                 });
    });
}

/// A secret on its way into chunks: a copy of it (wiped when the write ends), its pieces (views
/// into that copy) and the header that goes under the main key last.
struct ChunkedWrite
{
    SecretString secret;
    std::vector<std::string_view> pieces;
    QString key;
    QString header;
};

/// Writes chunk `index` (from 1), or the header after the last chunk, then the next; after the
/// header it deletes the chunks past the count.
void writeChunks(SecretStore *store, const std::shared_ptr<ChunkedWrite> &plan, int index,
                 const SecretStore::Done &done)
{
    const int count = int(plan->pieces.size());
    const bool header = index > count;
    const QString key = header ? plan->key : chunkKey(plan->key, index);
    auto *job = new QKeychain::WritePasswordJob(store->service());
    job->setTextData(header ? plan->header : textOf(plan->pieces[size_t(index - 1)]));
    startJob(store, job, key,
             [store, plan, index, header, count, done, key](const QKeychain::Job &finished) {
                 if (finished.error() != QKeychain::NoError) {
                     plan->secret.wipe();
                     done(jobError(finished, key));
                 } else if (!header) {
                     writeChunks(store, plan, index + 1, done);
                 } else {
                     plan->secret.wipe();
                     if (count < SecretStore::kMaxChunks)
                         removeChunks(store, plan->key, count + 1, done);
                     else
                         done(Status());
                 }
             });
}

/// A chunked secret being read: the chunks joined so far, wiped when the read ends.
struct ChunkedRead
{
    QString key;
    Header header;
    QByteArray joined;

    ChunkedRead() = default;
    Q_DISABLE_COPY_MOVE(ChunkedRead)
    ~ChunkedRead() { joined.fill('\0'); }
};

/// Reads chunk `index` (from 1) and the next ones; after the last, checks the digest and answers.
/// Runs from a job's slot.
void readChunks(SecretStore *store, const std::shared_ptr<ChunkedRead> &state, int index,
                const SecretStore::ReadDone &done)
{
    if (index > state->header.count) {
        const std::string_view joined(state->joined.constData(), size_t(state->joined.size()));
        if (digestOf(joined) != state->header.digest) {
            done(damagedError(
                state->key,
                Tr::tr("its %1 parts do not belong to one secret").arg(state->header.count)));
            return;
        }
        SecretString secret(joined);
        state->joined.fill('\0');
        done(std::optional<SecretString>(std::move(secret)));
        return;
    }
    const QString key = chunkKey(state->key, index);
    auto *job = new QKeychain::ReadPasswordJob(store->service());
    startJob(store, job, key,
             [store, state, index, done, key, job](const QKeychain::Job &finished) {
                 if (finished.error() == QKeychain::EntryNotFound) {
                     done(damagedError(state->key,
                                       Tr::tr("part %1 of %2 (“%3”) is missing")
                                           .arg(index)
                                           .arg(state->header.count)
                                           .arg(key)));
                 } else if (finished.error() != QKeychain::NoError) {
                     done(jobError(finished, key));
                 } else {
                     QByteArray bytes = job->textData().toUtf8();
                     state->joined.append(bytes);
                     bytes.fill('\0');
                     readChunks(store, state, index + 1, done);
                 }
             });
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

void SecretStore::setMaxEntrySize(qsizetype bytes)
{
    m_maxEntrySize = bytes <= 0 ? 0 : std::max(bytes, kMinMaxEntrySize);
}

QString SecretStore::keyFor(const QString &account, SecretKind kind)
{
    return account + QLatin1Char('/') + secretKindName(kind);
}

void SecretStore::write(const QString &account, SecretKind kind, const SecretString &secret,
                        Done done)
{
    const QString key = keyFor(account, kind);
    const std::string_view bytes = secret.view();
    const bool fits = m_maxEntrySize == 0 || bytes.size() <= size_t(m_maxEntrySize);
    if (fits && !startsWithHeaderPrefix(bytes)) {
        auto *job = new QKeychain::WritePasswordJob(m_service);
        // Text (not binary) data, so that other Secret Service clients read the secret as it is.
        job->setTextData(textOf(bytes));
        startJob(this, job, key, [this, done, key](const QKeychain::Job &finished) {
            if (finished.error() != QKeychain::NoError)
                done(jobError(finished, key));
            else
                removeChunks(this, key, 1, done); // what a longer secret left
        });
        return;
    }

    // Each piece holds at most m_maxEntrySize bytes, so a longer secret needs no splitting to
    // know that it does not fit.
    auto plan = std::make_shared<ChunkedWrite>();
    const bool tooLong
        = m_maxEntrySize > 0 && bytes.size() > size_t(m_maxEntrySize) * size_t(kMaxChunks);
    if (!tooLong) {
        plan->secret = secret;
        plan->pieces = splitUtf8(plan->secret.view(), m_maxEntrySize);
    }
    if (tooLong || plan->pieces.size() > size_t(kMaxChunks)) {
        plan->secret.wipe();
        Error error;
        error.kind = Error::Kind::InvalidInput;
        error.code = QStringLiteral("SecretTooLong");
        error.message = Tr::tr("The secret for “%1” is too long for the keychain: it has %2 "
                               "bytes, and the keychain holds at most %3 (%4 entries of %5 "
                               "bytes).")
                            .arg(key)
                            .arg(qsizetype(bytes.size()))
                            .arg(m_maxEntrySize * kMaxChunks)
                            .arg(kMaxChunks)
                            .arg(m_maxEntrySize);
        error.hint = Tr::tr("Check that only the secret was pasted. Nothing was saved.");
        QMetaObject::invokeMethod(
            this, [done, error] { done(error); }, Qt::QueuedConnection);
        return;
    }
    plan->key = key;
    plan->header = headerText(int(plan->pieces.size()), digestOf(plan->secret.view()));
    writeChunks(this, plan, 1, done);
}

void SecretStore::read(const QString &account, SecretKind kind, ReadDone done)
{
    const QString key = keyFor(account, kind);
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    startJob(this, job, key, [this, done, key, job](const QKeychain::Job &finished) {
        if (finished.error() == QKeychain::EntryNotFound) {
            done(std::optional<SecretString>());
        } else if (finished.error() != QKeychain::NoError) {
            done(jobError(finished, key));
        } else {
            QByteArray bytes = job->textData().toUtf8();
            if (!startsWithHeaderPrefix(
                    std::string_view(bytes.constData(), size_t(bytes.size())))) {
                SecretString secret(bytes);
                bytes.fill('\0');
                done(std::optional<SecretString>(std::move(secret)));
                return;
            }
            const std::optional<Header> header = parseHeader(bytes);
            if (!header) {
                done(damagedError(key, Tr::tr("its header is not understood")));
                return;
            }
            auto state = std::make_shared<ChunkedRead>();
            state->key = key;
            state->header = *header;
            if (m_maxEntrySize > 0)
                state->joined.reserve(m_maxEntrySize * header->count);
            readChunks(this, state, 1, done);
        }
    });
}

void SecretStore::remove(const QString &account, SecretKind kind, Done done)
{
    // The header first: a crash in between leaves chunks without a header (which the next write
    // or remove deletes), never a header without its chunks.
    const QString key = keyFor(account, kind);
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    startJob(this, job, key, [this, done, key](const QKeychain::Job &finished) {
        if (finished.error() != QKeychain::NoError && finished.error() != QKeychain::EntryNotFound)
            done(jobError(finished, key));
        else
            removeChunks(this, key, 1, done);
    });
}

} // namespace mantle::accounts
