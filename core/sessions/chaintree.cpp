#include "chaintree.h"

#include "session.h"

#include <algorithm>

namespace mantle::sessions {

namespace {

constexpr qsizetype kPreviewLength = 80;

/// Entries every surface leaves out of a request: an answer that failed before anything came.
bool isSentAsMessage(const SessionEntry &entry)
{
    return entry.role != api::MessageRole::Assistant || !entry.text.isEmpty()
        || !entry.toolCalls.isEmpty();
}

QString previewOf(const QString &text)
{
    QString line = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (line.isEmpty())
        line = text.trimmed().section(QLatin1Char('\n'), 0, 0);
    if (line.size() > kPreviewLength)
        line = line.left(kPreviewLength - 1) + QChar(0x2026);
    return line;
}

/// The first row of `session` that is its own and not a copy of the session it was forked
/// from, when that session is known.
qsizetype firstOwnRow(const Session &session, const QSet<QString> &known)
{
    if (session.forkedFromSession.isEmpty() || !known.contains(session.forkedFromSession)
        || session.forkedFromEntry.isEmpty())
        return 0;
    for (qsizetype i = 0; i < session.entries.size(); ++i) {
        if (session.entries.at(i).id == session.forkedFromEntry)
            return i + 1;
    }
    return 0;
}

struct PendingLink
{
    int node = -1;
    QString previousResponseId;
    QString previousAnswerEntry; ///< the answer before it in its session (copies included)
};

} // namespace

ChainTree ChainTree::build(const QList<Session> &sessions, const QSet<QString> &deletedResponseIds)
{
    ChainTree tree;
    QSet<QString> known;
    for (const Session &session : sessions)
        known.insert(session.id);

    QList<PendingLink> links;
    for (const Session &session : sessions) {
        const qsizetype ownFrom = firstOwnRow(session, known);
        QString previousAnswer;
        for (qsizetype row = 0; row < session.entries.size(); ++row) {
            const SessionEntry &entry = session.entries.at(row);
            if (entry.role != api::MessageRole::Assistant)
                continue;
            if (row < ownFrom || tree.m_byEntry.contains(entry.id)) {
                previousAnswer = entry.id;
                continue;
            }
            ChainNode node;
            node.sessionId = session.id;
            node.sessionTitle = session.title;
            node.entryId = entry.id;
            node.row = int(row);
            node.surface = session.surface;
            node.model = entry.model.isEmpty() ? session.model : entry.model;
            node.account = entry.account;
            node.region = entry.region;
            node.createdAt = entry.createdAt;
            node.usage = entry.usage;
            node.costPico = entry.costPico;
            node.responseId = entry.responseId;
            node.failed = entry.error.has_value();
            node.preview = previewOf(entry.text);
            const bool responses = session.surface == mantle::ApiSurface::Responses;
            if (entry.sentSpec) {
                const api::RequestSpec &sent = *entry.sentSpec;
                node.previousResponseId = responses ? sent.previousResponseId : QString();
                node.background = responses && sent.background;
                qsizetype begin = 0;
                if (!node.previousResponseId.isEmpty()) {
                    for (qsizetype i = row - 1; i >= 0; --i) {
                        if (session.entries.at(i).responseId == node.previousResponseId) {
                            begin = i + 1;
                            break;
                        }
                    }
                }
                node.messagesSent
                    = int(std::count_if(session.entries.cbegin() + begin,
                                        session.entries.cbegin() + row, isSentAsMessage));
                node.storedServerSide
                    = responses && !entry.responseId.isEmpty() && sent.store.value_or(true);
            } else {
                // Older files: the request as the session would make it now.
                const api::RequestSpec spec = session.requestSpec(int(row));
                node.previousResponseId = spec.previousResponseId;
                node.messagesSent = int(spec.messages.size());
                node.storedServerSide
                    = responses && !entry.responseId.isEmpty() && session.store.value_or(true);
            }
            if (node.background)
                node.backgroundStatus = entry.stopReason;
            node.deleted = node.storedServerSide
                && (entry.responseDeleted || deletedResponseIds.contains(entry.responseId));

            const int index = int(tree.m_nodes.size());
            tree.m_byEntry.insert(entry.id, index);
            if (!entry.responseId.isEmpty() && !tree.m_byResponse.contains(entry.responseId))
                tree.m_byResponse.insert(entry.responseId, index);
            links.append({index, node.previousResponseId, previousAnswer});
            tree.m_nodes.append(std::move(node));
            previousAnswer = entry.id;
        }
    }

    for (const PendingLink &link : std::as_const(links)) {
        int parent = -1;
        if (!link.previousResponseId.isEmpty())
            parent = tree.m_byResponse.value(link.previousResponseId, -1);
        if (parent < 0 && !link.previousAnswerEntry.isEmpty())
            parent = tree.m_byEntry.value(link.previousAnswerEntry, -1);
        if (parent == link.node)
            parent = -1;
        tree.m_nodes[link.node].parent = parent;
        if (parent < 0)
            tree.m_roots.append(link.node);
        else
            tree.m_nodes[parent].children.append(link.node);
    }

    const auto oldestFirst = [&tree](int a, int b) {
        const QDateTime &left = tree.m_nodes.at(a).createdAt;
        const QDateTime &right = tree.m_nodes.at(b).createdAt;
        return left != right ? left < right : a < b;
    };
    std::sort(tree.m_roots.begin(), tree.m_roots.end(), oldestFirst);
    for (ChainNode &node : tree.m_nodes)
        std::sort(node.children.begin(), node.children.end(), oldestFirst);
    return tree;
}

int ChainTree::find(const QString &sessionId, const QString &entryId) const
{
    Q_UNUSED(sessionId) // entry ids are unique; a fork's copies share the original's id
    return m_byEntry.value(entryId, -1);
}

int ChainTree::findResponse(const QString &responseId) const
{
    return responseId.isEmpty() ? -1 : m_byResponse.value(responseId, -1);
}

QList<int> ChainTree::pathTo(int node) const
{
    QList<int> path;
    // Bounded by the node count, so a malformed file with a loop cannot hang the view.
    while (node >= 0 && node < m_nodes.size() && path.size() <= m_nodes.size()) {
        path.prepend(node);
        node = m_nodes.at(node).parent;
    }
    return path;
}

QList<int> ChainTree::currentPath(const Session &session) const
{
    for (auto entry = session.entries.crbegin(); entry != session.entries.crend(); ++entry) {
        if (entry->role == api::MessageRole::Assistant)
            return pathTo(find(session.id, entry->id));
    }
    return {};
}

bool ChainTree::markDeleted(const QString &responseId)
{
    bool found = false;
    for (ChainNode &node : m_nodes) {
        if (!responseId.isEmpty() && node.responseId == responseId) {
            node.deleted = true;
            found = true;
        }
    }
    return found;
}

void ChainTree::setBackgroundStatus(const QString &responseId, const QString &status)
{
    for (ChainNode &node : m_nodes) {
        if (!responseId.isEmpty() && node.responseId == responseId)
            node.backgroundStatus = status;
    }
}

} // namespace mantle::sessions
