#pragma once

#include "emulatorserveroptions.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace mantle {
class Clock;
}

namespace mantle::emulator {

class EmulatorServer;
class MantleService;

/// The whole emulator in this process: a MantleService behind an EmulatorServer on 127.0.0.1,
/// for the app's demo account, `mantle-emulator` and integration tests. It names what a client
/// needs to reach it: the root URL and the test credentials (ARCHITECTURE.md, "Stable
/// interfaces"), which are not secrets.
///
/// It does not parse command lines (EmulatorProgram does) or handle signals.
class LocalEmulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalEmulator)

public:
    static constexpr char kAccessKeyId[] = "AKIDMANTLEEMULATOR";
    static constexpr char kSecretAccessKey[] = "mantle-emulator-secret";
    static constexpr char kApiKey[] = "mantle-emulator-key";

    /// `clock` must outlive the emulator.
    LocalEmulator(const Clock &clock, EmulatorServerOptions options = {},
                  QObject *parent = nullptr);
    ~LocalEmulator() override;

    /// Listens on 127.0.0.1:`port` (0 picks a free port). False, with errorString(), on failure.
    bool start(quint16 port = 0);
    void stop();
    bool isRunning() const;
    quint16 port() const;
    /// http://127.0.0.1:PORT: the endpoint root to which /v1, /openai/v1 or /anthropic/v1 go.
    QUrl rootUrl() const;
    QString errorString() const;

    EmulatorServer &server() { return *m_server; }
    MantleService &service() { return *m_service; }

private:
    std::unique_ptr<MantleService> m_service;
    std::unique_ptr<EmulatorServer> m_server;
};

} // namespace mantle::emulator
