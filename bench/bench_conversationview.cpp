// The conversation view under load (issue #6, item 2), offscreen:
// 1. streaming N deltas (about 5 characters each: words, spaces, some newlines) into a new
//    assistant item of a view that already holds 0, 500 and 2,000 items, through the event loop
//    (deltas arrive in batches, as network reads deliver them; the view repaints at its frame
//    rate), then finishing the answer (its Markdown rendered once);
// 2. the longest event-loop stall while 200 deltas/s stream into a 2,000-item session: the
//    largest gap between two ticks of a 1 ms probe timer, and the longest viewport paint;
// 3. resident memory (VmRSS, VmHWM from /proc/self/status) with an empty view, and with 2,000
//    items loaded and scrolled through from top to bottom.
//
// Usage: bench_conversationview [--deltas N] [--stall-seconds S]
#include "conversationitem.h"
#include "conversationview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using mantle::ui::ConversationItem;
using mantle::ui::ConversationView;

namespace {

QString procStatus(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    const QByteArray prefix = QByteArray(key) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return QString::fromLatin1(line.mid(prefix.size()).trimmed());
    }
    return QStringLiteral("?");
}

void printMemory(const char *label)
{
    std::printf("  %-52s VmRSS %12s   VmHWM %12s\n", label, qPrintable(procStatus("VmRSS")),
                qPrintable(procStatus("VmHWM")));
}

/// Deterministic "realistic" deltas: words of an answer, about 5 characters each, a paragraph
/// break every 40 to 80 deltas and now and then a list item or inline code.
QStringList makeDeltas(int count)
{
    static const char *const words[]
        = {" the",  " model", " answer",  " is",         " streamed", " token",
           " by",   " token", ",",        " and",        " each",     " delta",
           " adds", " a",     " few",     " characters", " to",       " the",
           " text", ".",      " Bedrock", " Mantle",     " serves",   " it",
           " over", " SSE",   " while",   " the",        " view",     " keeps",
           " up",   " with",  " `code`",  " and",        " **bold**", " words"};
    constexpr int wordCount = int(sizeof(words) / sizeof(words[0]));
    QStringList deltas;
    deltas.reserve(count);
    quint32 state = 12345;
    int sinceBreak = 0;
    for (int i = 0; i < count; ++i) {
        state = state * 1103515245u + 12345u;
        const int r = int((state >> 16) & 0x7fff);
        if (sinceBreak > 40 + r % 40) {
            deltas.append(r % 3 == 0 ? QStringLiteral(".\n\n- ") : QStringLiteral(".\n\n"));
            sinceBreak = 0;
        } else {
            deltas.append(QString::fromLatin1(words[r % wordCount]));
            ++sinceBreak;
        }
    }
    return deltas;
}

QString paragraphs(int seed)
{
    QString text;
    const int count = 2 + seed % 3;
    for (int p = 0; p < count; ++p) {
        if (p > 0)
            text += QStringLiteral("\n\n");
        if ((seed + p) % 7 == 0)
            text += QStringLiteral("```python\nprint(%1)\nfor i in range(3):\n    pass\n```")
                        .arg(seed);
        else
            text += QStringLiteral("Paragraph %1 of item %2: ").arg(p).arg(seed)
                + QStringLiteral("lorem ipsum dolor sit amet, consectetur adipiscing elit ")
                      .repeated(2 + (seed * 7 + p) % 6);
    }
    return text;
}

QList<ConversationItem> session(int count)
{
    QList<ConversationItem> items;
    items.reserve(count);
    for (int i = 0; i < count; ++i) {
        ConversationItem item;
        item.kind = i % 2 == 0 ? ConversationItem::Kind::User : ConversationItem::Kind::Assistant;
        item.text = i % 2 == 0 ? QStringLiteral("Question %1: how does streaming work?").arg(i)
                               : paragraphs(i);
        item.header = i % 2 == 0 ? QStringLiteral("You")
                                 : QStringLiteral("Assistant · openai.gpt-oss-120b");
        if (i % 2 == 1) {
            item.footer = QStringLiteral("12 in · 340 out · $0.000123 · 0.42 s to first token");
            if (i % 10 == 1)
                item.reasoning = QStringLiteral("Some reasoning about item %1.").arg(i);
        }
        items.append(item);
    }
    return items;
}

ConversationItem streamingAnswer()
{
    ConversationItem item;
    item.kind = ConversationItem::Kind::Assistant;
    item.state = ConversationItem::State::Streaming;
    item.header = QStringLiteral("Assistant · openai.gpt-oss-120b");
    return item;
}

/// Counts and times the viewport's paints: it delivers each paint event itself (the view's own
/// handling included), so the time is the paint's and nothing else's.
class PaintMeter final : public QObject
{
public:
    int paints = 0;
    qint64 longestPaintNs = 0;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_delivering)
            return false;
        m_delivering = true;
        QElapsedTimer timer;
        timer.start();
        QCoreApplication::sendEvent(watched, event);
        longestPaintNs = std::max(longestPaintNs, timer.nsecsElapsed());
        ++paints;
        m_delivering = false;
        return true;
    }

private:
    bool m_delivering = false;
};

void showAndSettle(ConversationView &view)
{
    view.resize(900, 700);
    view.show();
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents();
}

/// Part 1: all deltas through the event loop in batches of `batch`, then finish the answer.
/// With `paintEachBatch`, every batch is also laid out and painted at once (the worst case: a
/// frame per network read), which shows whether a frame's cost grows with the answer.
void streamInto(int previousItems, const QStringList &deltas, bool paintEachBatch)
{
    ConversationView view;
    showAndSettle(view);
    QElapsedTimer load;
    load.start();
    view.setItems(session(previousItems));
    QCoreApplication::processEvents();
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    PaintMeter meter;
    view.viewport()->installEventFilter(&meter);

    const int row = view.appendItem(streamingAnswer());
    constexpr int batch = 20;
    int next = 0;
    QTimer feeder;
    feeder.setInterval(0);
    QElapsedTimer clock;
    clock.start();
    // When the first and the last tenth of the deltas were done: equal times mean that a delta
    // (and a frame) costs the same at the end of a long answer as at its start.
    const int tenth = int(deltas.size()) / 10;
    qint64 firstTenthNs = 0;
    qint64 ninthTenthNs = 0;
    QObject::connect(&feeder, &QTimer::timeout, &view, [&] {
        if (firstTenthNs == 0 && next >= tenth)
            firstTenthNs = clock.nsecsElapsed();
        if (ninthTenthNs == 0 && next >= int(deltas.size()) - tenth)
            ninthTenthNs = clock.nsecsElapsed();
        const int end = std::min(int(deltas.size()), next + batch);
        for (; next < end; ++next)
            view.appendText(row, deltas.at(next));
        if (paintEachBatch) {
            view.flushPendingUpdates();
            view.viewport()->repaint();
        }
    });
    feeder.start();
    while (next < deltas.size())
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    feeder.stop();
    const qint64 deltasDoneNs = clock.nsecsElapsed();
    view.flushPendingUpdates(); // the last frame
    QCoreApplication::processEvents();
    const double streamMs = double(clock.nsecsElapsed()) / 1e6;

    QElapsedTimer finish;
    finish.start();
    ConversationItem done = view.item(row);
    done.state = ConversationItem::State::Finished;
    done.footer = QStringLiteral("done");
    view.updateItem(row, done);
    QCoreApplication::processEvents();
    const double finishMs = double(finish.nsecsElapsed()) / 1e6;

    std::printf("  N = %5d %-17s setItems %7.2f ms   stream %6d deltas %8.1f ms (%7.0f deltas/s, "
                "%4d paints)   finish (Markdown once) %6.2f ms\n",
                previousItems, paintEachBatch ? "paint every batch" : "frame-coalesced", loadMs,
                int(deltas.size()), streamMs, double(deltas.size()) / (streamMs / 1000.0),
                meter.paints, finishMs);
    std::printf("  %27s first tenth of the deltas %7.1f ms, last tenth %7.1f ms\n", "",
                double(firstTenthNs) / 1e6, double(deltasDoneNs - ninthTenthNs) / 1e6);
}

/// Part 2: 200 deltas/s (a 5 ms timer) into a 2,000-item session, for `seconds`.
void measureStalls(const QStringList &deltas, int seconds)
{
    ConversationView view;
    showAndSettle(view);
    view.setItems(session(2000));
    QCoreApplication::processEvents();
    const int row = view.appendItem(streamingAnswer());
    PaintMeter meter;
    view.viewport()->installEventFilter(&meter);

    int next = 0;
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.setInterval(5);
    QObject::connect(&feeder, &QTimer::timeout, &view, [&] {
        view.appendText(row, deltas.at(next % deltas.size()));
        ++next;
    });

    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QElapsedTimer sinceTick;
    std::vector<qint64> gaps;
    gaps.reserve(std::size_t(seconds) * 1000);
    QObject::connect(&probe, &QTimer::timeout, &view, [&] {
        if (sinceTick.isValid())
            gaps.push_back(sinceTick.nsecsElapsed());
        sinceTick.start();
    });

    QElapsedTimer clock;
    clock.start();
    feeder.start();
    probe.start();
    while (clock.elapsed() < seconds * 1000) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    feeder.stop();
    probe.stop();

    std::sort(gaps.begin(), gaps.end());
    const auto percentile = [&](double p) {
        return gaps.empty()
            ? 0.0
            : double(gaps[std::min(gaps.size() - 1, std::size_t(p * gaps.size()))]) / 1e6;
    };
    std::printf("  %d deltas in %.1f s (%.0f/s), %d paints; 1 ms probe gaps: median %.2f ms, "
                "p99 %.2f ms, max %.2f ms; longest paint %.2f ms\n",
                next, double(clock.elapsed()) / 1000.0, next / (double(clock.elapsed()) / 1000.0),
                meter.paints, percentile(0.5), percentile(0.99), percentile(1.0),
                double(meter.longestPaintNs) / 1e6);
}

/// Part 3: memory with an empty view, then with 2,000 items scrolled through.
void measureMemory()
{
    printMemory("QApplication only");
    ConversationView view;
    showAndSettle(view);
    printMemory("empty view shown");
    QElapsedTimer load;
    load.start();
    view.setItems(session(2000));
    QCoreApplication::processEvents();
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    printMemory("2,000 items loaded (end shown)");
    QScrollBar *bar = view.verticalScrollBar();
    QElapsedTimer scroll;
    scroll.start();
    bar->setValue(0);
    QCoreApplication::processEvents();
    int pages = 0;
    while (bar->value() < bar->maximum()) {
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        QCoreApplication::processEvents(); // paints the page
        ++pages;
    }
    const double scrollMs = double(scroll.nsecsElapsed()) / 1e6;
    printMemory("2,000 items scrolled through top to bottom");
    std::printf("  setItems(2000) + first paint %.2f ms; %d pages scrolled in %.1f ms (%.2f "
                "ms/page); %d items laid out, %d layouts cached\n",
                loadMs, pages, scrollMs, scrollMs / std::max(1, pages), view.laidOutItemCount(),
                view.cachedLayoutCount());
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int deltaCount = 20000;
    int stallSeconds = 5;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--deltas"))
            deltaCount = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--stall-seconds"))
            stallSeconds = args.at(++i).toInt();
    }
    deltaCount = std::max(1, deltaCount);
    const QStringList deltas = makeDeltas(deltaCount);
    qint64 characters = 0;
    for (const QString &delta : deltas)
        characters += delta.size();

    std::printf("bench_conversationview (QT_QPA_PLATFORM=%s, view 900x700)\n",
                qgetenv("QT_QPA_PLATFORM").constData());
    std::printf("\n3. Memory\n");
    measureMemory();
    std::printf("\n1. Streaming %d deltas (%lld characters, %.1f per delta) into a new answer\n",
                deltaCount, characters, double(characters) / deltaCount);
    for (const bool paintEachBatch : {false, true}) {
        for (const int previous : {0, 500, 2000})
            streamInto(previous, deltas, paintEachBatch);
    }
    std::printf("\n2. Stalls at 200 deltas/s into a 2,000-item session for %d s\n", stallSeconds);
    measureStalls(deltas, stallSeconds);
    std::printf("\n");
    printMemory("at exit (peak over the whole run)");
    return 0;
}
