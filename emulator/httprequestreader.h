#pragma once

#include "receivedrequest.h"

#include <QByteArray>

namespace mantle::emulator {

/// How much of a request the emulator's server accepts before it refuses it.
struct HttpLimits
{
    qsizetype maxHeadBytes = 64 * 1024; ///< request line, headers and chunked trailers
    qsizetype maxBodyBytes = 32 * 1024 * 1024; ///< the body, after de-chunking
};

/// Reads one HTTP/1.1 request at a time from the bytes a connection received: the request line,
/// the header fields, then a body framed by Content-Length or by chunked transfer encoding
/// (RFC 9112). It consumes exactly the bytes of one request, so that what follows in the buffer
/// (a pipelined request) stays there for the next one.
///
/// It refuses what it cannot read safely (a malformed line, obsolete line folding, both
/// Content-Length and Transfer-Encoding, a head or body over the limits) with the status to
/// answer. It does not write anything, know about sockets, or decode paths.
class HttpRequestReader
{
public:
    enum class Status {
        NeedMoreData, ///< the request is not complete yet
        Complete, ///< request() holds the whole request
        Failed, ///< failureStatus() and failureMessage() say why; the connection cannot go on
    };

    explicit HttpRequestReader(HttpLimits limits = {});

    /// Reads from the front of `buffer` and removes what it consumed.
    Status read(QByteArray &buffer);

    /// True once the request line and headers have been read (the body may still be due).
    bool headComplete() const { return m_state != State::Head; }
    /// True when the head asks for `100 Continue` and the body has not been read yet.
    bool expectsContinue() const;
    /// The request read so far (complete once read() returned Complete).
    const ReceivedRequest &request() const { return m_request; }
    ReceivedRequest takeRequest();

    int failureStatus() const { return m_failureStatus; }
    QByteArray failureMessage() const { return m_failureMessage; }

    /// Forgets the request, ready for the next one on the same connection.
    void reset();

private:
    enum class State {
        Head,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
        Failed
    };

    Status fail(int status, QByteArray message);
    /// Takes one line (without its CRLF or LF) off the front of the buffer; false when no
    /// complete line is there yet. Fails the request when the line is too long.
    bool takeLine(QByteArray &buffer, QByteArray &line, bool &failed);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    Status finishHead();
    Status parseChunkSize(const QByteArray &line);

    HttpLimits m_limits;
    State m_state = State::Head;
    ReceivedRequest m_request;
    bool m_haveRequestLine = false;
    qsizetype m_headBytes = 0;
    qint64 m_remaining = 0; ///< bytes of the fixed body or of the current chunk still due
    int m_failureStatus = 0;
    QByteArray m_failureMessage;
};

} // namespace mantle::emulator
