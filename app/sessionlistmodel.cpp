#include "sessionlistmodel.h"

#include "mantle/apisurface.h"

#include <QFileInfo>
#include <QLocale>
#include <QSet>

namespace mantle::ui {

using sessions::SessionSummary;

namespace {

constexpr int kDaysShownAsWeekday = 6;

QString relativeDate(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return {};
    const QLocale locale;
    const QDateTime local = when.toLocalTime();
    const qint64 daysAgo = local.date().daysTo(now.toLocalTime().date());
    if (daysAgo == 0)
        return locale.toString(local.time(), QLocale::ShortFormat);
    if (daysAgo == 1)
        return SessionListModel::tr("Yesterday");
    if (daysAgo > 1 && daysAgo <= kDaysShownAsWeekday)
        return locale.dayName(local.date().dayOfWeek(), QLocale::LongFormat);
    return locale.toString(local.date(), QLocale::ShortFormat);
}

} // namespace

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void SessionListModel::setSessions(const QList<SessionSummary> &sessions)
{
    bool sameIds = sessions.size() == m_sessions.size();
    for (qsizetype i = 0; sameIds && i < sessions.size(); ++i)
        sameIds = sessions.at(i).id == m_sessions.at(i).id;
    if (sameIds) {
        m_sessions = sessions;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    m_sessions = sessions;
    m_indexOfId.clear();
    m_indexOfId.reserve(m_sessions.size());
    for (qsizetype i = 0; i < m_sessions.size(); ++i)
        m_indexOfId.insert(m_sessions.at(i).id, static_cast<int>(i));
    rebuildRows();
    endResetModel();
}

void SessionListModel::setFilter(const std::optional<QStringList> &ids)
{
    beginResetModel();
    m_filter = ids;
    rebuildRows();
    endResetModel();
}

void SessionListModel::rebuildRows()
{
    m_rows.clear();
    if (!m_filter) {
        m_rows.reserve(m_sessions.size());
        for (qsizetype i = 0; i < m_sessions.size(); ++i)
            m_rows.append(static_cast<int>(i));
        return;
    }
    QSet<int> seen;
    for (const QString &id : *m_filter) {
        const auto found = m_indexOfId.constFind(id);
        if (found != m_indexOfId.constEnd() && !seen.contains(*found)) {
            seen.insert(*found);
            m_rows.append(*found);
        }
    }
}

int SessionListModel::rowOf(const QString &id) const
{
    const auto found = m_indexOfId.constFind(id);
    if (found == m_indexOfId.constEnd())
        return -1;
    return static_cast<int>(m_rows.indexOf(*found));
}

const SessionSummary *SessionListModel::sessionAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_sessions.at(m_rows.at(row));
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    const SessionSummary *session = sessionAt(index.row());
    if (!session || index.parent().isValid())
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return displayTitle(*session);
    case Qt::EditRole:
        return session->title;
    case Qt::ToolTipRole:
        if (session->problem)
            return tr("%1\nThe file is left as it is: %2")
                .arg(session->problem->toDisplayString(), session->filePath);
        return displayTitle(*session);
    case Qt::AccessibleTextRole:
        return displayTitle(*session);
    case Qt::AccessibleDescriptionRole:
        if (session->problem)
            return tr("Cannot be opened: %1").arg(session->problem->toDisplayString());
        return subtitle(*session, QDateTime::currentDateTime());
    case IdRole:
        return session->id;
    case SubtitleRole:
        if (session->problem)
            return session->problem->message;
        return subtitle(*session, QDateTime::currentDateTime());
    case HasProblemRole:
        return session->problem.has_value();
    case ProblemRole:
        return session->problem ? session->problem->toDisplayString() : QString();
    case FilePathRole:
        return session->filePath;
    default:
        return {};
    }
}

bool SessionListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const SessionSummary *session = sessionAt(index.row());
    if (!session || role != Qt::EditRole || session->problem)
        return false;
    const QString title = value.toString().trimmed();
    if (title.isEmpty() || title == session->title)
        return false;
    Q_EMIT titleEdited(session->id, title);
    return true;
}

Qt::ItemFlags SessionListModel::flags(const QModelIndex &index) const
{
    const SessionSummary *session = sessionAt(index.row());
    if (!session)
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (!session->problem)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QString SessionListModel::displayTitle(const SessionSummary &session)
{
    if (!session.title.trimmed().isEmpty())
        return session.title;
    if (!session.filePath.isEmpty())
        return QFileInfo(session.filePath).fileName();
    return tr("Untitled session");
}

QString SessionListModel::subtitle(const SessionSummary &session, const QDateTime &now)
{
    const QString surface = mantle::apiSurfaceDisplayName(session.surface);
    const QString date = relativeDate(session.updatedAt, now);
    if (session.model.isEmpty())
        return date.isEmpty() ? surface : tr("%1 · %2").arg(surface, date);
    if (date.isEmpty())
        return tr("%1 · %2").arg(surface, session.model);
    return tr("%1 · %2 · %3").arg(surface, session.model, date);
}

} // namespace mantle::ui
