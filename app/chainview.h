#pragma once

#include "sessions/chaintree.h"
#include "sessions/session.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QWidget>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStandardItem;
class QStandardItemModel;
class QTreeView;
QT_END_NAMESPACE

namespace mantle::pipeline {
class BackgroundPoller;
class StoredResponseCall;
} // namespace mantle::pipeline

namespace mantle::ui {

class PlaygroundServices;

/// The chain view: every answer of the saved sessions as a tree (ChainTree), each node with its
/// response id, model, time, tokens, cost, whether it is stored server-side or only in local
/// history, how many messages went with it, and the status of a background response. From a
/// node the user continues or forks (signals; the window does it), retrieves a stored response
/// (its JSON in a read-only pane), deletes it (after confirming) or follows and cancels a
/// background one; any response id can be retrieved or deleted from the field below.
///
/// It reads the SessionStore only when it is first shown (or refreshed while shown), so it costs
/// nothing at start-up. It never edits sessions: which stored responses were deleted is known to
/// it alone (for this run of the app).
class ChainView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainView)

public:
    explicit ChainView(QWidget *parent = nullptr);
    ~ChainView() override;

    /// The store to read sessions from and where calls go; `services` must outlive the view.
    void setServices(PlaygroundServices &services);
    /// Shows these sessions instead of the store's (until refresh() reads the store again).
    void setSessions(QList<sessions::Session> sessions);
    /// Reads the sessions from the store again (now when shown, else when next shown).
    void refresh();
    /// The session shown in the playground: its path is highlighted, and the Response ID field
    /// uses its account and region.
    void setCurrentSession(const sessions::Session &session);

    /// How a deletion is confirmed; the default asks with a message box. Tests answer directly.
    using DeleteConfirmation = std::function<bool(const QString &responseId)>;
    void setDeleteConfirmation(DeleteConfirmation confirm) { m_confirmDelete = std::move(confirm); }
    /// The first poll interval for background responses (tests make it short).
    void setPollInterval(std::chrono::milliseconds interval) { m_pollInterval = interval; }

    const sessions::ChainTree &chainTree() const { return m_tree; }
    /// Selects the node of an answer (by its entry id, or its response id); false when none.
    bool selectEntry(const QString &entryId);
    bool selectResponse(const QString &responseId);
    /// The selected node's index in chainTree().nodes(), or -1.
    int selectedNode() const;
    /// The text the tree shows for a node in `column` (see Column).
    QString nodeText(int node, int column) const;
    /// What the JSON pane shows.
    QString responseText() const;

    enum Column {
        AnswerColumn,
        SessionColumn,
        ModelColumn,
        TimeColumn,
        TokensColumn,
        CostColumn,
        StoredColumn,
        SentColumn,
        StatusColumn,
        ColumnCount
    };

public Q_SLOTS:
    /// Retrieves the stored response of the selected node (or the one in the Response ID field
    /// when `responseId` is given).
    void retrieveSelected();
    void deleteSelected();
    void retrieveResponse(const QString &responseId);
    void deleteResponse(const QString &responseId);
    /// Polls a background response until it is final / asks the server to cancel it.
    void followBackground(const QString &responseId);
    void cancelBackground(const QString &responseId);

Q_SIGNALS:
    void continueFrom(const QString &sessionId, const QString &entryId);
    void forkRequested(const QString &sessionId, const QString &entryId);
    /// The JSON pane shows the answer to a retrieve (or why it failed).
    void responseShown(const QString &responseId, bool found);
    /// A delete ended; `deleted` says whether the server deleted it.
    void deleteFinished(const QString &responseId, bool deleted);
    /// The stored response of this answer is gone from the server (deleted, or not found): the
    /// session should note it, so that it is not continued from and stays marked.
    void storedResponseGone(const QString &sessionId, const QString &entryId);
    void backgroundStatusChanged(const QString &responseId, const QString &status);
    /// Polling ended: the response is final (status) or could not be followed (empty status).
    void backgroundFinished(const QString &responseId, const QString &status);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Where
    {
        QString account;
        QString region;
        QString model;
    };
    void ensureBuilt();
    void rebuild();
    void fillRow(int node);
    void fillItems(int node, const QList<QStandardItem *> &row);
    void updateButtons();
    void showMessage(const QString &text);
    Where whereFor(const QString &responseId) const;
    void startStoredCall(int action, const QString &responseId);
    void onStoredCallFinished(pipeline::StoredResponseCall *call);
    void setDeleted(const QString &responseId);
    void setStatus(const QString &responseId, const QString &status);

    PlaygroundServices *m_services = nullptr;
    bool m_built = false;
    bool m_stale = true; ///< the sessions must be read again before showing
    bool m_needsRebuild = false; ///< the tree must be built again before showing
    bool m_selectCurrent = false; ///< select the current session's last answer next time
    bool m_fromStore = true; ///< refresh() reads the store (setSessions() turns it off)
    QList<sessions::Session> m_sessions;
    sessions::Session m_current;
    sessions::ChainTree m_tree;
    QSet<QString> m_deleted;
    QHash<QString, QString> m_statuses; ///< background statuses seen here, by response id
    QHash<QString, QPointer<pipeline::BackgroundPoller>> m_pollers;
    QHash<QString, bool> m_cancelWanted; ///< cancel as soon as the target is resolved
    QPointer<pipeline::StoredResponseCall> m_call;
    QList<QStandardItem *> m_rows; ///< column 0 item of each node
    DeleteConfirmation m_confirmDelete;
    std::chrono::milliseconds m_pollInterval{500};

    QTreeView *m_view = nullptr;
    QStandardItemModel *m_model = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_continue = nullptr;
    QPushButton *m_fork = nullptr;
    QPushButton *m_retrieve = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_follow = nullptr;
    QPushButton *m_cancel = nullptr;
    QLineEdit *m_idField = nullptr;
    QPlainTextEdit *m_json = nullptr;
};

} // namespace mantle::ui
