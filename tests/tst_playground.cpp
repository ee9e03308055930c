// The playground window against the emulator built into the app (the demo account): sending and
// streaming on each API surface, Stop, failures shown in place, sessions that survive closing
// the app, the inspector, the pickers, the shortcuts, and no secret in any file the app wrote.
// The request tabs (issue #7): tool calls answered and continued on each surface, parallel
// calls, structured output checked against its schema, and cost totals.
// Runs offscreen with every file in a temporary directory.

#include "chainview.h"
#include "conversationitem.h"
#include "conversationview.h"
#include "costview.h"
#include "demowindowfixture.h"
#include "mainwindow.h"
#include "parameterspanel.h"
#include "playgroundpage.h"
#include "playgroundservices.h"
#include "schemaeditor.h"
#include "sessionssidebar.h"
#include "toolcallspanel.h"
#include "toolseditor.h"

#include "mantle/modellist.h"
#include "sessions/sessionstore.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using mantle::mantle::ApiSurface;
using mantle::ui::ConversationItem;
using mantle::ui::MainWindow;
using mantle::ui::PlaygroundPage;
using mantle::ui::PlaygroundServices;

class TestPlayground : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void streamsAnAnswerOnEachSurface_data();
    void streamsAnAnswerOnEachSurface();
    void modelPickerOffersOnlyModelsOfTheSurface();
    void ctrlEnterSendsAndEscapeStops();
    void stopKeepsThePartialAnswerMarkedStopped();
    void showsAFailureInPlaceWithItsFix_data();
    void showsAFailureInPlaceWithItsFix();
    void sessionSurvivesClosingAndReopeningTheApp();
    void buildsOnlyTheShownTabAtStart();
    void sessionFlagOpensASessionFile();
    void editDeleteAndRerunTurns();
    void sidebarRenamesDuplicatesAndDeletesSessions();
    void inspectorShowsTheRequestWithoutTheKey();
    void noSecretInAnyFileTheAppWrote();
    void forcedToolCallIsAnsweredAndContinued_data();
    void forcedToolCallIsAnsweredAndContinued();
    void parallelToolCallsAreAnsweredTogether();
    void structuredOutputIsCheckedAgainstItsSchema_data();
    void structuredOutputIsCheckedAgainstItsSchema();
    void costTabTotalsEqualTheSumOfTurns();
    void chainTabChainsForksAndContinues();
    void backgroundResponseIsPolledToTheAnswer();

private:
    std::unique_ptr<MainWindow> openWindow();
    PlaygroundPage *showSurface(MainWindow &window, ApiSurface surface, const QString &model);
    bool sendAndWait(PlaygroundPage *page, const QString &prompt);

    std::unique_ptr<DemoWindowFixture> m_files;
};

namespace {

constexpr int kWaitMs = DemoWindowFixture::kWaitMs;

QString readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

void TestPlayground::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_playground"));
}

void TestPlayground::init()
{
    m_files
        = std::make_unique<DemoWindowFixture>(QStringLiteral("Mantle Playground tst_playground"));
    QVERIFY(m_files->isValid());
}

void TestPlayground::cleanup()
{
    m_files.reset();
}

std::unique_ptr<MainWindow> TestPlayground::openWindow()
{
    return m_files->openWindow();
}

PlaygroundPage *TestPlayground::showSurface(MainWindow &window, ApiSurface surface,
                                            const QString &model)
{
    return DemoWindowFixture::showSurface(window, surface, model);
}

bool TestPlayground::sendAndWait(PlaygroundPage *page, const QString &prompt)
{
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->promptEdit()->setPlainText(prompt);
    page->send();
    return finished.wait(kWaitMs);
}

void TestPlayground::streamsAnAnswerOnEachSurface_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("route");
    QTest::addRow("chat") << ApiSurface::ChatCompletions << QStringLiteral("openai.gpt-oss-120b")
                          << QStringLiteral("/v1/chat/completions");
    QTest::addRow("responses") << ApiSurface::Responses << QStringLiteral("openai.gpt-oss-120b")
                               << QStringLiteral("/v1/responses");
    QTest::addRow("messages") << ApiSurface::Messages
                              << QStringLiteral("anthropic.claude-haiku-4-5")
                              << QStringLiteral("/anthropic/v1/messages");
}

void TestPlayground::streamsAnAnswerOnEachSurface()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QFETCH(QString, route);
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page = showSurface(*window, surface, model);
    QVERIFY(page);
    QCOMPARE(page->session().model, model);
    QCOMPARE(page->session().account, PlaygroundServices::demoAccountName());

    QSignalSpy busy(page, &PlaygroundPage::busyChanged);
    QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses")));

    const auto &entries = page->session().entries;
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).text, QStringLiteral("Tell me about lighthouses"));
    const auto &answer = entries.at(1);
    QVERIFY2(answer.text.contains(QLatin1String("lighthouses")), qPrintable(answer.text));
    QVERIFY(!answer.error);
    QVERIFY(answer.usage.has_value());
    QVERIFY(answer.request.has_value());
    QVERIFY(answer.request->streamed);
    QVERIFY(answer.request->events.size() > 2);
    QVERIFY2(answer.request->url.endsWith(route), qPrintable(answer.request->url));

    // What the view shows is what the session holds, finished and rendered.
    QCOMPARE(page->conversation()->count(), 2);
    const ConversationItem &shown = page->conversation()->item(1);
    QCOMPARE(shown.text, answer.text);
    QCOMPARE(shown.state, ConversationItem::State::Finished);
    QVERIFY(shown.footer.contains(QLatin1String("to first token")));
    QVERIFY(busy.size() >= 2);
    QVERIFY(!busy.constLast().at(0).toBool());
    const QString status = window->statusBar()->currentMessage();
    QVERIFY2(status.startsWith(QLatin1String("Done")), qPrintable(status));
    QVERIFY2(status.contains(QLatin1String("session cost")), qPrintable(status));
    // The catalogue prices Claude Haiku 4.5 and not gpt-oss: a cost, or none and why.
    if (model.startsWith(QLatin1String("anthropic."))) {
        QVERIFY(answer.costPico.has_value());
        QVERIFY(*answer.costPico > 0);
        QVERIFY2(status.contains(QLatin1String("session cost $0.0")), qPrintable(status));
        QVERIFY(shown.footer.contains(QLatin1String("$0.0")));
    } else {
        QVERIFY(!answer.costPico.has_value());
        QVERIFY2(status.contains(QLatin1String("no price for this model")), qPrintable(status));
    }

    // Saved at once, atomically, where the store reads it back.
    mantle::sessions::SessionStore store(m_files->locations().sessionsDirectory);
    const auto saved = store.load(page->session().id);
    QVERIFY2(saved.ok(), qPrintable(saved ? QString() : saved.error().message));
    QCOMPARE(saved->entries.size(), 2);
    QCOMPARE(saved->entries.at(1).text, answer.text);
    QCOMPARE(saved->title, QStringLiteral("Tell me about lighthouses"));
}

void TestPlayground::modelPickerOffersOnlyModelsOfTheSurface()
{
    auto window = openWindow();
    QVERIFY(window);
    QSet<QString> seen;
    for (const ApiSurface surface :
         {ApiSurface::ChatCompletions, ApiSurface::Responses, ApiSurface::Messages}) {
        window->showPage(surface);
        QCOMPARE(window->currentPage()->surface(), surface);
        const QStringList offered = window->offeredModels();
        QVERIFY2(!offered.isEmpty(), qPrintable(mantle::mantle::apiSurfaceName(surface)));
        const auto catalogue = window->services().catalogue();
        for (const QString &id : offered) {
            seen.insert(id);
            const auto known = catalogue.find(id);
            if (known) // models the catalogue knows are offered only where they work
                QVERIFY2(known->surfaces.contains(surface), qPrintable(id));
        }
    }
    // Every surface offers something, and no surface offers everything the region serves.
    window->showPage(ApiSurface::Messages);
    QVERIFY(window->offeredModels().size() < seen.size());
    QVERIFY(!window->offeredModels().contains(QStringLiteral("openai.gpt-oss-120b")));
}

void TestPlayground::ctrlEnterSendsAndEscapeStops()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::ChatCompletions, QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(page);
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    page->promptEdit()->setFocus();
    page->promptEdit()->setPlainText(
        QStringLiteral("Write a long story about a lighthouse keeper and a storm"));
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    QTest::keyClick(page->promptEdit(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(page->session().entries.size(), 2, kWaitMs);
    QVERIFY(page->isBusy());
    QVERIFY(page->promptEdit()->toPlainText().isEmpty()); // sent, not a new line
    QTRY_VERIFY_WITH_TIMEOUT(!page->conversation()->item(1).text.isEmpty(), kWaitMs);
    QTest::keyClick(page->promptEdit(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWaitMs);
    QVERIFY(page->session().entries.at(1).stopped);
}

void TestPlayground::stopKeepsThePartialAnswerMarkedStopped()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::Messages, QStringLiteral("anthropic.claude-haiku-4-5"));
    QVERIFY(page);
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->promptEdit()->setPlainText(QStringLiteral(
        "Write a long story about a lighthouse keeper, a storm, a ship, a rescue and the morning"));
    page->send();
    QTRY_VERIFY_WITH_TIMEOUT(page->conversation()->count() == 2
                                 && !page->conversation()->item(1).text.isEmpty(),
                             kWaitMs);
    window->findChild<QAction *>(QStringLiteral("actionStop"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWaitMs);
    const auto &answer = page->session().entries.at(1);
    QVERIFY(answer.stopped);
    QVERIFY(!answer.error);
    QVERIFY(!answer.text.isEmpty());
    QCOMPARE(page->conversation()->item(1).state, ConversationItem::State::Stopped);
    QCOMPARE(page->conversation()->item(1).text, answer.text);
    QVERIFY(window->statusBar()->currentMessage().startsWith(QLatin1String("Stopped")));
    // The partial answer is on disk too.
    mantle::sessions::SessionStore store(m_files->locations().sessionsDirectory);
    const auto saved = store.load(page->session().id);
    QVERIFY(saved.ok());
    QCOMPARE(saved->entries.at(1).text, answer.text);
    QVERIFY(saved->entries.at(1).stopped);
    QVERIFY(!page->isBusy());
}

void TestPlayground::showsAFailureInPlaceWithItsFix_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("keepsText");
    QTest::addColumn<QString>("expected");
    QTest::addRow("access denied") << QStringLiteral("access-denied") << false
                                   << QStringLiteral("bedrock-mantle:CallWithBearerToken");
    QTest::addRow("cut mid-stream")
        << QStringLiteral("drop-after=12") << true << QStringLiteral("cut short");
    QTest::addRow("server error") << QStringLiteral("status=500") << false << QStringLiteral("500");
}

void TestPlayground::showsAFailureInPlaceWithItsFix()
{
    QFETCH(QString, fault);
    QFETCH(bool, keepsText);
    QFETCH(QString, expected);
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::ChatCompletions, QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(page);
    // Playground > Demo Failures: the demo account misbehaves on purpose.
    auto *menu = window->findChild<QMenu *>(QStringLiteral("menuDemoFaults"));
    QVERIFY(menu && menu->isEnabled());
    QAction *chosen = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->data().toString() == fault)
            chosen = action;
    }
    if (chosen)
        chosen->trigger();
    else
        window->services().setDemoFault(fault);
    QCOMPARE(window->services().demoFault(), fault);
    QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses")));
    const auto &answer = page->session().entries.at(1);
    QVERIFY(answer.error.has_value());
    // (gpt-oss reasons first: what arrived may be reasoning only.)
    QVERIFY2((answer.text + answer.reasoning).isEmpty() != keepsText,
             qPrintable(answer.error->type
                        + QStringLiteral(" events: %1, attempts: %2")
                              .arg(answer.request->events.size())
                              .arg(answer.request->attempts)));
    const ConversationItem &shown = page->conversation()->item(1);
    QCOMPARE(shown.state, ConversationItem::State::Failed);
    QVERIFY2(shown.errorText.contains(expected, Qt::CaseInsensitive), qPrintable(shown.errorText));
    QVERIFY(window->statusBar()->currentMessage().startsWith(QLatin1String("Failed")));

    // The next request works again, in the same session (Playground > Demo Failures > None).
    window->findChild<QAction *>(QStringLiteral("actionDemoFault_none"))->trigger();
    QVERIFY(window->services().demoFault().isEmpty());
    QVERIFY(sendAndWait(page, QStringLiteral("And about harbours")));
    QCOMPARE(page->session().entries.size(), 4);
    QVERIFY(!page->session().entries.at(3).error);
}

void TestPlayground::sessionSurvivesClosingAndReopeningTheApp()
{
    QString id;
    QString answer;
    {
        auto window = openWindow();
        QVERIFY(window);
        PlaygroundPage *page
            = showSurface(*window, ApiSurface::Responses, QStringLiteral("openai.gpt-oss-120b"));
        QVERIFY(page);
        page->instructionsEdit()->setPlainText(QStringLiteral("Answer like a sailor."));
        QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses")));
        id = page->session().id;
        answer = page->session().entries.at(1).text;
        // Typed but not sent: kept too.
        page->promptEdit()->setPlainText(QStringLiteral("And the keeper's name?"));
        window->close();
    }
    auto window = openWindow();
    QVERIFY(window);
    auto *sidebar = window->sessionsSidebar();
    QVERIFY(sidebar);
    QVERIFY(window->openSession(id));
    PlaygroundPage *page = window->currentPage();
    QCOMPARE(page->surface(), ApiSurface::Responses);
    QCOMPARE(page->session().entries.size(), 2);
    QCOMPARE(page->session().entries.at(1).text, answer);
    QCOMPARE(page->conversation()->count(), 2);
    QCOMPARE(page->conversation()->item(1).text, answer);
    QCOMPARE(page->instructionsEdit()->toPlainText(), QStringLiteral("Answer like a sailor."));
    QCOMPARE(page->promptEdit()->toPlainText(), QStringLiteral("And the keeper's name?"));
    QCOMPARE(sidebar->currentSession(), id);
}

void TestPlayground::buildsOnlyTheShownTabAtStart()
{
    auto window = std::make_unique<MainWindow>(m_files->settings(), m_files->locations());
    // One page at start (the current tab's); the others when first shown.
    QCOMPARE(window->findChildren<PlaygroundPage *>().size(), 1);
    QCOMPARE(window->currentPage()->surface(), ApiSurface::ChatCompletions);
    window->showPage(ApiSurface::Messages);
    QCOMPARE(window->findChildren<PlaygroundPage *>().size(), 2);
    QCOMPARE(window->currentPage()->surface(), ApiSurface::Messages);
    // The tab remembered is the one built next time.
    window->close();
    window.reset();
    window = std::make_unique<MainWindow>(m_files->settings(), m_files->locations());
    QCOMPARE(window->findChildren<PlaygroundPage *>().size(), 1);
    QCOMPARE(window->currentPage()->surface(), ApiSurface::Messages);
}

void TestPlayground::sessionFlagOpensASessionFile()
{
    mantle::sessions::Session session = mantle::sessions::Session::create(ApiSurface::Messages);
    session.title = QStringLiteral("From a file");
    mantle::sessions::SessionEntry entry;
    entry.id = mantle::sessions::Session::newId();
    entry.text = QStringLiteral("Hello from a file");
    entry.createdAt = QDateTime::currentDateTimeUtc();
    session.entries.append(entry);
    const QString path = m_files->filePath(QStringLiteral("elsewhere.json"));
    QVERIFY(mantle::sessions::SessionStore::exportJson(session, path).ok());

    auto window = openWindow();
    QVERIFY(window);
    QVERIFY(window->openSessionFile(path));
    QCOMPARE(window->currentPage()->surface(), ApiSurface::Messages);
    QCOMPARE(window->currentPage()->conversation()->item(0).text,
             QStringLiteral("Hello from a file"));
    // A Markdown file opens too.
    const QString markdown = m_files->filePath(QStringLiteral("elsewhere.md"));
    session.entries.first().text = QStringLiteral("Hello from Markdown");
    QVERIFY(mantle::sessions::SessionStore::exportMarkdown(session, markdown).ok());
    QVERIFY(window->openSessionFile(markdown));
    QCOMPARE(window->currentPage()->surface(), ApiSurface::Messages);
    QCOMPARE(window->currentPage()->conversation()->item(0).text,
             QStringLiteral("Hello from Markdown"));
    QVERIFY(!window->openSessionFile(m_files->filePath(QStringLiteral("missing.json"))));
    QVERIFY(window->statusBar()->currentMessage().contains(QLatin1String("missing.json")));
}

void TestPlayground::editDeleteAndRerunTurns()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::ChatCompletions, QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(page);
    QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses")));
    QVERIFY(sendAndWait(page, QStringLiteral("And about harbours")));
    QCOMPARE(page->session().entries.size(), 4);

    page->editEntry(0, QStringLiteral("Tell me about windmills"));
    QCOMPARE(page->session().entries.at(0).text, QStringLiteral("Tell me about windmills"));
    QCOMPARE(page->conversation()->item(0).text, QStringLiteral("Tell me about windmills"));

    page->deleteEntry(3);
    QCOMPARE(page->session().entries.size(), 3);
    QCOMPARE(page->conversation()->count(), 3);

    // Re-run from the first question: the rest goes, a new answer comes for the edited text.
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->rerunFrom(0);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(page->session().entries.size(), 2);
    QVERIFY2(page->session().entries.at(1).text.contains(QLatin1String("windmills")),
             qPrintable(page->session().entries.at(1).text));
    QCOMPARE(page->conversation()->count(), 2);
}

void TestPlayground::sidebarRenamesDuplicatesAndDeletesSessions()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::ChatCompletions, QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses")));
    const QString id = page->session().id;
    mantle::sessions::SessionStore store(m_files->locations().sessionsDirectory);

    auto *sidebar = window->sessionsSidebar();
    Q_EMIT sidebar->renameRequested(id, QStringLiteral("Lighthouses"));
    QCOMPARE(page->session().title, QStringLiteral("Lighthouses"));
    QCOMPARE(store.load(id)->title, QStringLiteral("Lighthouses"));

    Q_EMIT sidebar->duplicateRequested(id);
    QCOMPARE(store.list().size(), 2);
    QVERIFY(window->currentPage()->session().id != id);
    QCOMPARE(window->currentPage()->session().entries.size(), 2);

    const QStringList found = store.search(QStringLiteral("LIGHTHOUSES"));
    QCOMPARE(found.size(), 2);

    const QString copy = window->currentPage()->session().id;
    Q_EMIT sidebar->deleteRequested(copy);
    QCOMPARE(store.list().size(), 1);
    QVERIFY(!store.load(copy).ok());
    QVERIFY(window->currentPage()->session().entries.isEmpty()); // a fresh session now
}

void TestPlayground::inspectorShowsTheRequestWithoutTheKey()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::Messages, QStringLiteral("anthropic.claude-haiku-4-5"));
    QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses")));
    page->conversation()->setCurrentRow(1);
    const auto record = page->selectedRecord();
    QVERIFY(record.has_value());
    QCOMPARE(record->httpStatus, 200);
    QVERIFY(record->requestBody.contains("lighthouses"));
    bool sawKeyHeader = false;
    for (const auto &[name, value] : record->requestHeaders) {
        QVERIFY(!value.contains(PlaygroundServices::kDemoKeyForTests));
        if (name.compare("x-api-key", Qt::CaseInsensitive) == 0) {
            sawKeyHeader = true;
            QVERIFY(value.contains("redacted"));
        }
    }
    QVERIFY(sawKeyHeader);
    // The user's question has no request.
    page->conversation()->setCurrentRow(0);
    QVERIFY(!page->selectedRecord().has_value());
}

void TestPlayground::noSecretInAnyFileTheAppWrote()
{
    {
        auto window = openWindow();
        QVERIFY(window);
        for (const auto &[surface, model] :
             {std::pair{ApiSurface::ChatCompletions, QStringLiteral("openai.gpt-oss-120b")},
              std::pair{ApiSurface::Responses, QStringLiteral("openai.gpt-oss-120b")},
              std::pair{ApiSurface::Messages, QStringLiteral("anthropic.claude-haiku-4-5")}}) {
            PlaygroundPage *page = showSurface(*window, surface, model);
            QVERIFY(page);
            QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses")));
        }
        window->close();
    }
    m_files->settings().sync();
    int files = 0;
    QDirIterator it(m_files->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        ++files;
        const QString text = readAll(path);
        QVERIFY2(!text.contains(QLatin1String(PlaygroundServices::kDemoKeyForTests)),
                 qPrintable(path));
    }
    QVERIFY(files >= 4); // settings and three sessions at least
}

namespace {

/// The request body of an answer, as JSON.
QJsonObject sentBody(const mantle::sessions::SessionEntry &answer)
{
    if (!answer.request)
        return {};
    return QJsonDocument::fromJson(answer.request->requestBody).object();
}

/// Chooses `text` in the tools editor's tool choice list, as a click would.
bool chooseToolChoice(mantle::ui::ToolsEditor *editor, const QString &text)
{
    auto *combo = editor->findChild<QComboBox *>(QStringLiteral("toolChoice"));
    const int index = combo ? combo->findText(text) : -1;
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
    return true;
}

} // namespace

void TestPlayground::forcedToolCallIsAnsweredAndContinued_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("resultShape"); // how the result goes back, in the request body
    QTest::addRow("chat") << ApiSurface::ChatCompletions << QStringLiteral("openai.gpt-oss-120b")
                          << QStringLiteral("\"role\":\"tool\"");
    QTest::addRow("responses") << ApiSurface::Responses << QStringLiteral("openai.gpt-oss-120b")
                               << QStringLiteral("\"type\":\"function_call_output\"");
    QTest::addRow("messages") << ApiSurface::Messages
                              << QStringLiteral("anthropic.claude-haiku-4-5")
                              << QStringLiteral("\"type\":\"tool_result\"");
}

void TestPlayground::forcedToolCallIsAnsweredAndContinued()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QFETCH(QString, resultShape);
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page = showSurface(*window, surface, model);
    QVERIFY(page);
    page->showSidePage(PlaygroundPage::SidePage::Tools);
    mantle::ui::ToolsEditor *tools = page->toolsEditor();
    tools->addExample(QStringLiteral("get_weather"));
    QVERIFY(chooseToolChoice(tools, QStringLiteral("Call get_weather")));
    QCOMPARE(page->session().tools.size(), 1);
    QCOMPARE(page->session().toolChoice->mode, mantle::api::ToolChoice::Mode::Function);

    QVERIFY(sendAndWait(page, QStringLiteral("Is it warm in Lisbon today?")));
    const auto first = page->session().entries.at(1); // a copy: the list grows
    QVERIFY2(!first.error, qPrintable(first.error ? first.error->message : QString()));
    QCOMPARE(first.toolCalls.size(), 1);
    QCOMPARE(first.toolCalls.at(0).name, QStringLiteral("get_weather"));
    mantle::ui::ToolCallsPanel *calls = page->toolCallsPanel();
    QVERIFY(calls);
    QVERIFY(calls->isVisible());
    QCOMPARE(calls->callCount(), 1);
    QVERIFY2(calls->argumentsValid(0), qPrintable(calls->argumentsCheck(0)));
    // The example's canned result is offered; a result is needed before sending.
    QCOMPARE(calls->result(0), tools->cannedResult(QStringLiteral("get_weather")));
    calls->setResult(0, QString());
    QVERIFY(!calls->canSend());
    calls->setResult(0, QStringLiteral("{\"temperature_c\": 24, \"sky\": \"clear\"}"));
    QVERIFY(calls->canSend());

    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    calls->sendResults();
    QVERIFY(finished.wait(kWaitMs));
    const auto &entries = page->session().entries;
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries.at(2).role, mantle::api::MessageRole::Tool);
    QCOMPARE(entries.at(2).toolCallId, first.toolCalls.at(0).id);
    const auto &answer = entries.at(3);
    QVERIFY2(!answer.error, qPrintable(answer.error ? answer.error->message : QString()));
    QVERIFY(answer.toolCalls.isEmpty()); // the forced choice went back as auto: it answered
    QVERIFY(!answer.text.isEmpty());
    const QByteArray body = answer.request->requestBody;
    QVERIFY2(QString::fromUtf8(body).remove(QLatin1Char(' ')).contains(resultShape),
             body.constData());
    QVERIFY(!calls->isVisible());
}

void TestPlayground::parallelToolCallsAreAnsweredTogether()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::ChatCompletions, QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(page);
    mantle::ui::ToolsEditor *tools = page->toolsEditor();
    tools->addExample(QStringLiteral("get_weather"));
    tools->addExample(QStringLiteral("get_time"));
    QCOMPARE(page->session().tools.size(), 2);

    QVERIFY(sendAndWait(page, QStringLiteral("Use get_weather and get_time for Oslo.")));
    const auto first = page->session().entries.at(1);
    QCOMPARE(first.toolCalls.size(), 2);
    mantle::ui::ToolCallsPanel *calls = page->toolCallsPanel();
    QVERIFY(calls);
    QCOMPARE(calls->callCount(), 2);
    calls->setResult(0, QStringLiteral("{\"temperature_c\": 3}"));
    calls->setResult(1, QString());
    QVERIFY(!calls->canSend()); // both calls are answered together
    calls->setResult(1, QStringLiteral("{\"time\": \"12:00\"}"));
    QVERIFY(calls->canSend());

    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    calls->sendResults();
    QVERIFY(finished.wait(kWaitMs));
    const auto &entries = page->session().entries;
    QCOMPARE(entries.size(), 5);
    QCOMPARE(entries.at(2).toolCallId, first.toolCalls.at(0).id);
    QCOMPARE(entries.at(3).toolCallId, first.toolCalls.at(1).id);
    // One request carried both results.
    const QJsonArray messages = sentBody(entries.at(4)).value(QStringLiteral("messages")).toArray();
    int results = 0;
    for (const QJsonValue &message : messages)
        results += message.toObject().value(QStringLiteral("role")).toString() == u"tool";
    QCOMPARE(results, 2);
}

void TestPlayground::structuredOutputIsCheckedAgainstItsSchema_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("schemaKey"); // where the schema goes in the request body
    QTest::addRow("chat") << ApiSurface::ChatCompletions << QStringLiteral("openai.gpt-oss-120b")
                          << QStringLiteral("response_format");
    QTest::addRow("responses") << ApiSurface::Responses << QStringLiteral("openai.gpt-oss-120b")
                               << QStringLiteral("text");
    QTest::addRow("messages") << ApiSurface::Messages
                              << QStringLiteral("anthropic.claude-haiku-4-5")
                              << QStringLiteral("tool_choice"); // a forced answer tool
}

void TestPlayground::structuredOutputIsCheckedAgainstItsSchema()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QFETCH(QString, schemaKey);
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page = showSurface(*window, surface, model);
    QVERIFY(page);
    mantle::sessions::Session session = page->session();
    const QJsonObject schema = QJsonDocument::fromJson(R"({
        "type": "object", "additionalProperties": false, "required": ["city", "population"],
        "properties": {"city": {"type": "string"}, "population": {"type": "integer"}}})")
                                   .object();
    session.outputSchema = mantle::api::OutputSchema{QStringLiteral("city"), schema, true};
    QVERIFY(page->openSession(session));
    mantle::ui::SchemaEditor *editor = page->schemaEditor();
    QCOMPARE(editor->outputSchema(), session.outputSchema);

    QVERIFY(sendAndWait(page, QStringLiteral("The largest city of Norway")));
    const auto &answer = page->session().entries.at(1);
    QVERIFY2(!answer.error, qPrintable(answer.error ? answer.error->message : QString()));
    QVERIFY2(sentBody(answer).contains(schemaKey), answer.request->requestBody.constData());
    const QJsonObject output = QJsonDocument::fromJson(answer.text.toUtf8()).object();
    QVERIFY2(output.value(QStringLiteral("population")).isDouble(), qPrintable(answer.text));
    auto *status = editor->findChild<QLabel *>(QStringLiteral("outputStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(QLatin1String("matches the schema")),
             qPrintable(status->text()));

    // An answer that breaks the schema: each violation named with its JSON pointer.
    page->editEntry(1, QStringLiteral("{\"city\": \"Oslo\", \"population\": \"many\"}"));
    editor->showOutput(page->session().entries.at(1).text);
    auto *violations = editor->findChild<QListWidget *>(QStringLiteral("outputViolations"));
    QVERIFY(violations);
    QVERIFY(violations->count() >= 1);
    const QString shown = violations->item(0)->text();
    QVERIFY2(shown.contains(QLatin1String("/population")), qPrintable(shown));
}

void TestPlayground::costTabTotalsEqualTheSumOfTurns()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::Messages, QStringLiteral("anthropic.claude-haiku-4-5"));
    QVERIFY(page);
    page->showSidePage(PlaygroundPage::SidePage::Cost);
    QVERIFY(sendAndWait(page, QStringLiteral("A short poem about tides")));
    QVERIFY(sendAndWait(page, QStringLiteral("And one about harbours")));

    qint64 sum = 0;
    qint64 input = 0;
    for (const auto &entry : page->session().entries) {
        if (entry.role != mantle::api::MessageRole::Assistant)
            continue;
        QVERIFY(entry.costPico.has_value());
        QVERIFY(entry.cost.has_value());
        QCOMPARE(entry.cost->totalPico(), *entry.costPico);
        sum += *entry.costPico;
        input += entry.usage->inputTokens;
    }
    QVERIFY(sum > 0);
    const mantle::mantle::CostTotal total = page->costView()->sessionTotal();
    QCOMPARE(total.pico, sum);
    QCOMPARE(total.requests, 2);
    QCOMPARE(total.inputTokens, input);
    QCOMPARE(page->session().totalCostPico(), sum);
}

void TestPlayground::chainTabChainsForksAndContinues()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::Responses, QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(page);
    QVERIFY(sendAndWait(page, QStringLiteral("My name is Ada.")));
    QVERIFY(sendAndWait(page, QStringLiteral("What is my name?")));
    const mantle::sessions::Session original = page->session();
    QCOMPARE(original.entries.size(), 4);
    const auto &first = original.entries.at(1);
    const auto &second = original.entries.at(3);
    QVERIFY(!first.responseId.isEmpty());
    // The second request names the first answer and carries only the new question.
    const QJsonObject body = sentBody(second);
    QCOMPARE(body.value(QStringLiteral("previous_response_id")).toString(), first.responseId);
    QCOMPARE(body.value(QStringLiteral("input")).toArray().size(), 1);
    QVERIFY2(second.text.contains(QLatin1String("Ada")), qPrintable(second.text));

    // Fork after the first answer: a new session that goes on from that stored response.
    page->showSidePage(PlaygroundPage::SidePage::Chain);
    mantle::ui::ChainView *chain = page->chainView();
    QTRY_VERIFY(chain->selectEntry(first.id));
    auto *forkButton = chain->findChild<QPushButton *>(QStringLiteral("forkButton"));
    QVERIFY(forkButton && forkButton->isEnabled());
    forkButton->click();
    QTRY_VERIFY(page->session().id != original.id);
    QCOMPARE(page->session().forkedFromSession, original.id);
    QCOMPARE(page->session().entries.size(), 2);
    QVERIFY(sendAndWait(page, QStringLiteral("Remind me: what is my name?")));
    const auto &forked = page->session().entries.constLast();
    QCOMPARE(sentBody(forked).value(QStringLiteral("previous_response_id")).toString(),
             first.responseId);
    QVERIFY2(forked.text.contains(QLatin1String("Ada")), qPrintable(forked.text));

    // Continue from the original's last answer: that session again, as it was.
    chain->refresh();
    QTRY_VERIFY(chain->selectEntry(second.id));
    chain->findChild<QPushButton *>(QStringLiteral("continueButton"))->click();
    QTRY_COMPARE(page->session().id, original.id);
    QCOMPARE(page->session().entries.size(), 4);

    // Delete the last answer's stored response: the session notes it and re-sends the
    // conversation from then on (no previous_response_id that the server no longer has).
    chain->setDeleteConfirmation([](const QString &) { return true; });
    QTRY_VERIFY(chain->selectEntry(second.id));
    QSignalSpy deleted(chain, &mantle::ui::ChainView::deleteFinished);
    chain->findChild<QPushButton *>(QStringLiteral("deleteButton"))->click();
    QTRY_COMPARE(deleted.size(), 1);
    QVERIFY(deleted.at(0).at(1).toBool());
    QVERIFY(page->session().entries.at(3).responseDeleted);
    QVERIFY(sendAndWait(page, QStringLiteral("Say my name once more.")));
    const QJsonObject resent = sentBody(page->session().entries.constLast());
    QVERIFY(!resent.contains(QStringLiteral("previous_response_id")));
    QCOMPARE(resent.value(QStringLiteral("input")).toArray().size(), 5);
    mantle::sessions::SessionStore store(m_files->locations().sessionsDirectory);
    QVERIFY(store.load(original.id)->entries.at(3).responseDeleted);
}

void TestPlayground::backgroundResponseIsPolledToTheAnswer()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = showSurface(*window, ApiSurface::Responses, QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(page);
    auto *background
        = page->parameters()->findChild<QCheckBox *>(QStringLiteral("paramBackgroundCheck"));
    QVERIFY(background);
    background->click();
    QVERIFY(page->session().background);

    QVERIFY(sendAndWait(page, QStringLiteral("Write a haiku about patience")));
    const auto &answer = page->session().entries.at(1);
    QVERIFY2(!answer.error, qPrintable(answer.error ? answer.error->message : QString()));
    QVERIFY2(answer.text.contains(QLatin1String("patience")), qPrintable(answer.text));
    QVERIFY(!answer.responseId.isEmpty());
    QVERIFY(answer.sentSpec.has_value());
    QVERIFY(answer.sentSpec->background);
    QVERIFY(!answer.sentSpec->stream);
}

QTEST_MAIN(TestPlayground)
#include "tst_playground.moc"
