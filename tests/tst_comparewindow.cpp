// The compare window (issue #11 items 1 and 2) against the demo account's emulator: one prompt
// to three targets of which one cannot be reached (its account does not exist), the columns, the
// table and its CSV, sync scrolling, "Continue with this" into a session of the main window, and
// the Across APIs tab's payloads, which must be what the request builders send.
// Runs offscreen with every file in a temporary directory (DemoWindowFixture).

#include "comparecolumn.h"
#include "comparetablemodel.h"
#include "comparetargetrow.h"
#include "comparewindow.h"
#include "crossapiview.h"
#include "demowindowfixture.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"
#include "regionmatrixview.h"

#include "compare/comparerun.h"
#include "pipeline/turncall.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextDocument>

#include <cmath>
#include <memory>

using mantle::compare::CompareRun;
using mantle::compare::CompareTarget;
using mantle::mantle::ApiSurface;
using mantle::ui::CompareColumn;
using mantle::ui::CompareTableModel;
using mantle::ui::CompareWindow;
using mantle::ui::MainWindow;
using mantle::ui::PlaygroundPage;
using mantle::ui::PlaygroundServices;

class TestCompareWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void columnAppendsOnlyTheNewText_data();
    void columnAppendsOnlyTheNewText();
    void columnStateFollowsTheResult_data();
    void columnStateFollowsTheResult();
    void compareActionPrefillsFromTheCurrentPage();
    void twoTargetsAnswerAndTheUnreachableOneShowsItsError();
    void costIsShownOnlyForPricedModels();
    void syncScrollingMovesTheOtherColumns();
    void csvExportWritesTheHeaderAndOneRowPerTarget();
    void continueWithThisOpensASessionEndingWithThatAnswer();
    void acrossApisShowsWhatEachBuilderSends();
    void regionChosenInTheMatrixBecomesTheFirstTarget();
    void windowGeometryIsRemembered();

private:
    CompareWindow *openCompare(MainWindow &window);
    bool runThreeTargets(CompareWindow &compare);

    std::unique_ptr<DemoWindowFixture> m_files;
};

namespace {

constexpr int kWaitMs = DemoWindowFixture::kWaitMs;
const QString kPrompt = QStringLiteral(
    "Which of these models should I use for summarising long support tickets into three "
    "short bullet points with the customer's mood, the product concerned and the next step?");
const QString kMissingAccount = QStringLiteral("No such account");

QList<CompareTarget> threeTargets()
{
    const QString demo = PlaygroundServices::demoAccountName();
    const QString region = QStringLiteral("us-east-1");
    return {
        {demo, region, QStringLiteral("qwen.qwen3-32b"), ApiSurface::ChatCompletions},
        {demo, region, QStringLiteral("openai.gpt-oss-120b"), ApiSurface::Responses},
        {kMissingAccount, region, QStringLiteral("qwen.qwen3-32b"), ApiSurface::ChatCompletions},
    };
}

QString pretty(const QByteArray &json)
{
    return QString::fromUtf8(QJsonDocument::fromJson(json).toJson(QJsonDocument::Indented));
}

} // namespace

void TestCompareWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_comparewindow"));
}

void TestCompareWindow::init()
{
    m_files = std::make_unique<DemoWindowFixture>(
        QStringLiteral("Mantle Playground tst_comparewindow"));
    QVERIFY(m_files->isValid());
}

void TestCompareWindow::cleanup()
{
    m_files.reset();
}

CompareWindow *TestCompareWindow::openCompare(MainWindow &window)
{
    auto *action = window.findChild<QAction *>(QStringLiteral("actionCompare"));
    if (!action || action->shortcut() != QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K))
        return nullptr;
    action->trigger();
    auto *compare = window.findChild<CompareWindow *>(QStringLiteral("compareWindow"));
    if (!compare || !compare->isVisible())
        return nullptr;
    if (!QTest::qWaitFor([compare] { return !compare->isLoadingModels(); }, kWaitMs))
        return nullptr;
    return compare;
}

bool TestCompareWindow::runThreeTargets(CompareWindow &compare)
{
    compare.setPrompt(kPrompt);
    compare.setTargets(threeTargets());
    if (!QTest::qWaitFor([&compare] { return !compare.isLoadingModels(); }, kWaitMs))
        return false;
    if (compare.targets() != threeTargets())
        return false;
    QSignalSpy finished(&compare, &CompareWindow::runFinished);
    auto *run = compare.findChild<QPushButton *>(QStringLiteral("runButton"));
    if (!run)
        return false;
    run->click();
    if (!compare.isRunning() || run->text() == CompareWindow::tr("&Run"))
        return false; // Run turns into Stop while it runs
    return finished.wait(kWaitMs) && !compare.isRunning();
}

void TestCompareWindow::columnAppendsOnlyTheNewText_data()
{
    QTest::addColumn<QStringList>("texts");
    // What each update does to the view: -1 nothing, 0 only adds, 1 takes text out.
    QTest::addColumn<QList<int>>("removed");

    QTest::addRow("deltas are appended")
        << QStringList{QStringLiteral("Hel"), QStringLiteral("Hello"), QStringLiteral("Hello!\nOk")}
        << QList<int>{0, 0, 0};
    QTest::addRow("the same text changes nothing")
        << QStringList{QStringLiteral("Hello"), QStringLiteral("Hello")} << QList<int>{0, -1};
    QTest::addRow("a text that does not continue replaces the view")
        << QStringList{QStringLiteral("Hello"), QStringLiteral("Bye")} << QList<int>{0, 1};
}

void TestCompareWindow::columnAppendsOnlyTheNewText()
{
    QFETCH(QStringList, texts);
    QFETCH(QList<int>, removed);

    const CompareTarget target{QStringLiteral("A"), QStringLiteral("us-east-1"),
                               QStringLiteral("m"), ApiSurface::ChatCompletions};
    CompareColumn column(target);
    mantle::compare::CompareResult result;
    result.target = target;
    result.started = true;
    for (int i = 0; i < texts.size(); ++i) {
        QList<int> removals;
        const auto connection
            = connect(column.answerView()->document(), &QTextDocument::contentsChange,
                      [&removals](int, int charsRemoved, int) { removals << charsRemoved; });
        result.turn.text = texts.at(i);
        column.setResult(result);
        disconnect(connection);
        QCOMPARE(column.answerText(), texts.at(i));
        if (removed.at(i) < 0)
            QVERIFY(removals.isEmpty());
        else
            QCOMPARE(removals.value(0, -1) > 0 ? 1 : removals.value(0, -1), removed.at(i));
    }
}

void TestCompareWindow::columnStateFollowsTheResult_data()
{
    QTest::addColumn<bool>("started");
    QTest::addColumn<bool>("finished");
    QTest::addColumn<QString>("turnError");
    QTest::addColumn<bool>("failure");
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("canContinue");

    using State = CompareColumn::State;
    QTest::addRow("not started") << false << false << QString() << false << int(State::Waiting)
                                 << false;
    QTest::addRow("streaming") << true << false << QString() << false << int(State::Streaming)
                               << false;
    QTest::addRow("done") << true << true << QString() << false << int(State::Done) << true;
    QTest::addRow("server error in the answer")
        << true << true << QStringLiteral("server_error") << false << int(State::Failed) << true;
    QTest::addRow("stopped") << true << true << QString::fromLatin1(mantle::api::kCancelledError)
                             << false << int(State::Stopped) << true;
    QTest::addRow("failed before answering")
        << false << true << QString() << true << int(State::Failed) << false;
}

void TestCompareWindow::columnStateFollowsTheResult()
{
    QFETCH(bool, started);
    QFETCH(bool, finished);
    QFETCH(QString, turnError);
    QFETCH(bool, failure);
    QFETCH(int, state);
    QFETCH(bool, canContinue);

    const CompareTarget target{QStringLiteral("A"), QStringLiteral("us-east-1"),
                               QStringLiteral("m"), ApiSurface::ChatCompletions};
    CompareColumn column(target);
    mantle::compare::CompareResult result;
    result.target = target;
    result.started = started;
    result.finished = finished;
    if (!failure)
        result.turn.text = QStringLiteral("Some text");
    if (!turnError.isEmpty())
        result.turn.error = mantle::api::TurnError{turnError, QStringLiteral("It broke"), {}};
    if (failure)
        result.failure = mantle::makeError(mantle::Error::Kind::Auth, QStringLiteral("No key"));
    column.setResult(result);
    QCOMPARE(int(column.state()), state);
    QCOMPARE(column.findChild<QLabel *>(QStringLiteral("columnStatus"))->text(),
             CompareColumn::stateText(CompareColumn::State(state)));
    QCOMPARE(column.findChild<QPushButton *>(QStringLiteral("continueButton"))->isEnabled(),
             canContinue);
    QCOMPARE(column.errorText().isEmpty(), turnError.isEmpty() && !failure);
}

void TestCompareWindow::compareActionPrefillsFromTheCurrentPage()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    PlaygroundPage *page = DemoWindowFixture::showSurface(*window, ApiSurface::ChatCompletions,
                                                          QStringLiteral("qwen.qwen3-32b"));
    QVERIFY(page);
    page->promptEdit()->setPlainText(kPrompt);
    page->instructionsEdit()->setPlainText(QStringLiteral("Answer briefly."));

    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    QCOMPARE(compare->baseSpec().messages.size(), 1);
    QCOMPARE(compare->baseSpec().messages.constFirst().text, kPrompt);
    QCOMPARE(compare->baseSpec().instructions, QStringLiteral("Answer briefly."));
    const QList<CompareTarget> targets = compare->targets();
    QCOMPARE(targets.size(), 2);
    const CompareTarget current{PlaygroundServices::demoAccountName(), QStringLiteral("us-east-1"),
                                QStringLiteral("qwen.qwen3-32b"), ApiSurface::ChatCompletions};
    QCOMPARE(targets.at(0), current);
    // The second row: the same account, region and API with another model.
    QCOMPARE(targets.at(1).account, current.account);
    QCOMPARE(targets.at(1).region, current.region);
    QCOMPARE(targets.at(1).surface, current.surface);
    QVERIFY(!targets.at(1).model.isEmpty());
    QVERIFY(targets.at(1).model != current.model);

    // Add stops at six targets, Remove at two.
    auto *add = compare->findChild<QPushButton *>(QStringLiteral("addTargetButton"));
    QVERIFY(add);
    for (int i = 0; i < 6; ++i) {
        if (add->isEnabled())
            add->click();
    }
    QCOMPARE(compare->targets().size(), CompareRun::kMaxTargets);
    QVERIFY(!add->isEnabled());
}

void TestCompareWindow::twoTargetsAnswerAndTheUnreachableOneShowsItsError()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    QVERIFY(runThreeTargets(*compare));

    const QList<CompareColumn *> columns = compare->columns();
    QCOMPARE(columns.size(), 3);
    const auto &results = compare->currentRun()->results();
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(columns.at(i)->state(), CompareColumn::State::Done);
        // The emulator's echo of the prompt, appended as it streamed.
        QVERIFY2(columns.at(i)->answerText().startsWith(QStringLiteral("Hello! You said:")),
                 qPrintable(columns.at(i)->answerText()));
        QVERIFY(columns.at(i)->answerText().contains(kPrompt.left(40)));
        QCOMPARE(columns.at(i)->answerText(), results.at(i).turn.text);
        QVERIFY(columns.at(i)->errorText().isEmpty());
    }
    // gpt-oss reasons: its reasoning is in the (collapsed) reasoning section, not the answer.
    QVERIFY(!columns.at(1)->reasoningText().isEmpty());
    QVERIFY(!columns.at(1)->answerText().contains(columns.at(1)->reasoningText()));

    QCOMPARE(columns.at(2)->state(), CompareColumn::State::Failed);
    QVERIFY(columns.at(2)->answerText().isEmpty());
    QVERIFY2(columns.at(2)->errorText().contains(kMissingAccount),
             qPrintable(columns.at(2)->errorText()));

    CompareTableModel *table = compare->tableModel();
    QCOMPARE(table->rowCount(), 3);
    for (int row = 0; row < 2; ++row) {
        const qint64 input
            = table->data(table->index(row, CompareTableModel::Input), CompareTableModel::kSortRole)
                  .toLongLong();
        const qint64 output
            = table
                  ->data(table->index(row, CompareTableModel::Output), CompareTableModel::kSortRole)
                  .toLongLong();
        QVERIFY2(input > 0 && output > 0, qPrintable(QString::number(row)));
        QCOMPARE(input, results.at(row).turn.usage->inputTokens);
        QVERIFY(!table->data(table->index(row, CompareTableModel::TimeToFirstToken))
                     .toString()
                     .isEmpty());
        QVERIFY(table->data(table->index(row, CompareTableModel::Error)).toString().isEmpty());
    }
    QVERIFY(table->data(table->index(2, CompareTableModel::Input)).toString().isEmpty());
    QVERIFY(table->data(table->index(2, CompareTableModel::Error))
                .toString()
                .contains(kMissingAccount));

    // Sorting by output tokens puts the shorter answer first; the source rows stay as they are.
    QTableView *view = compare->tableView();
    view->sortByColumn(CompareTableModel::Output, Qt::DescendingOrder);
    const QString topTarget = view->model()->index(0, CompareTableModel::Target).data().toString();
    const int longer
        = results.at(0).turn.usage->outputTokens >= results.at(1).turn.usage->outputTokens ? 0 : 1;
    QCOMPARE(topTarget, results.at(longer).target.label());
}

void TestCompareWindow::costIsShownOnlyForPricedModels()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    const QString demo = PlaygroundServices::demoAccountName();
    const QString region = QStringLiteral("us-east-1");
    // The catalogue prices Claude Haiku, not Qwen3.
    const QList<CompareTarget> targets{
        {demo, region, QStringLiteral("anthropic.claude-haiku-4-5"), ApiSurface::Messages},
        {demo, region, QStringLiteral("qwen.qwen3-32b"), ApiSurface::ChatCompletions}};
    compare->setPrompt(kPrompt);
    compare->setTargets(targets);
    QVERIFY(QTest::qWaitFor([compare] { return !compare->isLoadingModels(); }, kWaitMs));
    QCOMPARE(compare->targets(), targets);
    QSignalSpy finished(compare, &CompareWindow::runFinished);
    compare->run();
    QVERIFY(finished.wait(kWaitMs));

    const auto &results = compare->currentRun()->results();
    QVERIFY(results.at(0).succeeded() && results.at(1).succeeded());
    CompareTableModel *table = compare->tableModel();
    const auto catalogue = window->services().catalogue().find(targets.at(0).model);
    QVERIFY(catalogue && catalogue->prices);
    const mantle::api::Usage usage = *results.at(0).turn.usage;
    // Per-million prices in pico-dollars per token: price * 1e12 / 1e6.
    const qint64 expected
        = qint64(std::llround(usage.inputTokens * catalogue->prices->inputPerMillion * 1e6
                              + usage.outputTokens * catalogue->prices->outputPerMillion * 1e6));
    QCOMPARE(table->data(table->index(0, CompareTableModel::Cost), CompareTableModel::kSortRole)
                 .toLongLong(),
             expected);
    QVERIFY(!table->data(table->index(0, CompareTableModel::Cost)).toString().isEmpty());
    QVERIFY(table->data(table->index(1, CompareTableModel::Cost)).toString().isEmpty());
}

void TestCompareWindow::syncScrollingMovesTheOtherColumns()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    compare->resize(640, 520);
    QVERIFY(runThreeTargets(*compare));
    auto *sync = compare->findChild<QCheckBox *>(QStringLiteral("syncScrolling"));
    QVERIFY(sync);
    QVERIFY(sync->isChecked());

    QScrollBar *first = compare->columns().at(0)->scrollBar();
    QScrollBar *second = compare->columns().at(1)->scrollBar();
    QTRY_VERIFY(first->maximum() > 0 && second->maximum() > 0);
    first->setValue(first->maximum());
    QCOMPARE(second->value(), second->maximum());
    first->setValue(0);
    QCOMPARE(second->value(), 0);

    sync->setChecked(false);
    first->setValue(first->maximum());
    QCOMPARE(second->value(), 0);
}

void TestCompareWindow::csvExportWritesTheHeaderAndOneRowPerTarget()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    QVERIFY(runThreeTargets(*compare));

    const QString path = m_files->filePath(QStringLiteral("comparison.csv"));
    const auto written = compare->exportCsv(path);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QStringList lines = csv.split(QStringLiteral("\r\n"));
    if (lines.constLast().isEmpty())
        lines.removeLast();
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), mantle::compare::table::csvColumns().join(QLatin1Char(',')));
    QVERIFY(lines.at(1).contains(QStringLiteral("qwen.qwen3-32b")));
    QVERIFY(lines.at(2).contains(QStringLiteral("openai.gpt-oss-120b")));
    QVERIFY(lines.at(3).contains(kMissingAccount));
    QCOMPARE(csv, mantle::compare::table::toCsv(compare->currentRun()->results()));
}

void TestCompareWindow::continueWithThisOpensASessionEndingWithThatAnswer()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    QVERIFY(runThreeTargets(*compare));
    CompareColumn *column = compare->columns().at(1);
    const QString answer = column->answerText();
    QVERIFY(!answer.isEmpty());

    auto *cont = column->findChild<QPushButton *>(QStringLiteral("continueButton"));
    QVERIFY(cont);
    QVERIFY(cont->isEnabled());
    QVERIFY(!compare->columns()
                 .at(2)
                 ->findChild<QPushButton *>(QStringLiteral("continueButton"))
                 ->isEnabled());
    cont->click();

    PlaygroundPage *page = window->currentPage();
    QVERIFY(page);
    QCOMPARE(page->surface(), ApiSurface::Responses);
    const mantle::sessions::Session &session = page->session();
    QCOMPARE(session.model, QStringLiteral("openai.gpt-oss-120b"));
    QCOMPARE(session.account, PlaygroundServices::demoAccountName());
    QCOMPARE(session.entries.size(), 2);
    QCOMPARE(session.entries.at(0).text, kPrompt);
    QCOMPARE(session.entries.constLast().role, mantle::api::MessageRole::Assistant);
    QCOMPARE(session.entries.constLast().text, answer);
    // Saved: the store lists it.
    QVERIFY(window->services().sessions().load(session.id).ok());

    // The table's row does the same for the first target.
    QTableView *view = compare->tableView();
    view->setCurrentIndex(view->model()->index(0, 0));
    compare->findChild<QPushButton *>(QStringLiteral("continueSelectedButton"))->click();
    QCOMPARE(window->currentPage()->surface(), ApiSurface::ChatCompletions);
    QCOMPARE(window->currentPage()->session().entries.constLast().text,
             compare->columns().at(0)->answerText());
}

void TestCompareWindow::acrossApisShowsWhatEachBuilderSends()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    compare->setPrompt(kPrompt);
    mantle::ui::CrossApiView *cross = compare->crossApiView();
    compare->tabs()->setCurrentWidget(cross);
    cross->setTarget({PlaygroundServices::demoAccountName(), QStringLiteral("us-east-1"),
                      QStringLiteral("openai.gpt-oss-120b"), ApiSurface::ChatCompletions});
    QTRY_VERIFY_WITH_TIMEOUT(!cross->picker()->isLoading(), kWaitMs);
    QCOMPARE(cross->surfaces(),
             (QList<ApiSurface>{ApiSurface::ChatCompletions, ApiSurface::Responses}));

    const QList<CompareTarget> targets = cross->targets();
    QCOMPARE(targets.size(), 2);
    for (int i = 0; i < targets.size(); ++i) {
        const auto wire = mantle::pipeline::TurnCall::buildWireRequest(
            CompareRun::specFor(compare->baseSpec(), targets.at(i)));
        QVERIFY(wire.ok());
        QCOMPARE(cross->payloadText(i), pretty(wire->body));
    }
    // Each in its own shape: Chat's messages, Responses' input.
    const QJsonObject chat = QJsonDocument::fromJson(cross->payloadText(0).toUtf8()).object();
    const QJsonObject responses = QJsonDocument::fromJson(cross->payloadText(1).toUtf8()).object();
    QVERIFY(chat.contains(QStringLiteral("messages")));
    QVERIFY(responses.contains(QStringLiteral("input")));
    auto columnOf = [cross](ApiSurface surface) {
        return cross->findChild<QWidget *>(
            QStringLiteral("crossApiColumn_%1").arg(mantle::mantle::apiSurfaceName(surface)));
    };
    QList<QWidget *> columns{columnOf(ApiSurface::ChatCompletions),
                             columnOf(ApiSurface::Responses)};
    QVERIFY(columns.at(0) && columns.at(1));
    QCOMPARE(columns.at(0)->findChild<QLabel *>(QStringLiteral("requestLine"))->text(),
             QStringLiteral("POST /v1/chat/completions"));
    QCOMPARE(columns.at(1)->findChild<QLabel *>(QStringLiteral("requestLine"))->text(),
             QStringLiteral("POST /v1/responses"));
    QVERIFY(columns.at(0)
                ->findChild<QLabel *>(QStringLiteral("headersLabel"))
                ->text()
                .contains(QStringLiteral("content-type: application/json")));

    QSignalSpy finished(cross, &mantle::ui::CrossApiView::runFinished);
    cross->run();
    QVERIFY(finished.wait(kWaitMs));
    const auto &results = cross->currentRun()->results();
    // Run lays the columns out again (with the payloads it sends).
    columns = {columnOf(ApiSurface::ChatCompletions), columnOf(ApiSurface::Responses)};
    QVERIFY(columns.at(0) && columns.at(1));
    for (int i = 0; i < 2; ++i) {
        QVERIFY(results.at(i).succeeded());
        const auto *usage = columns.at(i)->findChild<QLabel *>(QStringLiteral("usageLabel"));
        const auto *raw
            = columns.at(i)->findChild<QPlainTextEdit *>(QStringLiteral("rawUsageView"));
        QVERIFY(usage->text().contains(QString::number(results.at(i).turn.usage->inputTokens)));
        QCOMPARE(QJsonDocument::fromJson(raw->toPlainText().toUtf8()).object(),
                 results.at(i).turn.usage->raw);
        QCOMPARE(columns.at(i)
                     ->findChild<QPlainTextEdit *>(QStringLiteral("crossAnswerView"))
                     ->toPlainText(),
                 results.at(i).turn.text);
    }
    // The surfaces report usage under their own names.
    QVERIFY(results.at(0).turn.usage->raw.contains(QStringLiteral("prompt_tokens")));
    QVERIFY(results.at(1).turn.usage->raw.contains(QStringLiteral("input_tokens")));
}

void TestCompareWindow::regionChosenInTheMatrixBecomesTheFirstTarget()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    PlaygroundPage *page = DemoWindowFixture::showSurface(*window, ApiSurface::Responses,
                                                          QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(page);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    mantle::ui::RegionMatrixView *regions = compare->regionMatrixView();
    QVERIFY(regions);
    QCOMPARE(compare->tabs()->indexOf(regions), 2);
    // Prefilled with the page's account and model.
    QCOMPARE(regions->currentAccount(), PlaygroundServices::demoAccountName());
    QCOMPARE(regions->currentModel(), QStringLiteral("openai.gpt-oss-120b"));

    compare->tabs()->setCurrentWidget(regions);
    Q_EMIT regions->regionChosen(PlaygroundServices::demoAccountName(), QStringLiteral("eu-west-1"),
                                 QStringLiteral("openai.gpt-oss-20b"));
    QCOMPARE(compare->tabs()->currentIndex(), 0);
    QVERIFY(QTest::qWaitFor([compare] { return !compare->isLoadingModels(); }, kWaitMs));
    const CompareTarget first = compare->targets().constFirst();
    QCOMPARE(first.region, QStringLiteral("eu-west-1"));
    QCOMPARE(first.model, QStringLiteral("openai.gpt-oss-20b"));
    QCOMPARE(first.surface, ApiSurface::Responses); // the API it had
}

void TestCompareWindow::windowGeometryIsRemembered()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    CompareWindow *compare = openCompare(*window);
    QVERIFY(compare);
    compare->resize(777, 555);
    QSignalSpy destroyed(compare, &QObject::destroyed);
    compare->close(); // deleted on close
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(destroyed.size(), 1);
    QVERIFY(!window->findChild<CompareWindow *>());

    compare = openCompare(*window);
    QVERIFY(compare);
    QCOMPARE(compare->size(), QSize(777, 555));
}

QTEST_MAIN(TestCompareWindow)
#include "tst_comparewindow.moc"
