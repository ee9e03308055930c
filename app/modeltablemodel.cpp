#include "modeltablemodel.h"

#include "mantle/routeresolver.h"

#include <QLocale>

namespace mantle::ui {

ModelTableModel::ModelTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ModelTableModel::setEntries(QList<mantle::ModelListEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int ModelTableModel::rowOf(const QString &modelId) const
{
    for (qsizetype row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).model.id == modelId)
            return int(row);
    }
    return -1;
}

void ModelTableModel::setPickerModels(const std::optional<QStringList> &modelIds)
{
    m_picker = modelIds;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, Picker), index(int(m_entries.size()) - 1, Picker),
                           {Qt::CheckStateRole});
}

bool ModelTableModel::isInPicker(int row) const
{
    return row >= 0 && row < m_entries.size()
        && (!m_picker || m_picker->contains(m_entries.at(row).model.id));
}

void ModelTableModel::setPickerEditable(bool editable)
{
    if (m_pickerEditable == editable)
        return;
    m_pickerEditable = editable;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, Picker), index(int(m_entries.size()) - 1, Picker));
}

Qt::ItemFlags ModelTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Picker && m_pickerEditable)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool ModelTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != Picker || role != Qt::CheckStateRole
        || index.row() >= m_entries.size() || !m_pickerEditable)
        return false;
    const bool shown = value.toInt() == int(Qt::Checked);
    if (shown == isInPicker(index.row()))
        return false;
    Q_EMIT pickerToggled(m_entries.at(index.row()).model.id, shown);
    return true;
}

int ModelTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ModelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ModelTableModel::sourceText(const mantle::ModelListEntry &entry)
{
    if (entry.custom)
        return tr("custom");
    if (entry.listedLive)
        return tr("live");
    return tr("catalogue");
}

QString ModelTableModel::surfacesText(const mantle::ApiSurfaceSet &surfaces)
{
    QStringList names;
    for (const mantle::ApiSurface surface : surfaces)
        names.append(mantle::apiSurfaceDisplayName(surface));
    return names.join(QStringLiteral(", "));
}

QString ModelTableModel::priceText(const mantle::ModelListEntry &entry, bool input) const
{
    if (!entry.model.prices)
        return tr("unknown");
    const mantle::ModelPrices &prices = *entry.model.prices;
    const double value = input ? prices.inputPerMillion : prices.outputPerMillion;
    const QString text
        = QStringLiteral("%1 %2").arg(QLocale().toString(value, 'f', 2), prices.currency);
    return entry.pricesArePrivate ? tr("%1 (private)").arg(text) : text;
}

QVariant ModelTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const mantle::ModelListEntry &entry = m_entries.at(index.row());
    if (role == Qt::UserRole)
        return entry.model.id;
    if (index.column() == Picker) {
        if (role == Qt::CheckStateRole)
            return isInPicker(index.row()) ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
            return isInPicker(index.row())
                ? tr("%1 shows in the playground's model picker").arg(entry.model.id)
                : tr("%1 does not show in the playground's model picker").arg(entry.model.id);
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Id:
        return entry.model.id;
    case Name:
        return entry.model.displayName;
    case Source:
        return sourceText(entry);
    case Surfaces:
        return surfacesText(entry.model.surfaces);
    case Prefix:
        return mantle::routePrefixPath(entry.model.needsOpenAiPrefix ? mantle::RoutePrefix::OpenAiV1
                                                                     : mantle::RoutePrefix::V1);
    case InputPrice:
        return priceText(entry, true);
    case OutputPrice:
        return priceText(entry, false);
    default:
        return {};
    }
}

QVariant ModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section == Picker && role == Qt::ToolTipRole)
        return tr("Show in the playground's model picker");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Picker:
        return tr("Picker");
    case Id:
        return tr("Model id");
    case Name:
        return tr("Name");
    case Source:
        return tr("Source");
    case Surfaces:
        return tr("Surfaces");
    case Prefix:
        return tr("Prefix");
    case InputPrice:
        return tr("Input / million");
    case OutputPrice:
        return tr("Output / million");
    default:
        return {};
    }
}

} // namespace mantle::ui
