#include "comparetargetrow.h"

#include "playgroundservices.h"

#include "mantle/regions.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>

#include <iterator>

namespace mantle::ui {

namespace {

constexpr mantle::ApiSurface kAnswerSurfaces[]
    = {mantle::ApiSurface::ChatCompletions, mantle::ApiSurface::Responses,
       mantle::ApiSurface::Messages};

} // namespace

CompareTargetRow::CompareTargetRow(PlaygroundServices &services, bool withSurface, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
{
    setObjectName(QStringLiteral("compareTargetRow"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);

    m_account = new QComboBox(this);
    m_account->setObjectName(QStringLiteral("targetAccountCombo"));
    m_account->setAccessibleName(tr("Account"));
    for (const QString &name : m_services.accountNames())
        m_account->addItem(name, name);
    m_region = new QComboBox(this);
    m_region->setObjectName(QStringLiteral("targetRegionCombo"));
    m_region->setAccessibleName(tr("Region"));
    for (const mantle::Region &region : mantle::mantleRegions())
        m_region->addItem(region.code, region.code);
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("targetModelCombo"));
    m_model->setAccessibleName(tr("Model"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setMinimumContentsLength(22);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_surface = new QComboBox(this);
    m_surface->setObjectName(QStringLiteral("targetSurfaceCombo"));
    m_surface->setAccessibleName(tr("API"));
    m_remove = new QToolButton(this);
    m_remove->setObjectName(QStringLiteral("removeTargetButton"));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove this target"));

    row->addWidget(m_account, 1);
    row->addWidget(m_region);
    row->addWidget(m_model, 2);
    row->addWidget(m_surface, 1);
    row->addWidget(m_remove);
    m_surface->setVisible(withSurface);
    m_remove->setVisible(withSurface);

    connect(m_account, &QComboBox::currentIndexChanged, this, [this] {
        const QSignalBlocker blocker(m_region);
        const int index
            = m_region->findData(m_services.defaultRegion(m_account->currentData().toString()));
        if (index >= 0)
            m_region->setCurrentIndex(index);
        m_wantedModel = m_model->currentText();
        reloadModels();
    });
    connect(m_region, &QComboBox::currentIndexChanged, this, [this] {
        m_wantedModel = m_model->currentText();
        reloadModels();
    });
    connect(m_model, &QComboBox::currentTextChanged, this, [this] {
        fillSurfaces();
        Q_EMIT changed();
    });
    connect(m_surface, &QComboBox::currentIndexChanged, this, [this] {
        m_wantedSurface.reset(); // the user's choice wins over the one asked for before
        Q_EMIT changed();
    });
    connect(m_remove, &QToolButton::clicked, this, &CompareTargetRow::removeRequested);

    // The first account in its default region until a target is set.
    if (m_account->count() > 0) {
        const int index
            = m_region->findData(m_services.defaultRegion(m_account->currentData().toString()));
        if (index >= 0)
            m_region->setCurrentIndex(index);
        reloadModels();
    }
}

CompareTargetRow::~CompareTargetRow() = default;

void CompareTargetRow::setTarget(const compare::CompareTarget &target)
{
    m_avoidModel.clear();
    m_wantedModel = target.model;
    m_wantedSurface = target.surface;
    {
        const QSignalBlocker accountBlocker(m_account);
        const QSignalBlocker regionBlocker(m_region);
        int index = m_account->findData(target.account);
        if (index < 0 && !target.account.isEmpty()) {
            // An account the services do not list: kept, so that the run says what is wrong.
            m_account->addItem(target.account, target.account);
            index = m_account->count() - 1;
        }
        m_account->setCurrentIndex(index);
        const QString region
            = target.region.isEmpty() ? m_services.defaultRegion(target.account) : target.region;
        const int regionIndex = m_region->findData(region);
        if (regionIndex >= 0)
            m_region->setCurrentIndex(regionIndex);
    }
    // Shown at once, even before the list arrives.
    {
        const QSignalBlocker blocker(m_model);
        m_model->setEditText(target.model);
    }
    fillSurfaces();
    reloadModels();
}

void CompareTargetRow::setTargetWithOtherModel(const compare::CompareTarget &target)
{
    setTarget(target);
    m_avoidModel = target.model;
}

compare::CompareTarget CompareTargetRow::target() const
{
    compare::CompareTarget target;
    target.account = m_account->currentData().toString();
    target.region = m_region->currentData().toString();
    const int index = m_model->findText(m_model->currentText());
    target.model = index >= 0 && !m_model->itemData(index).toString().isEmpty()
        ? m_model->itemData(index).toString()
        : m_model->currentText().trimmed();
    if (m_surface->currentIndex() >= 0)
        target.surface = mantle::ApiSurface(m_surface->currentData().toInt());
    return target;
}

std::optional<mantle::ModelListEntry> CompareTargetRow::entry() const
{
    const QString model = target().model;
    for (const mantle::ModelListEntry &entry : m_entries) {
        if (entry.model.id == model)
            return entry;
    }
    return std::nullopt;
}

void CompareTargetRow::setRemovable(bool removable)
{
    m_remove->setEnabled(removable);
}

void CompareTargetRow::reloadModels()
{
    const quint64 generation = ++m_generation;
    const QString account = m_account->currentData().toString();
    const QString region = m_region->currentData().toString();
    if (account.isEmpty()) {
        m_entries.clear();
        fillModels();
        return;
    }
    m_loading = true;
    m_services.loadModels(
        account, region, this,
        [this, generation](QList<mantle::ModelListEntry> entries, const QString &problem) {
            if (generation != m_generation)
                return;
            m_loading = false;
            m_entries = std::move(entries);
            setToolTip(problem);
            fillModels();
            Q_EMIT modelsLoaded();
        });
}

void CompareTargetRow::fillModels()
{
    QString wanted = m_wantedModel.isEmpty() ? m_model->currentText() : m_wantedModel;
    if (!m_avoidModel.isEmpty()) {
        const mantle::ApiSurface surface
            = m_wantedSurface.value_or(mantle::ApiSurface::ChatCompletions);
        for (const mantle::ModelListEntry &entry : std::as_const(m_entries)) {
            if (entry.model.id != m_avoidModel && entry.model.surfaces.contains(surface)) {
                wanted = entry.model.id;
                break;
            }
        }
        m_avoidModel.clear();
    }
    {
        const QSignalBlocker blocker(m_model);
        m_model->clear();
        for (const mantle::ModelListEntry &entry : std::as_const(m_entries)) {
            if (compare::answerSurfaces(entry.model.surfaces).isEmpty())
                continue;
            m_model->addItem(entry.model.id, entry.model.id);
            m_model->setItemData(m_model->count() - 1, entry.model.displayName, Qt::ToolTipRole);
        }
        const int index = m_model->findData(wanted);
        if (index >= 0)
            m_model->setCurrentIndex(index);
        else
            m_model->setEditText(wanted);
    }
    m_wantedModel.clear();
    fillSurfaces();
    m_wantedSurface.reset();
    Q_EMIT changed();
}

void CompareTargetRow::fillSurfaces()
{
    const std::optional<mantle::ModelListEntry> listed = entry();
    const mantle::ApiSurface current = m_wantedSurface.value_or(
        m_surface->currentIndex() >= 0 ? mantle::ApiSurface(m_surface->currentData().toInt())
                                       : mantle::ApiSurface::ChatCompletions);
    const QSignalBlocker blocker(m_surface);
    m_surface->clear();
    QList<mantle::ApiSurface> surfaces;
    if (listed)
        surfaces = compare::answerSurfaces(listed->model.surfaces);
    if (surfaces.isEmpty()) // a model the list does not know: any API may be tried
        surfaces
            = QList<mantle::ApiSurface>(std::begin(kAnswerSurfaces), std::end(kAnswerSurfaces));
    for (const mantle::ApiSurface surface : std::as_const(surfaces))
        m_surface->addItem(mantle::apiSurfaceDisplayName(surface), int(surface));
    const int index = m_surface->findData(int(current));
    m_surface->setCurrentIndex(index >= 0 ? index : 0);
}

} // namespace mantle::ui
