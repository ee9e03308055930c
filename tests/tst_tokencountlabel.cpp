// The pre-send token count beside Send (issue #11, item 4), in the window on the demo account's
// emulator: typing on Messages asks count_tokens once per pause, the label shows the count and
// its cost at the model's input price (and the answer's upper bound with max tokens), the
// answer then reports the same input tokens, other surfaces show nothing and send nothing, and
// a refused count shows "?" with the missing permission in the tooltip.
// Runs offscreen with every file in a temporary directory.

#include "demowindowfixture.h"
#include "emulatorserver.h"
#include "localemulator.h"
#include "mainwindow.h"
#include "parameterspanel.h"
#include "playgroundpage.h"
#include "playgroundservices.h"

#include "mantle/modelcatalogue.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using mantle::mantle::ApiSurface;
using mantle::ui::MainWindow;
using mantle::ui::PlaygroundPage;

namespace {

constexpr int kWaitMs = DemoWindowFixture::kWaitMs;
const QString kClaude = QStringLiteral("anthropic.claude-haiku-4-5");
const QString kOtherClaude = QStringLiteral("anthropic.claude-opus-4-7");
const QString kChatModel = QStringLiteral("openai.gpt-oss-120b");
constexpr char kCountPath[] = "/anthropic/v1/messages/count_tokens";

/// "$0.000123": `tokens` at `pricePerMillion`, worked out here in whole pico-dollars and shown
/// with six decimals, as the app shows amounts.
QString dollars(qint64 tokens, double pricePerMillion)
{
    const qint64 pico = tokens * qRound64(pricePerMillion * 1'000'000.0);
    const qint64 micro = (pico + 500'000) / 1'000'000; // to 10^-6, half up (positive amounts)
    return QStringLiteral("$%1.%2")
        .arg(micro / 1'000'000)
        .arg(micro % 1'000'000, 6, 10, QLatin1Char('0'));
}

} // namespace

class TestTokenCountLabel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void typingCountsOncePerPauseAndShowsTheCost();
    void maxTokensAddsTheAnswersUpperBound();
    void changingTheModelCountsAgainAtItsPrice();
    void otherSurfacesShowNothingAndSendNothing();
    void typingWhileAnAnswerStreamsCountsWhenItEnds();
    void refusedCountShowsAQuestionMarkAndThePermission();

private:
    /// The window on the demo account with Messages and `model` shown, counting after 50 ms.
    PlaygroundPage *openMessages(const QString &model = kClaude);
    /// Types `text` into the prompt and waits for the count it causes to be shown.
    bool typeAndWaitForCount(PlaygroundPage *page, const QString &text);
    double price(const QString &model, bool output) const;

    std::unique_ptr<DemoWindowFixture> m_files;
    std::unique_ptr<MainWindow> m_window;
    int m_counts = 0; ///< count_tokens requests the emulator answered
};

void TestTokenCountLabel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_tokencountlabel"));
}

void TestTokenCountLabel::init()
{
    m_files = std::make_unique<DemoWindowFixture>(
        QStringLiteral("Mantle Playground tst_tokencountlabel"));
    QVERIFY(m_files->isValid());
    m_counts = 0;
}

void TestTokenCountLabel::cleanup()
{
    m_window.reset();
    m_files.reset();
}

PlaygroundPage *TestTokenCountLabel::openMessages(const QString &model)
{
    m_window = m_files->openWindow();
    if (!m_window)
        return nullptr;
    mantle::emulator::LocalEmulator *emulator = m_window->services().emulator();
    if (!emulator)
        return nullptr;
    connect(&emulator->server(), &mantle::emulator::EmulatorServer::requestServed, this,
            [this](const QByteArray &, const QByteArray &target) {
                if (target.startsWith(kCountPath))
                    ++m_counts;
            });
    PlaygroundPage *page = DemoWindowFixture::showSurface(*m_window, ApiSurface::Messages, model);
    if (page)
        page->setTokenCountDelay(50);
    return page;
}

bool TestTokenCountLabel::typeAndWaitForCount(PlaygroundPage *page, const QString &text)
{
    QSignalSpy shown(page, &PlaygroundPage::tokenCountShown);
    page->promptEdit()->setFocus();
    QTest::keyClicks(page->promptEdit(), text);
    if (!shown.wait(kWaitMs))
        return false;
    return QTest::qWaitFor([page] { return !page->isTokenCountPending(); }, kWaitMs);
}

double TestTokenCountLabel::price(const QString &model, bool output) const
{
    const auto info = m_window->services().catalogue().find(model);
    if (!info || !info->prices)
        return -1;
    return output ? info->prices->outputPerMillion : info->prices->inputPerMillion;
}

void TestTokenCountLabel::typingCountsOncePerPauseAndShowsTheCost()
{
    PlaygroundPage *page = openMessages();
    QVERIFY(page);
    QLabel *label = page->tokenCountLabel();
    QVERIFY(label);
    QVERIFY(!label->isVisible()); // nothing typed, nothing counted
    QCOMPARE(m_counts, 0);
    page->instructionsEdit()->setPlainText(QStringLiteral("Answer in one line."));
    QVERIFY(!page->isTokenCountPending()); // an empty draft is not counted
    QCOMPARE(m_counts, 0);

    QVERIFY(typeAndWaitForCount(page, QStringLiteral("How do I sign a request")));
    QCOMPARE(m_counts, 1);
    QVERIFY(label->isVisible());
    const QString firstText = label->text();

    // More typing, one more count, for a longer prompt.
    QVERIFY(typeAndWaitForCount(page, QStringLiteral(" with SigV4 for bedrock-mantle?")));
    QCOMPARE(m_counts, 2);
    const QString text = label->text();
    QVERIFY(text != firstText);

    // The answer to that very request reports the count as its input tokens.
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->send();
    QVERIFY(finished.wait(kWaitMs));
    const auto &entry = page->session().entries.constLast();
    QVERIFY(entry.usage);
    const qint64 tokens = entry.usage->inputTokens;
    QVERIFY(tokens > 0);
    const double inputPrice = price(kClaude, false);
    QVERIFY(inputPrice > 0);
    QCOMPARE(text,
             QStringLiteral("≈ %1 input tokens · ≈ %2")
                 .arg(QLocale().toString(tokens), dollars(tokens, inputPrice)));
    QCOMPARE(m_counts, 2);
    // Sent: the draft is empty, so the label goes and nothing more is counted.
    QVERIFY(!label->isVisible());
    QVERIFY(!page->isTokenCountPending());

    // The next prompt is counted with the conversation before it.
    QVERIFY(typeAndWaitForCount(page, QStringLiteral("How do I sign a request")));
    QCOMPARE(m_counts, 3);
    QVERIFY2(label->text() != firstText, qPrintable(label->text()));

    // Clearing the draft hides the count without asking.
    page->promptEdit()->clear();
    QVERIFY(!label->isVisible());
    QVERIFY(!page->isTokenCountPending());
    QCOMPARE(m_counts, 3);
}

void TestTokenCountLabel::maxTokensAddsTheAnswersUpperBound()
{
    PlaygroundPage *page = openMessages();
    QVERIFY(page);
    // As a user sets it: the box checked, 1000 in the spin box.
    auto *check = page->parameters()->findChild<QCheckBox *>(QStringLiteral("paramMaxTokensCheck"));
    auto *spin = page->parameters()->findChild<QSpinBox *>(QStringLiteral("paramMaxTokensSpin"));
    QVERIFY(check && spin);
    check->setChecked(true);
    spin->setValue(1000);
    QCOMPARE(page->session().parameters.maxOutputTokens, std::optional<qint64>(1000));
    QVERIFY(typeAndWaitForCount(page, QStringLiteral("Name three regions.")));
    const QString text = page->tokenCountLabel()->text();

    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->send();
    QVERIFY(finished.wait(kWaitMs));
    const auto &entry = page->session().entries.constLast();
    QVERIFY(entry.usage);
    const qint64 tokens = entry.usage->inputTokens;
    const double input = price(kClaude, false);
    const double output = price(kClaude, true);
    const qint64 withAnswerPico
        = tokens * qRound64(input * 1'000'000.0) + 1000 * qRound64(output * 1'000'000.0);
    const qint64 micro = (withAnswerPico + 500'000) / 1'000'000;
    const QString upTo = QStringLiteral("up to $%1.%2 with the answer")
                             .arg(micro / 1'000'000)
                             .arg(micro % 1'000'000, 6, 10, QLatin1Char('0'));
    QCOMPARE(text,
             QStringLiteral("≈ %1 input tokens · ≈ %2 · %3")
                 .arg(QLocale().toString(tokens), dollars(tokens, input), upTo));
}

void TestTokenCountLabel::changingTheModelCountsAgainAtItsPrice()
{
    PlaygroundPage *page = openMessages();
    QVERIFY(page);
    QVERIFY(typeAndWaitForCount(page, QStringLiteral("Hello")));
    QCOMPARE(m_counts, 1);
    const QString haikuText = page->tokenCountLabel()->text();

    QSignalSpy shown(page, &PlaygroundPage::tokenCountShown);
    QVERIFY(DemoWindowFixture::showSurface(*m_window, ApiSurface::Messages, kOtherClaude));
    QVERIFY(shown.wait(kWaitMs));
    QVERIFY(QTest::qWaitFor([page] { return !page->isTokenCountPending(); }, kWaitMs));
    QCOMPARE(m_counts, 2);
    const QString opusText = page->tokenCountLabel()->text();
    QVERIFY(price(kOtherClaude, false) != price(kClaude, false));
    QVERIFY2(opusText != haikuText, qPrintable(opusText));
    // The same prompt, so the same count, at the other model's price.
    QCOMPARE(opusText.section(QStringLiteral(" · "), 0, 0),
             haikuText.section(QStringLiteral(" · "), 0, 0));
}

void TestTokenCountLabel::otherSurfacesShowNothingAndSendNothing()
{
    PlaygroundPage *messages = openMessages();
    QVERIFY(messages);
    QVERIFY(typeAndWaitForCount(messages, QStringLiteral("Count me")));
    QCOMPARE(m_counts, 1);

    PlaygroundPage *chat
        = DemoWindowFixture::showSurface(*m_window, ApiSurface::ChatCompletions, kChatModel);
    QVERIFY(chat);
    QVERIFY(!chat->tokenCountLabel());
    QVERIFY(chat->findChildren<QLabel *>(QStringLiteral("tokenCountLabel")).isEmpty());
    QVERIFY(!messages->tokenCountLabel()->isVisible());

    chat->promptEdit()->setFocus();
    QTest::keyClicks(chat->promptEdit(), QStringLiteral("Not counted here"));
    QVERIFY(!chat->isTokenCountPending());
    QVERIFY(!messages->isTokenCountPending());
    // A whole answer's round trip: nothing was asked for the count meanwhile.
    QSignalSpy finished(chat, &PlaygroundPage::answerFinished);
    chat->send();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(!chat->session().entries.constLast().error);
    QCOMPARE(m_counts, 1);
}

void TestTokenCountLabel::typingWhileAnAnswerStreamsCountsWhenItEnds()
{
    PlaygroundPage *page = openMessages();
    QVERIFY(page);
    m_window->services().setDemoFault(QStringLiteral("latency=300"));
    page->promptEdit()->setPlainText(QStringLiteral("First question"));
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    QSignalSpy shown(page, &PlaygroundPage::tokenCountShown);
    page->send();
    QVERIFY(page->isBusy());
    QTest::keyClicks(page->promptEdit(), QStringLiteral("Second question"));
    // The conversation is not final while the answer comes: nothing is counted yet.
    QVERIFY(!page->isTokenCountPending());
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(m_counts, 0);
    QVERIFY(shown.wait(kWaitMs));
    QVERIFY(QTest::qWaitFor([page] { return !page->isTokenCountPending(); }, kWaitMs));
    QCOMPARE(m_counts, 1);
    QVERIFY(page->tokenCountLabel()->isVisible());
    QVERIFY(page->tokenCountLabel()->text().contains(QStringLiteral("input tokens")));
}

void TestTokenCountLabel::refusedCountShowsAQuestionMarkAndThePermission()
{
    PlaygroundPage *page = openMessages();
    QVERIFY(page);
    m_window->services().setDemoFault(QStringLiteral("access-denied"));
    QVERIFY(typeAndWaitForCount(page, QStringLiteral("Am I allowed?")));
    QCOMPARE(m_counts, 1);
    QLabel *label = page->tokenCountLabel();
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), QStringLiteral("≈ ? tokens"));
    QVERIFY2(label->toolTip().contains(QStringLiteral("bedrock-mantle:CallWithBearerToken")),
             qPrintable(label->toolTip()));
    // No dialog: the window's only top-level widget is itself.
    for (QWidget *widget : QApplication::topLevelWidgets())
        QVERIFY(widget == m_window.get() || !widget->isVisible());
}

QTEST_MAIN(TestTokenCountLabel)
#include "tst_tokencountlabel.moc"
