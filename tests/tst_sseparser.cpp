#include "net/sseparser.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <limits>

using mantle::Error;
using mantle::net::SseEventView;
using mantle::net::SseParser;

namespace {

const QString kTranscripts = QStringLiteral(MANTLE_SHARED_TESTDATA "/sse");

// An event as "type|id|data": short enough to write expectations in a table.
QByteArray render(const SseEventView &event)
{
    QByteArray r;
    r.append(event.type).append('|').append(event.id).append('|').append(event.data);
    return r;
}

struct Run
{
    QByteArrayList events;
    bool failed = false;
    Error error;
    bool incomplete = false;
    QByteArray lastId;
    qint64 retry = -1;
    qsizetype maxBuffered = 0; ///< the largest bufferedBytes() seen after a feed()
};

// Feeds the chunks one by one, then finishes.
Run parseChunks(const QList<QByteArrayView> &chunks, SseParser::Limits limits = {})
{
    SseParser parser(limits);
    Run run;
    const auto onEvent = [&run](const SseEventView &event) {
        run.events.append(render(event));
    };
    for (const QByteArrayView chunk : chunks) {
        parser.feed(chunk, onEvent);
        run.maxBuffered = std::max(run.maxBuffered, parser.bufferedBytes());
    }
    parser.finish(onEvent);
    run.failed = parser.hasError();
    run.error = parser.error();
    run.incomplete = parser.hadIncompleteEvent();
    run.lastId = parser.lastEventId();
    run.retry = parser.retryMilliseconds();
    return run;
}

// The stream cut before each of the (sorted) positions.
Run parseCut(QByteArrayView stream, const QList<qsizetype> &cuts, SseParser::Limits limits = {})
{
    QList<QByteArrayView> chunks;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        chunks.append(stream.sliced(from, cut - from));
        from = cut;
    }
    chunks.append(stream.sliced(from));
    return parseChunks(chunks, limits);
}

QByteArray escaped(const QByteArray &bytes)
{
    QByteArray out;
    for (const char c : bytes) {
        const auto u = uchar(c);
        if (c == '\n')
            out.append("\\n");
        else if (c == '\r')
            out.append("\\r");
        else if (c == '\\')
            out.append("\\\\");
        else if (u < 0x20 || u >= 0x7f)
            out.append("\\x").append(QByteArray::number(u, 16).rightJustified(2, '0'));
        else
            out.append(c);
    }
    return out;
}

// Everything a run observed, as one string, so two runs compare with one QCOMPARE.
QByteArray describe(const Run &run)
{
    QByteArray out;
    for (const QByteArray &event : run.events)
        out.append("event ").append(escaped(event)).append('\n');
    out.append("error=").append(run.failed ? run.error.code.toUtf8() : QByteArray("none"));
    out.append(" incomplete=").append(run.incomplete ? "yes" : "no");
    out.append(" lastId=").append(escaped(run.lastId));
    out.append(" retry=").append(QByteArray::number(run.retry));
    return out;
}

// Cuts the stream into two at every position, into single bytes, and at seeded random positions
// into many pieces; returns how the first run that differs from the whole stream's differs, or an
// empty string when every run saw exactly the same.
QString firstCutThatDiffers(const QByteArray &stream, SseParser::Limits limits = {})
{
    const QByteArray whole = describe(parseCut(stream, {}, limits));
    const auto differs = [&](const QList<qsizetype> &cuts, const QString &how) {
        const QByteArray got = describe(parseCut(stream, cuts, limits));
        if (got == whole)
            return QString();
        return QStringLiteral("%1 gave\n%2\ninstead of\n%3")
            .arg(how, QString::fromUtf8(got), QString::fromUtf8(whole));
    };
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        const QString problem = differs({cut}, QStringLiteral("a cut at byte %1").arg(cut));
        if (!problem.isEmpty())
            return problem;
    }
    QList<qsizetype> everyByte;
    for (qsizetype cut = 1; cut < stream.size(); ++cut)
        everyByte.append(cut);
    if (QString problem = differs(everyByte, QStringLiteral("one byte at a time"));
        !problem.isEmpty())
        return problem;
    QRandomGenerator random(20261125);
    for (int round = 0; round < 200; ++round) {
        QList<qsizetype> cuts;
        const int pieces = 1 + int(random.bounded(40));
        for (int i = 0; i < pieces; ++i)
            cuts.append(qsizetype(random.bounded(quint64(stream.size()) + 1)));
        std::sort(cuts.begin(), cuts.end());
        QStringList where;
        for (const qsizetype cut : cuts)
            where.append(QString::number(cut));
        const QString problem
            = differs(cuts, QStringLiteral("cuts at %1").arg(where.join(QLatin1Char(','))));
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

QByteArray readTranscript(const QString &name)
{
    QFile file(kTranscripts + QLatin1Char('/') + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList transcriptNames()
{
    return QDir(kTranscripts).entryList({QStringLiteral("*.sse")}, QDir::Files, QDir::Name);
}

constexpr qsizetype kKiB = 1024;
constexpr qsizetype kMiB = 1024 * 1024;

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void followsTheStandard_data();
    void followsTheStandard();
    void honoursOnlyDigitRetryValues_data();
    void honoursOnlyDigitRetryValues();
    void joinsLineEndsCutBetweenChunks_data();
    void joinsLineEndsCutBetweenChunks();
    void skipsByteOrderMarkCutBetweenChunks_data();
    void skipsByteOrderMarkCutBetweenChunks();
    void keepsEventDataAcrossChunks_data();
    void keepsEventDataAcrossChunks();
    void finishDropsAnUnterminatedEvent_data();
    void finishDropsAnUnterminatedEvent();
    void readsTheSharedTranscripts_data();
    void readsTheSharedTranscripts();
    void givesTheSameEventsWhereverATranscriptIsCut_data();
    void givesTheSameEventsWhereverATranscriptIsCut();
    void readsCrlfTranscriptLikeItsLfForm();
    void stopsAnEndlessLineWithBoundedMemory_data();
    void stopsAnEndlessLineWithBoundedMemory();
    void enforcesTheLineLimitExactly_data();
    void enforcesTheLineLimitExactly();
    void enforcesTheEventLimitExactly_data();
    void enforcesTheEventLimitExactly();
    void keepsMemorySmallOnALongStream();
    void givesMemoryBackAfterAHugeEvent();
    void survivesRandomBytes();
};

void TestSseParser::initTestCase()
{
    // The limit messages show sizes the way the locale writes them; pin one for the checks.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestSseParser::followsTheStandard_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("events");
    QTest::addColumn<QByteArray>("lastId");

    const auto row = [](const char *name, const QByteArray &stream, const QByteArrayList &events,
                        const QByteArray &lastId = {}) {
        QTest::newRow(name) << stream << events << lastId;
    };
    // Fields and values.
    row("one data line", "data: hello\n\n", {"||hello"});
    row("no space after colon", "data:hello\n\n", {"||hello"});
    row("only one space removed", "data:  hello\n\n", {"|| hello"});
    row("tab kept", "data:\thello\n\n", {"||\thello"});
    row("trailing space kept", "data: a \n\n", {"||a "});
    row("colons in value kept", "data: a: b:c\n\n", {"||a: b:c"});
    row("data lines joined", "data: a\ndata: b\ndata: c\n\n", {"||a\nb\nc"});
    row("field name alone is empty data", "data\n\n", {"||"});
    row("empty value", "data:\n\n", {"||"});
    row("one trailing newline removed", "data: a\ndata\n\n", {"||a\n"});
    row("empty first data line", "data\ndata: a\n\n", {"||\na"});
    row("blank lines before", "\n\n\ndata: a\n\n", {"||a"});
    // Event types.
    row("event sets type", "event: delta\ndata: x\n\n", {"delta||x"});
    row("type reset after dispatch", "event: a\ndata: 1\n\ndata: 2\n\n", {"a||1", "||2"});
    row("last event field wins", "event: a\nevent: b\ndata: x\n\n", {"b||x"});
    row("event without data not dispatched", "event: ping\n\ndata: x\n\n", {"||x"});
    row("comment-only block not dispatched", ": ping\n\n", {});
    // Ids.
    row("id-only event not dispatched", "id: 1\n\n", {}, "1");
    row("id persists", "id: 7\ndata: a\n\ndata: b\n\n", {"|7|a", "|7|b"}, "7");
    row("id later in the event", "data: a\nid: 9\n\n", {"|9|a"}, "9");
    row("id with NUL ignored", QByteArrayLiteral("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"),
        {"|1|a", "|1|b"}, "1");
    row("empty id resets", "id: 1\ndata: a\n\nid\ndata: b\n\n", {"|1|a", "||b"}, "");
    row("id spaces kept", "id:  x y\ndata: a\n\n", {"| x y|a"}, " x y");
    // What is ignored.
    row("comments ignored", ": keep-alive\n:\n:data: x\ndata: y\n\n", {"||y"});
    row("unknown fields ignored", "foo: bar\nDATA: x\ndata : y\n data: z\ndata: w\n\n", {"||w"});
    row("retry does not dispatch", "retry: 10\n\n", {});
    // Line ends.
    row("CR line ends", "data: a\rdata: b\r\r", {"||a\nb"});
    row("CRLF line ends", "data: a\r\ndata: b\r\n\r\n", {"||a\nb"});
    row("mixed line ends", "event: e\rdata: a\ndata: b\r\n\ndata: c\r\r\n", {"e||a\nb", "||c"});
    row("LF CR is two line ends", "data: a\n\rdata: b\n\n", {"||a", "||b"});
    // Byte-order marks.
    row("leading BOM skipped",
        "\xEF\xBB\xBF"
        "data: a\n\n",
        {"||a"});
    row("second BOM is not skipped",
        "\xEF\xBB\xBF\xEF\xBB\xBF"
        "data: a\n\n",
        {});
    row("BOM inside data kept",
        "data: \xEF\xBB\xBF"
        "a\n\n",
        {"||\xEF\xBB\xBF"
         "a"});
    row("part of a BOM is not skipped",
        "\xEF\xBB"
        "data: a\n\ndata: b\n\n",
        {"||b"});
    row("BOM after the first event is data",
        "data: a\n\n\xEF\xBB\xBF"
        "data: b\n\n",
        {"||a"});
    // Bytes, not text.
    row("multi-byte characters", "data: caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n\n",
        {"||caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"});
    row("invalid UTF-8 passed through", "data: \xFF\xFE\xC3\n\n", {"||\xFF\xFE\xC3"});
    row("NUL in data kept", QByteArrayLiteral("data: a\0b\n\n"), {QByteArrayLiteral("||a\0b")});
    // All of it at once.
    row("all features",
        QByteArrayLiteral("\xEF\xBB\xBF: comment\r\nretry: 2500\nid: 1\r\nevent: delta\r"
                          "data: caf\xC3\xA9\r\ndata: \xF0\x9F\x98\x80 split\n\r\n"
                          "id: 2\0bad\ndata:x\n\n:ping\r\r\nevent: empty\n\n"
                          "data\ndata\n\nid\ndata: last\r\n\r\n"),
        {"delta|1|caf\xC3\xA9\n\xF0\x9F\x98\x80 split", "|1|x", "|1|\n", "||last"}, "");
}

void TestSseParser::followsTheStandard()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, events);
    QFETCH(QByteArray, lastId);

    const Run run = parseCut(stream, {});
    QCOMPARE(run.events, events);
    QCOMPARE(run.lastId, lastId);
    QVERIFY(!run.failed);
    QVERIFY(!run.incomplete);

    const QString problem = firstCutThatDiffers(stream);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSseParser::honoursOnlyDigitRetryValues_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<qint64>("retry");

    QTest::newRow("none") << QByteArray("data: a\n\n") << qint64(-1);
    QTest::newRow("digits") << QByteArray("retry: 3000\n") << qint64(3000);
    QTest::newRow("no space") << QByteArray("retry:3000\n") << qint64(3000);
    QTest::newRow("zero") << QByteArray("retry: 0\n") << qint64(0);
    QTest::newRow("leading zeros") << QByteArray("retry: 007\n") << qint64(7);
    QTest::newRow("letter") << QByteArray("retry: 3a\n") << qint64(-1);
    QTest::newRow("negative") << QByteArray("retry: -5\n") << qint64(-1);
    QTest::newRow("plus sign") << QByteArray("retry: +5\n") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("retry: 1.5\n") << qint64(-1);
    QTest::newRow("empty") << QByteArray("retry:\n") << qint64(-1);
    QTest::newRow("name only") << QByteArray("retry\n") << qint64(-1);
    QTest::newRow("second space kept") << QByteArray("retry:  5\n") << qint64(-1);
    QTest::newRow("trailing space") << QByteArray("retry: 5 \n") << qint64(-1);
    QTest::newRow("non-ASCII digit") << QByteArray("retry: \xD9\xA3\n") << qint64(-1);
    QTest::newRow("invalid keeps earlier") << QByteArray("retry: 12\nretry: x\n") << qint64(12);
    QTest::newRow("later valid wins") << QByteArray("retry: 12\nretry: 34\n") << qint64(34);
    QTest::newRow("huge saturates")
        << QByteArray("retry: 99999999999999999999999\n") << std::numeric_limits<qint64>::max();
    QTest::newRow("unterminated last line") << QByteArray("retry: 45") << qint64(45);
    QTest::newRow("CR line end") << QByteArray("retry: 45\r") << qint64(45);
}

void TestSseParser::honoursOnlyDigitRetryValues()
{
    QFETCH(QByteArray, stream);
    QFETCH(qint64, retry);

    const Run run = parseCut(stream, {});
    QCOMPARE(run.retry, retry);
    QVERIFY(!run.failed);
    const QString problem = firstCutThatDiffers(stream);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSseParser::joinsLineEndsCutBetweenChunks_data()
{
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QByteArrayList>("events");

    QTest::newRow("CR | LF is one line end")
        << QByteArrayList{"data: a\r", "\ndata: b\r\n\r\n"} << QByteArrayList{"||a\nb"};
    QTest::newRow("CR | empty chunk | LF is one line end")
        << QByteArrayList{"data: a\r", "", "\ndata: b\n\n"} << QByteArrayList{"||a\nb"};
    QTest::newRow("CR | LF | LF dispatches")
        << QByteArrayList{"data: a\r", "\n", "\n"} << QByteArrayList{"||a"};
    QTest::newRow("CR | CR is two line ends")
        << QByteArrayList{"data: a\r", "\r"} << QByteArrayList{"||a"};
    QTest::newRow("CR | other byte")
        << QByteArrayList{"data: a\r", "data: b\n\n"} << QByteArrayList{"||a\nb"};
    QTest::newRow("CRLF | CRLF") << QByteArrayList{"data: a\r\n", "\r\n"} << QByteArrayList{"||a"};
    QTest::newRow("LF | CR LF") << QByteArrayList{"data: a\n", "\r\ndata: b\n\n"}
                                << QByteArrayList{"||a", "||b"};
}

void TestSseParser::joinsLineEndsCutBetweenChunks()
{
    QFETCH(QByteArrayList, chunks);
    QFETCH(QByteArrayList, events);

    const Run run = parseChunks({chunks.cbegin(), chunks.cend()});
    QCOMPARE(run.events, events);
    QVERIFY(!run.failed);
}

void TestSseParser::skipsByteOrderMarkCutBetweenChunks_data()
{
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QByteArrayList>("events");

    QTest::newRow("EF | BB | BF | rest")
        << QByteArrayList{"\xEF", "\xBB", "\xBF", "data: a\n\n"} << QByteArrayList{"||a"};
    QTest::newRow("EF BB | BF rest") << QByteArrayList{"\xEF\xBB",
                                                       "\xBF"
                                                       "data: a\n\n"}
                                     << QByteArrayList{"||a"};
    QTest::newRow("EF | | BB BF rest") << QByteArrayList{"\xEF", "",
                                                         "\xBB\xBF"
                                                         "data: a\n\n"}
                                       << QByteArrayList{"||a"};
    QTest::newRow("EF | other bytes")
        << QByteArrayList{"\xEF", "data: a\n\ndata: b\n\n"} << QByteArrayList{"||b"};
    QTest::newRow("EF BB | other bytes")
        << QByteArrayList{"\xEF\xBB", "data: a\n\ndata: b\n\n"} << QByteArrayList{"||b"};
    QTest::newRow("BOM | BOM rest") << QByteArrayList{"\xEF\xBB\xBF",
                                                      "\xEF\xBB\xBF"
                                                      "data: a\n\ndata: b\n\n"}
                                    << QByteArrayList{"||b"};
    QTest::newRow("EF BB and the end") << QByteArrayList{"\xEF\xBB"} << QByteArrayList{};
    QTest::newRow("BOM | LF | event")
        << QByteArrayList{"\xEF\xBB\xBF", "\n", "data: a\n\n"} << QByteArrayList{"||a"};
}

void TestSseParser::skipsByteOrderMarkCutBetweenChunks()
{
    QFETCH(QByteArrayList, chunks);
    QFETCH(QByteArrayList, events);

    const Run run = parseChunks({chunks.cbegin(), chunks.cend()});
    QCOMPARE(run.events, events);
    QVERIFY(!run.failed);
}

void TestSseParser::keepsEventDataAcrossChunks_data()
{
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QByteArrayList>("events");

    // The first data line is held as a view into the buffer; it must survive the buffer being
    // reused or compacted by the next chunk.
    QTest::newRow("data line | blank line")
        << QByteArrayList{"data: first\n", "\n"} << QByteArrayList{"||first"};
    QTest::newRow("data line | second data line")
        << QByteArrayList{"data: first\n", "data: second\n\n"} << QByteArrayList{"||first\nsecond"};
    QTest::newRow("event, data line | long chunk")
        << QByteArrayList{"data: 1\n\nevent: e\ndata: first\n",
                          "\ndata: " + QByteArray(5000, 'x') + "\n\n"}
        << QByteArrayList{"||1", "e||first", "||" + QByteArray(5000, 'x')};
    QTest::newRow("type | data | id | blank")
        << QByteArrayList{"event: t\n", "data: d\n", "id: i\n", "\n"} << QByteArrayList{"t|i|d"};
}

void TestSseParser::keepsEventDataAcrossChunks()
{
    QFETCH(QByteArrayList, chunks);
    QFETCH(QByteArrayList, events);

    const Run run = parseChunks({chunks.cbegin(), chunks.cend()});
    QCOMPARE(run.events, events);
    QVERIFY(!run.failed);
}

void TestSseParser::finishDropsAnUnterminatedEvent_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("events");
    QTest::addColumn<bool>("incomplete");
    QTest::addColumn<QByteArray>("lastId");

    QTest::newRow("nothing") << QByteArray() << QByteArrayList{} << false << QByteArray();
    QTest::newRow("terminated") << QByteArray("data: a\n\n") << QByteArrayList{"||a"} << false
                                << QByteArray();
    QTest::newRow("no blank line")
        << QByteArray("data: a\n") << QByteArrayList{} << true << QByteArray();
    QTest::newRow("no line end") << QByteArray("data: a") << QByteArrayList{} << true
                                 << QByteArray();
    QTest::newRow("field name only, no line end")
        << QByteArray("data") << QByteArrayList{} << true << QByteArray();
    QTest::newRow("CR, no blank line")
        << QByteArray("data: a\r") << QByteArrayList{} << true << QByteArray();
    QTest::newRow("two lines, no blank line")
        << QByteArray("data: a\ndata: b\n") << QByteArrayList{} << true << QByteArray();
    QTest::newRow("complete event, then a partial one")
        << QByteArray("data: a\n\ndata: b") << QByteArrayList{"||a"} << true << QByteArray();
    QTest::newRow("type without data")
        << QByteArray("event: x\n") << QByteArrayList{} << false << QByteArray();
    QTest::newRow("comment without line end")
        << QByteArray(": hi") << QByteArrayList{} << false << QByteArray();
    QTest::newRow("last line is an id")
        << QByteArray("data: a\n\nid: 5") << QByteArrayList{"||a"} << false << QByteArray("5");
    QTest::newRow("part of a BOM")
        << QByteArray("\xEF\xBB") << QByteArrayList{} << false << QByteArray();
}

void TestSseParser::finishDropsAnUnterminatedEvent()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, events);
    QFETCH(bool, incomplete);
    QFETCH(QByteArray, lastId);

    SseParser parser;
    QByteArrayList seen;
    const auto onEvent = [&seen](const SseEventView &event) {
        seen.append(render(event));
    };
    QVERIFY(parser.feed(stream, onEvent));
    parser.finish(onEvent);
    QCOMPARE(seen, events);
    QCOMPARE(parser.hadIncompleteEvent(), incomplete);
    QCOMPARE(parser.lastEventId(), lastId);
    QVERIFY(!parser.hasError());
    QCOMPARE(parser.bufferedBytes(), 0);

    const QString problem = firstCutThatDiffers(stream);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSseParser::readsTheSharedTranscripts_data()
{
    QTest::addColumn<QString>("name");
    const QStringList names = transcriptNames();
    QVERIFY2(names.size() >= 6, qPrintable(QStringLiteral("no transcripts in ") + kTranscripts));
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << name;
}

// The transcripts are simple enough to read without an SSE parser: each event is an optional
// "event:" line and one "data:" line.
void TestSseParser::readsTheSharedTranscripts()
{
    QFETCH(QString, name);
    const QByteArray stream = readTranscript(name);
    QVERIFY(!stream.isEmpty());

    QByteArrayList expected;
    QByteArray type;
    QByteArray normalised = stream;
    normalised.replace("\r\n", "\n");
    for (const QByteArray &line : normalised.split('\n')) {
        if (line.startsWith("event: ")) {
            type = line.mid(7);
        } else if (line.startsWith("data: ")) {
            expected.append(type + "||" + line.mid(6));
            type.clear();
        }
    }
    QVERIFY(expected.size() >= 4);

    const Run run = parseCut(stream, {});
    QCOMPARE(run.events, expected);
    QVERIFY(!run.failed);
    QVERIFY(!run.incomplete);
    for (const QByteArray &event : run.events) {
        const QByteArray data = event.mid(event.indexOf("||") + 2);
        QVERIFY2(data == "[DONE]" || QJsonDocument::fromJson(data).isObject(), data.constData());
    }
}

void TestSseParser::givesTheSameEventsWhereverATranscriptIsCut_data()
{
    readsTheSharedTranscripts_data();
}

void TestSseParser::givesTheSameEventsWhereverATranscriptIsCut()
{
    QFETCH(QString, name);
    const QByteArray stream = readTranscript(name);
    QVERIFY(!stream.isEmpty());
    const QString problem = firstCutThatDiffers(stream);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSseParser::readsCrlfTranscriptLikeItsLfForm()
{
    const QByteArray crlf = readTranscript(QStringLiteral("chat-reasoning-crlf.sse"));
    QVERIFY(crlf.contains("\r\n"));
    QVERIFY(crlf.contains(": keep-alive"));
    QByteArray lf = crlf;
    lf.replace("\r\n", "\n");
    QByteArray cr = crlf;
    cr.replace("\r\n", "\r");

    const Run fromCrlf = parseCut(crlf, {});
    QCOMPARE(describe(fromCrlf), describe(parseCut(lf, {})));
    QCOMPARE(describe(fromCrlf), describe(parseCut(cr, {})));
    QCOMPARE(fromCrlf.events.size(), 8); // the keep-alive comment is no event
    const QByteArray all = fromCrlf.events.join('\n');
    QVERIFY(!all.contains('\r'));
    QVERIFY(all.contains("\xE2\x80\x94")); // an em dash, three bytes
    QVERIFY(all.contains("\xE2\x9C\x93")); // a check mark
}

void TestSseParser::stopsAnEndlessLineWithBoundedMemory_data()
{
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<QByteArray>("lineStart");
    QTest::addColumn<QString>("limitText");

    QTest::newRow("data line, 16 KiB chunks")
        << 1 * kMiB << 16 * kKiB << QByteArray("data: ") << QStringLiteral("1 MiB");
    QTest::newRow("data line, odd chunks")
        << 1 * kMiB << qsizetype(1000) << QByteArray("data: ") << QStringLiteral("1 MiB");
    QTest::newRow("data line, chunk larger than the limit")
        << 64 * kKiB << 100 * kKiB << QByteArray("data: ") << QStringLiteral("64 KiB");
    QTest::newRow("comment, 1-byte chunks")
        << 64 * kKiB << qsizetype(1) << QByteArray(": ") << QStringLiteral("64 KiB");
    QTest::newRow("field name without colon")
        << 3 * kMiB / 2 << 4 * kKiB << QByteArray("x") << QStringLiteral("1.5 MiB");
}

void TestSseParser::stopsAnEndlessLineWithBoundedMemory()
{
    QFETCH(qsizetype, limit);
    QFETCH(qsizetype, chunk);
    QFETCH(QByteArray, lineStart);
    QFETCH(QString, limitText);

    SseParser::Limits limits;
    limits.maxLineBytes = limit;
    SseParser parser(limits);
    QByteArrayList seen;
    const auto onEvent = [&seen](const SseEventView &event) {
        seen.append(render(event));
    };
    QVERIFY(parser.feed("data: before\n\n", onEvent));

    const QByteArray filler(chunk, 'a');
    QByteArray pending = lineStart;
    qsizetype fed = 0;
    bool ok = true;
    while (ok) {
        pending.append(filler);
        const QByteArrayView piece = QByteArrayView(pending).first(chunk);
        ok = parser.feed(piece, onEvent);
        fed += piece.size();
        pending.remove(0, chunk);
        QVERIFY2(parser.bufferedBytes() <= limit + chunk,
                 qPrintable(QString::number(parser.bufferedBytes())));
        QVERIFY2(parser.allocatedBytes() <= 2 * (limit + chunk) + 4 * kKiB,
                 qPrintable(QString::number(parser.allocatedBytes())));
        QVERIFY2(fed <= limit + chunk, "the parser went on past the limit");
    }
    QVERIFY(parser.hasError());
    QCOMPARE(parser.error().kind, Error::Kind::Parse);
    QCOMPARE(parser.error().code, QStringLiteral("SseLineTooLong"));
    QVERIFY2(parser.error().message.contains(limitText), qPrintable(parser.error().message));
    QVERIFY(!parser.error().hint.isEmpty());
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.allocatedBytes(), 0);

    // Stopped for good: nothing more comes out, whatever comes in.
    QVERIFY(!parser.feed("\n\ndata: after\n\n", onEvent));
    parser.finish(onEvent);
    QCOMPARE(seen, QByteArrayList{"||before"});
    QVERIFY(!parser.hadIncompleteEvent());
}

void TestSseParser::enforcesTheLineLimitExactly_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<bool>("fails");

    const QByteArray atLimit = "data: " + QByteArray(94, 'a'); // 100 bytes
    QTest::newRow("at the limit, LF") << atLimit + "\n\n" << false;
    QTest::newRow("at the limit, CRLF") << atLimit + "\r\n\r\n" << false;
    QTest::newRow("at the limit, CR") << atLimit + "\r\r" << false;
    QTest::newRow("at the limit, unterminated") << atLimit << false;
    QTest::newRow("over the limit, LF") << atLimit + "a\n\n" << true;
    QTest::newRow("over the limit, unterminated") << atLimit + "a" << true;
    QTest::newRow("comment over the limit") << ": " + QByteArray(99, 'c') + "\n" << true;
    QTest::newRow("event over the limit after a good one") << "data: ok\n\n" + atLimit + "aa\n\n"
                                                           << true;
}

void TestSseParser::enforcesTheLineLimitExactly()
{
    QFETCH(QByteArray, stream);
    QFETCH(bool, fails);

    SseParser::Limits limits;
    limits.maxLineBytes = 100;
    const Run run = parseCut(stream, {}, limits);
    QCOMPARE(run.failed, fails);
    if (fails)
        QCOMPARE(run.error.code, QStringLiteral("SseLineTooLong"));
    QVERIFY(run.maxBuffered <= limits.maxLineBytes);
    const QString problem = firstCutThatDiffers(stream, limits);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSseParser::enforcesTheEventLimitExactly_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<bool>("fails");

    const auto lines = [](int count, int size) {
        QByteArray out;
        for (int i = 0; i < count; ++i)
            out += "data: " + QByteArray(size, 'd') + "\n";
        return out + "\n";
    };
    QTest::newRow("one line at the limit") << lines(1, 100) << false;
    QTest::newRow("one line over the limit") << lines(1, 101) << true;
    QTest::newRow("two lines joined at the limit")
        << "data: " + QByteArray(50, 'd') + "\n" + "data: " + QByteArray(49, 'd') + "\n\n"
        << false;
    QTest::newRow("two lines joined over the limit") << lines(2, 50) << true;
    QTest::newRow("many short lines") << lines(60, 1) << true;
    QTest::newRow("many events, each within the limit") << lines(1, 100).repeated(50) << false;
    QTest::newRow("type and id do not count")
        << "event: " + QByteArray(500, 't') + "\nid: " + QByteArray(500, 'i') + "\n" + lines(1, 100)
        << false;
    QTest::newRow("over the limit without a blank line")
        << QByteArray("data: " + QByteArray(60, 'd') + "\ndata: " + QByteArray(60, 'd')) << true;
}

void TestSseParser::enforcesTheEventLimitExactly()
{
    QFETCH(QByteArray, stream);
    QFETCH(bool, fails);

    SseParser::Limits limits;
    limits.maxLineBytes = 1000;
    limits.maxEventBytes = 100;
    const Run run = parseCut(stream, {}, limits);
    QCOMPARE(run.failed, fails);
    if (fails) {
        QCOMPARE(run.error.kind, Error::Kind::Parse);
        QCOMPARE(run.error.code, QStringLiteral("SseEventTooLarge"));
        QVERIFY2(run.error.message.contains(QStringLiteral("100 bytes")),
                 qPrintable(run.error.message));
        QVERIFY(run.events.isEmpty());
    } else {
        QVERIFY(!run.events.isEmpty());
    }
    for (const QByteArray &event : run.events)
        QVERIFY(event.size() - event.lastIndexOf('|') - 1 <= limits.maxEventBytes);
    QVERIFY(run.maxBuffered <= limits.maxLineBytes + limits.maxEventBytes);
    const QString problem = firstCutThatDiffers(stream, limits);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// Thousands of events and keep-alives through one parser: the buffer is reused, not grown.
void TestSseParser::keepsMemorySmallOnALongStream()
{
    QByteArray stream;
    for (int i = 0; i < 20000; ++i) {
        stream += ": keep-alive\n\n";
        stream += "data: {\"n\":" + QByteArray::number(i) + "}\r\n\r\n";
    }
    constexpr qsizetype kChunk = 16 * kKiB;
    SseParser parser;
    int count = 0;
    int wrong = 0;
    const auto onEvent = [&](const SseEventView &event) {
        if (event.data != QByteArray("{\"n\":" + QByteArray::number(count) + "}"))
            ++wrong;
        ++count;
    };
    QRandomGenerator random(7);
    for (qsizetype at = 0; at < stream.size();) {
        const qsizetype size = 1 + qsizetype(random.bounded(quint64(kChunk)));
        QVERIFY(parser.feed(QByteArrayView(stream).sliced(at, std::min(size, stream.size() - at)),
                            onEvent));
        at += size;
        QVERIFY2(parser.allocatedBytes() <= 8 * kChunk,
                 qPrintable(QString::number(parser.allocatedBytes())));
    }
    parser.finish(onEvent);
    QCOMPARE(count, 20000);
    QCOMPARE(wrong, 0);
    QVERIFY(stream.size() > 40 * kChunk); // the bound above is well below the stream's size
}

void TestSseParser::givesMemoryBackAfterAHugeEvent()
{
    SseParser parser;
    qsizetype lastSize = 0;
    const auto onEvent = [&lastSize](const SseEventView &event) {
        lastSize = event.data.size();
    };
    const QByteArray line = "data: " + QByteArray(1 * kMiB, 'x') + "\n";
    for (int i = 0; i < 4; ++i)
        QVERIFY(parser.feed(line, onEvent));
    QVERIFY(parser.feed("\n", onEvent));
    QCOMPARE(lastSize, 4 * (1 * kMiB + 1) - 1);
    QVERIFY(parser.feed("data: small\n\n", onEvent));
    QCOMPARE(lastSize, 5);
    QVERIFY2(parser.allocatedBytes() < 64 * kKiB,
             qPrintable(QString::number(parser.allocatedBytes())));
}

// Garbage in: no crash, the limits hold, and however the bytes are cut the outcome is the same.
void TestSseParser::survivesRandomBytes()
{
    static const QByteArrayList kTokens = {"data",
                                           "data:",
                                           "event:",
                                           "id:",
                                           "retry:",
                                           ":",
                                           " ",
                                           "\r",
                                           "\n",
                                           "\r\n",
                                           "\n\n",
                                           "\xEF\xBB\xBF",
                                           QByteArrayLiteral("\0"),
                                           "x",
                                           "12",
                                           "\xC3\xA9",
                                           "\xF0\x9F"};
    SseParser::Limits limits;
    limits.maxLineBytes = 64;
    limits.maxEventBytes = 150;
    for (quint32 seed = 1; seed <= 300; ++seed) {
        QRandomGenerator random(seed);
        QByteArray stream;
        const int length = int(random.bounded(2000));
        while (stream.size() < length) {
            if (seed % 3 == 0)
                stream.append(char(random.bounded(256)));
            else if (random.bounded(10) == 0)
                stream.append(QByteArray(int(random.bounded(80)), 'y'));
            else
                stream.append(kTokens.at(random.bounded(kTokens.size())));
        }
        const QByteArray whole = describe(parseCut(stream, {}, limits));
        for (int round = 0; round < 5; ++round) {
            QList<qsizetype> cuts;
            const int pieces = int(random.bounded(60));
            for (int i = 0; i < pieces; ++i)
                cuts.append(qsizetype(random.bounded(quint64(stream.size()) + 1)));
            std::sort(cuts.begin(), cuts.end());
            const Run run = parseCut(stream, cuts, limits);
            QVERIFY2(describe(run) == whole, qPrintable(QStringLiteral("seed %1").arg(seed)));
            QVERIFY(run.maxBuffered <= limits.maxLineBytes + limits.maxEventBytes);
            for (const QByteArray &event : run.events)
                QVERIFY(event.size() <= 2 * limits.maxLineBytes + limits.maxEventBytes + 2);
        }
    }
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
