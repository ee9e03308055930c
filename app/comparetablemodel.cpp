#include "comparetablemodel.h"

#include "mantle/costcalculator.h"

namespace mantle::ui {

CompareTableModel::CompareTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

CompareTableModel::~CompareTableModel() = default;

void CompareTableModel::setResults(const QList<compare::CompareResult> &results)
{
    beginResetModel();
    m_results = results;
    endResetModel();
}

void CompareTableModel::updateRow(int row, const compare::CompareResult &result)
{
    if (row < 0 || row >= m_results.size())
        return;
    m_results[row] = result;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int CompareTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int CompareTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CompareTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_results.size())
        return {};
    if (role != Qt::DisplayRole && role != kSortRole && role != Qt::TextAlignmentRole
        && role != Qt::ToolTipRole)
        return {};
    const compare::CompareResult &result = m_results.at(index.row());
    const bool sort = role == kSortRole;
    const auto usage = result.turn.usage;
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() != Target && index.column() != Error;
        return QVariant::fromValue(
            Qt::Alignment((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter));
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Target)
            return result.target.label();
        if (index.column() == Error)
            return result.errorText();
        return {};
    }
    auto milliseconds = [&](std::optional<std::chrono::milliseconds> value) -> QVariant {
        if (!value)
            return sort ? QVariant(qint64(-1)) : QVariant();
        return sort ? QVariant(qint64(value->count()))
                    : QVariant(tr("%1 ms").arg(qint64(value->count())));
    };
    auto tokens = [&](std::optional<qint64> value) -> QVariant {
        if (!value)
            return sort ? QVariant(qint64(-1)) : QVariant();
        return sort ? QVariant(*value) : QVariant(QString::number(*value));
    };
    switch (index.column()) {
    case Target:
        return result.target.label();
    case TimeToFirstToken:
        return milliseconds(result.timings.timeToFirstToken);
    case TokensPerSecond:
        if (!result.timings.tokensPerSecond)
            return sort ? QVariant(-1.0) : QVariant();
        return sort ? QVariant(*result.timings.tokensPerSecond)
                    : QVariant(QString::number(*result.timings.tokensPerSecond, 'f', 1));
    case Total:
        if (!result.started)
            return sort ? QVariant(qint64(-1)) : QVariant();
        return milliseconds(result.timings.total);
    case Input:
        return tokens(usage ? std::optional<qint64>(usage->inputTokens) : std::nullopt);
    case Output:
        return tokens(usage ? std::optional<qint64>(usage->outputTokens) : std::nullopt);
    case Cost:
        if (!result.cost)
            return sort ? QVariant(qint64(-1)) : QVariant();
        return sort ? QVariant(result.cost->totalPico())
                    : QVariant(tr("%1 %2").arg(
                        mantle::CostCalculator::formatAmount(result.cost->totalPico()),
                        result.cost->currency));
    case Error:
        return result.errorText();
    default:
        return {};
    }
}

QVariant CompareTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Target:
        return tr("Target");
    case TimeToFirstToken:
        return tr("TTFT");
    case TokensPerSecond:
        return tr("Tokens/s");
    case Total:
        return tr("Total");
    case Input:
        return tr("Input tokens");
    case Output:
        return tr("Output tokens");
    case Cost:
        return tr("Cost");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

} // namespace mantle::ui
