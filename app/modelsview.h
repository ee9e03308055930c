#pragma once

#include "accounts/accountstore.h"
#include "common/result.h"
#include "mantle/modelcatalogue.h"
#include "mantle/modellist.h"
#include "mantle/modelsettings.h"

#include <QDialog>
#include <QPointer>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QNetworkAccessManager;
class QPushButton;
class QSettings;
class QTableView;

namespace mantle {
class SystemClock;
}
namespace mantle::aws {
class SigV4Signer;
}
namespace mantle::net {
class HttpClient;
}
namespace mantle::accounts {
class AccountManager;
class AccountResolver;
class SecretStore;
} // namespace mantle::accounts

namespace mantle::ui {

class ModelEditor;
class ModelTableModel;

/// File > Models…: the models of one account in one region. Without a live list it shows the
/// built-in catalogue; "Refresh" asks the region's `GET /v1/models` (through AccountResolver and
/// MantleCall) and shows what it serves, marked live. The user adds custom models, sets
/// overrides (surfaces, prefix, private prices) and removes custom models, and chooses with a
/// check box per row (and Select all / Select none / Select all for a surface) which models the
/// playground's model picker offers; those settings are saved per account through
/// ModelSettingsStore (one JSON value under `models/<account>`).
///
/// It holds no protocol logic: the list is ModelList's, the request MantleCall's.
class ModelsView final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelsView)

public:
    /// The settings group of the per-account model settings.
    static constexpr char kGroup[] = "models";

    /// settings (not owned) must outlive the view. `keychainService` is the keychain's service
    /// name, empty for the app's own (tests pass theirs).
    explicit ModelsView(QSettings &settings, QWidget *parent = nullptr,
                        const QString &keychainService = {});
    ~ModelsView() override;

    /// The settings key of an account's model settings: `models/<account>`
    /// (AccountStore::modelSettingsKey()).
    static QString settingsKey(const QString &account);

    QString currentAccount() const;
    QString currentRegion() const;
    /// The rows shown.
    const QList<mantle::ModelListEntry> &entries() const;
    /// The account's model settings, as saved.
    const mantle::ModelSettings &modelSettings() const { return m_modelSettings; }
    /// What the line under the table says (the last refresh, an error).
    QString statusText() const;
    /// The open add or edit form, or null.
    ModelEditor *editor() const;
    /// Selects the row of `modelId`; false when it is not listed.
    bool selectModel(const QString &modelId);

public slots:
    /// Fetches the live list of the account in the chosen region.
    void refresh();
    /// "Add model…": opens the form for a custom model, window-modal.
    void addModel();
    /// "Edit…": opens the overrides of the selected model, window-modal.
    void editSelectedModel();
    /// "Remove": removes the selected custom model.
    void removeSelectedModel();
    /// Rereads the accounts (keeping the chosen one when it still exists).
    void reloadAccounts();
    /// "Select all": the picker offers every model (also those that appear later).
    void selectAllForPicker();
    /// "Select none": the picker offers no model until some are checked.
    void selectNoneForPicker();
    /// "Select all for <surface>": adds the listed models that serve `surface` to the picker.
    void selectSurfaceForPicker(mantle::ApiSurface surface);

signals:
    /// A refresh finished (the live list shows, or statusText() says why not).
    void refreshed(bool ok);

private:
    void accountChanged();
    void regionChanged();
    void rebuild();
    void updateButtons();
    void showStatus(const QString &text);
    void openEditor(ModelEditor *editor);
    void applyEditor(ModelEditor *editor);
    Status saveModelSettings();
    /// Saves `updated` as the account's settings (keeping the old ones when that fails) and
    /// shows the picker's state; false on failure (the status line says why).
    bool applyPicker(const mantle::ModelSettings &updated);
    void setInPicker(const QString &modelId, bool shown);
    QString selectedId() const;

    QSettings &m_settings;
    accounts::AccountStore m_store;
    accounts::SecretStore *m_secrets;
    accounts::AccountManager *m_manager;
    QNetworkAccessManager *m_network;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<aws::SigV4Signer> m_signer;
    std::unique_ptr<net::HttpClient> m_client;
    accounts::AccountResolver *m_resolver;
    mantle::ModelCatalogue m_catalogue;
    mantle::ModelSettings m_modelSettings;
    std::optional<QList<mantle::LiveModel>> m_live;
    quint64 m_generation = 0; ///< ignores answers for an account or region no longer shown

    QComboBox *m_account;
    QComboBox *m_region;
    QPushButton *m_refresh;
    QTableView *m_table;
    ModelTableModel *m_model;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QPushButton *m_selectAll;
    QPushButton *m_selectNone;
    QPushButton *m_selectSurface;
    QLabel *m_status;
    QPointer<ModelEditor> m_editor;
};

} // namespace mantle::ui
