#include "terminationsignals.h"

#include <QtGlobal>

#if defined(Q_OS_UNIX)
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#elif defined(Q_OS_WIN)
#include <QMetaObject>

#include <atomic>
#include <windows.h>
#endif

namespace mantle::emulator {

#if defined(Q_OS_UNIX)

namespace {

// The self-pipe. A signal handler cannot reach an object, so the pipe is process-wide; the
// handler only writes the signal's number to it (write() is async-signal-safe).
int g_pipe[2] = {-1, -1};

extern "C" void writeSignalToPipe(int number)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(number);
    [[maybe_unused]] const ssize_t written = ::write(g_pipe[1], &byte, 1);
    errno = savedErrno;
}

bool prepareDescriptor(int fd)
{
    return ::fcntl(fd, F_SETFD, FD_CLOEXEC) == 0
        && ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) == 0;
}

} // namespace

struct TerminationSignals::Private
{
    bool active = false;
    struct sigaction previousInt = {};
    struct sigaction previousTerm = {};
};

TerminationSignals::TerminationSignals(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    if (g_pipe[0] >= 0 || ::pipe(g_pipe) != 0)
        return;
    if (!prepareDescriptor(g_pipe[0]) || !prepareDescriptor(g_pipe[1])) {
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
        return;
    }
    struct sigaction action = {};
    action.sa_handler = writeSignalToPipe;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &d->previousInt);
    ::sigaction(SIGTERM, &action, &d->previousTerm);
    auto *notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        unsigned char byte = 0;
        while (::read(g_pipe[0], &byte, 1) == 1)
            Q_EMIT received(int(byte));
    });
    d->active = true;
}

TerminationSignals::~TerminationSignals()
{
    if (!d->active)
        return;
    ::sigaction(SIGINT, &d->previousInt, nullptr);
    ::sigaction(SIGTERM, &d->previousTerm, nullptr);
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

#elif defined(Q_OS_WIN)

namespace {

// SetConsoleCtrlHandler's callback runs on a thread of its own and takes no context pointer.
std::atomic<TerminationSignals *> g_instance{nullptr};

BOOL WINAPI postConsoleEvent(DWORD type)
{
    TerminationSignals *instance = g_instance.load();
    if (!instance)
        return FALSE;
    const int number = type == CTRL_C_EVENT ? 2 : 15;
    QMetaObject::invokeMethod(
        instance, [instance, number] { Q_EMIT instance->received(number); }, Qt::QueuedConnection);
    return TRUE;
}

} // namespace

struct TerminationSignals::Private
{
    bool active = false;
};

TerminationSignals::TerminationSignals(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    TerminationSignals *expected = nullptr;
    if (!g_instance.compare_exchange_strong(expected, this))
        return;
    if (!SetConsoleCtrlHandler(postConsoleEvent, TRUE)) {
        g_instance.store(nullptr);
        return;
    }
    d->active = true;
}

TerminationSignals::~TerminationSignals()
{
    if (!d->active)
        return;
    SetConsoleCtrlHandler(postConsoleEvent, FALSE);
    g_instance.store(nullptr);
}

#else

struct TerminationSignals::Private
{
    bool active = false;
};

TerminationSignals::TerminationSignals(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{ }

TerminationSignals::~TerminationSignals() = default;

#endif

bool TerminationSignals::isActive() const
{
    return d->active;
}

} // namespace mantle::emulator
