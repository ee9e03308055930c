#include "recordedeventtablemodel.h"

namespace mantle::ui {

namespace {

/// At most `limit` bytes of `data` as text, on one line when `oneLine`; "…" marks a cut.
QString preview(const QByteArray &data, qsizetype limit, bool oneLine)
{
    QString text = QString::fromUtf8(data.left(limit));
    if (oneLine) {
        text.replace(QLatin1Char('\r'), QLatin1Char(' '));
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    }
    if (data.size() > limit)
        text += QChar(0x2026);
    return text;
}

} // namespace

RecordedEventTableModel::RecordedEventTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

RecordedEventTableModel::~RecordedEventTableModel() = default;

void RecordedEventTableModel::setEvents(const QList<pipeline::RecordedEvent> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

void RecordedEventTableModel::extendTo(const QList<pipeline::RecordedEvent> &events)
{
    const qsizetype shown = m_events.size();
    if (events.size() < shown) {
        setEvents(events);
        return;
    }
    if (events.size() == shown) {
        m_events = events; // the same rows: share the newer list, nothing to announce
        return;
    }
    beginInsertRows(QModelIndex(), int(shown), int(events.size() - 1));
    m_events = events;
    endInsertRows();
}

void RecordedEventTableModel::clear()
{
    setEvents({});
}

const pipeline::RecordedEvent *RecordedEventTableModel::eventAt(int row) const
{
    if (row < 0 || row >= m_events.size())
        return nullptr;
    return &m_events.at(row);
}

int RecordedEventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int RecordedEventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecordedEventTableModel::data(const QModelIndex &index, int role) const
{
    const pipeline::RecordedEvent *event = eventAt(index.row());
    if (!event)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return event->atMs;
        case EventColumn:
            return event->event;
        case DataColumn:
            return preview(event->data, kPreviewBytes, true);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == DataColumn)
            return preview(event->data, kToolTipBytes, false);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant RecordedEventTableModel::headerData(int section, Qt::Orientation orientation,
                                             int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time (ms)");
    case EventColumn:
        return tr("Event");
    case DataColumn:
        return tr("Data");
    }
    return {};
}

} // namespace mantle::ui
