// The chain view (issue #7 part 1) against the demo account's emulator, offscreen: a two-turn
// Responses chain whose second turn goes with previous_response_id and only the new message and
// still remembers the user's name; a fork that continues from the forked answer; a stored
// response retrieved, then deleted (after confirming) and gone; a background response polled to
// completion and another cancelled.

#include "chainview.h"
#include "playgroundservices.h"

#include "emulatorserver.h"
#include "localemulator.h"

#include "pipeline/storedresponsecall.h"
#include "pipeline/turncall.h"
#include "sessions/sessionrunner.h"
#include "sessions/sessionstore.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using mantle::api::MessageRole;
using mantle::mantle::ApiSurface;
using mantle::pipeline::CallTarget;
using mantle::pipeline::StoredResponseCall;
using mantle::sessions::ChainNode;
using mantle::sessions::Session;
using mantle::sessions::SessionEntry;
using mantle::sessions::SessionRunner;
using mantle::ui::ChainView;
using mantle::ui::PlaygroundServices;

namespace {

constexpr int kWaitMs = 15000;
constexpr char kModel[] = "openai.gpt-oss-120b";

QJsonObject requestBodyOf(const SessionEntry &entry)
{
    if (!entry.request)
        return {};
    return QJsonDocument::fromJson(entry.request->requestBody).object();
}

} // namespace

class tst_ChainView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void buildsNothingUntilShown();
    void twoTurnChainRemembersTheUsersName();
    void forkContinuesFromTheForkedAnswer();
    void retrievedThenDeletedResponseIsGone();
    void backgroundResponsePolledToCompletionAndOneCancelled();

private:
    Session newSession() const;
    bool resolveTarget(CallTarget &target);
    /// Appends `prompt` and runs the answer through SessionRunner, as the playground does.
    bool ask(Session &session, const QString &prompt);
    /// A background response created on the emulator, kept as an answer of `session`.
    bool addBackgroundAnswer(Session &session, const QString &prompt);
    std::unique_ptr<ChainView> showView();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<PlaygroundServices> m_services;
    CallTarget m_target;
};

void tst_ChainView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_chainview"));
}

void tst_ChainView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    PlaygroundServices::Locations locations;
    locations.keychainService = QStringLiteral("Mantle Playground tst_chainview");
    locations.sessionsDirectory = m_dir->filePath(QStringLiteral("sessions"));
    locations.routesFile = m_dir->filePath(QStringLiteral("cache/routes.json"));
    m_services = std::make_unique<PlaygroundServices>(*m_settings, locations);
    QVERIFY(m_services->startDemo());
    QVERIFY(resolveTarget(m_target));
}

void tst_ChainView::cleanup()
{
    m_services.reset();
    m_settings.reset();
    m_dir.reset();
}

Session tst_ChainView::newSession() const
{
    Session session = Session::create(ApiSurface::Responses);
    session.title = QStringLiteral("Names");
    session.account = PlaygroundServices::demoAccountName();
    session.region = m_services->defaultRegion(session.account);
    session.model = QString::fromLatin1(kModel);
    return session;
}

bool tst_ChainView::resolveTarget(CallTarget &target)
{
    bool done = false;
    bool ok = false;
    m_services->resolveTarget(PlaygroundServices::demoAccountName(), QString(), this,
                              [&](mantle::Result<CallTarget> resolved) {
                                  done = true;
                                  ok = resolved.ok();
                                  if (ok)
                                      target = std::move(resolved).value();
                              });
    return QTest::qWaitFor([&] { return done; }, kWaitMs) && ok;
}

bool tst_ChainView::ask(Session &session, const QString &prompt)
{
    SessionEntry user;
    user.id = Session::newId();
    user.role = MessageRole::User;
    user.text = prompt;
    user.createdAt = QDateTime::currentDateTimeUtc();
    session.entries.append(user);
    SessionRunner runner(m_services->client(), &m_services->routes());
    QSignalSpy finished(&runner, &SessionRunner::finished);
    if (!runner.start(session, m_target, std::nullopt))
        return false;
    if (!finished.wait(kWaitMs))
        return false;
    const SessionEntry &answer = session.entries.last();
    return !answer.error && !answer.responseId.isEmpty();
}

bool tst_ChainView::addBackgroundAnswer(Session &session, const QString &prompt)
{
    SessionEntry user;
    user.id = Session::newId();
    user.role = MessageRole::User;
    user.text = prompt;
    user.createdAt = QDateTime::currentDateTimeUtc();
    session.entries.append(user);

    mantle::api::RequestSpec spec = session.requestSpec();
    spec.background = true;
    spec.stream = false;
    mantle::pipeline::TurnCall call(m_services->client(), spec, m_target, &m_services->routes());
    QSignalSpy finished(&call, &mantle::pipeline::TurnCall::finished);
    call.start();
    if (!finished.wait(kWaitMs) || call.error() || call.turn().responseId.isEmpty())
        return false;
    SessionEntry answer;
    answer.id = Session::newId();
    answer.role = MessageRole::Assistant;
    answer.createdAt = QDateTime::currentDateTimeUtc();
    answer.model = session.model;
    answer.account = session.account;
    answer.region = session.region;
    answer.responseId = call.turn().responseId;
    answer.stopReason = call.turn().stopReason;
    answer.sentSpec = spec;
    answer.sentSpec->messages.clear();
    session.entries.append(answer);
    return true;
}

std::unique_ptr<ChainView> tst_ChainView::showView()
{
    auto view = std::make_unique<ChainView>();
    view->setServices(*m_services);
    view->setDeleteConfirmation([](const QString &) { return true; });
    view->setPollInterval(std::chrono::milliseconds(20));
    view->resize(900, 600);
    view->show();
    return view;
}

void tst_ChainView::buildsNothingUntilShown()
{
    Session session = newSession();
    QVERIFY(ask(session, QStringLiteral("Hello")));
    QVERIFY(m_services->sessions().save(session));
    ChainView view;
    view.setServices(*m_services);
    view.setCurrentSession(session);
    view.refresh();
    QVERIFY(view.chainTree().isEmpty());
    QVERIFY(view.findChildren<QWidget *>().isEmpty());
    view.show();
    QCOMPARE(view.chainTree().nodes().size(), 1);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("storageNote"))
                ->text()
                .contains(QStringLiteral("30 days")));
}

void tst_ChainView::twoTurnChainRemembersTheUsersName()
{
    Session session = newSession();
    QVERIFY(ask(session, QStringLiteral("My name is Alex.")));
    QVERIFY(ask(session, QStringLiteral("What is my name?")));
    const SessionEntry &first = session.entries.at(1);
    const SessionEntry &second = session.entries.at(3);
    QVERIFY(!first.text.contains(QStringLiteral("What is my name")));

    // What went to the emulator: the first answer's id and the new message only.
    const QJsonObject body = requestBodyOf(second);
    QCOMPARE(body.value(QStringLiteral("previous_response_id")).toString(), first.responseId);
    const QJsonArray input = body.value(QStringLiteral("input")).toArray();
    QCOMPARE(input.size(), 1);
    QVERIFY(QJsonDocument(input.first().toObject())
                .toJson()
                .contains(QByteArrayLiteral("What is my name?")));
    QVERIFY(!QJsonDocument(body).toJson().contains(QByteArrayLiteral("My name is Alex")));
    // … and the answer knows the name from the stored first turn.
    QVERIFY2(second.text.contains(QStringLiteral("Alex")), qPrintable(second.text));

    QVERIFY(m_services->sessions().save(session));
    const auto view = showView();
    view->setCurrentSession(session);
    QCOMPARE(view->chainTree().nodes().size(), 2);
    const int firstNode = view->chainTree().find(session.id, first.id);
    const int secondNode = view->chainTree().find(session.id, second.id);
    QCOMPARE(view->chainTree().nodes().at(secondNode).parent, firstNode);
    QCOMPARE(view->nodeText(secondNode, ChainView::AnswerColumn), second.responseId);
    QCOMPARE(view->nodeText(secondNode, ChainView::StoredColumn), QStringLiteral("stored"));
    QCOMPARE(view->nodeText(secondNode, ChainView::ModelColumn), QString::fromLatin1(kModel));
    QVERIFY(view->nodeText(secondNode, ChainView::SentColumn).contains(QStringLiteral("1 new")));
    QVERIFY(view->nodeText(firstNode, ChainView::SentColumn).contains(QStringLiteral("re-sent")));
    QVERIFY(!view->nodeText(secondNode, ChainView::TokensColumn).isEmpty());
    // The current session's last answer is selected.
    QCOMPARE(view->selectedNode(), secondNode);

    QSignalSpy continued(view.get(), &ChainView::continueFrom);
    QVERIFY(view->selectEntry(first.id));
    view->findChild<QPushButton *>(QStringLiteral("continueButton"))->click();
    QCOMPARE(continued.size(), 1);
    QCOMPARE(continued.first().at(0).toString(), session.id);
    QCOMPARE(continued.first().at(1).toString(), first.id);
}

void tst_ChainView::forkContinuesFromTheForkedAnswer()
{
    Session session = newSession();
    QVERIFY(ask(session, QStringLiteral("My name is Alex.")));
    QVERIFY(ask(session, QStringLiteral("Tell me about rivers.")));
    QVERIFY(m_services->sessions().save(session));
    const auto view = showView();
    QCOMPARE(view->chainTree().nodes().size(), 2);

    // Fork after the first answer, as the window does on forkRequested.
    Session fork;
    connect(view.get(), &ChainView::forkRequested, this,
            [&](const QString &sessionId, const QString &entryId) {
                QCOMPARE(sessionId, session.id);
                for (int row = 0; row < session.entries.size(); ++row) {
                    if (session.entries.at(row).id == entryId)
                        fork = session.forkAt(row);
                }
            });
    const QString forkedEntry = session.entries.at(1).id;
    QVERIFY(view->selectEntry(forkedEntry));
    view->findChild<QPushButton *>(QStringLiteral("forkButton"))->click();
    QCOMPARE(fork.entries.size(), 2);
    QVERIFY(ask(fork, QStringLiteral("What is my name?")));
    QCOMPARE(requestBodyOf(fork.entries.last()).value(QStringLiteral("previous_response_id")),
             QJsonValue(session.entries.at(1).responseId));
    QVERIFY(fork.entries.last().text.contains(QStringLiteral("Alex")));
    QVERIFY(m_services->sessions().save(fork));

    view->setCurrentSession(fork);
    view->refresh();
    const auto &tree = view->chainTree();
    QCOMPARE(tree.nodes().size(), 3);
    const int forked = tree.find(session.id, forkedEntry);
    const int forkAnswer = tree.find(fork.id, fork.entries.last().id);
    QCOMPARE(tree.nodes().at(forkAnswer).parent, forked);
    QCOMPARE(tree.nodes().at(forkAnswer).sessionId, fork.id);
    QCOMPARE(tree.nodes().at(forked).children.size(), 2);
    QCOMPARE(view->selectedNode(), forkAnswer);
}

void tst_ChainView::retrievedThenDeletedResponseIsGone()
{
    Session session = newSession();
    QVERIFY(ask(session, QStringLiteral("My name is Alex.")));
    QVERIFY(m_services->sessions().save(session));
    const QString id = session.entries.last().responseId;
    auto view = showView();
    QVERIFY(view->selectResponse(id));

    // Declining the confirmation sends nothing: the next request the emulator serves is the GET.
    QSignalSpy served(&m_services->emulator()->server(),
                      &mantle::emulator::EmulatorServer::requestServed);
    QSignalSpy deleted(view.get(), &ChainView::deleteFinished);
    view->setDeleteConfirmation([](const QString &) { return false; });
    view->findChild<QPushButton *>(QStringLiteral("deleteButton"))->click();

    QSignalSpy shown(view.get(), &ChainView::responseShown);
    view->findChild<QPushButton *>(QStringLiteral("retrieveButton"))->click();
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(shown.last().at(1).toBool(), true);
    const QJsonObject json = QJsonDocument::fromJson(view->responseText().toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(served.size(), 1);
    QCOMPARE(served.first().at(0).toByteArray(), QByteArrayLiteral("GET"));
    QVERIFY(deleted.isEmpty());
    QCOMPARE(view->nodeText(0, ChainView::StoredColumn), QStringLiteral("stored"));

    QStringList asked;
    view->setDeleteConfirmation([&asked](const QString &responseId) {
        asked << responseId;
        return true;
    });
    view->findChild<QPushButton *>(QStringLiteral("deleteButton"))->click();
    QVERIFY(deleted.wait(kWaitMs));
    QCOMPARE(asked, QStringList{id});
    QCOMPARE(deleted.last().at(1).toBool(), true);
    QCOMPARE(view->nodeText(0, ChainView::StoredColumn), QStringLiteral("deleted"));
    QVERIFY(!view->findChild<QPushButton *>(QStringLiteral("deleteButton"))->isEnabled());

    // Gone on the server: a GET answers 404, in the view and on its own.
    view->retrieveResponse(id);
    QVERIFY(shown.wait(kWaitMs));
    QCOMPARE(shown.last().at(1).toBool(), false);
    StoredResponseCall get(m_services->client(), StoredResponseCall::Action::Retrieve, id,
                           QString::fromLatin1(kModel), m_target, &m_services->routes());
    QSignalSpy got(&get, &StoredResponseCall::finished);
    get.start();
    QVERIFY(got.wait(kWaitMs));
    QCOMPARE(get.httpStatus(), 404);
    QVERIFY(get.error());

    // The deletion is remembered when the tree is built again.
    view->refresh();
    QCOMPARE(view->nodeText(0, ChainView::StoredColumn), QStringLiteral("deleted"));
}

void tst_ChainView::backgroundResponsePolledToCompletionAndOneCancelled()
{
    Session session = newSession();
    QVERIFY(addBackgroundAnswer(session, QStringLiteral("Write a long story.")));
    QVERIFY(addBackgroundAnswer(session, QStringLiteral("Write another one.")));
    QVERIFY(m_services->sessions().save(session));
    const QString completing = session.entries.at(1).responseId;
    const QString cancelling = session.entries.at(3).responseId;
    QCOMPARE(session.entries.at(1).stopReason, QStringLiteral("queued"));

    const auto view = showView();
    const int first = view->chainTree().findResponse(completing);
    const int second = view->chainTree().findResponse(cancelling);
    QVERIFY(view->chainTree().nodes().at(first).background);
    QCOMPARE(view->nodeText(first, ChainView::StatusColumn), QStringLiteral("queued"));

    QSignalSpy statuses(view.get(), &ChainView::backgroundStatusChanged);
    QSignalSpy finished(view.get(), &ChainView::backgroundFinished);
    QVERIFY(view->selectResponse(completing));
    auto *follow = view->findChild<QPushButton *>(QStringLiteral("followButton"));
    auto *cancel = view->findChild<QPushButton *>(QStringLiteral("cancelButton"));
    QVERIFY(follow->isEnabled());
    follow->click();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.last().at(0).toString(), completing);
    QCOMPARE(finished.last().at(1).toString(), QStringLiteral("completed"));
    QVERIFY(statuses.contains(QVariantList{completing, QStringLiteral("in_progress")}));
    QCOMPARE(view->nodeText(first, ChainView::StatusColumn), QStringLiteral("completed"));
    QVERIFY(!follow->isEnabled());
    QVERIFY(!cancel->isEnabled());

    QVERIFY(view->selectResponse(cancelling));
    QVERIFY(cancel->isEnabled());
    cancel->click();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.last().at(0).toString(), cancelling);
    QCOMPARE(finished.last().at(1).toString(), QStringLiteral("cancelled"));
    QCOMPARE(view->nodeText(second, ChainView::StatusColumn), QStringLiteral("cancelled"));

    // The server says the same.
    StoredResponseCall get(m_services->client(), StoredResponseCall::Action::Retrieve, cancelling,
                           QString::fromLatin1(kModel), m_target, &m_services->routes());
    QSignalSpy got(&get, &StoredResponseCall::finished);
    get.start();
    QVERIFY(got.wait(kWaitMs));
    QVERIFY(get.turn());
    QCOMPARE(get.turn()->stopReason, QStringLiteral("cancelled"));
}

QTEST_MAIN(tst_ChainView)
#include "tst_chainview.moc"
