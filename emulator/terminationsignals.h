#pragma once

#include <QObject>

#include <memory>

namespace mantle::emulator {

/// Turns SIGINT and SIGTERM (on Windows: Ctrl+C, Ctrl+Break and closing the console) into a Qt
/// signal delivered by the event loop, so that a program can stop cleanly: on POSIX through a
/// self-pipe watched by a QSocketNotifier (the signal handler only writes a byte), on Windows
/// through SetConsoleCtrlHandler and a queued call.
///
/// Only one may exist at a time (the operating system's handlers are process-wide); the previous
/// handlers are restored when it is destroyed. It does not quit anything by itself.
class TerminationSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignals)

public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

    /// False when the handlers could not be installed (or another instance holds them).
    bool isActive() const;

Q_SIGNALS:
    /// SIGINT or SIGTERM (or the console event) arrived; `signalNumber` is 2 or 15 (Windows:
    /// 2 for Ctrl+C, 15 for the others).
    void received(int signalNumber);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace mantle::emulator
