// The fault-injection suite (issue #10, item 1), the window's part: an answer cut mid-stream is
// kept, marked in the conversation and in the saved session, and re-running completes it; a
// paced answer streams while the window's event loop keeps running at a steady rate. The demo
// account's emulator misbehaves on request (Playground > Demo Failures, `x-emulator-fault`).
// Runs offscreen with every file in a temporary directory (DemoWindowFixture).

#include "conversationitem.h"
#include "conversationview.h"
#include "demowindowfixture.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"

#include "api/turn.h"
#include "sessions/sessionstore.h"

#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using mantle::mantle::ApiSurface;
using mantle::ui::ConversationItem;
using mantle::ui::MainWindow;
using mantle::ui::PlaygroundPage;

class TestFaultsGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void answerCutMidStreamIsKeptMarkedAndRerunCompletesIt();
    void windowKeepsRunningWhileAPacedAnswerStreams();

private:
    bool sendAndWait(PlaygroundPage *page, const QString &prompt);

    std::unique_ptr<DemoWindowFixture> m_files;
};

namespace {

/// A model that answers with text at once (it reasons only when asked), so a cut stream has
/// answer text before the cut.
const QString kPlainModel = QStringLiteral("qwen.qwen3-32b");

} // namespace

void TestFaultsGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_faultsgui"));
}

void TestFaultsGui::init()
{
    m_files
        = std::make_unique<DemoWindowFixture>(QStringLiteral("Mantle Playground tst_faultsgui"));
    QVERIFY(m_files->isValid());
}

void TestFaultsGui::cleanup()
{
    m_files.reset();
}

bool TestFaultsGui::sendAndWait(PlaygroundPage *page, const QString &prompt)
{
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->promptEdit()->setPlainText(prompt);
    page->send();
    return finished.wait(DemoWindowFixture::kWaitMs);
}

void TestFaultsGui::answerCutMidStreamIsKeptMarkedAndRerunCompletesIt()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = DemoWindowFixture::showSurface(*window, ApiSurface::ChatCompletions, kPlainModel);
    QVERIFY(page);
    window->services().setDemoFault(QStringLiteral("drop-after=6"));
    QVERIFY(sendAndWait(page, QStringLiteral("Tell me about lighthouses and their keepers")));

    // Kept and marked: the text that arrived, the entry's error, the item shown as failed with
    // the message in place.
    QCOMPARE(page->session().entries.size(), 2);
    const auto cut = page->session().entries.at(1);
    QVERIFY2(!cut.text.isEmpty(), "the text that arrived was lost");
    QVERIFY(cut.error.has_value());
    QCOMPARE(cut.error->type, QString::fromLatin1(mantle::api::kIncompleteStreamError));
    const ConversationItem &shown = page->conversation()->item(1);
    QCOMPARE(shown.state, ConversationItem::State::Failed);
    QVERIFY2(shown.text.startsWith(cut.text.left(20)), qPrintable(shown.text));
    for (const char *part : {"The answer was cut short", "before the answer was complete",
                             "What arrived is kept", "re-run"}) {
        QVERIFY2(shown.errorText.contains(QLatin1String(part)), qPrintable(shown.errorText));
    }
    QVERIFY2(shown.errorText.contains(window->services().demoEndpoint().mid(7)),
             qPrintable(shown.errorText)); // where: 127.0.0.1:PORT
    QVERIFY(!page->isBusy());

    // The saved session keeps it too.
    mantle::sessions::SessionStore store(m_files->locations().sessionsDirectory);
    const auto saved = store.load(page->session().id);
    QVERIFY(saved.ok());
    QCOMPARE(saved->entries.at(1).text, cut.text);
    QVERIFY(saved->entries.at(1).error.has_value());

    // Re-run (the network is well again): the whole answer replaces the cut one, and it
    // begins with what had arrived (the emulator answers deterministically).
    window->services().setDemoFault(QString());
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->rerunFrom(0);
    QVERIFY(finished.wait(DemoWindowFixture::kWaitMs));
    QCOMPARE(page->session().entries.size(), 2);
    const auto whole = page->session().entries.at(1);
    QVERIFY2(!whole.error.has_value(), qPrintable(whole.error ? whole.error->message : QString()));
    QVERIFY2(whole.text.startsWith(cut.text),
             qPrintable(whole.text + QStringLiteral(" / ") + cut.text));
    QVERIFY(whole.text.size() > cut.text.size());
    QCOMPARE(page->conversation()->item(1).state, ConversationItem::State::Finished);
    QVERIFY(page->conversation()->item(1).errorText.isEmpty());
}

void TestFaultsGui::windowKeepsRunningWhileAPacedAnswerStreams()
{
    auto window = m_files->openWindow();
    QVERIFY(window);
    PlaygroundPage *page
        = DemoWindowFixture::showSurface(*window, ApiSurface::ChatCompletions, kPlainModel);
    QVERIFY(page);
    // The demo's emulator paces streams (a frame every 15 ms); a latency before the answer
    // makes the server slow to start as well.
    window->services().setDemoFault(QStringLiteral("latency=300"));

    // A 10 ms timer on the window's thread: each tick is an event the loop processed. A loop
    // blocked by the stream would show as a long gap between ticks and as too few ticks.
    constexpr int kTickMs = 10;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(kTickMs);
    QElapsedTimer sinceTick;
    int ticks = 0;
    qint64 longestGapMs = 0;
    int growths = 0; ///< ticks at which the streaming item had grown
    qsizetype shownLength = 0;
    connect(&ticker, &QTimer::timeout, this, [&] {
        ++ticks;
        longestGapMs = std::max(longestGapMs, sinceTick.restart());
        if (page->conversation()->count() > 1) {
            const qsizetype length = page->conversation()->item(1).text.size();
            if (length > shownLength)
                ++growths;
            shownLength = length;
        }
    });

    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->promptEdit()->setPlainText(QStringLiteral(
        "Describe, one after the other, the lighthouses, harbours, breakwaters, buoys, "
        "beacons, tides, currents, charts and pilots of a long and rocky coast"));
    QElapsedTimer streaming;
    streaming.start();
    sinceTick.start();
    ticker.start();
    page->send();
    QVERIFY(finished.wait(DemoWindowFixture::kWaitMs));
    ticker.stop();
    const qint64 tookMs = streaming.elapsed();

    const auto &answer = page->session().entries.at(1);
    QVERIFY2(!answer.error.has_value(),
             qPrintable(answer.error ? answer.error->message : QString()));
    QVERIFY2(tookMs >= 300, qPrintable(QString::number(tookMs))); // it was slow
    qInfo("%lld ms: %d ticks of %d ms, longest gap %lld ms, the answer grew at %d ticks", tookMs,
          ticks, kTickMs, longestGapMs, growths);
    // Steady: at least a third of the nominal tick rate, no gap near a freeze.
    QVERIFY2(ticks >= int(tookMs / kTickMs / 3), qPrintable(QString::number(ticks)));
    QVERIFY2(longestGapMs < 250, qPrintable(QString::number(longestGapMs)));
    // And the answer appeared piece by piece while it streamed, not all at the end.
    QVERIFY2(growths >= 5, qPrintable(QString::number(growths)));
}

QTEST_MAIN(TestFaultsGui)
#include "tst_faultsgui.moc"
