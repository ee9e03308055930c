#pragma once

#include "compare/comparerun.h"

#include <QAbstractTableModel>
#include <QList>

namespace mantle::ui {

/// The compare window's table: one row per target of a comparison, with time to first token,
/// tokens per second, total time, input and output tokens, cost and the error. Qt::DisplayRole
/// is the text shown; kSortRole is a number (or text) that sorts as the column means, so a
/// QSortFilterProxyModel sorts it. Rows are updated in place as answers stream.
///
/// It shows results; it does not run anything (CompareRun does) and it does not export (the
/// CSV comes from compare::table).
class CompareTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareTableModel)

public:
    enum Column {
        Target,
        TimeToFirstToken,
        TokensPerSecond,
        Total,
        Input,
        Output,
        Cost,
        Error,
        ColumnCount
    };
    static constexpr int kSortRole = Qt::UserRole + 1;

    explicit CompareTableModel(QObject *parent = nullptr);
    ~CompareTableModel() override;

    /// Replaces every row.
    void setResults(const QList<::mantle::compare::CompareResult> &results);
    /// Updates one row (`row` must exist).
    void updateRow(int row, const ::mantle::compare::CompareResult &result);
    const QList<::mantle::compare::CompareResult> &results() const { return m_results; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<::mantle::compare::CompareResult> m_results;
};

} // namespace mantle::ui
