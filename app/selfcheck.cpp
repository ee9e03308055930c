#include "selfcheck.h"

#include "demodriver.h"
#include "mainwindow.h"
#include "playgroundservices.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPixmap>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>

namespace mantle::ui {

SelfCheck::Report SelfCheck::run(const Translations &translations)
{
    Report report;
    QTextStream out(&report.text);
    const auto fail = [&](const QString &why) {
        out << tr("Self-check failed: %1").arg(why) << '\n';
        return report;
    };

    out << tr("Mantle Playground %1 self-check").arg(QLatin1String(MANTLE_VERSION)) << '\n';
    out << tr("Qt %1, platform “%2”")
               .arg(QLatin1String(qVersion()), QGuiApplication::platformName())
        << '\n';
    out << tr("Language: %1 (locale %2, translation %3)")
               .arg(QLocale().nativeLanguageName().isEmpty() ? QStringLiteral("C")
                                                             : QLocale().nativeLanguageName(),
                    QLocale().name(),
                    translations.appFile.isEmpty() ? tr("none loaded") : translations.appFile)
        << '\n';
    out << tr("Qt's own translation: %1")
               .arg(translations.qtFile.isEmpty() ? tr("none for this language")
                                                  : translations.qtFile)
        << '\n';

    QTemporaryDir home;
    if (!home.isValid())
        return fail(tr("cannot create a temporary directory (%1).").arg(home.errorString()));
    QSettings settings(home.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    PlaygroundServices::Locations locations;
    locations.keychainService = QStringLiteral("Mantle Playground self-check");
    locations.sessionsDirectory = home.filePath(QStringLiteral("sessions"));
    locations.routesFile = home.filePath(QStringLiteral("cache/routes.json"));

    MainWindow window(settings, locations);
    if (!window.startDemo())
        return fail(tr("the built-in emulator did not start."));
    window.resize(MainWindow::kDefaultSize);
    window.show();
    const QPixmap picture = window.grab();
    if (picture.isNull())
        return fail(tr("the main window could not be painted."));
    out << tr("Main window: painted at %1×%2").arg(picture.width()).arg(picture.height()) << '\n';

    DemoDriver driver(window);
    const QString model = QStringLiteral("openai.gpt-oss-120b");
    const DemoDriver::Answer answer = driver.ask(mantle::ApiSurface::ChatCompletions, model,
                                                 tr("Say hello to the self-check."));
    if (!answer.ok)
        return fail(tr("the demo request failed: %1").arg(answer.error));
    out << tr("Demo request (Chat Completions, %1): %n character(s) in %2 ms", nullptr,
              int(answer.text.size()))
               .arg(model)
               .arg(answer.elapsedMs)
        << '\n';
    window.close();

    report.passed = true;
    out << tr("Self-check passed.") << '\n';
    return report;
}

} // namespace mantle::ui
