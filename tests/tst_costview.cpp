// The cost view (issue #7): the current session's answers in a table with the right sums, totals
// over the other sessions (given, or read from the session directory only once the view is
// shown), the chart in both modes, and the CSV export.

#include "costchart.h"
#include "costview.h"

#include "mantle/costcalculator.h"
#include "sessions/session.h"
#include "sessions/sessionstore.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QFile>
#include <QHelpEvent>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using mantle::api::MessageRole;
using mantle::api::Usage;
using mantle::mantle::ApiSurface;
using mantle::mantle::CostCalculator;
using mantle::mantle::ModelPrices;
using mantle::sessions::Session;
using mantle::sessions::SessionEntry;
using mantle::sessions::SessionStore;
using mantle::ui::CostChart;
using mantle::ui::CostView;

namespace {

ModelPrices prices()
{
    ModelPrices result;
    result.inputPerMillion = 3.0;
    result.outputPerMillion = 15.0;
    result.source = QStringLiteral("https://aws.amazon.com/bedrock/pricing/");
    result.date = QStringLiteral("2026-01-15");
    return result;
}

/// Appends a question and its answer (priced when `priced`) at `time`.
void addTurn(Session &session, const QDateTime &time, qint64 input, qint64 output, bool priced)
{
    SessionEntry question;
    question.id = Session::newId();
    question.role = MessageRole::User;
    question.text = QStringLiteral("q");
    question.createdAt = time;
    SessionEntry answer;
    answer.id = Session::newId();
    answer.role = MessageRole::Assistant;
    answer.text = QStringLiteral("a");
    answer.createdAt = time;
    answer.model = session.model;
    answer.account = session.account;
    Usage usage;
    usage.inputTokens = input;
    usage.outputTokens = output;
    answer.usage = usage;
    if (priced) {
        answer.cost = CostCalculator::cost(usage, prices(), session.surface);
        answer.costPico = answer.cost->totalPico();
        answer.prices = prices();
    }
    session.entries << question << answer;
}

Session makeSession(const QString &title, const QString &account)
{
    Session session = Session::create(ApiSurface::ChatCompletions);
    session.title = title;
    session.account = account;
    session.region = QStringLiteral("us-east-1");
    session.model = QStringLiteral("openai.gpt-oss-120b");
    return session;
}

/// What an answer of `input` and `output` tokens costs at prices(), worked out by hand:
/// $3 and $15 per million tokens are 3,000,000 and 15,000,000 pico-dollars per token.
qint64 expectedPico(qint64 input, qint64 output)
{
    return input * 3'000'000 + output * 15'000'000;
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

QDateTime daysAgo(int days)
{
    return now().addDays(-days);
}

} // namespace

class TestCostView : public QObject
{
    Q_OBJECT

private slots:
    void tableShowsOneRowPerAnswerWithTheRightSums();
    void totalsCoverTheOtherSessions();
    void readsTheSessionDirectoryOnlyOnceShown();
    void aSessionLeftBehindStillCounts();
    void chartPaintsBothModesDifferently();
    void exportsTheLedgerAsCsv();
};

void TestCostView::tableShowsOneRowPerAnswerWithTheRightSums()
{
    Session session = makeSession(QStringLiteral("Current"), QStringLiteral("work"));
    addTurn(session, now(), 1000, 200, true);
    addTurn(session, now(), 50, 5000, true);
    addTurn(session, now(), 70, 70, false);
    CostView view;
    view.resize(900, 600);
    view.setSession(session);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const auto *table = view.findChild<QTableView *>(QStringLiteral("costTable"));
    QVERIFY(table);
    const QAbstractItemModel *model = table->model();
    QCOMPARE(model->rowCount(), 3); // one per answer, none for the questions

    int totalColumn = -1;
    for (int column = 0; column < model->columnCount(); ++column) {
        if (model->headerData(column, Qt::Horizontal).toString().startsWith(QLatin1String("Total")))
            totalColumn = column;
    }
    QVERIFY(totalColumn >= 0);
    QCOMPARE(model->index(0, totalColumn).data().toString(),
             CostCalculator::formatAmount(expectedPico(1000, 200), 6));
    QCOMPARE(model->index(1, totalColumn).data().toString(),
             CostCalculator::formatAmount(expectedPico(50, 5000), 6));

    const qint64 sum = expectedPico(1000, 200) + expectedPico(50, 5000);
    QCOMPARE(view.sessionTotal().pico, sum);
    QCOMPARE(view.sessionTotal().requests, 3);
    QCOMPARE(view.sessionTotal().unpricedRequests, 1);
    QCOMPARE(view.sessionTotal().inputTokens, 1120);
    const auto *label = view.findChild<QLabel *>(QStringLiteral("sessionTotal"));
    QVERIFY(label->text().contains(CostCalculator::formatAmount(sum, 6)));
    // With no other session, every total is this session's.
    QCOMPARE(view.overallTotal(), view.sessionTotal());
    QCOMPARE(view.accountTotal(), view.sessionTotal());
    QCOMPARE(view.todayTotal(), view.sessionTotal());

    // The session grows: the table follows.
    addTurn(session, now(), 1, 1, true);
    view.setSession(session);
    QCOMPARE(model->rowCount(), 4);
}

void TestCostView::totalsCoverTheOtherSessions()
{
    Session current = makeSession(QStringLiteral("Current"), QStringLiteral("work"));
    addTurn(current, now(), 100, 100, true);
    Session sameAccountOld = makeSession(QStringLiteral("Old"), QStringLiteral("work"));
    addTurn(sameAccountOld, daysAgo(3), 200, 0, true);
    Session otherAccountToday = makeSession(QStringLiteral("Other"), QStringLiteral("home"));
    addTurn(otherAccountToday, now(), 0, 300, true);
    // The current session as it was last saved: its answers must not count twice.
    Session currentAsSaved = current;
    addTurn(currentAsSaved, now(), 999'999, 999'999, true);

    CostView view;
    view.setSession(current);
    view.setHistory({sameAccountOld, otherAccountToday, currentAsSaved});
    QVERIFY(view.isHistoryLoaded());

    QCOMPARE(view.sessionTotal().pico, expectedPico(100, 100));
    QCOMPARE(view.accountTotal().pico, expectedPico(100, 100) + expectedPico(200, 0));
    QCOMPARE(view.todayTotal().pico, expectedPico(100, 100) + expectedPico(0, 300));
    QCOMPARE(view.overallTotal().pico,
             expectedPico(100, 100) + expectedPico(200, 0) + expectedPico(0, 300));
    QCOMPARE(view.overallTotal().requests, 3);
}

void TestCostView::readsTheSessionDirectoryOnlyOnceShown()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const SessionStore store(directory.path());
    Session saved = makeSession(QStringLiteral("Saved"), QStringLiteral("work"));
    addTurn(saved, daysAgo(1), 400, 40, true);
    QVERIFY(store.save(saved));
    Session current = makeSession(QStringLiteral("Current"), QStringLiteral("work"));
    addTurn(current, now(), 10, 10, true);

    CostView view;
    view.setSessionDirectory(directory.path());
    view.setSession(current);
    QVERIFY(!view.isHistoryLoaded()); // nothing read while hidden (start-up time)
    QCOMPARE(view.overallTotal().pico, expectedPico(10, 10));

    QSignalSpy loaded(&view, &CostView::historyLoaded);
    view.show();
    QVERIFY(loaded.wait(10'000));
    QVERIFY(view.isHistoryLoaded());
    QCOMPARE(view.overallTotal().pico, expectedPico(10, 10) + expectedPico(400, 40));
    QCOMPARE(view.accountTotal().requests, 2);
}

void TestCostView::aSessionLeftBehindStillCounts()
{
    Session first = makeSession(QStringLiteral("First"), QStringLiteral("work"));
    addTurn(first, now(), 100, 0, true);
    Session second = makeSession(QStringLiteral("Second"), QStringLiteral("work"));
    addTurn(second, now(), 0, 100, true);
    CostView view;
    view.setHistory({});
    view.setSession(first);
    view.setSession(second); // the user switched: "First" was never saved, yet it was paid for
    QCOMPARE(view.sessionTotal().pico, expectedPico(0, 100));
    QCOMPARE(view.overallTotal().pico, expectedPico(100, 0) + expectedPico(0, 100));
    view.setSession(first); // and back: counted once
    QCOMPARE(view.overallTotal().pico, expectedPico(100, 0) + expectedPico(0, 100));
}

void TestCostView::chartPaintsBothModesDifferently()
{
    Session current = makeSession(QStringLiteral("Current"), QStringLiteral("work"));
    for (int i = 0; i < 12; ++i)
        addTurn(current, now(), 100 * (i + 1), 50 * (12 - i), i != 5);
    Session older = makeSession(QStringLiteral("Older"), QStringLiteral("work"));
    addTurn(older, daysAgo(10), 5000, 5000, true);
    CostView view;
    view.resize(800, 600);
    view.setSession(current);
    view.setHistory({older});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    auto *chart = view.findChild<CostChart *>(QStringLiteral("costChart"));
    QVERIFY(chart);
    QCOMPARE(chart->bars().size(), 12);
    const QImage turns = chart->grab().toImage();
    QVERIFY(!turns.isNull());
    QVERIFY(turns.width() > 0 && turns.height() > 0);
    // Hovering a bar tells what it stands for.
    const QPoint middle(chart->width() / 2, chart->height() / 2);
    const int hovered = chart->barAt(middle);
    QVERIFY(hovered >= 0 && hovered < 12);
    QVERIFY(chart->toolTipFor(hovered).contains(QStringLiteral("Answer %1").arg(hovered + 1)));
    QHelpEvent help(QEvent::ToolTip, middle, chart->mapToGlobal(middle));
    QApplication::sendEvent(chart, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), chart->toolTipFor(hovered));
    QToolTip::hideText();
    QCOMPARE(chart->barAt(QPoint(1, 1)), -1); // the legend corner is no bar

    view.setChartMode(CostView::ChartMode::Days);
    QCOMPARE(chart->bars().size(), CostView::kChartDays);
    QCOMPARE(chart->bars().last().pico, view.todayTotal().pico);
    QCOMPARE(chart->bars().at(CostView::kChartDays - 11).pico, expectedPico(5000, 5000));
    const QImage days = chart->grab().toImage();
    QVERIFY(!days.isNull());
    QVERIFY(days != turns);

    // The bars take the palette's highlight colour.
    const auto countPixels = [](const QImage &image, const QColor &colour) {
        int count = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                count += image.pixelColor(x, y) == colour ? 1 : 0;
        }
        return count;
    };
    QPalette palette = chart->palette();
    palette.setColor(QPalette::Highlight, QColor(200, 10, 30));
    chart->setPalette(palette);
    QVERIFY(countPixels(chart->grab().toImage(), QColor(200, 10, 30)) > 100);

    // 2,000 answers still paint, as columns of neighbouring answers.
    Session large = makeSession(QStringLiteral("Large"), QStringLiteral("work"));
    for (int i = 0; i < 2000; ++i)
        addTurn(large, now(), 10 + i % 7, 20 + i % 11, true);
    view.setChartMode(CostView::ChartMode::Turns);
    view.setSession(large);
    QCOMPARE(chart->bars().size(), 2000);
    QCOMPARE(view.findChild<QTableView *>(QStringLiteral("costTable"))->model()->rowCount(), 2000);
    QVERIFY(!chart->grab().toImage().isNull());
    const int middleBar = chart->barAt(middle);
    QVERIFY2(middleBar > 800 && middleBar < 1200, qPrintable(QString::number(middleBar)));
}

void TestCostView::exportsTheLedgerAsCsv()
{
    Session current = makeSession(QStringLiteral("Current, \"quoted\""), QStringLiteral("work"));
    addTurn(current, now(), 1000, 200, true);
    Session older = makeSession(QStringLiteral("Older"), QStringLiteral("home"));
    addTurn(older, daysAgo(2), 10, 10, false);
    CostView view;
    view.setSession(current);
    view.setHistory({older});

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(QStringLiteral("costs.csv"));
    QVERIFY(view.exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines.size(), 4); // header, two answers (oldest first), and the empty end
    QVERIFY(lines.at(0).startsWith("time,day,session_id,session_title"));
    QVERIFY(lines.at(1).contains(",Older,home,"));
    QVERIFY(lines.at(2).contains(",\"Current, \"\"quoted\"\"\",work,"));
    QVERIFY(
        lines.at(2).contains(CostCalculator::formatAmount(expectedPico(1000, 200), 12).toUtf8()));

    // A path that cannot be written: an error, no file.
    const QString bad = directory.filePath(QStringLiteral("missing/costs.csv"));
    QVERIFY(!view.exportCsv(bad));
    QVERIFY(!QFile::exists(bad));
}

QTEST_MAIN(TestCostView)
#include "tst_costview.moc"
