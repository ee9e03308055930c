#include "modelsettingsstore.h"

#include "account.h"
#include "accountstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSettings>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::ModelSettingsStore)
};

} // namespace

ModelSettingsStore::ModelSettingsStore(QSettings &settings)
    : m_settings(settings)
{ }

Result<::mantle::mantle::ModelSettings> ModelSettingsStore::load(const QString &account) const
{
    const QString saved = m_settings.value(AccountStore::modelSettingsKey(account)).toString();
    if (saved.isEmpty())
        return ::mantle::mantle::ModelSettings{};
    const auto unreadable = [&account](const QString &why) {
        return makeError(
            Error::Kind::Config,
            Tr::tr("The saved model settings of “%1” could not be read: %2").arg(account, why));
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(saved.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return unreadable(Tr::tr("they are not a JSON object."));
    Result<::mantle::mantle::ModelSettings> parsed
        = ::mantle::mantle::ModelSettings::fromJson(document.object());
    if (!parsed)
        return unreadable(parsed.error().message);
    return parsed;
}

Status ModelSettingsStore::save(const QString &account,
                                const ::mantle::mantle::ModelSettings &settings)
{
    if (!Account::isValidName(account))
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("“%1” is not an account name.").arg(account));
    const QString key = AccountStore::modelSettingsKey(account);
    if (settings.isEmpty())
        m_settings.remove(key);
    else
        m_settings.setValue(
            key,
            QString::fromUtf8(QJsonDocument(settings.toJson()).toJson(QJsonDocument::Compact)));
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return makeError(
            Error::Kind::Io,
            Tr::tr("The settings file “%1” could not be written.").arg(m_settings.fileName()));
    return {};
}

} // namespace mantle::accounts
