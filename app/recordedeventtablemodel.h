#pragma once

#include "pipeline/requestrecord.h"

#include <QAbstractTableModel>
#include <QList>

namespace mantle::ui {

/// The server-sent events of one answer for the request inspector's table: time since the
/// request was sent, event name and a one-line preview of the data (the tooltip holds more).
///
/// One row per event and no widget per row, so tens of thousands of events stay fast. It shares
/// the record's event list (implicitly shared, no copy) and can append the events a stream added
/// since the last refresh. It does not parse or pretty-print the data.
class RecordedEventTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordedEventTableModel)

public:
    enum Column { TimeColumn, EventColumn, DataColumn, ColumnCount };
    /// The data column shows at most this many bytes, the tooltip at most kToolTipBytes.
    static constexpr qsizetype kPreviewBytes = 240;
    static constexpr qsizetype kToolTipBytes = 2000;

    explicit RecordedEventTableModel(QObject *parent = nullptr);
    ~RecordedEventTableModel() override;

    /// Shows `events` in place of what was shown.
    void setEvents(const QList<pipeline::RecordedEvent> &events);
    /// Shows `events`, of which the rows shown so far are the beginning (a stream that went on):
    /// only the new rows are inserted. Falls back to setEvents() when the list got shorter.
    void extendTo(const QList<pipeline::RecordedEvent> &events);
    void clear();
    /// The event of `row`, or nullptr when there is none.
    const pipeline::RecordedEvent *eventAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<pipeline::RecordedEvent> m_events;
};

} // namespace mantle::ui
