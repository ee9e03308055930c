#pragma once

#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <vector>

namespace mantle::cli {

/// The exit codes scripts rely on (ARCHITECTURE.md, "Stable interfaces").
enum ExitCode : int {
    kExitOk = 0,
    kExitFailed = 1, ///< the request or operation failed; the message is on stderr
    kExitUsage = 2, ///< the command line was wrong
};

/// What a command may touch: its arguments, the environment and the standard streams.
/// Passed in so that tests can run a command without a process.
struct CommandContext
{
    QStringList arguments; ///< the arguments after the command's name
    QProcessEnvironment environment;
    QTextStream *out = nullptr;
    QTextStream *err = nullptr;
    QTextStream *in = nullptr; ///< standard input; null when there is none to read
};

/// One `mantle` subcommand: a small class with a name, a one-line summary and run().
class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    virtual int run(CommandContext &context) = 0;
};

/// Every subcommand, in the order `mantle --help` lists them.
std::vector<std::unique_ptr<Command>> allCommands();

/// Runs `mantle` with the full argument list (without the program name).
int runMantle(CommandContext &context);

} // namespace mantle::cli
