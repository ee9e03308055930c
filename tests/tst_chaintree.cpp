// The chain tree (issue #7, chaining): answers of many sessions as a forest whose edges are the
// previous_response_id a Responses answer was sent with, or the previous answer of the same
// session; forks hang under the answer they were forked after; what is stored server-side, how
// many messages were sent, deleted responses and background statuses.
//
// Answers are appended as SessionRunner appends them: their sentSpec is the session's own
// requestSpec() at that moment, so the chaining comes from the session's real rules.

#include "sessions/chaintree.h"
#include "sessions/session.h"

#include <QTest>
#include <QTimeZone>

using mantle::api::MessageRole;
using mantle::mantle::ApiSurface;
using mantle::sessions::ChainNode;
using mantle::sessions::ChainTree;
using mantle::sessions::Session;
using mantle::sessions::SessionEntry;

namespace {

constexpr char kAccount[] = "work";
constexpr char kRegion[] = "us-east-1";

QDateTime at(int minute)
{
    return QDateTime(QDate(2026, 3, 1), QTime(10, minute), QTimeZone::utc());
}

Session makeSession(ApiSurface surface, const QString &title)
{
    Session session = Session::create(surface);
    session.title = title;
    session.account = QString::fromLatin1(kAccount);
    session.region = QString::fromLatin1(kRegion);
    session.model = QStringLiteral("openai.gpt-oss-120b");
    return session;
}

void addUser(Session &session, const QString &text, int minute)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = MessageRole::User;
    entry.text = text;
    entry.createdAt = at(minute);
    session.entries.append(entry);
}

/// Appends an answer as SessionRunner does: the request it was asked with is the session's
/// requestSpec() now. Returns its entry id.
QString addAnswer(Session &session, const QString &text, const QString &responseId, int minute)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = MessageRole::Assistant;
    entry.text = text;
    entry.createdAt = at(minute);
    entry.model = session.model;
    entry.account = session.account;
    entry.region = session.region;
    entry.responseId = responseId;
    entry.sentSpec = session.requestSpec();
    entry.sentSpec->messages.clear();
    session.entries.append(entry);
    return entry.id;
}

QString addAnswer(Session &session, const QString &text, const char *responseId, int minute)
{
    return addAnswer(session, text, QString::fromLatin1(responseId), minute);
}

const ChainNode &nodeOf(const ChainTree &tree, const QString &entryId)
{
    const int index = tree.find(QString(), entryId);
    if (index < 0)
        qFatal("no node for entry %s", qPrintable(entryId));
    return tree.nodes().at(index);
}

QString parentEntry(const ChainTree &tree, const QString &entryId)
{
    const int parent = nodeOf(tree, entryId).parent;
    return parent < 0 ? QString() : tree.nodes().at(parent).entryId;
}

} // namespace

class tst_ChainTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersOfOneSessionChainToThePreviousAnswer_data();
    void answersOfOneSessionChainToThePreviousAnswer();
    void storedServerSideOnlyForResponsesWithStoreNotOff_data();
    void storedServerSideOnlyForResponsesWithStoreNotOff();
    void chainedResponsesSendOnlyTheNewerMessages();
    void forkHangsUnderTheAnswerItWasForkedAfter();
    void forkOfAnUnknownSessionKeepsItsCopiedAnswers();
    void previousResponseIdLinksAcrossSessions();
    void deletedResponsesAreMarked();
    void backgroundStatusComesFromTheEntry();
    void currentPathFollowsTheChainOfTheShownSession();
};

void tst_ChainTree::answersOfOneSessionChainToThePreviousAnswer_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("chainResponses");
    QTest::addColumn<bool>("chained");
    QTest::addRow("chat") << ApiSurface::ChatCompletions << true << false;
    QTest::addRow("messages") << ApiSurface::Messages << true << false;
    QTest::addRow("responses, chained") << ApiSurface::Responses << true << true;
    QTest::addRow("responses, re-sent") << ApiSurface::Responses << false << false;
}

void tst_ChainTree::answersOfOneSessionChainToThePreviousAnswer()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, chainResponses);
    QFETCH(bool, chained);
    Session session = makeSession(surface, QStringLiteral("one"));
    session.chainResponses = chainResponses;
    const bool responses = surface == ApiSurface::Responses;
    addUser(session, QStringLiteral("My name is Alex."), 0);
    const QString first
        = addAnswer(session, QStringLiteral("Hello Alex"), responses ? "resp_a" : "", 1);
    addUser(session, QStringLiteral("What is my name?"), 2);
    const QString second = addAnswer(session, QStringLiteral("Alex"), responses ? "resp_b" : "", 3);

    const ChainTree tree = ChainTree::build({session});
    QCOMPARE(tree.nodes().size(), 2);
    QCOMPARE(tree.roots().size(), 1);
    QCOMPARE(tree.nodes().at(tree.roots().first()).entryId, first);
    QCOMPARE(parentEntry(tree, second), first);
    QCOMPARE(nodeOf(tree, second).previousResponseId,
             chained ? QStringLiteral("resp_a") : QString());
    QCOMPARE(nodeOf(tree, second).row, 3);
    QCOMPARE(nodeOf(tree, second).sessionTitle, QStringLiteral("one"));
    QCOMPARE(nodeOf(tree, first).children, QList<int>{tree.find(session.id, second)});
}

void tst_ChainTree::storedServerSideOnlyForResponsesWithStoreNotOff_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<std::optional<bool>>("store");
    QTest::addColumn<QString>("responseId");
    QTest::addColumn<bool>("stored");
    QTest::addRow("responses, store unset")
        << ApiSurface::Responses << std::optional<bool>() << QStringLiteral("resp_x") << true;
    QTest::addRow("responses, store on")
        << ApiSurface::Responses << std::optional<bool>(true) << QStringLiteral("resp_x") << true;
    QTest::addRow("responses, store off")
        << ApiSurface::Responses << std::optional<bool>(false) << QStringLiteral("resp_x") << false;
    QTest::addRow("responses, no id (failed)")
        << ApiSurface::Responses << std::optional<bool>() << QString() << false;
    QTest::addRow("chat") << ApiSurface::ChatCompletions << std::optional<bool>()
                          << QStringLiteral("chatcmpl-1") << false;
    QTest::addRow("messages") << ApiSurface::Messages << std::optional<bool>()
                              << QStringLiteral("msg_1") << false;
}

void tst_ChainTree::storedServerSideOnlyForResponsesWithStoreNotOff()
{
    QFETCH(ApiSurface, surface);
    QFETCH(std::optional<bool>, store);
    QFETCH(QString, responseId);
    QFETCH(bool, stored);
    Session session = makeSession(surface, QStringLiteral("store"));
    session.store = store;
    addUser(session, QStringLiteral("Hi"), 0);
    const QString answer = addAnswer(session, QStringLiteral("Hello"), responseId, 1);
    // Turning store on afterwards does not change what happened to the answer.
    session.store = true;
    const ChainTree tree = ChainTree::build({session});
    QCOMPARE(nodeOf(tree, answer).storedServerSide, stored);
}

void tst_ChainTree::chainedResponsesSendOnlyTheNewerMessages()
{
    Session chained = makeSession(ApiSurface::Responses, QStringLiteral("chained"));
    Session resent = makeSession(ApiSurface::Responses, QStringLiteral("re-sent"));
    resent.chainResponses = false;
    QStringList last;
    for (Session *session : {&chained, &resent}) {
        QString answer;
        for (int turn = 0; turn < 3; ++turn) {
            addUser(*session, QStringLiteral("Turn %1").arg(turn), 2 * turn);
            answer = addAnswer(*session, QStringLiteral("Answer %1").arg(turn),
                               QStringLiteral("resp_%1_%2").arg(session->title).arg(turn),
                               2 * turn + 1);
        }
        last << answer;
    }
    const ChainTree tree = ChainTree::build({chained, resent});
    // The third answer: chained sends the one new user message, re-sent all five before it.
    QCOMPARE(nodeOf(tree, last.at(0)).messagesSent, 1);
    QCOMPARE(nodeOf(tree, last.at(1)).messagesSent, 5);
    QCOMPARE(nodeOf(tree, last.at(0)).previousResponseId, QStringLiteral("resp_chained_1"));
    QVERIFY(nodeOf(tree, last.at(1)).previousResponseId.isEmpty());
}

void tst_ChainTree::forkHangsUnderTheAnswerItWasForkedAfter()
{
    Session parent = makeSession(ApiSurface::Responses, QStringLiteral("parent"));
    addUser(parent, QStringLiteral("My name is Alex."), 0);
    const QString first = addAnswer(parent, QStringLiteral("Hello Alex"), "resp_1", 1);
    addUser(parent, QStringLiteral("Tell me a joke."), 2);
    const QString second = addAnswer(parent, QStringLiteral("A joke"), "resp_2", 3);

    // Forked after the first answer, then continued with another question.
    Session fork = parent.forkAt(1);
    addUser(fork, QStringLiteral("What is my name?"), 4);
    const QString forkAnswer = addAnswer(fork, QStringLiteral("Alex"), "resp_3", 5);
    QCOMPARE(fork.entries.at(3).sentSpec->previousResponseId, QStringLiteral("resp_1"));

    const ChainTree tree = ChainTree::build({fork, parent});
    QCOMPARE(tree.nodes().size(), 3); // the fork's copy of the first answer is not a node
    QCOMPARE(tree.roots().size(), 1);
    QCOMPARE(parentEntry(tree, forkAnswer), first);
    QCOMPARE(parentEntry(tree, second), first);
    QCOMPARE(nodeOf(tree, first).children.size(), 2);
    QCOMPARE(nodeOf(tree, forkAnswer).sessionId, fork.id);
    // The copied entry leads to the original's node.
    QCOMPARE(nodeOf(tree, first).sessionId, parent.id);

    // A fork of a Chat session hangs under the fork point too, with no response ids at all.
    Session chat = makeSession(ApiSurface::ChatCompletions, QStringLiteral("chat"));
    addUser(chat, QStringLiteral("a"), 0);
    const QString chatFirst = addAnswer(chat, QStringLiteral("b"), QString(), 1);
    addUser(chat, QStringLiteral("c"), 2);
    addAnswer(chat, QStringLiteral("d"), QString(), 3);
    Session chatFork = chat.forkAt(2); // after the user entry "c": the last copied answer is b
    const QString chatForkAnswer = addAnswer(chatFork, QStringLiteral("e"), QString(), 4);
    const ChainTree chatTree = ChainTree::build({chat, chatFork});
    QCOMPARE(chatTree.nodes().size(), 3);
    QCOMPARE(parentEntry(chatTree, chatForkAnswer), chatFirst);
}

void tst_ChainTree::forkOfAnUnknownSessionKeepsItsCopiedAnswers()
{
    Session parent = makeSession(ApiSurface::ChatCompletions, QStringLiteral("gone"));
    addUser(parent, QStringLiteral("a"), 0);
    const QString first = addAnswer(parent, QStringLiteral("b"), QString(), 1);
    Session fork = parent.forkAt(1);
    addUser(fork, QStringLiteral("c"), 2);
    const QString own = addAnswer(fork, QStringLiteral("d"), QString(), 3);
    const ChainTree tree = ChainTree::build({fork}); // the parent session was deleted
    QCOMPARE(tree.nodes().size(), 2);
    QCOMPARE(nodeOf(tree, first).sessionId, fork.id);
    QCOMPARE(parentEntry(tree, own), first);
}

void tst_ChainTree::previousResponseIdLinksAcrossSessions()
{
    // A session that continued a response made in another one (same account and region).
    Session a = makeSession(ApiSurface::Responses, QStringLiteral("a"));
    addUser(a, QStringLiteral("Hi"), 0);
    const QString answerA = addAnswer(a, QStringLiteral("Hello"), "resp_a", 1);
    Session b = makeSession(ApiSurface::Responses, QStringLiteral("b"));
    addUser(b, QStringLiteral("Again"), 2);
    SessionEntry answer;
    answer.id = Session::newId();
    answer.role = MessageRole::Assistant;
    answer.text = QStringLiteral("Hello again");
    answer.responseId = QStringLiteral("resp_b");
    answer.createdAt = at(3);
    answer.sentSpec = b.requestSpec();
    answer.sentSpec->previousResponseId = QStringLiteral("resp_a");
    b.entries.append(answer);
    const ChainTree tree = ChainTree::build({b, a});
    QCOMPARE(parentEntry(tree, answer.id), answerA);
    QCOMPARE(tree.findResponse(QStringLiteral("resp_b")), tree.find(b.id, answer.id));
    QCOMPARE(tree.roots().size(), 1);
}

void tst_ChainTree::deletedResponsesAreMarked()
{
    Session session = makeSession(ApiSurface::Responses, QStringLiteral("del"));
    addUser(session, QStringLiteral("Hi"), 0);
    const QString first = addAnswer(session, QStringLiteral("Hello"), "resp_1", 1);
    addUser(session, QStringLiteral("More"), 2);
    const QString second = addAnswer(session, QStringLiteral("Sure"), "resp_2", 3);
    ChainTree tree = ChainTree::build({session}, {QStringLiteral("resp_1")});
    QVERIFY(nodeOf(tree, first).deleted);
    QVERIFY(!nodeOf(tree, second).deleted);
    QVERIFY(tree.markDeleted(QStringLiteral("resp_2")));
    QVERIFY(nodeOf(tree, second).deleted);
    QVERIFY(!tree.markDeleted(QStringLiteral("resp_unknown")));
}

void tst_ChainTree::backgroundStatusComesFromTheEntry()
{
    Session session = makeSession(ApiSurface::Responses, QStringLiteral("bg"));
    addUser(session, QStringLiteral("Take your time"), 0);
    const QString plain = addAnswer(session, QStringLiteral("Done"), "resp_1", 1);
    addUser(session, QStringLiteral("And this"), 2);
    const QString background = addAnswer(session, QString(), "resp_2", 3);
    session.entries.last().sentSpec->background = true;
    session.entries.last().stopReason = QStringLiteral("in_progress");
    session.entries[1].stopReason = QStringLiteral("completed");

    ChainTree tree = ChainTree::build({session});
    QVERIFY(!nodeOf(tree, plain).background);
    QVERIFY(nodeOf(tree, plain).backgroundStatus.isEmpty());
    QVERIFY(nodeOf(tree, background).background);
    QCOMPARE(nodeOf(tree, background).backgroundStatus, QStringLiteral("in_progress"));
    tree.setBackgroundStatus(QStringLiteral("resp_2"), QStringLiteral("completed"));
    QCOMPARE(nodeOf(tree, background).backgroundStatus, QStringLiteral("completed"));
}

void tst_ChainTree::currentPathFollowsTheChainOfTheShownSession()
{
    Session parent = makeSession(ApiSurface::Responses, QStringLiteral("parent"));
    addUser(parent, QStringLiteral("1"), 0);
    const QString first = addAnswer(parent, QStringLiteral("one"), "resp_1", 1);
    addUser(parent, QStringLiteral("2"), 2);
    addAnswer(parent, QStringLiteral("two"), "resp_2", 3);
    Session fork = parent.forkAt(1);
    addUser(fork, QStringLiteral("3"), 4);
    const QString forkAnswer = addAnswer(fork, QStringLiteral("three"), "resp_3", 5);
    const ChainTree tree = ChainTree::build({parent, fork});
    const QList<int> path = tree.currentPath(fork);
    QCOMPARE(path.size(), 2);
    QCOMPARE(tree.nodes().at(path.at(0)).entryId, first);
    QCOMPARE(tree.nodes().at(path.at(1)).entryId, forkAnswer);
    QVERIFY(
        tree.currentPath(makeSession(ApiSurface::Responses, QStringLiteral("empty"))).isEmpty());
}

QTEST_GUILESS_MAIN(tst_ChainTree)
#include "tst_chaintree.moc"
