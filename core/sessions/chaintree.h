#pragma once

#include "api/turn.h"
#include "mantle/apisurface.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace mantle::sessions {

struct Session;

/// One answer of the chain tree: where it is (session and entry), what it was and how it was
/// asked for.
struct ChainNode
{
    QString sessionId;
    QString sessionTitle;
    QString entryId;
    int row = -1; ///< the entry's row in its session
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;
    QString model;
    QString account;
    QString region;
    QDateTime createdAt; ///< UTC
    std::optional<api::Usage> usage;
    std::optional<qint64> costPico;
    QString responseId;
    /// The `previous_response_id` it was sent with (from its sentSpec); empty when it was sent
    /// with the whole conversation.
    QString previousResponseId;
    /// Kept server-side: a Responses answer with an id whose request did not turn store off.
    /// Chat and Messages answers (and Responses with store off) live only in local history.
    bool storedServerSide = false;
    /// The stored response was deleted on the server (its id is in the deleted set).
    bool deleted = false;
    /// How many messages went with the request: all of them when the conversation was re-sent,
    /// only the newer ones when it continued a stored response.
    int messagesSent = 0;
    /// The request was `background: true`; backgroundStatus is the last status seen (queued,
    /// in_progress, completed, cancelled...).
    bool background = false;
    QString backgroundStatus;
    bool failed = false; ///< it ended with an error
    QString preview; ///< the answer's first line, shortened

    int parent = -1; ///< index in ChainTree::nodes(), -1 for a root
    QList<int> children; ///< indexes, oldest first
};

/// A forest of the answers of many sessions (one account's, or all), for the chain view: each
/// answer is a node whose parent is the answer it continues.
///
/// - Responses with a previous response id: the node whose response id it is, in any session
///   (a fork continues its parent's chain).
/// - Chat and Messages, and Responses sent without one: the previous answer of the same session.
/// - A fork's first own answer: the answer it was forked after. A fork's copied entries are not
///   nodes of their own when the session they were copied from is in the list.
///
/// Plain data built in one pass; it sends nothing and reads no file (SessionStore does).
class ChainTree
{
public:
    /// `deletedResponseIds`: stored responses known to be deleted on the server.
    static ChainTree build(const QList<Session> &sessions,
                           const QSet<QString> &deletedResponseIds = {});

    const QList<ChainNode> &nodes() const { return m_nodes; }
    /// Indexes of the nodes without a parent, oldest first.
    const QList<int> &roots() const { return m_roots; }
    bool isEmpty() const { return m_nodes.isEmpty(); }

    /// The node of an answer, by session and entry id (a fork's copied entry gives the node of
    /// the original); -1 when there is none.
    int find(const QString &sessionId, const QString &entryId) const;
    /// The (first) node with this response id, -1 when none.
    int findResponse(const QString &responseId) const;
    /// The node and its ancestors, root first.
    QList<int> pathTo(int node) const;
    /// The nodes on the path to the last answer of `session` (root first): what the
    /// conversation shown now is made of.
    QList<int> currentPath(const Session &session) const;
    /// Marks every node with this response id deleted; false when there is none.
    bool markDeleted(const QString &responseId);
    /// Sets the background status of the nodes with this response id.
    void setBackgroundStatus(const QString &responseId, const QString &status);

private:
    QList<ChainNode> m_nodes;
    QList<int> m_roots;
    QHash<QString, int> m_byEntry; ///< entry id → node (entry ids are unique UUIDs)
    QHash<QString, int> m_byResponse;
};

} // namespace mantle::sessions
