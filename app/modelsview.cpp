#include "modelsview.h"

#include "accounts/accountmanager.h"
#include "accounts/accountresolver.h"
#include "accounts/modelsettingsstore.h"
#include "accounts/secretstore.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "mantle/apisurface.h"
#include "mantle/regions.h"
#include "modeleditor.h"
#include "modeltablemodel.h"
#include "net/httpclient.h"
#include "pipeline/calltarget.h"
#include "pipeline/livemodels.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

namespace mantle::ui {

ModelsView::ModelsView(QSettings &settings, QWidget *parent, const QString &keychainService)
    : QDialog(parent)
    , m_settings(settings)
    , m_store(settings)
    , m_secrets(keychainService.isEmpty() ? new accounts::SecretStore(this)
                                          : new accounts::SecretStore(keychainService, this))
    , m_manager(new accounts::AccountManager(m_store, *m_secrets, this))
    , m_network(new QNetworkAccessManager(this))
    , m_clock(std::make_unique<SystemClock>())
    , m_signer(std::make_unique<aws::SigV4Signer>())
    , m_client(std::make_unique<net::HttpClient>(m_network, *m_signer, *m_clock))
    , m_resolver(
          new accounts::AccountResolver(m_store, *m_manager, m_network, *m_signer, *m_clock, this))
    , m_catalogue(mantle::ModelCatalogue::builtIn())
    , m_account(new QComboBox(this))
    , m_region(new QComboBox(this))
    , m_refresh(new QPushButton(tr("&Refresh"), this))
    , m_table(new QTableView(this))
    , m_model(new ModelTableModel(this))
    , m_add(new QPushButton(tr("&Add model…"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
    , m_selectAll(new QPushButton(tr("Select &all"), this))
    , m_selectNone(new QPushButton(tr("Select &none"), this))
    , m_selectSurface(new QPushButton(tr("Select all &for"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("modelsView"));
    setWindowTitle(tr("Models"));
    resize(960, 560);

    m_account->setObjectName(QStringLiteral("modelsAccountCombo"));
    m_account->setAccessibleName(tr("Account"));
    m_region->setObjectName(QStringLiteral("modelsRegionCombo"));
    m_region->setAccessibleName(tr("Region"));
    for (const mantle::Region &region : mantle::mantleRegions())
        m_region->addItem(tr("%1 (%2)").arg(region.displayName, region.code), region.code);
    m_refresh->setObjectName(QStringLiteral("modelsRefreshButton"));
    m_refresh->setAccessibleName(tr("Refresh the live model list"));

    auto *top = new QHBoxLayout;
    auto *accountLabel = new QLabel(tr("A&ccount:"), this);
    accountLabel->setBuddy(m_account);
    auto *regionLabel = new QLabel(tr("Re&gion:"), this);
    regionLabel->setBuddy(m_region);
    top->addWidget(accountLabel);
    top->addWidget(m_account, 1);
    top->addWidget(regionLabel);
    top->addWidget(m_region, 1);
    top->addWidget(m_refresh);

    m_table->setObjectName(QStringLiteral("modelsTable"));
    m_table->setAccessibleName(tr("Models"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_add->setObjectName(QStringLiteral("modelsAddButton"));
    m_add->setAccessibleName(tr("Add a custom model"));
    m_edit->setObjectName(QStringLiteral("modelsEditButton"));
    m_edit->setAccessibleName(tr("Edit the selected model"));
    m_remove->setObjectName(QStringLiteral("modelsRemoveButton"));
    m_remove->setAccessibleName(tr("Remove the selected custom model"));
    m_selectAll->setObjectName(QStringLiteral("modelsSelectAllButton"));
    m_selectAll->setToolTip(tr("Offer every model in the playground's model picker, also "
                               "models that appear later."));
    m_selectNone->setObjectName(QStringLiteral("modelsSelectNoneButton"));
    m_selectNone->setToolTip(tr("Offer no model in the playground's model picker until you "
                                "check some."));
    m_selectSurface->setObjectName(QStringLiteral("modelsSelectSurfaceButton"));
    m_selectSurface->setToolTip(tr("Add the listed models that serve an API to the "
                                   "playground's model picker."));
    auto *surfaceMenu = new QMenu(m_selectSurface);
    surfaceMenu->setObjectName(QStringLiteral("modelsSelectSurfaceMenu"));
    for (const mantle::ApiSurface surface :
         {mantle::ApiSurface::ChatCompletions, mantle::ApiSurface::Responses,
          mantle::ApiSurface::Messages}) {
        QAction *action = surfaceMenu->addAction(mantle::apiSurfaceDisplayName(surface));
        action->setObjectName(QStringLiteral("selectSurface_") + mantle::apiSurfaceName(surface));
        connect(action, &QAction::triggered, this,
                [this, surface] { selectSurfaceForPicker(surface); });
    }
    m_selectSurface->setMenu(surfaceMenu);
    auto *picker = new QHBoxLayout;
    auto *pickerLabel = new QLabel(tr("Model picker:"), this);
    picker->addWidget(pickerLabel);
    picker->addWidget(m_selectAll);
    picker->addWidget(m_selectNone);
    picker->addWidget(m_selectSurface);
    picker->addStretch(1);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->setObjectName(QStringLiteral("modelsCloseButtons"));
    buttons->addWidget(close);

    m_status->setObjectName(QStringLiteral("modelsStatus"));
    m_status->setAccessibleName(tr("Status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(picker);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_account, &QComboBox::currentIndexChanged, this, &ModelsView::accountChanged);
    connect(m_region, &QComboBox::currentIndexChanged, this, &ModelsView::regionChanged);
    connect(m_refresh, &QPushButton::clicked, this, &ModelsView::refresh);
    connect(m_add, &QPushButton::clicked, this, &ModelsView::addModel);
    connect(m_edit, &QPushButton::clicked, this, &ModelsView::editSelectedModel);
    connect(m_remove, &QPushButton::clicked, this, &ModelsView::removeSelectedModel);
    connect(m_table, &QTableView::doubleClicked, this, &ModelsView::editSelectedModel);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ModelsView::updateButtons);
    connect(close, &QDialogButtonBox::rejected, this, &ModelsView::reject);
    connect(m_selectAll, &QPushButton::clicked, this, &ModelsView::selectAllForPicker);
    connect(m_selectNone, &QPushButton::clicked, this, &ModelsView::selectNoneForPicker);
    connect(m_model, &ModelTableModel::pickerToggled, this, &ModelsView::setInPicker);

    reloadAccounts();
}

ModelsView::~ModelsView() = default;

QString ModelsView::settingsKey(const QString &account)
{
    return accounts::AccountStore::modelSettingsKey(account);
}

QString ModelsView::currentAccount() const
{
    return m_account->currentData().toString();
}

QString ModelsView::currentRegion() const
{
    return m_region->currentData().toString();
}

const QList<mantle::ModelListEntry> &ModelsView::entries() const
{
    return m_model->entries();
}

QString ModelsView::statusText() const
{
    return m_status->text();
}

ModelEditor *ModelsView::editor() const
{
    return m_editor;
}

bool ModelsView::selectModel(const QString &modelId)
{
    const int row = m_model->rowOf(modelId);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    return true;
}

void ModelsView::reloadAccounts()
{
    const QString previous = currentAccount();
    {
        const QSignalBlocker blocker(m_account);
        m_account->clear();
        for (const QString &name : m_store.names())
            m_account->addItem(name, name);
        const int keep = m_account->findData(previous);
        m_account->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    accountChanged();
}

void ModelsView::accountChanged()
{
    ++m_generation;
    m_live.reset();
    m_modelSettings = {};
    const QString account = currentAccount();
    QString message;
    if (account.isEmpty()) {
        message = tr("No account yet: the catalogue's models show. Add an account with File > "
                     "Accounts… to see a region's live list.");
    } else {
        const Result<accounts::Account> loaded = m_store.load(account);
        if (loaded) {
            const QSignalBlocker blocker(m_region);
            const int index = m_region->findData(loaded->region);
            if (index >= 0)
                m_region->setCurrentIndex(index);
        } else {
            message = loaded.error().toDisplayString();
        }
        const Result<mantle::ModelSettings> saved
            = accounts::ModelSettingsStore(m_settings).load(account);
        if (saved)
            m_modelSettings = *saved;
        else
            message = saved.error().toDisplayString();
        if (message.isEmpty())
            message = tr("The catalogue's models show: press Refresh for the models the region "
                         "serves.");
    }
    m_refresh->setEnabled(!account.isEmpty());
    m_add->setEnabled(!account.isEmpty());
    m_selectAll->setEnabled(!account.isEmpty());
    m_selectNone->setEnabled(!account.isEmpty());
    m_selectSurface->setEnabled(!account.isEmpty());
    m_model->setPickerEditable(!account.isEmpty());
    rebuild();
    showStatus(message);
}

void ModelsView::regionChanged()
{
    ++m_generation;
    m_live.reset();
    rebuild();
    showStatus(tr("The catalogue's models show: press Refresh for the models %1 serves.")
                   .arg(currentRegion()));
}

void ModelsView::rebuild()
{
    const QString selected = selectedId();
    m_model->setEntries(
        mantle::ModelList::build(m_catalogue, m_live, m_modelSettings, currentRegion()));
    m_model->setPickerModels(m_modelSettings.pickerModels());
    m_table->resizeColumnsToContents();
    if (!selected.isEmpty())
        selectModel(selected);
    updateButtons();
}

void ModelsView::updateButtons()
{
    const int row = m_model->rowOf(selectedId());
    const bool editable = !currentAccount().isEmpty() && row >= 0;
    m_edit->setEnabled(editable);
    m_remove->setEnabled(editable && m_model->entries().at(row).custom);
}

void ModelsView::showStatus(const QString &text)
{
    m_status->setText(text);
}

QString ModelsView::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(Qt::UserRole).toString();
}

void ModelsView::refresh()
{
    const QString account = currentAccount();
    if (account.isEmpty()) {
        showStatus(tr("Add an account first (File > Accounts…)."));
        Q_EMIT refreshed(false);
        return;
    }
    const quint64 generation = ++m_generation;
    const QString region = currentRegion();
    m_refresh->setEnabled(false);
    showStatus(tr("Asking %1 for its models…").arg(region));
    QPointer<ModelsView> self(this);
    m_resolver->resolve(account, [self, generation, region](Result<pipeline::CallTarget> resolved) {
        if (!self || generation != self->m_generation)
            return;
        if (!resolved) {
            self->m_refresh->setEnabled(true);
            self->showStatus(
                tr("The account could not be used: %1").arg(resolved.error().toDisplayString()));
            Q_EMIT self->refreshed(false);
            return;
        }
        pipeline::CallTarget target = std::move(resolved).value();
        target.region = region;
        pipeline::fetchLiveModels(
            *self->m_client, std::move(target), self,
            [self, generation, region](Result<QList<mantle::LiveModel>> live) {
                if (generation != self->m_generation)
                    return;
                self->m_refresh->setEnabled(true);
                if (!live) {
                    self->showStatus(tr("The model list of %1 could not be fetched: %2")
                                         .arg(region, live.error().toDisplayString()));
                    Q_EMIT self->refreshed(false);
                    return;
                }
                self->m_live = std::move(live).value();
                self->rebuild();
                self->showStatus(
                    tr("%n model(s) live in %1.", nullptr, int(self->m_live->size())).arg(region));
                Q_EMIT self->refreshed(true);
            });
    });
}

void ModelsView::addModel()
{
    if (currentAccount().isEmpty())
        return;
    openEditor(new ModelEditor(this));
}

void ModelsView::editSelectedModel()
{
    const int row = m_model->rowOf(selectedId());
    if (currentAccount().isEmpty() || row < 0)
        return;
    const mantle::ModelInfo &model = m_model->entries().at(row).model;
    openEditor(new ModelEditor(model, m_modelSettings.find(model.id), this));
}

void ModelsView::openEditor(ModelEditor *editor)
{
    if (m_editor)
        m_editor->close();
    m_editor = editor;
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, [this, editor] { applyEditor(editor); });
    editor->open();
}

void ModelsView::applyEditor(ModelEditor *editor)
{
    const Result<mantle::ModelOverride> edited = editor->modelOverride();
    if (!edited) {
        showStatus(edited.error().toDisplayString());
        return;
    }
    mantle::ModelSettings updated = m_modelSettings;
    if (editor->isNewModel()) {
        const Status added = updated.addCustomModel(edited->modelId, edited->displayName);
        if (!added) {
            showStatus(added.error().toDisplayString());
            return;
        }
    }
    // Keep what the form does not show (the region override, the custom flag).
    mantle::ModelOverride merged = updated.find(edited->modelId).value_or(mantle::ModelOverride{});
    merged.modelId = edited->modelId;
    merged.displayName = edited->displayName;
    merged.routePrefix = edited->routePrefix;
    merged.surfaces = edited->surfaces;
    merged.prices = edited->prices;
    updated.set(merged);

    const mantle::ModelSettings previous = m_modelSettings;
    m_modelSettings = updated;
    const Status saved = saveModelSettings();
    if (!saved) {
        m_modelSettings = previous;
        showStatus(saved.error().toDisplayString());
        return;
    }
    rebuild();
    selectModel(edited->modelId);
    showStatus(editor->isNewModel() ? tr("Model “%1” added.").arg(edited->modelId)
                                    : tr("Model “%1” changed.").arg(edited->modelId));
}

void ModelsView::removeSelectedModel()
{
    const QString id = selectedId();
    const int row = m_model->rowOf(id);
    if (currentAccount().isEmpty() || row < 0 || !m_model->entries().at(row).custom)
        return;
    const mantle::ModelSettings previous = m_modelSettings;
    m_modelSettings.remove(id);
    const Status saved = saveModelSettings();
    if (!saved) {
        m_modelSettings = previous;
        showStatus(saved.error().toDisplayString());
        return;
    }
    rebuild();
    showStatus(tr("Model “%1” removed.").arg(id));
}

Status ModelsView::saveModelSettings()
{
    return accounts::ModelSettingsStore(m_settings).save(currentAccount(), m_modelSettings);
}

bool ModelsView::applyPicker(const mantle::ModelSettings &updated)
{
    if (currentAccount().isEmpty())
        return false;
    const mantle::ModelSettings previous = m_modelSettings;
    m_modelSettings = updated;
    if (const Status saved = saveModelSettings(); !saved) {
        m_modelSettings = previous;
        m_model->setPickerModels(m_modelSettings.pickerModels());
        showStatus(saved.error().toDisplayString());
        return false;
    }
    m_model->setPickerModels(m_modelSettings.pickerModels());
    const int offered = int(mantle::ModelList::pickerEntries(entries(), m_modelSettings).size());
    showStatus(m_modelSettings.pickerModels()
                   ? tr("The model picker offers %1 of the %n model(s) listed.", nullptr,
                        int(entries().size()))
                         .arg(offered)
                   : tr("The model picker offers every model."));
    return true;
}

void ModelsView::setInPicker(const QString &modelId, bool shown)
{
    mantle::ModelSettings updated = m_modelSettings;
    updated.setInPicker(modelId, shown, mantle::ModelList::allIds(entries()));
    applyPicker(updated);
}

void ModelsView::selectAllForPicker()
{
    mantle::ModelSettings updated = m_modelSettings;
    updated.setPickerModels(std::nullopt);
    applyPicker(updated);
}

void ModelsView::selectNoneForPicker()
{
    mantle::ModelSettings updated = m_modelSettings;
    updated.setPickerModels(QStringList{});
    applyPicker(updated);
}

void ModelsView::selectSurfaceForPicker(mantle::ApiSurface surface)
{
    if (!m_modelSettings.pickerModels()) {
        showStatus(tr("The model picker offers every model.")); // already
        return;
    }
    QStringList ids = m_modelSettings.pickerModels().value_or(QStringList());
    ids.append(mantle::ModelList::idsSupporting(entries(), surface));
    mantle::ModelSettings updated = m_modelSettings;
    updated.setPickerModels(ids);
    applyPicker(updated);
}

} // namespace mantle::ui
