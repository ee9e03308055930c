#pragma once

#include "accounts/accountmanager.h"
#include "accounts/accountresolver.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "common/result.h"
#include "pipeline/calltarget.h"

#include <QProcessEnvironment>
#include <QSettings>

#include <memory>

namespace mantle::cli {

/// The app's accounts as the CLI sees them: the settings file the app uses (or the one
/// MANTLE_CONFIG_DIR names), the keychain, and blocking forms of the AccountManager's and
/// AccountResolver's calls (a local event loop: fine in the CLI, never in the app).
class CliAccounts
{
public:
    explicit CliAccounts(const QProcessEnvironment &environment);
    ~CliAccounts();
    CliAccounts(const CliAccounts &) = delete;
    CliAccounts &operator=(const CliAccounts &) = delete;

    /// $MANTLE_CONFIG_DIR/Mantle Playground.conf, else
    /// $XDG_CONFIG_HOME (else $HOME/.config)/Mantle Playground/Mantle Playground.conf: the file
    /// the app's QSettings uses on Linux.
    static QString settingsPath(const QProcessEnvironment &environment);

    accounts::AccountStore &store() { return m_store; }
    QString settingsFile() const { return m_settings.fileName(); }

    Status add(const accounts::Account &account, const accounts::AccountSecrets &secrets);
    Status remove(const QString &name);
    Status rename(const QString &from, const QString &to);
    /// The account's call target; its credential providers live as long as this object.
    Result<pipeline::CallTarget> resolve(const QString &name, QNetworkAccessManager *network,
                                         const aws::SigV4Signer &signer, const Clock &clock);

private:
    QProcessEnvironment m_environment;
    QSettings m_settings;
    accounts::AccountStore m_store;
    accounts::SecretStore m_secrets;
    accounts::AccountManager m_manager;
    std::unique_ptr<accounts::AccountResolver> m_resolver;
};

} // namespace mantle::cli
