#pragma once

#include "sessions/sessionstore.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::ui {

/// The rows of the sessions sidebar: the session summaries it was given (newest first, as
/// given), optionally narrowed to the ids of a search, in the search's order. One row per
/// visible session; the title is the display and edit text, the rest comes through the roles
/// below. An edit of a title does not change the row: it emits titleEdited, and the window
/// renames the file and gives the sidebar the new list.
///
/// It reads and writes no files, and knows nothing of how a search is made.
class SessionListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionListModel)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        SubtitleRole, ///< surface, model and date, for the muted second line
        HasProblemRole, ///< bool: the file could not be read
        ProblemRole, ///< the problem, for people (empty without one)
        FilePathRole,
    };

    explicit SessionListModel(QObject *parent = nullptr);

    /// Replaces the sessions. Keeps the rows (and an open editor) when the ids and their order
    /// are unchanged, resets the model otherwise. The search narrowing stays applied.
    void setSessions(const QList<sessions::SessionSummary> &sessions);
    /// Nothing: every session; else only these ids, in this order (unknown ids are skipped).
    void setFilter(const std::optional<QStringList> &ids);

    /// The row of the session `id`, or -1 when it is not shown.
    int rowOf(const QString &id) const;
    /// The session of a shown row, or nullptr.
    const sessions::SessionSummary *sessionAt(int row) const;
    /// How many sessions there are, shown or not.
    int sessionCount() const { return static_cast<int>(m_sessions.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    /// The title shown for a session: its own, or the file's name when it has none.
    static QString displayTitle(const sessions::SessionSummary &session);
    /// "Responses · openai.gpt-oss-120b · 14:05", the date relative to `now` (time today,
    /// "Yesterday", the weekday within a week, else the locale's short date).
    static QString subtitle(const sessions::SessionSummary &session, const QDateTime &now);

Q_SIGNALS:
    /// The user typed a new, different, non-empty title (trimmed) for the session `id`.
    void titleEdited(const QString &id, const QString &title);

private:
    void rebuildRows();

    QList<sessions::SessionSummary> m_sessions;
    QHash<QString, int> m_indexOfId;
    std::optional<QStringList> m_filter;
    QList<int> m_rows; ///< indexes into m_sessions, in the shown order
};

} // namespace mantle::ui
