#pragma once

#include "httprequestreader.h"
#include "requestdispatcher.h"

#include <QByteArray>
#include <QObject>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace mantle::emulator {

/// One client connection of the emulator's server: reads requests one after the other
/// (keep-alive and pipelining, `Expect: 100-continue`), has the RequestDispatcher answer each,
/// and writes the answer with its timing: added latency, Content-Length bodies, streams as
/// chunked (or close-delimited) SSE frames paced one by one, dropped or stalled on request.
///
/// It owns its socket and deletes itself when the connection closes. The dispatcher decides
/// what to answer; this class only decides how and when the bytes go out.
class EmulatorConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatorConnection)

public:
    /// Takes `socket` over. `dispatcher` must outlive the connection.
    EmulatorConnection(QTcpSocket *socket, const RequestDispatcher &dispatcher,
                       QObject *parent = nullptr);
    ~EmulatorConnection() override;

    /// Closes the connection at once, whatever it is doing.
    void abort();

Q_SIGNALS:
    /// The head of an answer was written.
    void requestServed(const QByteArray &method, const QByteArray &target, int status,
                       const QByteArray &requestId);
    void closed();

private:
    void readIncoming();
    void processInput();
    void serve(const ReceivedRequest &request);
    void refuseUnreadable();
    void writeAnswer();
    void writeDueFrames();
    void endStream();
    void finishAnswer();
    void closeAfterWriting();
    void onDisconnected();

    QTcpSocket *m_socket;
    const RequestDispatcher &m_dispatcher;
    HttpRequestReader m_reader;
    QByteArray m_input;
    bool m_continueSent = false;
    bool m_closing = false; ///< no more requests: the connection is closing
    bool m_drainBeforeClose = false; ///< read and drop what the client still sends, then close
    bool m_closedEmitted = false;

    // The answer in progress.
    bool m_busy = false;
    Dispatch m_answer;
    QByteArray m_method;
    QByteArray m_target;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_headOnly = false;
    bool m_chunked = false;
    qsizetype m_nextFrame = 0;
    qsizetype m_framesToSend = 0;
};

} // namespace mantle::emulator
