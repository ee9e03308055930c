#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <memory>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace mantle::test {

/// One HTTP/1.1 answer as it came off a raw socket.
struct RawHttpAnswer
{
    int status = 0; ///< 0 when no head arrived
    QList<QPair<QByteArray, QByteArray>> headers; ///< names in lower case
    QByteArray body; ///< de-chunked
    QList<QByteArray> chunks; ///< the chunks of a chunked body, in order (without the last one)
    QList<qint64> chunkTimesMs; ///< when each chunk arrived, ms after the head
    bool sawContinue = false; ///< a `100 Continue` came before the answer
    bool chunked = false;
    bool complete = false; ///< the body ended as its framing says (not cut by a closed socket)
    bool closed = false; ///< the server closed the connection

    /// The first value of the header (name in lower case), or a null QByteArray.
    QByteArray header(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
};

/// A client socket to 127.0.0.1 that writes bytes as given and reads answers with no help from
/// an HTTP library: for tests of the emulator's framing, keep-alive, 100-continue and faults,
/// which QNetworkAccessManager would hide. Waiting runs the event loop (the server is in the
/// same thread), never blocks it.
class RawHttpConnection
{
public:
    RawHttpConnection();
    ~RawHttpConnection();
    RawHttpConnection(const RawHttpConnection &) = delete;
    RawHttpConnection &operator=(const RawHttpConnection &) = delete;

    bool connectTo(quint16 port, int timeoutMs = 5000);
    void send(const QByteArray &bytes);

    /// Reads the next answer: waits until it is complete, the server closes the connection or
    /// `timeoutMs` passes (then the answer says what came so far).
    RawHttpAnswer readAnswer(int timeoutMs = 5000);
    /// Waits until the bytes received and not yet read contain `text`.
    bool waitForText(QByteArrayView text, int timeoutMs = 5000);
    /// Waits until at least `count` chunks of the answer being read have arrived; the answer
    /// so far is in `answer`.
    bool waitForChunks(int count, RawHttpAnswer &answer, int timeoutMs = 5000);
    bool waitForClosed(int timeoutMs = 5000);

    bool isClosed() const;
    /// Bytes received and not consumed by readAnswer.
    const QByteArray &pending() const;
    QTcpSocket &socket();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace mantle::test
