#pragma once

#include "common/result.h"
#include "common/secretstring.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace mantle::accounts {

/// Which secret of an account.
enum class SecretKind {
    SecretAccessKey,
    SessionToken,
    ApiKey,
};

/// "secret-access-key", "session-token", "api-key": the last part of a keychain key.
QString secretKindName(SecretKind kind);

#ifdef Q_OS_WIN
/// CRED_MAX_CREDENTIAL_BLOB_SIZE: the most bytes the Windows Credential Manager takes in one entry.
inline constexpr qsizetype kPlatformKeychainEntryLimit = 2560;
#else
inline constexpr qsizetype kPlatformKeychainEntryLimit = 0; ///< no limit
#endif

/// The accounts' secrets in the operating system's keychain (QtKeychain: the Secret Service on
/// Linux, the Keychain on macOS, the Credential Manager on Windows), under the service
/// "Mantle Playground" and the key "<account>/<kind>".
///
/// A keychain entry holds at most maxEntrySize() bytes (UTF-8): 2560 on Windows, whose Credential
/// Manager refuses longer blobs (CRED_MAX_CREDENTIAL_BLOB_SIZE), no limit elsewhere. A longer
/// secret (a long session token) is split, without cutting a character, into at most kMaxChunks
/// entries "<account>/<kind>#1", "#2", ..., and "<account>/<kind>" then holds the header
/// "\x01mantle-chunks:<count>:<16 hex digits>": it starts with a control character that no typed
/// secret starts with, and the digits begin the SHA-256 of the whole secret, so that a read never
/// joins parts of two different secrets. A secret that itself starts like a header is stored in
/// chunks too, so every value reads back as it was written. A write stores the chunks first and
/// the header last (a crash never leaves a header without its chunks), then deletes the chunks
/// past the new count; a secret too long for kMaxChunks entries fails with an Error (code
/// "SecretTooLong") before anything is written, and a missing or foreign chunk reads as an Error
/// (code "KeychainEntryDamaged"), never as part of a secret.
///
/// Every call is asynchronous and its callback runs exactly once, from the event loop. There is
/// no plain-text fallback: without a keychain every call fails with an Error (code
/// "NoKeychain") that says so. Destroying the store drops the callbacks not yet answered. It does
/// not know accounts' settings (AccountStore) nor keep any secret in memory.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    static constexpr char kDefaultService[] = "Mantle Playground";

    using Done = std::function<void(Status)>;
    /// The secret, or nullopt when the keychain has none under that key.
    using ReadDone = std::function<void(Result<std::optional<SecretString>>)>;

    /// 2560 on Windows, 0 (no limit) elsewhere.
    static constexpr qsizetype kDefaultMaxEntrySize = kPlatformKeychainEntryLimit;
    /// The smallest limit setMaxEntrySize() takes: a header and any character fit.
    static constexpr qsizetype kMinMaxEntrySize = 64;
    /// The most entries one secret is split into (about 40 KB on Windows).
    static constexpr int kMaxChunks = 16;

    explicit SecretStore(QObject *parent = nullptr);
    /// A store under another service name (tests use their own).
    explicit SecretStore(QString service, QObject *parent = nullptr);
    ~SecretStore() override;

    QString service() const { return m_service; }
    static QString keyFor(const QString &account, SecretKind kind);

    /// The most bytes one keychain entry holds; 0 for no limit.
    qsizetype maxEntrySize() const { return m_maxEntrySize; }
    /// Sets that limit (tests use a small one); 0 for none, and less than kMinMaxEntrySize counts
    /// as kMinMaxEntrySize.
    void setMaxEntrySize(qsizetype bytes);

    /// Writes (or overwrites) the secret.
    void write(const QString &account, SecretKind kind, const SecretString &secret, Done done);
    void read(const QString &account, SecretKind kind, ReadDone done);
    /// Deletes the secret; a secret that is not there counts as deleted.
    void remove(const QString &account, SecretKind kind, Done done);

private:
    QString m_service;
    qsizetype m_maxEntrySize = kDefaultMaxEntrySize;
};

} // namespace mantle::accounts
