#pragma once

// Shared by the accumulator and replay tests: the recorded answers under
// MANTLE_SHARED_TESTDATA/sse and MANTLE_TEST_DATA/sse with their expected turns, a replay that
// cuts the bytes wherever it is told to, and the comparison the transcript conventions define.

#include "api/turn.h"
#include "mantle/apisurface.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

namespace mantle::test {

/// One recording (`NAME.sse` or a non-streamed `NAME.body.json`) and its `NAME.expected.json`.
struct Transcript
{
    QString name; ///< the file name
    QString path;
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;
    bool isStream = true;
    QByteArray bytes;
    QJsonObject expected;
};

/// Every recording in `directory` (the surface comes from the name: chat-, responses-,
/// anthropic- or messages-). Fails the calling test (QVERIFY) when one cannot be read.
QList<Transcript> loadTranscripts(const QString &directory);

/// The shared transcripts and ours.
QList<Transcript> allTranscripts();

/// Adds a data row ("bytes", "expected" columns) per transcript of `surface`, streams or bodies.
void addTranscriptRows(mantle::ApiSurface surface, bool streams);

/// The turn that `bytes` give through SseParser and the surface's accumulator when they arrive
/// cut at `cuts` (ascending offsets; empty: in one piece).
api::Turn replayStream(mantle::ApiSurface surface, const QByteArray &bytes,
                       const std::vector<qsizetype> &cuts = {});

/// How cutting `bytes` into chunks changes the turn, or empty when it never does: every byte
/// apart, every split into two chunks and 64 seeded random cuttings are compared with the turn
/// of the whole.
QString cutAnywhereMismatch(mantle::ApiSurface surface, const QByteArray &bytes);

/// Replays `runs` copies of `bytes` with a few bytes overwritten at seeded random places (quotes,
/// braces, line ends, invalid UTF-8, anything) and returns what broke the rule that holds for any
/// input: the replay ends, and a stream that did not end with its terminal marker reports why in
/// the turn's error. Empty when every run kept it (a crash fails the test outright).
QString corruptionMismatch(mantle::ApiSurface surface, const QByteArray &bytes, int runs);

/// Where a turn differs from an expected replay JSON in the fields the conventions define (text,
/// reasoning, tool calls, input/output tokens and any other usage count the file gives,
/// stop_reason, response_id, error type and, where given, its message); empty when it does not.
QString conventionMismatch(const api::Turn &turn, const QJsonObject &expected);

/// The same comparison on the JSON that `mantle replay` printed.
QString conventionMismatch(const QJsonObject &printed, const QJsonObject &expected);

} // namespace mantle::test
