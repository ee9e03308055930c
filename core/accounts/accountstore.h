#pragma once

#include "account.h"
#include "common/result.h"

#include <QStringList>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace mantle::accounts {

/// The accounts' non-secret settings in a QSettings, one group per account under `accounts/`
/// (the app decides on its demo account by whether that group exists), and their export to and
/// import from a JSON file that a team can share. Each account's model settings live under
/// `models/<name>` (ModelSettingsStore reads and writes them; this class only moves and removes
/// them with the account).
///
/// It never sees a secret: those are the SecretStore's. Renaming or removing here does not touch
/// the keychain; AccountManager does both together.
class AccountStore
{
public:
    static constexpr char kGroup[] = "accounts";
    /// The group of the accounts' model settings.
    static constexpr char kModelsGroup[] = "models";

    /// The settings must outlive the store.
    explicit AccountStore(QSettings &settings);

    /// The accounts' names, sorted.
    QStringList names() const;
    bool contains(const QString &name) const;
    /// The account, read and validated; an error naming it when it is missing or broken.
    Result<Account> load(const QString &name) const;
    /// Validates and writes the account (replacing one of the same name), then syncs.
    Status save(const Account &account);
    /// Moves the settings of `from` (and its model settings) to `to`; fails when `from` is
    /// missing or `to` exists. Role accounts that named `from` as their source follow the new
    /// name.
    Status rename(const QString &from, const QString &to);
    /// Removes the account's settings and model settings (nothing when it does not exist), then
    /// syncs.
    Status remove(const QString &name);

    /// The settings key of an account's model settings: `models/<name>`.
    static QString modelSettingsKey(const QString &name);
    /// The role accounts whose source is `name`.
    QStringList dependentsOf(const QString &name) const;

    /// Writes the account's non-secret settings as a JSON file ({"mantleAccount": 1, ...}).
    static Status exportToFile(const Account &account, const QString &path);
    /// Reads a file exportToFile() wrote; the account is validated, not saved.
    static Result<Account> importFromFile(const QString &path);

private:
    Status sync();

    QSettings &m_settings;
};

} // namespace mantle::accounts
