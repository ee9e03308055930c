#include "sessions/sessionstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

using mantle::Error;
using mantle::api::MessageRole;
using mantle::mantle::ApiSurface;
using mantle::sessions::Session;
using mantle::sessions::SessionEntry;
using mantle::sessions::SessionStore;
using mantle::sessions::SessionSummary;

namespace {

QDateTime at(int day)
{
    return QDateTime(QDate(2026, 5, day), QTime(12, 0, 0, 250), QTimeZone::utc());
}

SessionEntry makeEntry(MessageRole role, const QString &text)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = role;
    entry.text = text;
    entry.createdAt = at(1);
    return entry;
}

Session makeSession(const QString &title, int day, const QString &userText)
{
    Session session = Session::create(ApiSurface::ChatCompletions);
    session.title = title;
    session.createdAt = at(day);
    session.updatedAt = at(day);
    session.model = QStringLiteral("openai.gpt-oss-120b");
    session.entries.append(makeEntry(MessageRole::User, userText));
    session.entries.append(makeEntry(MessageRole::Assistant, QStringLiteral("An answer.")));
    return session;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

/// A long conversation: `pairs` questions and answers, answers with usage, cost and (when
/// `withRecords`) a small request record.
Session largeSession(int pairs, bool withRecords)
{
    Session session = Session::create(ApiSurface::Responses);
    session.model = QStringLiteral("openai.gpt-oss-120b");
    for (int i = 0; i < pairs; ++i) {
        session.entries.append(
            makeEntry(MessageRole::User,
                      QStringLiteral("Question %1: how does this work? ").arg(i).repeated(5)));
        SessionEntry answer
            = makeEntry(MessageRole::Assistant,
                        QStringLiteral("Answer %1 with some detail. ").arg(i).repeated(50));
        answer.reasoning = QStringLiteral("Thinking about %1. ").arg(i).repeated(10);
        mantle::api::Usage usage;
        usage.inputTokens = 1000 + i;
        usage.outputTokens = 300;
        answer.usage = usage;
        answer.costPico = 1234567;
        answer.model = session.model;
        answer.stopReason = QStringLiteral("completed");
        answer.responseId = QStringLiteral("resp_%1").arg(i);
        if (withRecords) {
            mantle::pipeline::RequestRecord record;
            record.method = "POST";
            record.url = QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/responses");
            record.requestHeaders = {{"content-type", "application/json"}};
            record.requestBody = QByteArray(2000, 'x');
            record.httpStatus = 200;
            record.streamed = true;
            for (int e = 0; e < 30; ++e)
                record.events.append({e, QStringLiteral("response.output_text.delta"),
                                      "{\"type\":\"response.output_text.delta\",\"delta\":\"w\"}"});
            answer.request = record;
        }
        session.entries.append(answer);
    }
    return session;
}

} // namespace

class TestSessionStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void saveCreatesTheDirectoryAndLoadsBack();
    void listsNewestFirst();
    void refusesUnsafeIds_data();
    void refusesUnsafeIds();
    void corruptFileIsListedAndNeverOverwritten();
    void futureVersionIsRefusedAndKept();
    void renameKeepsTheConversation();
    void duplicateSavesACopyWithANewId();
    void removeDeletesTheFile();
    void searchFindsTitlesAndTexts();
    void importGivesANewId();
    void exportsJsonAndMarkdown();
    void loadFileReportsMissingAndBrokenFiles();
    void largeSessionTimings();
    void killDuringSaveLeavesAWholeFile();
    void partialAnswerIsRecoveredUntilTheNextSave();
    void importsAMarkdownConversation();
    void compactingKeepsOnlyTheLastFullRecords();
    void fullDiskKeepsThePreviousVersion_data();
    void fullDiskKeepsThePreviousVersion();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString sessionsDir() const { return m_dir->filePath(QStringLiteral("sub/sessions")); }
};

void TestSessionStore::partialAnswerIsRecoveredUntilTheNextSave()
{
    const SessionStore store(sessionsDir());
    Session session = makeSession(QStringLiteral("Streaming"), 3, QStringLiteral("Tell me more"));
    QVERIFY(store.save(session).ok());

    // An answer starts streaming; only it is written, twice, as it grows.
    SessionEntry streaming = makeEntry(MessageRole::Assistant, QStringLiteral("Once upon"));
    QVERIFY(store.savePartial(session.id, streaming).ok());
    streaming.text = QStringLiteral("Once upon a time");
    QVERIFY(store.savePartial(session.id, streaming).ok());
    QVERIFY(QFileInfo::exists(store.partialFilePath(session.id)));
    QCOMPARE(store.list().size(), 1); // not a session of its own

    // The app stops here: the session comes back with the answer as far as it got.
    mantle::Result<Session> recovered = store.load(session.id);
    QVERIFY(recovered.ok());
    QCOMPARE(recovered->entries.size(), 3);
    QCOMPARE(recovered->entries.at(2).id, streaming.id);
    QCOMPARE(recovered->entries.at(2).text, QStringLiteral("Once upon a time"));

    // A partial of an entry the file already has replaces it rather than adding one.
    session.entries.append(streaming);
    session.entries.last().text = QStringLiteral("Once");
    QVERIFY(store.save(session).ok());
    QVERIFY(!QFileInfo::exists(store.partialFilePath(session.id))); // the file holds it now
    streaming.text = QStringLiteral("Once upon a time, there was");
    QVERIFY(store.savePartial(session.id, streaming).ok());
    recovered = store.load(session.id);
    QCOMPARE(recovered->entries.size(), 3);
    QCOMPARE(recovered->entries.at(2).text, QStringLiteral("Once upon a time, there was"));

    // Deleting the session deletes its partial too; an unreadable partial is ignored.
    QVERIFY(writeAll(store.partialFilePath(session.id), "{not json"));
    QVERIFY(store.load(session.id).ok());
    QVERIFY(store.remove(session.id).ok());
    QVERIFY(!QFileInfo::exists(store.partialFilePath(session.id)));
}

void TestSessionStore::importsAMarkdownConversation()
{
    const SessionStore store(sessionsDir());
    const Session original = makeSession(QStringLiteral("Exported"), 4, QStringLiteral("Hi there"));
    const QString path = m_dir->filePath(QStringLiteral("conversation.md"));
    QVERIFY(SessionStore::exportMarkdown(original, path).ok());
    const auto imported = store.importFile(path);
    QVERIFY2(imported.ok(), imported.ok() ? "" : qPrintable(imported.error().message));
    QVERIFY(imported->id != original.id);
    QCOMPARE(imported->title, QStringLiteral("Exported"));
    QCOMPARE(imported->entries.size(), 2);
    QCOMPARE(imported->entries.at(0).text, QStringLiteral("Hi there"));
    QCOMPARE(store.load(imported->id)->entries.size(), 2); // saved in the store
    // A Markdown file without turns says what is wrong and where.
    const QString empty = m_dir->filePath(QStringLiteral("empty.md"));
    QVERIFY(writeAll(empty, "# Nothing here\n"));
    const auto refused = store.importFile(empty);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().toDisplayString().contains(QLatin1String("empty.md")));
}

void TestSessionStore::compactingKeepsOnlyTheLastFullRecords()
{
    Session session = largeSession(10, true);
    session.compactRequestRecords(3);
    int full = 0;
    int compacted = 0;
    for (const SessionEntry &entry : std::as_const(session.entries)) {
        if (!entry.request)
            continue;
        if (entry.request->truncated) {
            ++compacted;
            QVERIFY(entry.request->requestBody.isEmpty());
            QVERIFY(entry.request->events.isEmpty());
            // What identifies the request stays.
            QCOMPARE(entry.request->httpStatus, 200);
            QVERIFY(entry.request->url.endsWith(QLatin1String("/v1/responses")));
        } else {
            ++full;
            QCOMPARE(entry.request->events.size(), 30);
        }
    }
    QCOMPARE(full, 3);
    QCOMPARE(compacted, 7);
    // The full ones are the last three answers.
    QVERIFY(!session.entries.constLast().request->truncated);
    QVERIFY(session.entries.at(13).request->truncated);
    QVERIFY(!session.entries.at(15).request->truncated);
}

void TestSessionStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSessionStore::saveCreatesTheDirectoryAndLoadsBack()
{
    const SessionStore store(sessionsDir());
    QVERIFY(!QFileInfo::exists(sessionsDir()));
    QVERIFY(store.list().isEmpty());
    const Session session = makeSession(QStringLiteral("First"), 2, QStringLiteral("Hello"));
    QVERIFY(store.save(session).ok());
    QVERIFY(
        QFileInfo::exists(sessionsDir() + QLatin1Char('/') + session.id + QStringLiteral(".json")));
    QCOMPARE(store.filePath(session.id),
             sessionsDir() + QLatin1Char('/') + session.id + QStringLiteral(".json"));
    const mantle::Result<Session> loaded = store.load(session.id);
    QVERIFY(loaded.ok());
    QVERIFY(*loaded == session);
    // The file is the indented JSON form.
    const QByteArray bytes = readAll(store.filePath(session.id));
    QVERIFY(bytes.contains("\n    \"format\": \"mantle-playground-session\""));
    // Saving again overwrites our own file.
    Session changed = session;
    changed.draft = QStringLiteral("more");
    QVERIFY(store.save(changed).ok());
    QCOMPARE(store.load(session.id)->draft, QStringLiteral("more"));
}

void TestSessionStore::listsNewestFirst()
{
    const SessionStore store(sessionsDir());
    const Session older = makeSession(QStringLiteral("Older"), 3, QStringLiteral("a"));
    const Session newest = makeSession(QStringLiteral("Newest"), 9, QStringLiteral("b"));
    const Session middle = makeSession(QStringLiteral("Middle"), 5, QStringLiteral("c"));
    for (const Session &session : {older, newest, middle})
        QVERIFY(store.save(session).ok());
    const QList<SessionSummary> summaries = store.list();
    QCOMPARE(summaries.size(), 3);
    QCOMPARE(summaries.at(0).id, newest.id);
    QCOMPARE(summaries.at(1).id, middle.id);
    QCOMPARE(summaries.at(2).id, older.id);
    const SessionSummary &first = summaries.at(0);
    QCOMPARE(first.title, QStringLiteral("Newest"));
    QCOMPARE(first.updatedAt, at(9));
    QCOMPARE(first.surface, ApiSurface::ChatCompletions);
    QCOMPARE(first.model, QStringLiteral("openai.gpt-oss-120b"));
    QCOMPARE(first.entryCount, 2);
    QCOMPARE(first.filePath, store.filePath(newest.id));
    QVERIFY(!first.problem);
}

void TestSessionStore::refusesUnsafeIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addRow("parent") << QStringLiteral("../outside");
    QTest::addRow("dot dot") << QStringLiteral("..");
    QTest::addRow("slash") << QStringLiteral("a/b");
    QTest::addRow("backslash") << QStringLiteral("a\\b");
    QTest::addRow("absolute") << QStringLiteral("/tmp/x");
    QTest::addRow("empty") << QString();
    QTest::addRow("dot") << QStringLiteral("a.b");
}

void TestSessionStore::refusesUnsafeIds()
{
    QFETCH(QString, id);
    const SessionStore store(sessionsDir());
    Session session = makeSession(QStringLiteral("x"), 2, QStringLiteral("y"));
    session.id = id;
    const mantle::Status saved = store.save(session);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().kind, Error::Kind::InvalidInput);
    QCOMPARE(store.load(id).error().kind, Error::Kind::InvalidInput);
    QCOMPARE(store.remove(id).error().kind, Error::Kind::InvalidInput);
    QCOMPARE(store.rename(id, QStringLiteral("t")).error().kind, Error::Kind::InvalidInput);
    QCOMPARE(store.duplicate(id).error().kind, Error::Kind::InvalidInput);
    // Nothing was written anywhere under the temporary directory.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestSessionStore::corruptFileIsListedAndNeverOverwritten()
{
    const SessionStore store(sessionsDir());
    const Session good = makeSession(QStringLiteral("Good"), 4, QStringLiteral("fine"));
    QVERIFY(store.save(good).ok());
    const QString corruptId = Session::newId();
    const QByteArray garbage = "{\"format\": \"mantle-playground-session\", \"entr";
    QVERIFY(writeAll(store.filePath(corruptId), garbage));
    const QString foreignId = Session::newId();
    const QByteArray foreign = "{\"name\": \"not a session\"}";
    QVERIFY(writeAll(store.filePath(foreignId), foreign));
    // Not sessions at all, and not *.json: ignored.
    QVERIFY(writeAll(sessionsDir() + QStringLiteral("/notes.txt"), "hello"));

    const QList<SessionSummary> summaries = store.list();
    QCOMPARE(summaries.size(), 3);
    int problems = 0;
    for (const SessionSummary &summary : summaries) {
        if (summary.id == good.id) {
            QVERIFY(!summary.problem);
            QCOMPARE(summary.title, QStringLiteral("Good"));
            continue;
        }
        ++problems;
        QVERIFY(summary.problem);
        QCOMPARE(summary.title, QFileInfo(summary.filePath).fileName());
        QVERIFY(summary.id == corruptId || summary.id == foreignId);
    }
    QCOMPARE(problems, 2);

    // load() says why; save(), rename() and remove() leave the file alone.
    const mantle::Result<Session> loaded = store.load(corruptId);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().kind, Error::Kind::Parse);
    Session replacement = makeSession(QStringLiteral("Replacement"), 6, QStringLiteral("r"));
    replacement.id = corruptId;
    const mantle::Status saved = store.save(replacement);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().kind, Error::Kind::Io);
    QVERIFY(saved.error().message.contains(QDir::toNativeSeparators(store.filePath(corruptId))));
    QCOMPARE(readAll(store.filePath(corruptId)), garbage);
    replacement.id = foreignId;
    QVERIFY(!store.save(replacement).ok());
    QCOMPARE(readAll(store.filePath(foreignId)), foreign);
    QVERIFY(!store.rename(corruptId, QStringLiteral("t")).ok());
    QVERIFY(!store.remove(corruptId).ok());
    QCOMPARE(readAll(store.filePath(corruptId)), garbage);
    // The good one still loads and lists.
    QVERIFY(store.load(good.id).ok());
    QCOMPARE(store.search(QStringLiteral("fine")), QStringList{good.id});
}

void TestSessionStore::futureVersionIsRefusedAndKept()
{
    const SessionStore store(sessionsDir());
    Session session = makeSession(QStringLiteral("From the future"), 4, QStringLiteral("f"));
    QVERIFY(store.save(session).ok());
    QJsonObject json = session.toJson();
    json.insert(QStringLiteral("version"), 2);
    json.insert(QStringLiteral("new_field"), QStringLiteral("kept"));
    const QByteArray future = QJsonDocument(json).toJson();
    QVERIFY(writeAll(store.filePath(session.id), future));

    const QString code = QString::fromLatin1(Session::kFutureVersionCode);
    const mantle::Result<Session> loaded = store.load(session.id);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().kind, Error::Kind::Config);
    QCOMPARE(loaded.error().code, code);
    const QList<SessionSummary> summaries = store.list();
    QCOMPARE(summaries.size(), 1);
    QVERIFY(summaries.at(0).problem);
    QCOMPARE(summaries.at(0).problem->code, code);

    const mantle::Status saved = store.save(session);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().kind, Error::Kind::Config);
    QCOMPARE(saved.error().code, code);
    QVERIFY(!store.remove(session.id).ok());
    QCOMPARE(readAll(store.filePath(session.id)), future);
    const mantle::Result<Session> imported = store.importFile(store.filePath(session.id));
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().code, code);
    QCOMPARE(store.list().size(), 1);

    // The other sessions still list and load; the future one stays as it was.
    const Session current = makeSession(QStringLiteral("Current"), 5, QStringLiteral("c"));
    QVERIFY(store.save(current).ok());
    QCOMPARE(store.list().size(), 2);
    QVERIFY(store.load(current.id).ok());
    QCOMPARE(readAll(store.filePath(session.id)), future);
}

void TestSessionStore::renameKeepsTheConversation()
{
    const SessionStore store(sessionsDir());
    const Session session = makeSession(QStringLiteral("Old name"), 4, QStringLiteral("q"));
    QVERIFY(store.save(session).ok());
    QVERIFY(store.rename(session.id, QStringLiteral("New name")).ok());
    const mantle::Result<Session> renamed = store.load(session.id);
    QVERIFY(renamed.ok());
    QCOMPARE(renamed->title, QStringLiteral("New name"));
    QVERIFY(renamed->entries == session.entries);
    QCOMPARE(renamed->updatedAt, session.updatedAt);
    QCOMPARE(store.list().at(0).title, QStringLiteral("New name"));
    QCOMPARE(store.rename(Session::newId(), QStringLiteral("x")).error().kind, Error::Kind::Io);
}

void TestSessionStore::duplicateSavesACopyWithANewId()
{
    const SessionStore store(sessionsDir());
    const Session session = makeSession(QStringLiteral("Original"), 4, QStringLiteral("q"));
    QVERIFY(store.save(session).ok());
    const mantle::Result<Session> copy = store.duplicate(session.id);
    QVERIFY(copy.ok());
    QVERIFY(copy->id != session.id);
    QVERIFY(Session::isValidId(copy->id));
    QCOMPARE(copy->title, QStringLiteral("Original (copy)"));
    QVERIFY(copy->entries == session.entries);
    QCOMPARE(copy->model, session.model);
    const mantle::Result<Session> reloaded = store.load(copy->id);
    QVERIFY(reloaded.ok());
    QVERIFY(*reloaded == *copy);
    QCOMPARE(store.list().size(), 2);
    QVERIFY(*store.load(session.id) == session);
}

void TestSessionStore::removeDeletesTheFile()
{
    const SessionStore store(sessionsDir());
    const Session a = makeSession(QStringLiteral("A"), 4, QStringLiteral("q"));
    const Session b = makeSession(QStringLiteral("B"), 5, QStringLiteral("q"));
    QVERIFY(store.save(a).ok());
    QVERIFY(store.save(b).ok());
    QVERIFY(store.remove(a.id).ok());
    QVERIFY(!QFileInfo::exists(store.filePath(a.id)));
    QCOMPARE(store.list().size(), 1);
    QCOMPARE(store.list().at(0).id, b.id);
    const mantle::Status again = store.remove(a.id);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, Error::Kind::Io);
}

void TestSessionStore::searchFindsTitlesAndTexts()
{
    const SessionStore store(sessionsDir());
    const Session cats = makeSession(QStringLiteral("About cats"), 4, QStringLiteral("Meow"));
    const Session dogs = makeSession(QStringLiteral("Dogs"), 6, QStringLiteral("Do CATS bark?"));
    const Session fish = makeSession(QStringLiteral("Fish"), 5, QStringLiteral("Blub"));
    for (const Session &session : {cats, dogs, fish})
        QVERIFY(store.save(session).ok());
    QCOMPARE(store.search(QStringLiteral("cats")), (QStringList{dogs.id, cats.id}));
    QCOMPARE(store.search(QStringLiteral("blub")), QStringList{fish.id});
    QCOMPARE(store.search(QStringLiteral("an answer")), (QStringList{dogs.id, fish.id, cats.id}));
    QCOMPARE(store.search(QStringLiteral("giraffe")), QStringList());
}

void TestSessionStore::importGivesANewId()
{
    const SessionStore store(sessionsDir());
    const Session session = makeSession(QStringLiteral("Shared"), 4, QStringLiteral("q"));
    QVERIFY(store.save(session).ok());
    const QString exported = m_dir->filePath(QStringLiteral("shared.json"));
    QVERIFY(SessionStore::exportJson(session, exported).ok());

    const mantle::Result<Session> imported = store.importFile(exported);
    QVERIFY(imported.ok());
    QVERIFY(imported->id != session.id);
    QCOMPARE(imported->title, QStringLiteral("Shared"));
    QVERIFY(imported->entries == session.entries);
    QVERIFY(*store.load(imported->id) == *imported);
    QVERIFY(*store.load(session.id) == session);
    QCOMPARE(store.list().size(), 2);

    const mantle::Result<Session> missing
        = store.importFile(m_dir->filePath(QStringLiteral("nope.json")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, Error::Kind::Io);
}

void TestSessionStore::exportsJsonAndMarkdown()
{
    Session session = makeSession(QStringLiteral("Exported"), 4, QStringLiteral("Question?"));
    session.instructions = QStringLiteral("Be kind.");
    const QString jsonPath = m_dir->filePath(QStringLiteral("out/x.json"));
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("out"))));
    QVERIFY(SessionStore::exportJson(session, jsonPath).ok());
    const mantle::Result<Session> loaded = SessionStore::loadFile(jsonPath);
    QVERIFY(loaded.ok());
    QVERIFY(*loaded == session);

    const QString markdownPath = m_dir->filePath(QStringLiteral("out/x.md"));
    QVERIFY(SessionStore::exportMarkdown(session, markdownPath).ok());
    const QString markdown = QString::fromUtf8(readAll(markdownPath));
    QVERIFY(markdown.startsWith(QLatin1String("# Exported\n")));
    QVERIFY(markdown.contains(QLatin1String("Be kind.")));
    QVERIFY(markdown.contains(QLatin1String("## User\n\nQuestion?\n")));
    QVERIFY(markdown.contains(QLatin1String("## Assistant\n\nAn answer.\n")));

    const mantle::Status failed = SessionStore::exportMarkdown(
        session, m_dir->filePath(QStringLiteral("missing/dir/x.md")));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().kind, Error::Kind::Io);
}

void TestSessionStore::loadFileReportsMissingAndBrokenFiles()
{
    const mantle::Result<Session> missing
        = SessionStore::loadFile(m_dir->filePath(QStringLiteral("none.json")));
    QCOMPARE(missing.error().kind, Error::Kind::Io);
    const QString broken = m_dir->filePath(QStringLiteral("broken.json"));
    QVERIFY(writeAll(broken, "[1, 2"));
    const mantle::Result<Session> unreadable = SessionStore::loadFile(broken);
    QCOMPARE(unreadable.error().kind, Error::Kind::Parse);
    QVERIFY(unreadable.error().message.contains(QDir::toNativeSeparators(broken)));
}

void TestSessionStore::largeSessionTimings()
{
    // Not a benchmark with limits: it prints what a 2,000-entry session costs, so that a slow
    // change shows up in the log. It checks only that the large session survives the trip.
    for (const bool withRecords : {false, true}) {
        const Session session = largeSession(1000, withRecords);
        QElapsedTimer timer;
        timer.start();
        const QJsonObject json = session.toJson();
        const qint64 toJsonMs = timer.restart();
        const QByteArray indented = QJsonDocument(json).toJson(QJsonDocument::Indented);
        const qint64 indentedMs = timer.restart();
        const QByteArray compact = QJsonDocument(json).toJson(QJsonDocument::Compact);
        const qint64 compactMs = timer.restart();
        const QJsonObject parsed = QJsonDocument::fromJson(indented).object();
        const qint64 parseMs = timer.restart();
        const mantle::Result<Session> back = Session::fromJson(parsed);
        const qint64 fromJsonMs = timer.restart();
        QVERIFY(back.ok());

        const SessionStore store(sessionsDir());
        timer.restart();
        QVERIFY(store.save(session).ok());
        const qint64 firstSaveMs = timer.restart();
        QVERIFY(store.save(session).ok());
        const qint64 saveMs = timer.restart();
        const mantle::Result<Session> loaded = store.load(session.id);
        const qint64 loadMs = timer.restart();
        const QList<SessionSummary> summaries = store.list();
        const qint64 listMs = timer.restart();
        QVERIFY(loaded.ok());
        QVERIFY(*loaded == session);
        QCOMPARE(summaries.size(), 1);
        QCOMPARE(summaries.at(0).entryCount, 2000);
        qInfo("2000 entries%s: file %lld KB indented, %lld KB compact; toJson %lld ms, "
              "serialise indented %lld ms, compact %lld ms; parse %lld ms, fromJson %lld ms; "
              "store: first save %lld ms, save over own file %lld ms, load %lld ms, list %lld ms",
              withRecords ? " with request records" : "", qint64(indented.size() / 1024),
              qint64(compact.size() / 1024), toJsonMs, indentedMs, compactMs, parseMs, fromJsonMs,
              firstSaveMs, saveMs, loadMs, listMs);
        QVERIFY(store.remove(session.id).ok());
    }
}

void TestSessionStore::killDuringSaveLeavesAWholeFile()
{
    const SessionStore store(sessionsDir());
    const QString id = Session::newId();
    const QString fileName = id + QStringLiteral(".json");
    qsizetype previous = 0;
    for (int round = 0; round < 20; ++round) {
        QProcess writer;
        writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        writer.start(QStringLiteral(MANTLE_SESSION_WRITER), {sessionsDir(), id});
        QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));

        int saves = 0;
        qsizetype reported = 0;
        const auto readLines = [&] {
            while (writer.canReadLine()) {
                const QByteArray line = writer.readLine().trimmed();
                QVERIFY(line.startsWith("saved "));
                reported = line.mid(6).toLongLong();
                ++saves;
            }
        };
        // Kill after a varying number of saves; the writer is then in the middle of the next.
        const int wanted = 1 + round % 4;
        QTRY_VERIFY_WITH_TIMEOUT(
            (readLines(), saves >= wanted || writer.state() == QProcess::NotRunning), 60000);
        QCOMPARE(writer.state(), QProcess::Running);
        writer.kill();
        QVERIFY(writer.waitForFinished(10000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        readLines();

        // Exactly one session file, whole, holding the last save or the one after it; nothing
        // else that list() could take for a session.
        const QStringList jsonFiles
            = QDir(sessionsDir()).entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Hidden);
        QCOMPARE(jsonFiles, QStringList{fileName});
        const QList<SessionSummary> summaries = store.list();
        QCOMPARE(summaries.size(), 1);
        const std::optional<Error> &problem = summaries.at(0).problem;
        QVERIFY2(!problem, qPrintable(problem ? problem->message : QString()));
        const mantle::Result<Session> loaded = store.load(id);
        QVERIFY2(loaded.ok(), qPrintable(loaded ? QString() : loaded.error().message));
        const qsizetype count = loaded->entries.size();
        QVERIFY2(count == reported || count == reported + 2,
                 qPrintable(QStringLiteral("%1 entries, %2 reported").arg(count).arg(reported)));
        QVERIFY(count > previous);
        previous = count;
    }
}

#ifdef Q_OS_UNIX
namespace {

/// Lowers this process's file-size limit (RLIMIT_FSIZE) with SIGXFSZ ignored while it lives:
/// a write past `bytes` then fails with EFBIG, as a full disk fails with ENOSPC, without root.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_ok = getrlimit(RLIMIT_FSIZE, &m_previous) == 0;
        m_previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_previous;
        lowered.rlim_cur = bytes;
        m_ok = m_ok && m_previousHandler != SIG_ERR && setrlimit(RLIMIT_FSIZE, &lowered) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_previous);
        std::signal(SIGXFSZ, m_previousHandler);
    }
    Q_DISABLE_COPY_MOVE(FileSizeLimit)
    bool ok() const { return m_ok; }

private:
    rlimit m_previous{};
    void (*m_previousHandler)(int) = SIG_DFL;
    bool m_ok = false;
};

} // namespace
#endif

void TestSessionStore::fullDiskKeepsThePreviousVersion_data()
{
    QTest::addColumn<int>("pairs");
    // The limit falls inside the first write buffer, and many buffers into the file.
    QTest::newRow("small growth") << 8;
    QTest::newRow("large growth") << 400;
}

void TestSessionStore::fullDiskKeepsThePreviousVersion()
{
#ifndef Q_OS_UNIX
    QSKIP("RLIMIT_FSIZE simulates a full disk on Unix only");
#else
    QFETCH(int, pairs);
    const SessionStore store(sessionsDir());
    Session session = largeSession(2, false);
    QVERIFY(store.save(session).ok());
    const QByteArray before = readAll(store.filePath(session.id));
    QVERIFY(!before.isEmpty());
    const Session other = makeSession(QStringLiteral("Other"), 3, QStringLiteral("still here"));
    QVERIFY(store.save(other).ok());
    const QByteArray otherBefore = readAll(store.filePath(other.id));

    // The session grows past what the "disk" still takes.
    Session larger = largeSession(pairs, true);
    larger.id = session.id;
    mantle::Status saved;
    mantle::Status partialSaved;
    {
        const FileSizeLimit limit(static_cast<rlim_t>(before.size()) + 512);
        QVERIFY(limit.ok());
        saved = store.save(larger);
        SessionEntry longAnswer = larger.entries.constLast();
        longAnswer.text = QStringLiteral("x").repeated(int(before.size()) * 2);
        partialSaved = store.savePartial(session.id, longAnswer);
    }

    // Reported as a write error that names the file and suggests free space...
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().kind, Error::Kind::Io);
    QVERIFY2(saved.error().message.contains(QDir::toNativeSeparators(store.filePath(session.id))),
             qPrintable(saved.error().message));
    QVERIFY(!saved.error().hint.isEmpty());
    QVERIFY(!partialSaved.ok());
    QCOMPARE(partialSaved.error().kind, Error::Kind::Io);
    // ...and the previous version is there, byte for byte, with no leftover temporary file or
    // partial answer; the other session is untouched.
    QCOMPARE(readAll(store.filePath(session.id)), before);
    QCOMPARE(readAll(store.filePath(other.id)), otherBefore);
    QVERIFY(!QFileInfo::exists(store.partialFilePath(session.id)));
    QStringList expected{other.id + QStringLiteral(".json"), session.id + QStringLiteral(".json")};
    expected.sort();
    QCOMPARE(QDir(sessionsDir()).entryList(QDir::Files | QDir::Hidden, QDir::Name), expected);
    // Once there is room again, the larger session saves.
    QVERIFY(store.save(larger).ok());
    QCOMPARE(store.load(session.id)->entries.size(), larger.entries.size());
#endif
}

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
