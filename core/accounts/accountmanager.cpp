#include "accountmanager.h"

#include "accountstore.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QTimer>

#include <memory>
#include <vector>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::AccountManager)
};

using Step = std::function<void(std::function<void(Status)>)>;

/// Runs asynchronous steps one after the other; stops at the first failure.
void runSteps(std::vector<Step> steps, std::function<void(Status)> done)
{
    struct State
    {
        std::vector<Step> steps;
        size_t next = 0;
        std::function<void(Status)> done;
        std::function<void()> advance;
    };
    auto state = std::make_shared<State>();
    state->steps = std::move(steps);
    state->done = std::move(done);
    state->advance = [weak = std::weak_ptr<State>(state)] {
        const auto s = weak.lock();
        if (!s)
            return;
        if (s->next == s->steps.size()) {
            auto finish = std::move(s->done);
            s->advance = nullptr; // breaks the cycle; `s` keeps the state alive until we return
            finish(Status());
            return;
        }
        Step step = s->steps[s->next++];
        step([s](Status status) {
            if (!status) {
                auto finish = std::move(s->done);
                s->advance = nullptr;
                finish(status);
                return;
            }
            s->advance();
        });
    };
    // The first step's callback holds the state from here on.
    auto start = state->advance;
    start();
}

/// Answers `done` from the event loop, as every callback of the manager is.
void answerLater(QObject *context, std::function<void(Status)> done, Status status)
{
    QTimer::singleShot(0, context,
                       [done = std::move(done), status = std::move(status)] { done(status); });
}

struct SecretItem
{
    SecretKind kind;
    const SecretString *secret; ///< null: the kind is not used
};

/// The secrets an account of this auth method keeps, in the order they are written.
std::vector<SecretItem> secretItems(AuthMethod method, const AccountSecrets &secrets)
{
    switch (method) {
    case AuthMethod::AccessKey:
        return {{SecretKind::SecretAccessKey, &secrets.secretAccessKey},
                {SecretKind::SessionToken, &secrets.sessionToken}};
    case AuthMethod::ApiKey:
        return {{SecretKind::ApiKey, &secrets.apiKey}};
    case AuthMethod::AssumeRole:
        break;
    }
    return {};
}

SecretString &slotFor(AccountSecrets &secrets, SecretKind kind)
{
    switch (kind) {
    case SecretKind::SecretAccessKey:
        return secrets.secretAccessKey;
    case SecretKind::SessionToken:
        return secrets.sessionToken;
    case SecretKind::ApiKey:
        break;
    }
    return secrets.apiKey;
}

constexpr SecretKind kAllKinds[]
    = {SecretKind::SecretAccessKey, SecretKind::SessionToken, SecretKind::ApiKey};

Error notSaved(Error error, const QString &name)
{
    error.message = Tr::tr("%1 The account “%2” was not saved.").arg(error.message, name);
    return error;
}

} // namespace

AccountManager::AccountManager(AccountStore &store, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_secrets(secrets)
{ }

AccountManager::~AccountManager() = default;

void AccountManager::add(const Account &account, const AccountSecrets &secrets, Done done)
{
    if (Status ok = account.validate(); !ok)
        return answerLater(this, std::move(done), notSaved(ok.error(), account.name));
    if (m_store.contains(account.name))
        return answerLater(
            this, std::move(done),
            makeError(Error::Kind::InvalidInput,
                      Tr::tr("There is already an account “%1”.").arg(account.name)));
    if (account.auth == AuthMethod::AccessKey && secrets.secretAccessKey.isEmpty())
        return answerLater(
            this, std::move(done),
            makeError(Error::Kind::InvalidInput,
                      Tr::tr("Account “%1” needs its secret access key.").arg(account.name)));
    if (account.auth == AuthMethod::ApiKey && secrets.apiKey.isEmpty())
        return answerLater(this, std::move(done),
                           makeError(Error::Kind::InvalidInput,
                                     Tr::tr("Account “%1” needs its API key.").arg(account.name)));
    if (account.auth == AuthMethod::AssumeRole && account.roleSource == RoleSource::Account) {
        const auto source = m_store.load(account.sourceAccount);
        if (!source || source->auth != AuthMethod::AccessKey)
            return answerLater(this, std::move(done),
                               makeError(Error::Kind::InvalidInput,
                                         Tr::tr("The source account “%1” of “%2” must be an "
                                                "existing access-key account.")
                                             .arg(account.sourceAccount, account.name)));
    }

    const QString name = account.name;
    // Keeps copies of the secrets only as long as the writes take.
    auto kept = std::make_shared<AccountSecrets>(secrets);
    std::vector<Step> steps;
    for (const SecretItem &item : secretItems(account.auth, *kept)) {
        if (item.secret->isEmpty())
            continue;
        steps.push_back([this, name, item, kept](std::function<void(Status)> next) {
            m_secrets.write(name, item.kind, *item.secret, std::move(next));
        });
    }
    // Clears what an earlier account of the same name may have left, so that a stale session
    // token is never used with new keys.
    for (const SecretKind kind : kAllKinds) {
        bool written = false;
        for (const SecretItem &item : secretItems(account.auth, *kept))
            written = written || (item.kind == kind && !item.secret->isEmpty());
        if (!written)
            steps.push_back([this, name, kind](std::function<void(Status)> next) {
                m_secrets.remove(name, kind, std::move(next));
            });
    }
    steps.push_back(
        [this, account](std::function<void(Status)> next) { next(m_store.save(account)); });
    runSteps(std::move(steps), [this, name, kept, done = std::move(done)](Status status) mutable {
        kept.reset();
        if (status)
            return done(status);
        // Nothing stays behind: delete whatever was written (best effort).
        std::vector<Step> cleanup;
        for (const SecretKind kind : kAllKinds)
            cleanup.push_back([this, name, kind](std::function<void(Status)> next) {
                m_secrets.remove(name, kind, [next](Status) { next(Status()); });
            });
        runSteps(std::move(cleanup),
                 [done, name, status](Status) { done(notSaved(status.error(), name)); });
    });
}

void AccountManager::readSecrets(const Account &account, SecretsDone done)
{
    auto secrets = std::make_shared<AccountSecrets>();
    std::vector<Step> steps;
    const QString name = account.name;
    for (const SecretItem &item : secretItems(account.auth, *secrets)) {
        const SecretKind kind = item.kind;
        const bool required = kind != SecretKind::SessionToken;
        steps.push_back([this, name, kind, required, secrets](std::function<void(Status)> next) {
            m_secrets.read(
                name, kind,
                [name, kind, required, secrets, next](Result<std::optional<SecretString>> read) {
                    if (!read)
                        return next(read.error());
                    if (read->has_value())
                        slotFor(*secrets, kind) = std::move(**read);
                    else if (required)
                        return next(makeError(Error::Kind::Auth,
                                              Tr::tr("The keychain holds no %1 for account “%2”.")
                                                  .arg(secretKindName(kind), name),
                                              Tr::tr("Remove the account and add it again.")));
                    next(Status());
                });
        });
    }
    runSteps(std::move(steps), [secrets, done = std::move(done)](Status status) {
        if (!status)
            return done(status.error());
        done(std::move(*secrets));
    });
}

void AccountManager::rename(const QString &from, const QString &to, Done done)
{
    auto account = m_store.load(from);
    if (!account)
        return answerLater(this, std::move(done), account.error());
    if (m_store.contains(to))
        return answerLater(this, std::move(done),
                           makeError(Error::Kind::InvalidInput,
                                     Tr::tr("There is already an account “%1”.").arg(to)));
    Account renamed = *account;
    renamed.name = to;
    if (Status ok = renamed.validate(); !ok)
        return answerLater(this, std::move(done), ok.error());

    const AuthMethod method = account->auth;
    readSecrets(
        *account,
        [this, from, to, method, done = std::move(done)](Result<AccountSecrets> secrets) mutable {
            if (!secrets)
                return done(secrets.error());
            auto kept = std::make_shared<AccountSecrets>(std::move(secrets).value());
            std::vector<Step> steps;
            for (const SecretItem &item : secretItems(method, *kept)) {
                if (item.secret->isEmpty())
                    continue;
                steps.push_back([this, to, item, kept](std::function<void(Status)> next) {
                    m_secrets.write(to, item.kind, *item.secret, std::move(next));
                });
            }
            steps.push_back([this, from, to](std::function<void(Status)> next) {
                next(m_store.rename(from, to));
            });
            for (const SecretKind kind : kAllKinds)
                steps.push_back([this, from, kind](std::function<void(Status)> next) {
                    m_secrets.remove(from, kind, std::move(next));
                });
            runSteps(std::move(steps), [kept, done](Status status) mutable {
                kept.reset();
                done(status);
            });
        });
}

void AccountManager::remove(const QString &name, Done done)
{
    if (!m_store.contains(name))
        return answerLater(
            this, std::move(done),
            makeError(Error::Kind::InvalidInput, Tr::tr("There is no account “%1”.").arg(name)));
    if (const QStringList dependents = m_store.dependentsOf(name); !dependents.isEmpty())
        return answerLater(this, std::move(done),
                           makeError(Error::Kind::InvalidInput,
                                     Tr::tr("Account “%1” is the source of %2: remove those "
                                            "first.")
                                         .arg(name, dependents.join(QStringLiteral(", ")))));
    std::vector<Step> steps;
    for (const SecretKind kind : kAllKinds)
        steps.push_back([this, name, kind](std::function<void(Status)> next) {
            m_secrets.remove(name, kind, std::move(next));
        });
    steps.push_back([this, name](std::function<void(Status)> next) { next(m_store.remove(name)); });
    runSteps(std::move(steps), std::move(done));
}

} // namespace mantle::accounts
