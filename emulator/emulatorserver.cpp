#include "emulatorserver.h"

#include "emulatorconnection.h"
#include "errorreplies.h"
#include "requestdispatcher.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

#include <utility>

namespace mantle::emulator {

namespace {

/// Keeps the event loop safe from a handler that throws or was never set: the client gets a 500.
EmulatorHandler guarded(EmulatorHandler handler)
{
    return [handler = std::move(handler)](const EmulatorRequest &request) -> EmulatorReply {
        if (handler) {
            try {
                return handler(request);
            } catch (...) { }
        }
        return ErrorReplies::forPath(request.path, 500, QString(), QStringLiteral("server_error"),
                                     QStringLiteral("api_error"),
                                     QStringLiteral("Internal server error"));
    };
}

} // namespace

EmulatorServer::EmulatorServer(EmulatorHandler handler, const Clock &clock,
                               EmulatorServerOptions options, QObject *parent)
    : QObject(parent)
    , m_dispatcher(std::make_unique<RequestDispatcher>(guarded(std::move(handler)), clock,
                                                       std::move(options)))
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &EmulatorServer::acceptConnections);
}

EmulatorServer::~EmulatorServer()
{
    close();
}

void EmulatorServer::setWrongPrefixHandler(EmulatorHandler handler)
{
    m_dispatcher->setWrongPrefixHandler(std::move(handler));
}

bool EmulatorServer::listen(quint16 port)
{
    return m_server->listen(QHostAddress::LocalHost, port);
}

bool EmulatorServer::isListening() const
{
    return m_server->isListening();
}

quint16 EmulatorServer::port() const
{
    return m_server->serverPort();
}

QString EmulatorServer::errorString() const
{
    return m_server->errorString();
}

const EmulatorServerOptions &EmulatorServer::options() const
{
    return m_dispatcher->options();
}

void EmulatorServer::close()
{
    m_server->close();
    const QSet<EmulatorConnection *> connections = std::exchange(m_connections, {});
    for (EmulatorConnection *connection : connections) {
        disconnect(connection, nullptr, this, nullptr);
        connection->abort();
    }
}

void EmulatorServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new EmulatorConnection(socket, *m_dispatcher, this);
        m_connections.insert(connection);
        connect(connection, &EmulatorConnection::requestServed, this,
                &EmulatorServer::requestServed);
        connect(connection, &EmulatorConnection::closed, this, [this, connection] {
            m_connections.remove(connection);
            Q_EMIT connectionClosed();
        });
    }
}

} // namespace mantle::emulator
