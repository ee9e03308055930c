#pragma once

#include "emulatorserveroptions.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <memory>

QT_BEGIN_NAMESPACE
class QTcpServer;
QT_END_NAMESPACE

namespace mantle {
class Clock;
}

namespace mantle::emulator {

class EmulatorConnection;
class RequestDispatcher;

/// The emulator's HTTP/1.1 server: listens on 127.0.0.1 only and hands each connection to an
/// EmulatorConnection, which reads requests, has them authenticated and answered through a
/// RequestDispatcher and the handler, and writes the answers (paced streams and faults
/// included).
///
/// It is not a general web server: no TLS, no HTTP/2, no other address than the loopback one.
class EmulatorServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatorServer)

public:
    /// `clock` (request times for SigV4, the `date` header) must outlive the server.
    EmulatorServer(EmulatorHandler handler, const Clock &clock, EmulatorServerOptions options = {},
                   QObject *parent = nullptr);
    ~EmulatorServer() override;

    /// Who answers the `wrong-prefix` fault (see RequestDispatcher::setWrongPrefixHandler).
    void setWrongPrefixHandler(EmulatorHandler handler);

    /// Listens on 127.0.0.1:`port` (0 picks a free port). False, with errorString(), on failure.
    bool listen(quint16 port = 0);
    bool isListening() const;
    /// The port it listens on (0 before listen()).
    quint16 port() const;
    QString errorString() const;

    /// Stops listening and closes every connection at once.
    void close();
    /// How many client connections are open.
    int connectionCount() const { return int(m_connections.size()); }

    const EmulatorServerOptions &options() const;

Q_SIGNALS:
    /// The head of an answer was written (for logs and tests).
    void requestServed(const QByteArray &method, const QByteArray &target, int status,
                       const QByteArray &requestId);
    /// A client connection ended (either side closed it).
    void connectionClosed();

private:
    void acceptConnections();

    std::unique_ptr<RequestDispatcher> m_dispatcher;
    QTcpServer *m_server;
    QSet<EmulatorConnection *> m_connections;
};

} // namespace mantle::emulator
