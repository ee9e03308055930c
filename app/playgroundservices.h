#pragma once

#include "api/requestspec.h"
#include "aws/bedrocktoken.h"
#include "common/result.h"
#include "export/exporttarget.h"
#include "mantle/modelcatalogue.h"
#include "mantle/modellist.h"
#include "pipeline/calltarget.h"
#include "pipeline/routememory.h"
#include "sessions/sessionstore.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QSettings;
QT_END_NAMESPACE

namespace mantle {
class Clock;
class SystemClock;
} // namespace mantle
namespace mantle::aws {
class SigV4Signer;
}
namespace mantle::net {
class HttpClient;
}
namespace mantle::accounts {
class AccountManager;
class AccountResolver;
class AccountStore;
class SecretStore;
} // namespace mantle::accounts
namespace mantle::emulator {
class LocalEmulator;
}

namespace mantle::ui {

/// What the playground window uses from mantle_core, set up once: the HTTP client, the
/// accounts (store, keychain, resolver), the learned routes, the model catalogue, the session
/// store, and the demo account on the emulator built into the app.
///
/// Glue, not logic: it turns an account name into a CallTarget (the demo account into the local
/// emulator with its test key), and an account and region into the model list the picker
/// offers (ModelList over the live list and the catalogue). Requests themselves are
/// SessionRunner's.
class PlaygroundServices final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaygroundServices)

public:
    /// Where things live; empty strings mean the app's own locations.
    struct Locations
    {
        QString keychainService; ///< the keychain service name (tests pass their own)
        QString sessionsDirectory; ///< QStandardPaths::AppDataLocation + "/sessions"
        QString routesFile; ///< QStandardPaths::CacheLocation + "/routes.json"
    };

    /// settings (not owned) must outlive the services.
    PlaygroundServices(QSettings &settings, const Locations &locations, QObject *parent = nullptr);
    ~PlaygroundServices() override;

    /// The demo account's API key (the emulator's test key, not a secret): tests check that it
    /// is sent and yet written nowhere.
    static constexpr char kDemoKeyForTests[] = "mantle-emulator-key";

    /// "Demo (local emulator)", as the app shows it.
    static QString demoAccountName();
    /// Starts the emulator on a free port of 127.0.0.1 (once). The error says why it could not.
    Status startDemo();
    bool isDemoRunning() const;
    /// http://127.0.0.1:PORT while the demo runs.
    QString demoEndpoint() const;

    /// Makes the demo account's emulator misbehave on every request, as its `x-emulator-fault`
    /// header says (ARCHITECTURE.md: `access-denied`, `status=503`, `drop-after=N`...): to see
    /// how the app handles failures, offline. Empty: behave.
    void setDemoFault(const QString &fault) { m_demoFault = fault; }
    QString demoFault() const { return m_demoFault; }

    /// The demo account (when it runs) and then the stored accounts, in order.
    QStringList accountNames() const;
    /// The account's default region ("us-east-1" for the demo).
    QString defaultRegion(const QString &account) const;
    /// True for the demo account.
    static bool isDemo(const QString &account);

    using TargetDone = std::function<void(Result<pipeline::CallTarget>)>;
    /// The target for `account` in `region` (the account's default when empty); `done` runs
    /// once from the event loop unless `context` is gone.
    void resolveTarget(const QString &account, const QString &region, QObject *context,
                       TargetDone done);

    /// Where `spec` goes, for exporting it as code: its account's endpoint (the demo's emulator
    /// for the demo account) and region with the learned routes, worked out as the request's own
    /// target is but from the account's settings alone, so no secret is read (resolveTarget()
    /// would read the keychain, which an export does not need). An account that no longer
    /// exists gives its region's Mantle endpoint. Fails when the demo account is not running,
    /// and as ExportTarget::forRequest() fails (no model, a region without Mantle).
    Result<codeexport::ExportTarget> exportTarget(const api::RequestSpec &spec) const;
    /// True when `account` signs its requests with SigV4 (access keys, a role); false for an
    /// API key, the demo account and an unknown account.
    bool signsWithSigV4(const QString &account) const;

    using ModelsDone = std::function<void(QList<mantle::ModelListEntry> entries, QString problem)>;
    /// The models the picker offers for `account` in `region`: the live list merged with the
    /// catalogue and the user's models, narrowed to the user's picker choice. When the live list
    /// cannot be fetched the catalogue's models come with `problem` saying why.
    void loadModels(const QString &account, const QString &region, QObject *context,
                    ModelsDone done);

    net::HttpClient &client();
    pipeline::RouteMemory &routes() { return m_routes; }
    /// Saves the learned routes (after an answer that switched prefix).
    void saveRoutes();
    sessions::SessionStore &sessions() { return m_sessions; }
    accounts::AccountStore &accountStore();
    const mantle::ModelCatalogue &catalogue() const { return m_catalogue; }
    emulator::LocalEmulator *emulator() const { return m_emulator.get(); }

private:
    QSettings &m_settings;
    QNetworkAccessManager *m_network;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<aws::SigV4Signer> m_signer;
    std::unique_ptr<net::HttpClient> m_client;
    std::unique_ptr<accounts::AccountStore> m_store;
    accounts::SecretStore *m_secrets;
    accounts::AccountManager *m_manager;
    accounts::AccountResolver *m_resolver;
    pipeline::RouteMemory m_routes;
    QString m_routesFile;
    sessions::SessionStore m_sessions;
    mantle::ModelCatalogue m_catalogue;
    std::unique_ptr<emulator::LocalEmulator> m_emulator;
    QString m_demoFault;

    // Short-term Bedrock API keys (issue #11 item 5, tokens): made from an account's SigV4
    // credentials, and used for that account's requests in the key's region until it expires,
    // in memory only (never in settings, sessions, logs or exported code).
public:
    using ShortTermKeyDone = std::function<void(Result<aws::ShortTermKey>)>;
    /// Makes a short-term key from `account`'s SigV4 credentials, resolved as its requests
    /// resolve them (a role account may call STS), for the account's region. `done` runs once
    /// from the event loop unless `context` is gone. Fails for the demo and API-key accounts.
    void generateShortTermKey(const QString &account, int lifetimeSeconds, QObject *context,
                              ShortTermKeyDone done);
    /// From now on, `account`'s requests in the key's region go with `key` as Bearer until it
    /// expires; then (and in other regions) they are signed with SigV4 again.
    void useShortTermKey(const QString &account, const aws::ShortTermKey &key);
    /// When the key `account` uses expires; invalid when it uses none or it has expired.
    QDateTime shortTermKeyExpiry(const QString &account) const;
    void forgetShortTermKey(const QString &account);
    /// The region of the key `account` uses (empty when it uses none or it has expired).
    QString shortTermKeyRegion(const QString &account) const;
    const Clock &clock() const;

Q_SIGNALS:
    /// An account started or stopped using a short-term key.
    void shortTermKeysChanged();

private:
    /// Puts the account's short-term key into `target` when one is in use, valid and for the
    /// target's region.
    void applyShortTermKey(pipeline::CallTarget &target) const;
    struct ShortTermKeyInUse
    {
        SecretString key;
        QString region;
        QDateTime expiresAt;
    };
    QHash<QString, ShortTermKeyInUse> m_shortTermKeys;
};

} // namespace mantle::ui
