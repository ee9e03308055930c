#pragma once

#include "turn.h"

#include <QByteArrayView>
#include <QFlags>

#include <utility>

namespace mantle::net {
struct SseEventView;
}

namespace mantle::api {

/// Turns the events of one streamed answer into a Turn, one event at a time: the common face of
/// the Chat Completions, Responses and Messages accumulators (one per surface).
///
/// Pure: events in, state out; no network, no Qt event loop, no clock. Never fails: an unknown
/// event or field is ignored, an event whose data is not JSON becomes an `invalid_event` error
/// in the turn (the text so far is kept), and an error the stream reports is kept with the
/// partial turn. It does not split bytes into events (net::SseParser does) and does not decide
/// what the user should do about an error.
class StreamAccumulator
{
public:
    /// What an event changed, so that a view can update only what it shows.
    enum class Change : unsigned {
        None = 0,
        Text = 0x01,
        Reasoning = 0x02,
        ToolCalls = 0x04,
        Usage = 0x08,
        Status = 0x10, ///< id, model or stop reason
        Error = 0x20,
        Done = 0x40, ///< the terminal event came: later events will not be read
    };
    Q_DECLARE_FLAGS(Changes, Change)

    virtual ~StreamAccumulator() = default;
    StreamAccumulator(const StreamAccumulator &) = delete;
    StreamAccumulator &operator=(const StreamAccumulator &) = delete;

    /// Reads one event (ignored once isDone()).
    Changes addEvent(const net::SseEventView &event);

    /// The byte stream is over. Returns true when the stream ended with its terminal marker (Chat:
    /// a finish_reason; Responses: completed, incomplete or failed; Messages: message_stop).
    /// Otherwise the turn gets an `incomplete_stream` error, unless it already carries an error,
    /// and it returns false. Calling it again changes nothing and returns the same answer.
    bool finish();

    /// The stream stopped for a reason outside its events (the SSE parser gave up, the connection
    /// broke): records `error` unless the turn already carries one; later events are not read.
    void abort(const TurnError &error);

    /// The turn so far (the final turn after finish()).
    const Turn &turn() const { return m_turn; }
    /// Moves the answer text received so far out of the turn (which then holds only the text
    /// that comes later): for a printer that writes text as it comes and need not keep it, so
    /// that memory does not grow with the length of the answer.
    QString takeText() { return std::exchange(m_turn.text, QString()); }

    /// True once nothing more will be read: after the surface's last event (Chat `[DONE]`,
    /// Responses completed/incomplete/failed, Messages message_stop), abort() or finish().
    bool isDone() const { return m_done; }

protected:
    StreamAccumulator() = default;

    /// Reads one event's data; `type` is the SSE `event:` name (empty for "message").
    virtual Changes readEvent(QByteArrayView type, QByteArrayView data) = 0;
    /// True when the surface's terminal marker has been seen (see finish()).
    virtual bool sawTerminalMarker() const = 0;
    /// Completes what the stream left open (e.g. arguments of a tool call that streamed none).
    virtual void completeTurn() { }

    /// Sets the turn's error unless it has one: the first error is the one that explains.
    bool setError(TurnError error);
    /// The error for an event whose data is not a JSON object (`what`: simdjson's reason).
    Changes invalidEvent(QByteArrayView eventType, const char *what);
    void markDone() { m_done = true; }

    Turn m_turn;

private:
    bool m_done = false;
    std::optional<bool> m_finished; ///< finish()'s answer, once it was called
};

Q_DECLARE_OPERATORS_FOR_FLAGS(StreamAccumulator::Changes)

} // namespace mantle::api
