#pragma once

#include <QStringList>

QT_BEGIN_NAMESPACE
class QTextStream;
QT_END_NAMESPACE

namespace mantle::emulator {

/// The `mantle-emulator` program, which `mantle emulator` runs too (ARCHITECTURE.md, "Stable
/// interfaces"): reads `[--port P] [--region R] [--pace-ms N] [--close-delimited] [--verbose]`,
/// starts the MantleService behind an EmulatorServer on 127.0.0.1, prints exactly
/// `listening on http://127.0.0.1:PORT` as its first line (flushed at once) and serves until
/// SIGINT or SIGTERM (Ctrl+C on Windows), then returns 0.
///
/// Needs a QCoreApplication and runs its event loop. Exit codes: 0 after a signal, 1 when the
/// port cannot be bound, 2 for a wrong command line.
class EmulatorProgram
{
public:
    /// `arguments` exclude the program's name; `usage` names the program in messages
    /// ("mantle-emulator" or "mantle emulator").
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err,
                   const QString &usage);
};

} // namespace mantle::emulator
