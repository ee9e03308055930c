#include "accountresolver.h"

#include "accountmanager.h"
#include "accountstore.h"
#include "aws/assumerolecredentialprovider.h"
#include "aws/awsprofile.h"
#include "aws/staticcredentialprovider.h"
#include "aws/stsclient.h"

#include <QCoreApplication>
#include <QTimer>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::AccountResolver)
};

} // namespace

AccountResolver::AccountResolver(const AccountStore &store, AccountManager &manager,
                                 QNetworkAccessManager *network, const aws::SigV4Signer &signer,
                                 const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_manager(manager)
    , m_clock(clock)
    , m_sts(new aws::StsClient(network, signer, clock, this))
{ }

AccountResolver::~AccountResolver() = default;

void AccountResolver::setAwsFiles(const QString &configFile, const QString &credentialsFile)
{
    m_awsConfigFile = configFile;
    m_awsCredentialsFile = credentialsFile;
}

Status AccountResolver::setStsEndpointOverride(const QUrl &endpoint)
{
    return m_sts->setEndpointOverride(endpoint);
}

void AccountResolver::resolve(const QString &accountName, Done done)
{
    auto answerLater = [this](Done callback, Result<pipeline::CallTarget> result) {
        QTimer::singleShot(0, this, [callback = std::move(callback), result = std::move(result)] {
            callback(result);
        });
    };
    const auto account = m_store.load(accountName);
    if (!account)
        return answerLater(std::move(done), account.error());

    pipeline::CallTarget target;
    target.account = account->name;
    target.region = account->region;
    if (!account->endpoint.isEmpty()) {
        auto endpoint = mantle::Endpoint::parse(account->endpoint);
        if (!endpoint)
            return answerLater(std::move(done), endpoint.error());
        target.endpoint = std::move(endpoint).value();
    }

    if (account->auth == AuthMethod::AssumeRole)
        return resolveRole(*account, std::move(target), std::move(done));

    const AuthMethod method = account->auth;
    m_manager.readSecrets(*account,
                          [this, method, target = std::move(target),
                           done = std::move(done)](Result<AccountSecrets> secrets) mutable {
                              if (!secrets)
                                  return done(secrets.error());
                              if (method == AuthMethod::ApiKey) {
                                  target.auth.kind = net::HttpAuth::Kind::Bearer;
                                  target.auth.apiKey = secrets->apiKey;
                              } else {
                                  const auto loaded = m_store.load(target.account);
                                  if (!loaded)
                                      return done(loaded.error());
                                  aws::Credentials credentials;
                                  credentials.accessKeyId = loaded->accessKeyId;
                                  credentials.secretAccessKey = secrets->secretAccessKey;
                                  credentials.sessionToken = secrets->sessionToken;
                                  target.auth.kind = net::HttpAuth::Kind::SigV4;
                                  target.auth.credentials = new aws::StaticCredentialProvider(
                                      std::move(credentials), m_clock, this);
                                  target.auth.region = target.region.toUtf8();
                              }
                              done(std::move(target));
                          });
}

void AccountResolver::resolveRole(const Account &account, pipeline::CallTarget target, Done done)
{
    if (account.roleSource == RoleSource::Account) {
        const auto source = m_store.load(account.sourceAccount);
        if (!source || source->auth != AuthMethod::AccessKey) {
            Error error = makeError(Error::Kind::Config,
                                    Tr::tr("The source account “%1” of “%2” is missing or has no "
                                           "access keys.")
                                        .arg(account.sourceAccount, account.name));
            QTimer::singleShot(0, this, [done = std::move(done), error] { done(error); });
            return;
        }
        const QString keyId = source->accessKeyId;
        m_manager.readSecrets(*source,
                              [this, account, keyId, target = std::move(target),
                               done = std::move(done)](Result<AccountSecrets> secrets) mutable {
                                  if (!secrets)
                                      return done(secrets.error());
                                  aws::Credentials credentials;
                                  credentials.accessKeyId = keyId;
                                  credentials.secretAccessKey = secrets->secretAccessKey;
                                  credentials.sessionToken = secrets->sessionToken;
                                  auto *provider = new aws::StaticCredentialProvider(
                                      std::move(credentials), m_clock, this);
                                  finishRole(account, std::move(target), provider, std::move(done));
                              });
        return;
    }

    // An AWS profile: its own keys, then the roles its chain names, then this account's role.
    auto fail = [this, &done](Error error) {
        QTimer::singleShot(0, this, [done = std::move(done), error] { done(error); });
    };
    const auto profiles = aws::AwsProfileResolver::load(m_awsConfigFile, m_awsCredentialsFile);
    if (!profiles)
        return fail(profiles.error());
    const auto plan = profiles->resolve(account.sourceProfile);
    if (!plan)
        return fail(plan.error());
    aws::CredentialProvider *provider
        = new aws::StaticCredentialProvider(plan->credentials, m_clock, this);
    for (const aws::AwsAssumeRoleStep &step : plan->roles) {
        if (!step.mfaSerial.isEmpty())
            return fail(makeError(Error::Kind::Config,
                                  Tr::tr("AWS profile “%1” needs an MFA code, which accounts "
                                         "cannot ask for.")
                                      .arg(step.profile)));
        aws::AssumeRoleParameters parameters;
        parameters.roleArn = step.roleArn;
        parameters.externalId = step.externalId;
        parameters.roleSessionName = step.roleSessionName.isEmpty()
            ? account.effectiveRoleSessionName()
            : step.roleSessionName;
        parameters.durationSeconds
            = step.durationSeconds.value_or(aws::AssumeRoleParameters::kDefaultDurationSeconds);
        parameters.region = account.region;
        provider
            = new aws::AssumeRoleCredentialProvider(m_sts, provider, parameters, m_clock, this);
    }
    QTimer::singleShot(
        0, this,
        [this, account, target = std::move(target), provider, done = std::move(done)]() mutable {
            finishRole(account, std::move(target), provider, std::move(done));
        });
}

void AccountResolver::finishRole(const Account &account, pipeline::CallTarget target,
                                 aws::CredentialProvider *source, Done done)
{
    aws::AssumeRoleParameters parameters;
    parameters.roleArn = account.roleArn;
    parameters.externalId = account.externalId;
    parameters.roleSessionName = account.effectiveRoleSessionName();
    parameters.durationSeconds = account.durationSeconds;
    parameters.region = account.region;
    target.auth.kind = net::HttpAuth::Kind::SigV4;
    target.auth.credentials
        = new aws::AssumeRoleCredentialProvider(m_sts, source, parameters, m_clock, this);
    target.auth.region = target.region.toUtf8();
    done(std::move(target));
}

} // namespace mantle::accounts
