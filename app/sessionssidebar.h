#pragma once

#include "sessions/sessionstore.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QModelIndex;
class QTimer;
class QToolButton;

namespace mantle::ui {

class SessionListModel;

/// The playground window's list of sessions (issue #6, item 4): a "New session" button, an
/// "Import…" button, a search field, and one two-line row per session (title; surface, model
/// and date) with a context menu (Rename, Duplicate, Export as JSON…, Export as Markdown…,
/// Delete). A session whose file cannot be read is shown greyed with a warning icon and its
/// problem as tooltip; it cannot be opened, renamed, duplicated, exported or deleted here.
///
/// It reads and writes no files and searches nothing itself: it shows what the window gives it
/// (SessionStore's summaries and search results) and says what the user asked for through its
/// signals; the window does it and hands back the new list.
class SessionsSidebar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionsSidebar)

public:
    /// How long the search field waits after the last key before searchChanged.
    static constexpr int kSearchDelayMs = 200;

    explicit SessionsSidebar(QWidget *parent = nullptr);
    ~SessionsSidebar() override;

    /// Newest first, as given. Keeps the current session and the search narrowing.
    void setSessions(const QList<sessions::SessionSummary> &sessions);
    /// Highlights the session `id` (empty: none) without emitting sessionActivated.
    void setCurrentSession(const QString &id);
    QString currentSession() const { return m_currentId; }
    /// Nothing: every session; else only these ids, in the given order.
    void setSearchResults(const std::optional<QStringList> &ids);
    void focusSearch();
    QString searchText() const;

    /// Whether Delete asks first (the default). Tests turn it off to drive deleteRequested.
    void setConfirmDeletes(bool confirm) { m_confirmDeletes = confirm; }
    bool confirmDeletes() const { return m_confirmDeletes; }

    /// The context menu's actions. They act on the row the menu was opened on, else on the
    /// list's current row (F2 renames and Delete deletes while the list has the focus).
    QAction *renameAction() const { return m_renameAction; }
    QAction *duplicateAction() const { return m_duplicateAction; }
    QAction *exportJsonAction() const { return m_exportJsonAction; }
    QAction *exportMarkdownAction() const { return m_exportMarkdownAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *newSessionAction() const { return m_newSessionAction; }
    QAction *importAction() const { return m_importAction; }

    /// The list's model (SessionListModel) and view, for the window's tests and keyboard focus.
    SessionListModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

Q_SIGNALS:
    /// Click or Enter on a session that can be opened (not emitted for the current one).
    void sessionActivated(const QString &id);
    void newSessionRequested();
    /// The search text, kSearchDelayMs after the last change (at once when it becomes empty,
    /// which also shows every session again).
    void searchChanged(const QString &text);
    /// Emitted once the title editor has closed, with the trimmed new title.
    void renameRequested(const QString &id, const QString &title);
    void duplicateRequested(const QString &id);
    /// After the user confirmed (see setConfirmDeletes).
    void deleteRequested(const QString &id);
    /// format is "json" or "markdown".
    void exportRequested(const QString &id, const QString &format);
    void importRequested();

private:
    QString actionTarget() const;
    void updateActions();
    void updatePlaceholder();
    void activateIndex(const QModelIndex &index);
    void selectCurrent();
    void showContextMenu(const QPoint &position);
    void renameTarget();
    void deleteTarget();
    bool eventFilter(QObject *watched, QEvent *event) override;

    SessionListModel *m_model = nullptr;
    QListView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QTimer *m_searchTimer = nullptr;
    QToolButton *m_newButton = nullptr;
    QToolButton *m_importButton = nullptr;
    QLabel *m_placeholder = nullptr;
    void buildMenu();
    QMenu *m_menu = nullptr;
    QAction *m_newSessionAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_renameAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_exportJsonAction = nullptr;
    QAction *m_exportMarkdownAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QString m_currentId;
    QString m_menuTargetId; ///< the row the context menu is open on
    bool m_confirmDeletes = true;
};

} // namespace mantle::ui
