#pragma once

#include "account.h"
#include "accountsecrets.h"
#include "common/result.h"

#include <QObject>

#include <functional>

namespace mantle::accounts {

class AccountStore;
class SecretStore;

/// Adds, renames and removes accounts with their secrets: the secrets go to the keychain first
/// and the settings only once they are there, so that a failure (no keychain, a refused write)
/// leaves nothing saved; renaming moves the secrets to the new name, removing deletes them.
///
/// Asynchronous like the SecretStore: each callback runs once, from the event loop. The store
/// and the secret store must outlive the manager. It does not resolve credentials
/// (AccountResolver) nor read files (AccountImporter).
class AccountManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountManager)

public:
    using Done = std::function<void(Status)>;
    using SecretsDone = std::function<void(Result<AccountSecrets>)>;

    AccountManager(AccountStore &store, SecretStore &secrets, QObject *parent = nullptr);
    ~AccountManager() override;

    /// Saves a new account and its secrets. Fails, saving nothing, when the account is invalid,
    /// its name is taken, a secret it needs is missing (the secret access key, the API key) or
    /// the keychain cannot take them. `secrets` that the auth method does not use are ignored.
    void add(const Account &account, const AccountSecrets &secrets, Done done);
    /// Renames an account and moves its secrets; role accounts that use it follow the name.
    void rename(const QString &from, const QString &to, Done done);
    /// Deletes the account's secrets, then its settings. Fails when a role account uses it.
    void remove(const QString &name, Done done);
    /// The account's secrets from the keychain (a missing required one is an error).
    void readSecrets(const Account &account, SecretsDone done);

private:
    AccountStore &m_store;
    SecretStore &m_secrets;
};

} // namespace mantle::accounts
