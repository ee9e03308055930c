#pragma once

#include "common/result.h"
#include "mantle/modelsettings.h"

#include <QString>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace mantle::accounts {

/// Each account's model settings (custom models, overrides, the models the playground's picker
/// offers) in the QSettings the accounts live in: one compact JSON value under `models/<account>`
/// (AccountStore::modelSettingsKey()), shared by the app's Models view and `mantle models`.
///
/// It does not check that the account exists, and AccountStore moves and removes the value with
/// its account. Kept apart from AccountStore so that headers about accounts do not declare the
/// `mantle::mantle` namespace (which makes `mantle::` ambiguous after `using namespace mantle;`).
class ModelSettingsStore
{
public:
    /// The settings must outlive the store.
    explicit ModelSettingsStore(QSettings &settings);

    /// The account's model settings: empty when none are saved; an error naming the account
    /// when the saved value cannot be read.
    Result<::mantle::mantle::ModelSettings> load(const QString &account) const;
    /// Saves them (removing the value when they are empty: all models, no override), then syncs.
    Status save(const QString &account, const ::mantle::mantle::ModelSettings &settings);

private:
    QSettings &m_settings;
};

} // namespace mantle::accounts
