// mantle-playground: starts the Qt Widgets app. Everything but the wiring lives in mantle_app.

#include "appicons.h"
#include "appoptions.h"
#include "appresources.h"
#include "appstyle.h"
#include "firstpaintquitter.h"
#include "mainwindow.h"
#include "selfcheck.h"
#include "translations.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QSettings>
#include <QTextStream>

#include <cstdio>

namespace {

void setApplicationNames()
{
    // QSettings() uses these names: ~/.config/Mantle Playground/Mantle Playground.conf on Linux.
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground"));
    QCoreApplication::setApplicationName(QStringLiteral("Mantle Playground"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MANTLE_VERSION));
}

/// The language of this run: --language, else the one chosen in Preferences, else the system's.
/// Also made the default locale, so that numbers and dates follow it.
QLocale chooseLocale(const QStringList &arguments)
{
    QString code = mantle::ui::AppOptions::languageArgument(arguments);
    if (code.isEmpty())
        code = mantle::Translations::chosenLanguage(QSettings());
    const QLocale locale = mantle::Translations::localeFor(code);
    QLocale::setDefault(locale);
    return locale;
}

/// Prints help, the version or a usage error; returns the exit code.
int report(const mantle::ui::AppOptions &options)
{
    QTextStream stream(options.action == mantle::ui::AppOptions::Action::RejectUsage ? stderr
                                                                                     : stdout);
    stream << options.output;
    if (!options.output.endsWith(QLatin1Char('\n')))
        stream << '\n';
    return options.exitCode();
}

} // namespace

int main(int argc, char *argv[])
{
    using mantle::ui::AppOptions;

    // --help and --version need no display: answered before QApplication (which needs one).
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--help") == 0 || qstrcmp(argv[i], "-h") == 0
            || qstrcmp(argv[i], "--version") == 0 || qstrcmp(argv[i], "-v") == 0) {
            QCoreApplication core(argc, argv);
            setApplicationNames();
            mantle::Translations::install(core, chooseLocale(QCoreApplication::arguments()));
            return report(AppOptions::parse(QCoreApplication::arguments()));
        }
    }

    // QApplication takes its own options out of argv, and with them `--session ID` (X11 session
    // management's -session): ours is put back, or the file would never be opened.
    QString sessionFile;
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--session") == 0)
            sessionFile = QString::fromLocal8Bit(argv[i + 1]);
    }

    QApplication app(argc, argv);
    QApplication::setStyle(new mantle::ui::AppStyle); // the application owns it
    QStringList arguments = QCoreApplication::arguments();
    if (!sessionFile.isEmpty() && !arguments.contains(QLatin1String("--session")))
        arguments << QStringLiteral("--session") << sessionFile;
    setApplicationNames();
    // The desktop entry's name (the app id): Wayland compositors find the icon through it.
    QGuiApplication::setDesktopFileName(QStringLiteral(MANTLE_APP_ID));
    const auto translations = mantle::Translations::install(app, chooseLocale(arguments));

    const AppOptions options = AppOptions::parse(arguments);
    if (options.action != AppOptions::Action::Run
        && options.action != AppOptions::Action::SelfCheck)
        return report(options);

    mantle::ui::initAppResources();
    QApplication::setWindowIcon(mantle::ui::appIcon(mantle::ui::AppIcon::Application));
    if (options.action == AppOptions::Action::SelfCheck) {
        const auto checked = mantle::ui::SelfCheck::run(translations);
        QTextStream(stdout) << checked.text;
        return checked.passed ? 0 : 1;
    }

    QSettings settings;
    mantle::ui::MainWindow window(settings);
    window.applyStartupOptions(options);
    if (options.quitAfterFirstPaint)
        new mantle::ui::FirstPaintQuitter(&window); // owned by the window
    window.show();
    return QApplication::exec();
}
