#include "cliaccounts.h"

#include "aws/awsenvironment.h"

#include <QDir>
#include <QEventLoop>

#include <optional>

namespace mantle::cli {

namespace {

/// Starts an asynchronous call and waits on a local event loop for its one answer.
template<typename T, typename Start> T waitFor(Start start)
{
    std::optional<T> answer;
    QEventLoop loop;
    start([&answer, &loop](T value) {
        answer.emplace(std::move(value));
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return std::move(*answer);
}

} // namespace

CliAccounts::CliAccounts(const QProcessEnvironment &environment)
    : m_environment(environment)
    , m_settings(settingsPath(environment), QSettings::IniFormat)
    , m_store(m_settings)
    , m_manager(m_store, m_secrets)
{ }

CliAccounts::~CliAccounts() = default;

QString CliAccounts::settingsPath(const QProcessEnvironment &environment)
{
    const QString fileName = QStringLiteral("Mantle Playground.conf");
    const QString configDir = environment.value(QStringLiteral("MANTLE_CONFIG_DIR"));
    if (!configDir.isEmpty())
        return QDir(configDir).filePath(fileName);
    QString base = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (base.isEmpty())
        base = environment.value(QStringLiteral("HOME"), QDir::homePath())
            + QStringLiteral("/.config");
    return QDir(base).filePath(QStringLiteral("Mantle Playground/") + fileName);
}

Status CliAccounts::add(const accounts::Account &account, const accounts::AccountSecrets &secrets)
{
    return waitFor<Status>([&](auto done) { m_manager.add(account, secrets, std::move(done)); });
}

Status CliAccounts::remove(const QString &name)
{
    return waitFor<Status>([&](auto done) { m_manager.remove(name, std::move(done)); });
}

Status CliAccounts::rename(const QString &from, const QString &to)
{
    return waitFor<Status>([&](auto done) { m_manager.rename(from, to, std::move(done)); });
}

Result<pipeline::CallTarget> CliAccounts::resolve(const QString &name,
                                                  QNetworkAccessManager *network,
                                                  const aws::SigV4Signer &signer,
                                                  const Clock &clock)
{
    if (!m_resolver) {
        m_resolver = std::make_unique<accounts::AccountResolver>(m_store, m_manager, network,
                                                                 signer, clock);
        if (const auto aws = aws::readAwsEnvironment(m_environment))
            m_resolver->setAwsFiles(aws->configFile, aws->credentialsFile);
        const QString sts = m_environment.value(QStringLiteral("MANTLE_STS_ENDPOINT"));
        if (!sts.isEmpty()) {
            if (const Status ok = m_resolver->setStsEndpointOverride(QUrl(sts)); !ok)
                return ok.error();
        }
    }
    return waitFor<Result<pipeline::CallTarget>>(
        [&](auto done) { m_resolver->resolve(name, std::move(done)); });
}

} // namespace mantle::cli
