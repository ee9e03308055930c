#include "playgroundservices.h"

#include "accounts/accountmanager.h"
#include "accounts/accountresolver.h"
#include "accounts/accountstore.h"
#include "accounts/modelsettingsstore.h"
#include "accounts/secretstore.h"
#include "aws/credentialprovider.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "emulatorserveroptions.h"
#include "localemulator.h"
#include "net/httpclient.h"
#include "pipeline/livemodels.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

namespace mantle::ui {

namespace {

QString orDefault(const QString &value, QStandardPaths::StandardLocation location,
                  const QString &name)
{
    if (!value.isEmpty())
        return value;
    return QDir(QStandardPaths::writableLocation(location)).filePath(name);
}

const auto kDemoRegion = QStringLiteral("us-east-1");
// The demo streams at a readable pace (the emulator's frames are a few words each), so that a
// newcomer sees an answer arrive, and can stop it.
constexpr int kDemoPaceMs = 15;

} // namespace

PlaygroundServices::PlaygroundServices(QSettings &settings, const Locations &locations,
                                       QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_network(new QNetworkAccessManager(this))
    , m_clock(std::make_unique<SystemClock>())
    , m_signer(std::make_unique<aws::SigV4Signer>())
    , m_client(std::make_unique<net::HttpClient>(m_network, *m_signer, *m_clock))
    , m_store(std::make_unique<accounts::AccountStore>(settings))
    , m_secrets(locations.keychainService.isEmpty()
                    ? new accounts::SecretStore(this)
                    : new accounts::SecretStore(locations.keychainService, this))
    , m_manager(new accounts::AccountManager(*m_store, *m_secrets, this))
    , m_resolver(
          new accounts::AccountResolver(*m_store, *m_manager, m_network, *m_signer, *m_clock, this))
    , m_routesFile(orDefault(locations.routesFile, QStandardPaths::CacheLocation,
                             QStringLiteral("routes.json")))
    , m_sessions(orDefault(locations.sessionsDirectory, QStandardPaths::AppDataLocation,
                           QStringLiteral("sessions")))
    , m_catalogue(mantle::ModelCatalogue::builtIn())
{
    if (auto loaded = pipeline::RouteMemory::load(m_routesFile))
        m_routes = std::move(loaded).value();
}

PlaygroundServices::~PlaygroundServices() = default;

QString PlaygroundServices::demoAccountName()
{
    return tr("Demo (local emulator)");
}

bool PlaygroundServices::isDemo(const QString &account)
{
    return account == demoAccountName();
}

Status PlaygroundServices::startDemo()
{
    if (m_emulator && m_emulator->isRunning())
        return {};
    emulator::EmulatorServerOptions options;
    options.paceMs = kDemoPaceMs;
    m_emulator = std::make_unique<emulator::LocalEmulator>(*m_clock, options);
    if (!m_emulator->start()) {
        Error error = makeError(
            Error::Kind::Network,
            tr("The demo account could not start its emulator: %1").arg(m_emulator->errorString()),
            tr("Another program may hold the local network; restart the app "
               "or add an AWS account with File > Accounts…."));
        m_emulator.reset();
        return error;
    }
    return {};
}

bool PlaygroundServices::isDemoRunning() const
{
    return m_emulator && m_emulator->isRunning();
}

QString PlaygroundServices::demoEndpoint() const
{
    return isDemoRunning() ? m_emulator->rootUrl().toString() : QString();
}

QStringList PlaygroundServices::accountNames() const
{
    QStringList names;
    if (isDemoRunning())
        names << demoAccountName();
    names << m_store->names();
    return names;
}

QString PlaygroundServices::defaultRegion(const QString &account) const
{
    if (isDemo(account))
        return kDemoRegion;
    const auto loaded = m_store->load(account);
    return loaded ? loaded->region : kDemoRegion;
}

void PlaygroundServices::resolveTarget(const QString &account, const QString &region,
                                       QObject *context, TargetDone done)
{
    const QPointer<QObject> guard(context);
    if (isDemo(account)) {
        Result<pipeline::CallTarget> result
            = makeError(Error::Kind::Config, tr("The demo account is not running."),
                        tr("Restart the app with --demo, or choose another account."));
        if (isDemoRunning()) {
            pipeline::CallTarget target;
            target.account = account;
            target.region = region.isEmpty() ? kDemoRegion : region;
            target.endpoint = *mantle::Endpoint::parse(demoEndpoint());
            target.auth.kind = net::HttpAuth::Kind::Bearer;
            target.auth.apiKey = SecretString(std::string_view(emulator::LocalEmulator::kApiKey));
            if (!m_demoFault.isEmpty())
                target.extraHeaders.append(
                    {QByteArrayLiteral("x-emulator-fault"), m_demoFault.toUtf8()});
            result = std::move(target);
        }
        QTimer::singleShot(0, this, [guard, done = std::move(done), result] {
            if (guard)
                done(result);
        });
        return;
    }
    m_resolver->resolve(
        account,
        [this, guard, region, done = std::move(done)](Result<pipeline::CallTarget> resolved) {
            if (!guard)
                return;
            if (resolved && !region.isEmpty()) {
                resolved.value().region = region;
                // The signature's scope follows the region the request goes to.
                if (resolved.value().auth.kind == net::HttpAuth::Kind::SigV4)
                    resolved.value().auth.region = region.toUtf8();
            }
            if (resolved)
                applyShortTermKey(resolved.value());
            done(std::move(resolved));
        });
}

Result<codeexport::ExportTarget>
PlaygroundServices::exportTarget(const api::RequestSpec &spec) const
{
    // The fields AccountResolver::resolve() sets from the account, without the credentials.
    pipeline::CallTarget target;
    target.account = spec.account;
    target.region = spec.region.isEmpty() ? defaultRegion(spec.account) : spec.region;
    if (isDemo(spec.account)) {
        if (!isDemoRunning())
            return makeError(Error::Kind::Config,
                             tr("The demo account is not running, so its address is unknown."),
                             tr("Restart the app with --demo, or choose another account."));
        target.endpoint = *mantle::Endpoint::parse(demoEndpoint());
    } else if (const auto account = m_store->load(spec.account); account) {
        if (!account->endpoint.isEmpty()) {
            auto endpoint = mantle::Endpoint::parse(account->endpoint);
            if (!endpoint)
                return endpoint.error();
            target.endpoint = std::move(endpoint).value();
        }
    }
    return codeexport::ExportTarget::forRequest(spec, target, &m_routes);
}

bool PlaygroundServices::signsWithSigV4(const QString &account) const
{
    if (isDemo(account))
        return false;
    const auto loaded = m_store->load(account);
    return loaded && loaded->auth != accounts::AuthMethod::ApiKey;
}

void PlaygroundServices::loadModels(const QString &account, const QString &region, QObject *context,
                                    ModelsDone done)
{
    mantle::ModelSettings settings;
    if (!isDemo(account)) {
        if (auto saved = accounts::ModelSettingsStore(m_settings).load(account))
            settings = std::move(saved).value();
    }
    const QPointer<QObject> guard(context);
    resolveTarget(
        account, region, this,
        [this, guard, settings, region,
         done = std::move(done)](Result<pipeline::CallTarget> target) {
            if (!guard)
                return;
            const QString where = region;
            auto offline = [this, settings, where](const QString &problem) {
                return std::pair{
                    mantle::ModelList::pickerEntries(
                        mantle::ModelList::build(m_catalogue, std::nullopt, settings, where),
                        settings),
                    problem};
            };
            if (!target) {
                auto [entries, problem] = offline(target.error().toDisplayString());
                done(entries, problem);
                return;
            }
            pipeline::fetchLiveModels(
                *m_client, std::move(target).value(), this,
                [this, guard, settings, where, offline,
                 done](Result<QList<mantle::LiveModel>> live) {
                    if (!guard)
                        return;
                    if (!live) {
                        auto [entries, problem] = offline(live.error().toDisplayString());
                        done(entries, problem);
                        return;
                    }
                    done(mantle::ModelList::pickerEntries(
                             mantle::ModelList::build(m_catalogue, live.value(), settings, where),
                             settings),
                         QString());
                });
        });
}

net::HttpClient &PlaygroundServices::client()
{
    return *m_client;
}

void PlaygroundServices::saveRoutes()
{
    // A cache: when it cannot be written, the prefix is learned again next time.
    (void)m_routes.save(m_routesFile);
}

accounts::AccountStore &PlaygroundServices::accountStore()
{
    return *m_store;
}

// Short-term Bedrock API keys (issue #11 item 5, tokens) -------------------------------------

void PlaygroundServices::generateShortTermKey(const QString &account, int lifetimeSeconds,
                                              QObject *context, ShortTermKeyDone done)
{
    const QPointer<QObject> guard(context);
    if (isDemo(account) || !signsWithSigV4(account)) {
        Result<aws::ShortTermKey> refused = makeError(
            Error::Kind::Config,
            tr("The account “%1” does not sign with SigV4, so no short-term API key can be made "
               "from it.")
                .arg(account),
            tr("Use an account with access keys or a role."));
        QTimer::singleShot(0, this, [guard, done = std::move(done), refused] {
            if (guard)
                done(refused);
        });
        return;
    }
    m_resolver->resolve(
        account,
        [this, guard, lifetimeSeconds,
         done = std::move(done)](Result<pipeline::CallTarget> resolved) {
            if (!guard)
                return;
            if (!resolved) {
                done(resolved.error());
                return;
            }
            if (resolved->auth.kind != net::HttpAuth::Kind::SigV4 || !resolved->auth.credentials) {
                done(makeError(Error::Kind::Config, tr("The account has no SigV4 credentials.")));
                return;
            }
            const QString region = resolved->region;
            resolved->auth.credentials->credentials(
                [this, guard, region, lifetimeSeconds, done](Result<aws::Credentials> credentials) {
                    if (!guard)
                        return;
                    if (!credentials) {
                        done(credentials.error());
                        return;
                    }
                    done(aws::BedrockToken::generate(*m_signer, *credentials, region,
                                                     m_clock->nowUtc(), lifetimeSeconds));
                });
        });
}

void PlaygroundServices::useShortTermKey(const QString &account, const aws::ShortTermKey &key)
{
    m_shortTermKeys.insert(account, ShortTermKeyInUse{key.key, key.region, key.expiresAt});
    Q_EMIT shortTermKeysChanged();
}

QDateTime PlaygroundServices::shortTermKeyExpiry(const QString &account) const
{
    const auto found = m_shortTermKeys.constFind(account);
    if (found == m_shortTermKeys.constEnd() || m_clock->nowUtc() >= found->expiresAt)
        return {};
    return found->expiresAt;
}

void PlaygroundServices::forgetShortTermKey(const QString &account)
{
    if (m_shortTermKeys.remove(account) > 0)
        Q_EMIT shortTermKeysChanged();
}

QString PlaygroundServices::shortTermKeyRegion(const QString &account) const
{
    return shortTermKeyExpiry(account).isValid() ? m_shortTermKeys.value(account).region
                                                 : QString();
}

const Clock &PlaygroundServices::clock() const
{
    return *m_clock;
}

void PlaygroundServices::applyShortTermKey(pipeline::CallTarget &target) const
{
    const auto found = m_shortTermKeys.constFind(target.account);
    // A key works in the region that made it only, and not after its expiry: SigV4 then.
    if (found == m_shortTermKeys.constEnd() || found->region != target.region
        || m_clock->nowUtc() >= found->expiresAt)
        return;
    target.auth.kind = net::HttpAuth::Kind::Bearer;
    target.auth.apiKey = found->key;
    target.auth.credentials = nullptr;
}

} // namespace mantle::ui
