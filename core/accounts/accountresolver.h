#pragma once

#include "account.h"
#include "common/result.h"
#include "pipeline/calltarget.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace mantle {
class Clock;
}
namespace mantle::aws {
class SigV4Signer;
class StsClient;
} // namespace mantle::aws

namespace mantle::accounts {

class AccountManager;
class AccountStore;

/// Turns an account into the pipeline's CallTarget: its region and endpoint, and how it
/// authenticates. An API key becomes Bearer; keys become a StaticCredentialProvider; a role
/// becomes an AssumeRoleCredentialProvider over the source account's keys or over an AWS
/// profile (itself followed through its own role chain).
///
/// The credential providers it makes are its children: a CallTarget it gave is usable as long as
/// the resolver lives. It reads secrets through the AccountManager, never stores them, and sends
/// nothing but STS calls when a target asks for credentials.
class AccountResolver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountResolver)

public:
    using Done = std::function<void(Result<pipeline::CallTarget>)>;

    /// Everything passed in must outlive the resolver.
    AccountResolver(const AccountStore &store, AccountManager &manager,
                    QNetworkAccessManager *network, const aws::SigV4Signer &signer,
                    const Clock &clock, QObject *parent = nullptr);
    ~AccountResolver() override;

    /// The AWS files that role accounts with an AWS profile as source read
    /// (AwsEnvironment::configFile and credentialsFile).
    void setAwsFiles(const QString &configFile, const QString &credentialsFile);
    /// Sends STS calls to `endpoint` (tests); see StsClient::setEndpointOverride.
    Status setStsEndpointOverride(const QUrl &endpoint);

    /// The target for the account; callback once, from the event loop.
    void resolve(const QString &accountName, Done done);

private:
    void resolveRole(const Account &account, pipeline::CallTarget target, Done done);
    void finishRole(const Account &account, pipeline::CallTarget target,
                    aws::CredentialProvider *source, Done done);

    const AccountStore &m_store;
    AccountManager &m_manager;
    const Clock &m_clock;
    aws::StsClient *m_sts;
    QString m_awsConfigFile;
    QString m_awsCredentialsFile;
};

} // namespace mantle::accounts
