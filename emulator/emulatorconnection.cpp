#include "emulatorconnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace mantle::emulator {

namespace {

/// How long a connection whose request could not be read keeps reading (and dropping) what the
/// client still sends before it closes, so that the client reads the answer instead of a reset.
constexpr int kDrainMs = 1000;

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        break;
    }
    if (status >= 500)
        return "Server Error";
    if (status >= 400)
        return "Client Error";
    return "OK";
}

bool hasHeader(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (header.first == name)
            return true;
    }
    return false;
}

bool connectionHasToken(const ReceivedRequest &request, QByteArrayView token)
{
    for (const auto &[name, value] : request.headers) {
        if (name != "connection")
            continue;
        for (const QByteArray &item : value.split(',')) {
            if (item.trimmed().toLower() == token)
                return true;
        }
    }
    return false;
}

void appendChunk(QByteArray &out, const QByteArray &frame)
{
    if (frame.isEmpty())
        return; // an empty chunk would end the body
    out += QByteArray::number(frame.size(), 16);
    out += "\r\n";
    out += frame;
    out += "\r\n";
}

} // namespace

EmulatorConnection::EmulatorConnection(QTcpSocket *socket, const RequestDispatcher &dispatcher,
                                       QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_dispatcher(dispatcher)
    , m_reader(dispatcher.options().limits)
{
    m_socket->setParent(this);
    // Stream events are small writes that must leave at once (no Nagle delay).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &EmulatorConnection::readIncoming);
    connect(m_socket, &QTcpSocket::disconnected, this, &EmulatorConnection::onDisconnected);
    // Bytes may have arrived before the signals were connected.
    QMetaObject::invokeMethod(this, &EmulatorConnection::readIncoming, Qt::QueuedConnection);
}

EmulatorConnection::~EmulatorConnection() = default;

void EmulatorConnection::abort()
{
    m_closing = true;
    m_socket->abort();
    onDisconnected();
}

void EmulatorConnection::onDisconnected()
{
    m_closing = true;
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    Q_EMIT closed();
    deleteLater();
}

void EmulatorConnection::readIncoming()
{
    if (!m_socket->isOpen())
        return;
    if (m_closing) {
        m_socket->readAll(); // draining, or gone
        return;
    }
    m_input += m_socket->readAll();
    processInput();
}

void EmulatorConnection::processInput()
{
    if (m_busy || m_closing)
        return;
    const HttpRequestReader::Status status = m_reader.read(m_input);
    if (status == HttpRequestReader::Status::Failed) {
        refuseUnreadable();
        return;
    }
    if (status == HttpRequestReader::Status::NeedMoreData) {
        // RFC 9110 section 10.1.1: tell a client that waits that the body is welcome.
        if (m_reader.expectsContinue() && !m_continueSent) {
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_continueSent = true;
        }
        return;
    }
    const ReceivedRequest request = m_reader.takeRequest();
    m_reader.reset();
    m_continueSent = false;
    serve(request);
}

void EmulatorConnection::serve(const ReceivedRequest &request)
{
    m_busy = true;
    m_method = request.method;
    m_target = request.target;
    m_http10 = request.httpMinorVersion < 1;
    m_headOnly = request.method == "HEAD";
    m_keepAlive = !m_http10 && !connectionHasToken(request, "close");
    m_answer = m_dispatcher.dispatch(request);
    if (m_answer.latencyMs > 0) {
        QTimer::singleShot(m_answer.latencyMs, this, [this] {
            if (!m_closing)
                writeAnswer();
        });
        return;
    }
    writeAnswer();
}

void EmulatorConnection::refuseUnreadable()
{
    m_busy = true;
    m_method = m_reader.request().method;
    m_target = m_reader.request().target;
    m_http10 = m_reader.request().httpMinorVersion < 1;
    m_headOnly = false;
    m_keepAlive = false;
    // A body refused for its size may still be on its way: read it before closing.
    m_drainBeforeClose = m_reader.failureStatus() == 413;
    m_answer = m_dispatcher.unreadable(m_reader.request(), m_reader.failureStatus(),
                                       m_reader.failureMessage());
    writeAnswer();
}

void EmulatorConnection::writeAnswer()
{
    const EmulatorReply &reply = m_answer.reply;
    const bool streamed = reply.streamed && !m_headOnly;
    const bool bodyless
        = reply.status == 204 || reply.status == 304 || (reply.status >= 100 && reply.status < 200);
    m_chunked = false;
    if (streamed) {
        // Without chunked encoding the end of the stream is the end of the connection.
        m_chunked = !m_http10 && !m_dispatcher.options().closeDelimitedStreams;
        if (!m_chunked)
            m_keepAlive = false;
    }

    QByteArray head;
    head.reserve(512);
    head += "HTTP/1.1 ";
    head += QByteArray::number(reply.status);
    head += ' ';
    head += reasonPhrase(reply.status);
    head += "\r\n";
    for (const auto &[name, value] : reply.headers) {
        head += name;
        head += ": ";
        head += value;
        head += "\r\n";
    }
    if (streamed) {
        if (!hasHeader(reply.headers, "content-type"))
            head += "content-type: text/event-stream\r\n";
        if (!hasHeader(reply.headers, "cache-control"))
            head += "cache-control: no-cache\r\n";
        if (m_chunked)
            head += "transfer-encoding: chunked\r\n";
    } else if (!bodyless) {
        head += "content-length: ";
        head += QByteArray::number(reply.body.size());
        head += "\r\n";
    }
    if (!m_keepAlive)
        head += "connection: close\r\n";
    head += "\r\n";
    Q_EMIT requestServed(m_method, m_target, reply.status, m_answer.requestId);

    const bool cut = m_answer.dropAfter >= 0 || m_answer.stallAfter >= 0;
    if (!streamed) {
        if (!m_headOnly && !bodyless && !cut)
            head += reply.body;
        m_socket->write(head);
        // On an answer that is not a stream, a drop or a stall comes right after the head.
        if (cut)
            endStream();
        else
            finishAnswer();
        return;
    }

    m_socket->write(head);
    m_nextFrame = 0;
    m_framesToSend = reply.events.size();
    if (m_answer.dropAfter >= 0)
        m_framesToSend = std::min<qsizetype>(m_framesToSend, m_answer.dropAfter);
    if (m_answer.stallAfter >= 0)
        m_framesToSend = std::min<qsizetype>(m_framesToSend, m_answer.stallAfter);
    writeDueFrames();
}

void EmulatorConnection::writeDueFrames()
{
    const QList<QByteArray> &events = m_answer.reply.events;
    if (m_answer.paceMs <= 0) {
        QByteArray out;
        qsizetype size = 0;
        for (qsizetype i = m_nextFrame; i < m_framesToSend; ++i)
            size += events[i].size() + 16;
        out.reserve(size);
        for (; m_nextFrame < m_framesToSend; ++m_nextFrame) {
            if (m_chunked)
                appendChunk(out, events[m_nextFrame]);
            else
                out += events[m_nextFrame];
        }
        if (!out.isEmpty())
            m_socket->write(out);
        endStream();
        return;
    }
    if (m_nextFrame < m_framesToSend) {
        QByteArray out;
        if (m_chunked)
            appendChunk(out, events[m_nextFrame]);
        else
            out = events[m_nextFrame];
        m_socket->write(out);
        ++m_nextFrame;
        if (m_nextFrame < m_framesToSend) {
            QTimer::singleShot(m_answer.paceMs, this, [this] {
                if (!m_closing)
                    writeDueFrames();
            });
            return;
        }
    }
    endStream();
}

void EmulatorConnection::endStream()
{
    const int drop = m_answer.dropAfter;
    const int stall = m_answer.stallAfter;
    if (drop >= 0 && (stall < 0 || drop <= stall)) {
        // Mid-stream: no last chunk, the client sees the connection end early.
        m_keepAlive = false;
        closeAfterWriting();
        return;
    }
    if (stall >= 0)
        return; // the connection stays open and busy until the client gives up
    if (m_answer.reply.streamed && !m_headOnly) {
        if (!m_chunked) {
            closeAfterWriting();
            return;
        }
        m_socket->write("0\r\n\r\n");
    }
    finishAnswer();
}

void EmulatorConnection::finishAnswer()
{
    m_busy = false;
    m_answer = Dispatch();
    if (!m_keepAlive) {
        closeAfterWriting();
        return;
    }
    // A pipelined request may already be in the buffer.
    QMetaObject::invokeMethod(this, &EmulatorConnection::processInput, Qt::QueuedConnection);
}

void EmulatorConnection::closeAfterWriting()
{
    m_closing = true;
    if (m_drainBeforeClose) {
        m_drainBeforeClose = false;
        QTimer::singleShot(kDrainMs, this, [this] { m_socket->disconnectFromHost(); });
        return;
    }
    m_socket->disconnectFromHost();
}

} // namespace mantle::emulator
