#pragma once

// Shared by the tests of the emulator's MantleService: requests made as the emulator's server
// would hand them over, replies read back through our own engine (TurnReader, the stream
// accumulators) and checked against JSON Schemas with core/schema's SchemaValidator (valijson).

#include "api/turn.h"
#include "emulatorexchange.h"
#include "mantle/apisurface.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QTimeZone>

#include <optional>
#include <utility>

namespace mantle::test {

using Surface = mantle::ApiSurface;
using emulator::EmulatorReply;
using emulator::EmulatorRequest;

/// The time every test's ManualClock shows.
inline const QDateTime kEmulatorNow(QDate(2026, 1, 15), QTime(10, 30, 0, 250), QTimeZone::utc());
/// A Responses id as Mantle makes them: `resp_` and 52 of [a-z0-9] (FACTS.md).
inline const QRegularExpression kResponseId(QStringLiteral("^resp_[a-z0-9]{52}$"));

QJsonObject object(const QByteArray &json);

EmulatorRequest makeRequest(const QByteArray &method, const QByteArray &path,
                            const QJsonObject &body = {}, const QByteArray &region = "us-east-1");
EmulatorRequest post(const QByteArray &path, const QJsonObject &body,
                     const QByteArray &region = "us-east-1");
/// A POST whose body is exactly `body` (malformed JSON included).
EmulatorRequest postRaw(const QByteArray &path, const QByteArray &body);

QByteArray header(const EmulatorReply &reply, const QByteArray &name);
/// A streamed reply's frames joined: the bytes a client reads.
QByteArray streamBytes(const EmulatorReply &reply);
/// The surface a model route serves (chat/completions, responses, messages).
Surface surfaceOf(const QByteArray &path);
/// The turn our own engine reads from a reply: the stream accumulator for a stream, the body
/// parser for a body.
api::Turn turnOf(Surface surface, const EmulatorReply &reply);
/// The data of every event of a stream as JSON, with its SSE `event:` name (Chat's [DONE] is
/// left out).
QList<std::pair<QByteArray, QJsonObject>> events(const EmulatorReply &reply);

QJsonObject userMessage(const QString &text);
QJsonObject chatBody(const QString &model, const QString &prompt);
QJsonObject responsesBody(const QString &model, const QString &prompt);
QJsonObject messagesBody(const QString &model, const QString &prompt, int maxTokens = 1024);
/// {city: string, units: celsius|fahrenheit}, both required, nothing else.
QJsonObject weatherSchema();
/// {timezone: string}, required.
QJsonObject timeSchema();
/// A function tool in the surface's own shape.
QJsonObject tool(Surface surface, const QString &name, const QJsonObject &schema);
/// The schema of the tool `name` in a request body of any surface.
QJsonObject toolSchemaIn(const QJsonObject &body, const QString &name);
/// The output schema a request body asks for, on any surface.
std::optional<QJsonObject> outputSchemaIn(const QJsonObject &body);

/// Empty when `instance` satisfies `schema` (JSON Schema draft 7, SchemaValidator), else why
/// not, each violation with its JSON pointer.
QString schemaViolation(const QJsonObject &schema, const QJsonValue &instance);
/// JSON text as a value (object or array); `ok` says whether it parsed.
QJsonValue parseJsonText(const QString &text, bool *ok);
/// What SimpleTokenizer counts in a turn's output: text, reasoning, tool names and arguments.
qint64 outputTokensOf(const api::Turn &turn);
/// The turn as compact `mantle replay` JSON, for failure messages.
QString describe(const api::Turn &turn);

/// The same request answered by two services made alike (same seed and clock): once whole,
/// once streamed (Chat with stream_options.include_usage).
std::pair<EmulatorReply, EmulatorReply> bothWays(const QByteArray &path, const QJsonObject &body);

} // namespace mantle::test
