#pragma once

#include <QString>
#include <QStringList>

namespace mantle::ui {

/// The command line of `mantle-playground`, parsed (ARCHITECTURE.md, "Stable interfaces"):
/// `[--demo] [--session FILE] [--quit-after-first-paint]`, plus `--help`, `--version`,
/// `--language CODE` (this run's language) and `--self-check`.
///
/// Parsing is separate from acting on it, so that tests can check every flag without a window or a
/// process. It does not open sessions or start the demo: MainWindow and main() do that. It never
/// exits the process (unlike QCommandLineParser::process()): main() prints output() and returns
/// exitCode() when action is not Run.
struct AppOptions
{
    enum class Action {
        Run, ///< start the app with the options below
        ShowHelp, ///< print output() to stdout, exit 0
        ShowVersion, ///< print output() to stdout, exit 0
        SelfCheck, ///< run the self-check (SelfCheck), print its report, exit 0 or 1
        RejectUsage, ///< print output() to stderr, exit 2
    };

    /// Exit code for a wrong command line, the same as the `mantle` CLI's.
    static constexpr int kExitUsage = 2;

    Action action = Action::Run;
    bool demo = false; ///< --demo
    QString sessionFile; ///< --session FILE; empty when not given
    bool quitAfterFirstPaint = false; ///< --quit-after-first-paint
    /// --language CODE: a code of Translations::languages() or "system"; empty when not given
    QString language;
    QString output; ///< help or version text, or the usage error; empty for Run

    /// The process exit code for an action other than Run (0, or kExitUsage).
    int exitCode() const { return action == Action::RejectUsage ? kExitUsage : 0; }

    /// Parses the full argument list, program name first (QCoreApplication::arguments(), after
    /// QApplication has taken out Qt's own options). Needs a QCoreApplication for --help.
    static AppOptions parse(const QStringList &arguments);

    /// The value of --language in a raw argument list (before translations are installed, which
    /// happens before parse()); empty when absent.
    static QString languageArgument(const QStringList &arguments);

    bool operator==(const AppOptions &) const = default;
};

} // namespace mantle::ui
