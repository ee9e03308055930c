#include "accountstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSettings>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::AccountStore)
};

const QString kFormatKey = QStringLiteral("mantleAccount");
constexpr int kFormatVersion = 1;
constexpr qint64 kMaxFileBytes = 1024 * 1024;

QString groupOf(const QString &name)
{
    return QLatin1String(AccountStore::kGroup) + QLatin1Char('/') + name;
}

} // namespace

AccountStore::AccountStore(QSettings &settings)
    : m_settings(settings)
{ }

QStringList AccountStore::names() const
{
    m_settings.beginGroup(QLatin1String(kGroup));
    QStringList names = m_settings.childGroups();
    m_settings.endGroup();
    names.sort();
    return names;
}

bool AccountStore::contains(const QString &name) const
{
    return Account::isValidName(name) && names().contains(name);
}

Result<Account> AccountStore::load(const QString &name) const
{
    if (!contains(name)) {
        Error error = makeError(Error::Kind::Config, Tr::tr("There is no account “%1”.").arg(name),
                                Tr::tr("`mantle accounts list` shows the accounts."));
        error.code = QStringLiteral("NoSuchAccount");
        return error;
    }
    m_settings.beginGroup(groupOf(name));
    QJsonObject object;
    for (const QString &key : m_settings.childKeys()) {
        const QVariant value = m_settings.value(key);
        if (key == QLatin1String("durationSeconds"))
            object.insert(key, value.toInt());
        else
            object.insert(key, value.toString());
    }
    m_settings.endGroup();
    object.insert(QStringLiteral("name"), name);
    auto account = Account::fromJson(object);
    if (!account) {
        Error error = account.error();
        error.kind = Error::Kind::Config;
        error.message = Tr::tr("The settings of account “%1” are broken: %2")
                            .arg(name, account.error().message);
        return error;
    }
    return account;
}

Status AccountStore::save(const Account &account)
{
    if (const Status ok = account.validate(); !ok)
        return ok;
    const QJsonObject object = account.toJson();
    m_settings.remove(groupOf(account.name));
    m_settings.beginGroup(groupOf(account.name));
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("name"))
            m_settings.setValue(it.key(), it.value().toVariant());
    }
    m_settings.endGroup();
    return sync();
}

Status AccountStore::rename(const QString &from, const QString &to)
{
    auto account = load(from);
    if (!account)
        return account.error();
    if (contains(to))
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("There is already an account “%1”.").arg(to));
    Account renamed = *account;
    renamed.name = to;
    if (const Status ok = renamed.validate(); !ok)
        return ok;
    const QStringList dependents = dependentsOf(from);
    const QVariant models = m_settings.value(modelSettingsKey(from));
    m_settings.remove(groupOf(from));
    m_settings.remove(modelSettingsKey(from));
    if (models.isValid())
        m_settings.setValue(modelSettingsKey(to), models);
    if (const Status ok = save(renamed); !ok)
        return ok;
    for (const QString &dependent : dependents) {
        auto role = load(dependent);
        if (!role)
            continue;
        role->sourceAccount = to;
        if (const Status ok = save(*role); !ok)
            return ok;
    }
    return sync();
}

Status AccountStore::remove(const QString &name)
{
    if (!Account::isValidName(name))
        return {};
    m_settings.remove(groupOf(name));
    m_settings.remove(modelSettingsKey(name));
    return sync();
}

QString AccountStore::modelSettingsKey(const QString &name)
{
    return QLatin1String(kModelsGroup) + QLatin1Char('/') + name;
}

QStringList AccountStore::dependentsOf(const QString &name) const
{
    QStringList dependents;
    for (const QString &other : names()) {
        const auto account = load(other);
        if (account && account->auth == AuthMethod::AssumeRole
            && account->roleSource == RoleSource::Account && account->sourceAccount == name)
            dependents.append(other);
    }
    return dependents;
}

Status AccountStore::sync()
{
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return makeError(
            Error::Kind::Io,
            Tr::tr("The settings file “%1” could not be written.").arg(m_settings.fileName()));
    return {};
}

Status AccountStore::exportToFile(const Account &account, const QString &path)
{
    if (const Status ok = account.validate(); !ok)
        return ok;
    QJsonObject object = account.toJson();
    object.insert(kFormatKey, kFormatVersion);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(Error::Kind::Io,
                         Tr::tr("Cannot write “%1”: %2").arg(path, file.errorString()));
    }
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return makeError(Error::Kind::Io,
                         Tr::tr("Cannot write “%1”: %2").arg(path, file.errorString()));
    return {};
}

Result<Account> AccountStore::importFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Kind::Io,
                         Tr::tr("Cannot read “%1”: %2").arg(path, file.errorString()));
    if (file.size() > kMaxFileBytes)
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("“%1” is too large to be an account file.").arg(path));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()
        || document.object().value(kFormatKey).toInt() != kFormatVersion)
        return makeError(
            Error::Kind::Parse,
            Tr::tr("“%1” is not an account file exported by Mantle Playground.").arg(path));
    QJsonObject object = document.object();
    object.remove(kFormatKey);
    return Account::fromJson(object);
}

} // namespace mantle::accounts
