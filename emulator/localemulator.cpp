#include "localemulator.h"

#include "emulatorserver.h"
#include "mantleservice.h"

#include <QRandomGenerator>

namespace mantle::emulator {

LocalEmulator::LocalEmulator(const Clock &clock, EmulatorServerOptions options, QObject *parent)
    : QObject(parent)
{
    // Ids differ from one run to the next, as Mantle's do (tests that need the same bytes build
    // a MantleService with a fixed seed themselves).
    MantleService::Options serviceOptions;
    serviceOptions.seed = QRandomGenerator::global()->generate();
    m_service = std::make_unique<MantleService>(clock, std::move(serviceOptions));
    MantleService *service = m_service.get();
    m_server = std::make_unique<EmulatorServer>(
        [service](const EmulatorRequest &request) { return service->handle(request); }, clock,
        std::move(options));
    m_server->setWrongPrefixHandler(
        [service](const EmulatorRequest &request) { return service->wrongPrefixError(request); });
}

LocalEmulator::~LocalEmulator()
{
    m_server.reset(); // first: its handlers point at the service
}

bool LocalEmulator::start(quint16 port)
{
    return m_server->isListening() || m_server->listen(port);
}

void LocalEmulator::stop()
{
    m_server->close();
}

bool LocalEmulator::isRunning() const
{
    return m_server->isListening();
}

quint16 LocalEmulator::port() const
{
    return m_server->port();
}

QUrl LocalEmulator::rootUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

QString LocalEmulator::errorString() const
{
    return m_server->errorString();
}

} // namespace mantle::emulator
