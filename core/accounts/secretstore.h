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

/// The accounts' secrets in the operating system's keychain (QtKeychain: the Secret Service on
/// Linux, the Keychain on macOS, the Credential Manager on Windows), under the service
/// "Mantle Playground" and the key "<account>/<kind>".
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

    explicit SecretStore(QObject *parent = nullptr);
    /// A store under another service name (tests use their own).
    explicit SecretStore(QString service, QObject *parent = nullptr);
    ~SecretStore() override;

    QString service() const { return m_service; }
    static QString keyFor(const QString &account, SecretKind kind);

    /// Writes (or overwrites) the secret.
    void write(const QString &account, SecretKind kind, const SecretString &secret, Done done);
    void read(const QString &account, SecretKind kind, ReadDone done);
    /// Deletes the secret; a secret that is not there counts as deleted.
    void remove(const QString &account, SecretKind kind, Done done);

private:
    QString m_service;
};

} // namespace mantle::accounts
