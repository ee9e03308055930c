#include "fakehttpserver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace mantle::test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

QByteArray FakeHttpServer::Request::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeHttpServer::onNewConnection);
}

FakeHttpServer::~FakeHttpServer() = default;

bool FakeHttpServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FakeHttpServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeHttpServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port()));
}

void FakeHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        ++m_connections;
        socket->setParent(this);
        m_buffers.insert(socket, QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeHttpServer::onReadyRead(QTcpSocket *socket)
{
    if (!m_buffers.contains(socket))
        return; // already answered
    QByteArray &buffer = m_buffers[socket];
    buffer.append(socket->readAll());
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;

    Request request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const qsizetype contentLength = request.header("Content-Length").toLongLong();
    if (buffer.size() < headerEnd + 4 + contentLength)
        return; // the body is still coming
    request.body = buffer.mid(headerEnd + 4, contentLength);
    m_buffers.remove(socket);
    m_requests.append(std::move(request));
    answer(socket);
    Q_EMIT requestReceived();
}

void FakeHttpServer::answer(QTcpSocket *socket)
{
    const Reply reply = m_queue.isEmpty() ? m_defaultReply : m_queue.takeFirst();
    if (reply.silent)
        return;
    if (reply.reset) {
#ifdef Q_OS_UNIX
        // SO_LINGER with a zero timeout makes close() send a RST instead of a FIN.
        const linger noLinger{1, 0};
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger,
                     sizeof noLinger);
#endif
        socket->abort();
        return;
    }
    QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' '
        + reasonPhrase(reply.status) + "\r\n";
    if (!reply.contentType.isEmpty())
        out += "Content-Type: " + reply.contentType + "\r\n";
    if (reply.chunks.isEmpty())
        out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    else
        out += "Transfer-Encoding: chunked\r\n";
    for (const auto &[name, value] : reply.headers)
        out += name + ": " + value + "\r\n";
    out += "Connection: close\r\n\r\n";
    if (!reply.chunks.isEmpty()) {
        socket->write(out);
        sendChunks(socket, reply, 0);
        return;
    }
    socket->write(out + reply.body);
    socket->disconnectFromHost();
}

void FakeHttpServer::sendChunks(QTcpSocket *socket, const Reply &reply, qsizetype next)
{
    if (next < reply.chunks.size()) {
        const QByteArray &chunk = reply.chunks.at(next);
        socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
        socket->flush();
        QTimer::singleShot(reply.chunkIntervalMs, socket,
                           [this, socket, reply, next] { sendChunks(socket, reply, next + 1); });
        return;
    }
    switch (reply.ending) {
    case Reply::Ending::Complete:
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
        break;
    case Reply::Ending::Drop:
        // Closed after what was written and without the last chunk: the client has every byte
        // sent and then a cut stream. An abort (a TCP reset) would race with the client's
        // reads: a reset discards data the client has not read yet, and on a loaded machine
        // the client could lose the whole answer and retry as if nothing had arrived.
        socket->disconnectFromHost();
        break;
    case Reply::Ending::Stall:
        break;
    }
}

} // namespace mantle::test
