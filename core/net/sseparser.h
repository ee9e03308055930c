#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace mantle::net {

/// One dispatched server-sent event. The views point into the parser's own buffers and are valid
/// only during the callback that receives them: copy what you keep.
struct SseEventView
{
    QByteArrayView type; ///< the `event:` field; empty means "message"
    QByteArrayView data; ///< the `data:` lines joined with '\n' (no trailing newline)
    QByteArrayView id; ///< the last event id seen so far (WHATWG: it persists across events)
};

/// An incremental parser for the WHATWG "text/event-stream" format.
///
/// Bytes go in as they arrive, cut anywhere (inside a line, between '\r' and '\n', inside a UTF-8
/// character); complete events come out through a callback. Line ends may be CR, LF or CRLF; a
/// leading UTF-8 byte-order mark is skipped; comment lines (':') are ignored; `data` lines are
/// joined with newlines; `event`, `id` (ignored when it contains NUL) and `retry` (digits only)
/// are honoured; unknown fields are ignored; an event with no data is not dispatched. At the end
/// of the stream an unterminated event is discarded, as the standard says.
///
/// Memory is bounded: one buffer with a read offset (compacted, never copied per event), and a
/// line or an event larger than the limits stops the parser with an error instead of growing.
/// It knows nothing of JSON or of any API: the stream accumulators sit on top of it. It does not
/// decode text: fields and data are the stream's bytes (UTF-8 by the standard).
class SseParser
{
public:
    struct Limits
    {
        qsizetype maxLineBytes = 16 * 1024 * 1024; ///< one line, without its line end
        qsizetype maxEventBytes = 64 * 1024 * 1024; ///< the data of one event
    };
    using EventHandler = std::function<void(const SseEventView &)>;

    SseParser();
    explicit SseParser(Limits limits);

    /// Parses `bytes` and calls `onEvent` for every event they complete. Returns false once a limit
    /// has been exceeded (see error()); later calls then do nothing and return false.
    /// `onEvent` must not call back into this parser.
    bool feed(QByteArrayView bytes, const EventHandler &onEvent);

    /// The end of the stream: a final line without a line end is processed, an event that was
    /// never terminated by a blank line is dropped (and reported by hadIncompleteEvent()).
    /// Afterwards the parser holds no bytes; the last event id and retry time are kept.
    void finish(const EventHandler &onEvent);

    bool hasError() const { return m_failed; }
    const Error &error() const { return m_error; }
    /// True when finish() dropped an event that had data but no blank line after it.
    bool hadIncompleteEvent() const { return m_droppedIncomplete; }
    /// The reconnection time from the last valid `retry:` field, or -1.
    qint64 retryMilliseconds() const { return m_retry; }
    QByteArray lastEventId() const { return m_id; }
    /// Bytes held between calls (for tests of the memory bound): the unparsed tail of the stream
    /// plus the data of the event being built.
    qsizetype bufferedBytes() const;
    /// Memory the parser has allocated for its buffers, spare capacity included.
    qsizetype allocatedBytes() const;

private:
    bool skipByteOrderMark(bool atEnd);
    void parseLines(const EventHandler &onEvent);
    void processLine(QByteArrayView line, const EventHandler &onEvent);
    void appendData(QByteArrayView value);
    void dispatch(const EventHandler &onEvent);
    void resetEvent();
    void keepPendingData();
    void compact();
    void fail(Error error);

    Limits m_limits;
    QByteArray m_buffer; ///< received bytes; m_offset is where parsing resumes
    qsizetype m_offset = 0;
    /// Bytes after m_offset already searched for a line end in vain: a long line arriving in
    /// small chunks is searched once, not once per chunk.
    qsizetype m_scanned = 0;
    /// The event's data while it is a single `data:` line: a view into m_buffer, valid only within
    /// one feed() (keepPendingData() copies it into m_data before the buffer changes).
    QByteArrayView m_dataView;
    bool m_dataInView = false;
    QByteArray m_data; ///< the event's data lines joined with '\n', once copied
    QByteArray m_type;
    QByteArray m_id;
    qint64 m_retry = -1;
    bool m_dataSeen = false; ///< a `data` field came since the last dispatch
    bool m_bomChecked = false;
    bool m_skipLf
        = false; ///< the last chunk ended with '\r': a '\n' first in the next one is its pair
    bool m_failed = false;
    bool m_droppedIncomplete = false;
    Error m_error;
};

} // namespace mantle::net
