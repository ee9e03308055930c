#include "costtablemodel.h"

#include "mantle/costcalculator.h"

#include <QLocale>
#include <QStringList>

namespace mantle::ui {

namespace {

using sessions::CostRow;
using sessions::PriceSource;

std::optional<qint64> part(const CostRow &row, qint64 mantle::RequestCost::*field)
{
    return row.breakdown ? std::optional<qint64>((*row.breakdown).*field) : std::nullopt;
}

QString count(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

CostTableModel::CostTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

CostTableModel::~CostTableModel() = default;

void CostTableModel::setRows(const QList<sessions::CostRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

const sessions::CostRow *CostTableModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_rows.at(row);
}

QString CostTableModel::priceSourceText(const sessions::CostRow &row)
{
    switch (row.priceSource) {
    case PriceSource::None:
        return tr("No price");
    case PriceSource::Catalogue:
        return row.pricesDate.isEmpty() ? tr("Catalogue")
                                        : tr("Catalogue (%1)").arg(row.pricesDate);
    case PriceSource::Private:
        return tr("Private");
    case PriceSource::Unrecorded:
        return tr("Not recorded");
    }
    return {};
}

int CostTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CostTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CostTableModel::data(const QModelIndex &index, int role) const
{
    const CostRow *row = rowAt(index.row());
    if (!row)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*row, index.column());
    case Qt::ToolTipRole:
        return toolTip(*row, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() >= InputTokensColumn && index.column() <= TotalColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant CostTableModel::display(const sessions::CostRow &row, int column) const
{
    const auto amount = [](const std::optional<qint64> &pico) {
        return pico ? mantle::CostCalculator::formatAmount(*pico, kCellDecimals) : QString();
    };
    switch (column) {
    case TimeColumn:
        return QLocale().toString(row.time.toLocalTime(), QLocale::ShortFormat);
    case ModelColumn:
        return row.model;
    case InputTokensColumn:
        return count(row.inputTokens);
    case CachedTokensColumn:
        return count(row.cachedInputTokens);
    case CacheWriteTokensColumn:
        return count(row.cacheWriteTokens);
    case OutputTokensColumn:
        return count(row.outputTokens);
    case ReasoningTokensColumn:
        return row.reasoningTokens ? count(*row.reasoningTokens) : QString();
    case InputCostColumn:
        return amount(part(row, &mantle::RequestCost::uncachedInputPico));
    case CachedCostColumn:
        return amount(part(row, &mantle::RequestCost::cachedInputPico));
    case CacheWriteCostColumn:
        return amount(part(row, &mantle::RequestCost::cacheWritePico));
    case OutputCostColumn:
        return amount(part(row, &mantle::RequestCost::outputPico));
    case TotalColumn:
        return row.totalPico ? amount(row.totalPico) : tr("unpriced");
    case PriceSourceColumn:
        return priceSourceText(row);
    default:
        return {};
    }
}

QVariant CostTableModel::toolTip(const sessions::CostRow &row, int column) const
{
    const auto exact = [&row](const std::optional<qint64> &pico) -> QVariant {
        if (!pico)
            return {};
        return tr("%1 %2").arg(mantle::CostCalculator::formatAmount(*pico, 12), row.currency);
    };
    switch (column) {
    case ReasoningTokensColumn:
        return row.reasoningTokens ? tr("Part of the output tokens, and billed with them.")
                                   : QVariant();
    case InputCostColumn:
        return exact(part(row, &mantle::RequestCost::uncachedInputPico));
    case CachedCostColumn:
        return exact(part(row, &mantle::RequestCost::cachedInputPico));
    case CacheWriteCostColumn:
        return exact(part(row, &mantle::RequestCost::cacheWritePico));
    case OutputCostColumn:
        return exact(part(row, &mantle::RequestCost::outputPico));
    case TotalColumn:
        if (!row.totalPico)
            return tr("The model had no known price when this answer came.");
        if (!row.breakdown)
            return tr("%1 (this answer kept its total only)").arg(exact(row.totalPico).toString());
        return exact(row.totalPico);
    case PriceSourceColumn:
        switch (row.priceSource) {
        case PriceSource::None:
            return tr("No price was known for this model.");
        case PriceSource::Unrecorded:
            return tr("Priced by an earlier version, which did not keep the prices it used.");
        case PriceSource::Catalogue:
        case PriceSource::Private: {
            QStringList lines{row.priceSource == PriceSource::Private
                                  ? tr("Your own prices for this model.")
                                  : tr("The catalogue's list prices.")};
            if (!row.pricesFrom.isEmpty())
                lines.append(tr("Source: %1").arg(row.pricesFrom));
            if (!row.pricesDate.isEmpty())
                lines.append(tr("As of: %1").arg(row.pricesDate));
            return lines.join(QLatin1Char('\n'));
        }
        }
        return {};
    default:
        return {};
    }
}

QVariant CostTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ModelColumn:
        return tr("Model");
    case InputTokensColumn:
        return tr("Input");
    case CachedTokensColumn:
        return tr("Cached");
    case CacheWriteTokensColumn:
        return tr("Cache write");
    case OutputTokensColumn:
        return tr("Output");
    case ReasoningTokensColumn:
        return tr("Reasoning");
    case InputCostColumn:
        return tr("Input cost");
    case CachedCostColumn:
        return tr("Cached cost");
    case CacheWriteCostColumn:
        return tr("Cache write cost");
    case OutputCostColumn:
        return tr("Output cost");
    case TotalColumn:
        return tr("Total (USD)");
    case PriceSourceColumn:
        return tr("Prices");
    default:
        return {};
    }
}

} // namespace mantle::ui
