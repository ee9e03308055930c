#include "turntranscripts.h"

#include "api/turnreader.h"
#include "net/sseparser.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QStringList>
#include <QTest>

namespace mantle::test {

namespace {

const QLatin1String kExpectedSuffix(".expected.json");
const QLatin1String kBodySuffix(".body.json");
const QLatin1String kStreamSuffix(".sse");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString describe(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("null");
    if (value.isDouble())
        return QString::number(value.toDouble());
    const QJsonDocument document
        = value.isObject() ? QJsonDocument(value.toObject()) : QJsonDocument(value.toArray());
    return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
}

/// "" and null are the same for the optional strings (reasoning, stop_reason, response_id).
QString optionalString(const QJsonValue &value)
{
    return value.toString();
}

} // namespace

QList<Transcript> loadTranscripts(const QString &directory)
{
    QList<Transcript> transcripts;
    const QDir dir(directory);
    const QStringList names = dir.entryList(QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const bool stream = name.endsWith(kStreamSuffix);
        if (!stream && !name.endsWith(kBodySuffix))
            continue;
        Transcript transcript;
        transcript.name = name;
        transcript.path = dir.filePath(name);
        transcript.isStream = stream;
        const QString prefix = name.section(QLatin1Char('-'), 0, 0);
        if (prefix == QLatin1String("anthropic") || prefix == QLatin1String("messages"))
            transcript.surface = mantle::ApiSurface::Messages;
        else if (prefix == QLatin1String("responses"))
            transcript.surface = mantle::ApiSurface::Responses;
        else
            transcript.surface = mantle::ApiSurface::ChatCompletions;
        transcript.bytes = readAll(transcript.path);
        const QString base = name.chopped(stream ? kStreamSuffix.size() : kBodySuffix.size());
        const QByteArray expected = readAll(dir.filePath(base + kExpectedSuffix));
        transcript.expected = QJsonDocument::fromJson(expected).object();
        if (transcript.expected.isEmpty()) {
            QTest::qFail(qPrintable(QStringLiteral("no readable %1%2").arg(base, kExpectedSuffix)),
                         __FILE__, __LINE__);
            return {};
        }
        transcripts.append(transcript);
    }
    return transcripts;
}

void addTranscriptRows(mantle::ApiSurface surface, bool streams)
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QJsonObject>("expected");
    for (const Transcript &t : allTranscripts()) {
        if (t.isStream == streams && t.surface == surface)
            QTest::addRow("%s", qPrintable(t.name)) << t.bytes << t.expected;
    }
}

QList<Transcript> allTranscripts()
{
    QList<Transcript> all = loadTranscripts(QStringLiteral(MANTLE_SHARED_TESTDATA "/sse"));
    all += loadTranscripts(QStringLiteral(MANTLE_TEST_DATA "/sse"));
    return all;
}

api::Turn replayStream(mantle::ApiSurface surface, const QByteArray &bytes,
                       const std::vector<qsizetype> &cuts)
{
    const auto accumulator = api::TurnReader::createAccumulator(surface);
    net::SseParser parser;
    const auto onEvent = [&](const net::SseEventView &event) {
        accumulator->addEvent(event);
    };
    qsizetype from = 0;
    bool ok = true;
    for (const qsizetype cut : cuts) {
        ok = ok && parser.feed(QByteArrayView(bytes).sliced(from, cut - from), onEvent);
        from = cut;
    }
    ok = ok && parser.feed(QByteArrayView(bytes).sliced(from), onEvent);
    if (!ok) {
        accumulator->abort({QString::fromLatin1(api::kStreamError), parser.error().message, {}});
        return accumulator->turn();
    }
    parser.finish(onEvent);
    accumulator->finish();
    return accumulator->turn();
}

QString cutAnywhereMismatch(mantle::ApiSurface surface, const QByteArray &bytes)
{
    const api::Turn whole = replayStream(surface, bytes);
    const auto check = [&](const std::vector<qsizetype> &cuts) -> QString {
        const api::Turn cut = replayStream(surface, bytes, cuts);
        if (cut == whole)
            return {};
        QStringList offsets;
        for (const qsizetype offset : cuts)
            offsets.append(QString::number(offset));
        return QStringLiteral("cut at [%1]: %2 instead of %3")
            .arg(offsets.join(QLatin1Char(',')),
                 QString::fromUtf8(QJsonDocument(cut.toReplayJson()).toJson()),
                 QString::fromUtf8(QJsonDocument(whole.toReplayJson()).toJson()));
    };
    const qsizetype size = bytes.size();
    std::vector<qsizetype> everyByte;
    for (qsizetype i = 1; i < size; ++i)
        everyByte.push_back(i);
    if (QString diff = check(everyByte); !diff.isEmpty())
        return diff;
    for (qsizetype i = 1; i < size; ++i) {
        if (QString diff = check({i}); !diff.isEmpty())
            return diff;
    }
    for (quint32 seed = 1; seed <= 64; ++seed) {
        QRandomGenerator random(seed);
        std::vector<qsizetype> cuts;
        qsizetype at = 0;
        while (size > 1) {
            at += 1 + random.bounded(int(qMax<qsizetype>(1, size / 8)));
            if (at >= size)
                break;
            cuts.push_back(at);
        }
        if (QString diff = check(cuts); !diff.isEmpty())
            return QStringLiteral("seed %1, ").arg(seed) + diff;
    }
    return {};
}

QString corruptionMismatch(mantle::ApiSurface surface, const QByteArray &bytes, int runs)
{
    static const char kNasty[] = {'"', '{', '}', '[', ']', ':', ',', '\\', '\n', '\r', '\0', 'x'};
    for (int seed = 1; seed <= runs && !bytes.isEmpty(); ++seed) {
        QRandomGenerator random{quint32(seed)};
        QByteArray corrupted = bytes;
        const int changes = 1 + random.bounded(3);
        for (int i = 0; i < changes; ++i) {
            const qsizetype at = random.bounded(int(corrupted.size()));
            corrupted[at] = random.bounded(2) == 0 ? kNasty[random.bounded(int(sizeof(kNasty)))]
                                                   : char(random.bounded(256));
        }
        const auto accumulator = api::TurnReader::createAccumulator(surface);
        net::SseParser parser;
        const auto onEvent = [&](const net::SseEventView &event) {
            accumulator->addEvent(event);
        };
        if (parser.feed(corrupted, onEvent))
            parser.finish(onEvent);
        const bool ended = accumulator->finish();
        if (!ended && !accumulator->turn().error)
            return QStringLiteral("seed %1: the stream did not end and the turn says nothing")
                .arg(seed);
        if (!accumulator->isDone())
            return QStringLiteral("seed %1: not done after finish()").arg(seed);
    }
    return {};
}

QString conventionMismatch(const api::Turn &turn, const QJsonObject &expected)
{
    return conventionMismatch(turn.toReplayJson(), expected);
}

QString conventionMismatch(const QJsonObject &printed, const QJsonObject &expected)
{
    QStringList diffs;
    const auto differs = [&](const QString &key, const QJsonValue &got, const QJsonValue &want) {
        diffs.append(QStringLiteral("%1: got %2, want %3").arg(key, describe(got), describe(want)));
    };
    if (printed.value(QLatin1String("text")) != expected.value(QLatin1String("text")))
        differs(QStringLiteral("text"), printed.value(QLatin1String("text")),
                expected.value(QLatin1String("text")));
    for (const QLatin1String key :
         {QLatin1String("reasoning"), QLatin1String("stop_reason"), QLatin1String("response_id")}) {
        if (optionalString(printed.value(key)) != optionalString(expected.value(key)))
            differs(key, printed.value(key), expected.value(key));
    }
    const QJsonArray gotCalls = printed.value(QLatin1String("tool_calls")).toArray();
    const QJsonArray wantCalls = expected.value(QLatin1String("tool_calls")).toArray();
    bool callsMatch = gotCalls.size() == wantCalls.size();
    for (qsizetype i = 0; callsMatch && i < wantCalls.size(); ++i) {
        const QJsonObject got = gotCalls.at(i).toObject();
        const QJsonObject want = wantCalls.at(i).toObject();
        for (const QLatin1String key :
             {QLatin1String("id"), QLatin1String("name"), QLatin1String("arguments")}) {
            if (got.value(key) != want.value(key))
                callsMatch = false;
        }
    }
    if (!callsMatch)
        differs(QStringLiteral("tool_calls"), gotCalls, wantCalls);
    const QJsonValue gotUsage = printed.value(QLatin1String("usage"));
    const QJsonValue wantUsage = expected.value(QLatin1String("usage"));
    if (wantUsage.isObject() != gotUsage.isObject()) {
        differs(QStringLiteral("usage"), gotUsage, wantUsage);
    } else if (wantUsage.isObject()) {
        const QJsonObject want = wantUsage.toObject();
        for (auto it = want.begin(); it != want.end(); ++it) {
            const QJsonValue got = gotUsage.toObject().value(it.key());
            if (got != it.value())
                differs(QStringLiteral("usage.") + it.key(), got, it.value());
        }
    }
    const QJsonValue gotError = printed.value(QLatin1String("error"));
    const QJsonValue wantError = expected.value(QLatin1String("error"));
    if (wantError.isObject() != gotError.isObject()) {
        differs(QStringLiteral("error"), gotError, wantError);
    } else if (wantError.isObject()) {
        const QJsonObject want = wantError.toObject();
        for (auto it = want.begin(); it != want.end(); ++it) {
            const QJsonValue got = gotError.toObject().value(it.key());
            if (got != it.value())
                differs(QStringLiteral("error.") + it.key(), got, it.value());
        }
    }
    return diffs.join(QLatin1String("; "));
}

} // namespace mantle::test
