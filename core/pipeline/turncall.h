#pragma once

#include "api/requestspec.h"
#include "api/streamaccumulator.h"
#include "api/turn.h"
#include "api/wirerequest.h"
#include "calltarget.h"
#include "common/error.h"
#include "common/result.h"
#include "net/httpoutcome.h"
#include "net/sseparser.h"
#include "requestrecord.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <memory>
#include <optional>

namespace mantle::net {
class HttpClient;
}

namespace mantle::pipeline {

class MantleCall;
class RouteMemory;

/// How long one turn took, measured here for every request.
struct TurnTimings
{
    std::optional<std::chrono::milliseconds> timeToFirstByte;
    /// Until the first text, reasoning or tool-call delta.
    std::optional<std::chrono::milliseconds> timeToFirstToken;
    std::chrono::milliseconds total{0};
    /// Output tokens per second after the first token (needs usage and a first token).
    std::optional<double> tokensPerSecond;
};

/// One model answer, from the RequestSpec to the Turn: the surface's request builder makes the
/// WireRequest, a MantleCall routes, authenticates and sends it (retrying on the other OpenAI
/// prefix when Mantle asks), and the answer is read as it arrives through the SseParser and
/// the surface's StreamAccumulator (or, for a JSON answer, the surface's body parser). What the
/// CLI and the app show comes from here, so both behave the same.
///
/// Whatever happens, what arrived is kept: a broken connection, a cancel or an unreadable
/// event leaves the partial turn with an error in it. It neither prints nor stores anything.
/// Ownership: the caller's (parent); deleting it aborts the request.
class TurnCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TurnCall)

public:
    /// `client` and, when given, `memory` must outlive the call.
    TurnCall(net::HttpClient &client, api::RequestSpec spec, CallTarget target, RouteMemory *memory,
             QObject *parent = nullptr);
    ~TurnCall() override;

    /// Builds the request and starts it; `finished` follows (also when the spec cannot be
    /// built), never from inside start().
    void start();
    /// Stops at once, keeping the partial turn; `finished` follows with a Cancelled error.
    void cancel();

    const api::RequestSpec &spec() const { return m_spec; }
    /// The request as built (empty until start(), and when the spec could not be built).
    const api::WireRequest &wireRequest() const { return m_wire; }
    /// The request a spec becomes, by its surface's builder (Chat, Responses, Messages, count
    /// tokens): what is sent, shown in the inspector and exported as code.
    static Result<api::WireRequest> buildWireRequest(const api::RequestSpec &spec);

    /// The turn so far; the final turn after `finished`.
    const api::Turn &turn() const;
    /// Moves the answer text received so far out of the turn (see
    /// StreamAccumulator::takeText()): a printer that takes the text as it comes keeps memory
    /// flat however long the answer; turn().text then holds only what came since.
    QString takeText();
    /// Why the call failed before or instead of an answer (network, refused, cancelled, an
    /// invalid spec); nothing when an answer came (which may itself carry turn().error).
    const std::optional<Error> &error() const { return m_error; }
    /// The HTTP outcome (status, headers, attempts, timings) once finished.
    const net::HttpOutcome &outcome() const { return m_outcome; }
    /// "/v1", "/openai/v1" or "/anthropic/v1": where the answer came from.
    QString routePrefix() const { return m_routePrefix; }
    bool switchedPrefix() const { return m_switchedPrefix; }
    const TurnTimings &timings() const { return m_timings; }
    bool isFinished() const { return m_finished; }

    /// Keeps each event (with its time) or the JSON body for record(): for the app's request
    /// inspector. Off by default, so that a long stream printed by the CLI keeps memory flat.
    /// Call before start().
    void setRecording(bool recording) { m_recording = recording; }
    /// What was sent and what came back, secrets redacted (see RequestRecord); while the call
    /// runs, what is known so far.
    RequestRecord record() const;

Q_SIGNALS:
    /// The turn changed (new text, reasoning, tool-call arguments, usage, status, error).
    void turnChanged(::mantle::api::StreamAccumulator::Changes changes);
    /// A piece of the answer arrived and was read (after the turnChanged it caused): where a
    /// printer flushes its output, once per network read rather than once per delta.
    void bytesRead();
    /// Emitted exactly once.
    void finished();

private:
    void begin();
    void onBytes(QByteArrayView chunk);
    void onEvent(const net::SseEventView &event);
    void onCallFinished(const net::HttpOutcome &outcome);
    void finishWith(std::optional<Error> error);
    void noteChanges(api::StreamAccumulator::Changes changes);

    net::HttpClient &m_client;
    api::RequestSpec m_spec;
    CallTarget m_target;
    RouteMemory *m_memory;
    api::WireRequest m_wire;
    QPointer<MantleCall> m_call;
    std::unique_ptr<api::StreamAccumulator> m_accumulator;
    net::SseParser m_parser;
    QByteArray m_body; ///< the answer while it is not known to be a stream, or a JSON answer
    bool m_decided = false;
    bool m_isStream = false;
    bool m_parserOk = true;
    api::Turn m_turn;
    std::optional<Error> m_error;
    net::HttpOutcome m_outcome;
    QString m_routePrefix;
    bool m_switchedPrefix = false;
    QElapsedTimer m_elapsed;
    TurnTimings m_timings;
    bool m_finished = false;
    bool m_recording = false;
    QList<RecordedEvent> m_events;
    QByteArray m_recordedBody;
    bool m_recordTruncated = false;
};

} // namespace mantle::pipeline
