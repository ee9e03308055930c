#pragma once

#include "sessions/costreport.h"

#include <QAbstractTableModel>
#include <QList>

namespace mantle::ui {

/// The cost rows of one session for the cost view's table: time, model, the tokens of each
/// kind, what each kind cost, the total and where the prices came from (the tooltip says the
/// source and date; amounts in the tooltip have all twelve decimals).
///
/// One row per answer, no widget per row, so a 2,000-answer session stays fast. It only shows
/// rows; it does not price anything or add anything up.
class CostTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostTableModel)

public:
    enum Column {
        TimeColumn,
        ModelColumn,
        InputTokensColumn,
        CachedTokensColumn,
        CacheWriteTokensColumn,
        OutputTokensColumn,
        ReasoningTokensColumn,
        InputCostColumn,
        CachedCostColumn,
        CacheWriteCostColumn,
        OutputCostColumn,
        TotalColumn,
        PriceSourceColumn,
        ColumnCount
    };
    /// Decimals of the amounts in the cells (the tooltips show all twelve).
    static constexpr int kCellDecimals = 6;

    explicit CostTableModel(QObject *parent = nullptr);
    ~CostTableModel() override;

    /// Shows `rows` in place of what was shown.
    void setRows(const QList<sessions::CostRow> &rows);
    const QList<sessions::CostRow> &rows() const { return m_rows; }
    /// The row `row`, or nullptr.
    const sessions::CostRow *rowAt(int row) const;

    /// "Catalogue (2026-01-15)", "Private", "Not recorded" or "No price", translated.
    static QString priceSourceText(const sessions::CostRow &row);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const sessions::CostRow &row, int column) const;
    QVariant toolTip(const sessions::CostRow &row, int column) const;

    QList<sessions::CostRow> m_rows;
};

} // namespace mantle::ui
