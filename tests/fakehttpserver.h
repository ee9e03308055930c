#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace mantle::test {

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: it reads one request per connection, records it
/// and answers with the next scripted reply (then closes the connection).
///
/// For unit and integration tests of HTTP clients (STS, the HTTP client). Answers can also be
/// streamed in chunks, dropped midway or stalled, or the connection reset before any answer. It
/// is not a general HTTP server: no keep-alive, no chunked request bodies, no TLS.
class FakeHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeHttpServer)

public:
    using HeaderList = QList<QPair<QByteArray, QByteArray>>;

    struct Reply
    {
        int status = 200;
        QByteArray contentType = "text/xml";
        QByteArray body;
        HeaderList headers; ///< extra headers
        bool silent = false; ///< read the request but never answer (for timeouts)
        /// Read the request, then reset the connection (a TCP RST where the system allows it)
        /// without sending a byte of the answer (for resets before the first byte).
        bool reset = false;
        /// When not empty, the body is sent with chunked transfer encoding instead of `body`:
        /// one chunk now, then one every `chunkIntervalMs` (for streaming clients).
        QList<QByteArray> chunks;
        int chunkIntervalMs = 20;
        /// What follows the last chunk: the terminating chunk, a dropped connection (an
        /// incomplete answer) or nothing at all (a stalled stream).
        enum class Ending { Complete, Drop, Stall };
        Ending ending = Ending::Complete;
    };

    struct Request
    {
        QByteArray method;
        QByteArray target; ///< as on the request line ("/path?query")
        HeaderList headers; ///< as received, names in their original case
        QByteArray body;

        /// The first header of that name (case-insensitive), or a null QByteArray.
        QByteArray header(QByteArrayView name) const;
    };

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;

    /// Listens on 127.0.0.1 on a free port; false when that fails.
    bool listen();
    quint16 port() const;
    /// http://127.0.0.1:PORT/
    QUrl url() const;

    /// Replies are used in order; when none is queued, the default reply (200, empty) answers.
    void enqueue(Reply reply) { m_queue.append(std::move(reply)); }
    void setDefaultReply(Reply reply) { m_defaultReply = std::move(reply); }

    const QList<Request> &requests() const { return m_requests; }
    int connectionCount() const { return m_connections; }

Q_SIGNALS:
    void requestReceived();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket);
    void sendChunks(QTcpSocket *socket, const Reply &reply, qsizetype next);

    QTcpServer *m_server;
    QList<Reply> m_queue;
    Reply m_defaultReply;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_connections = 0;
};

} // namespace mantle::test
