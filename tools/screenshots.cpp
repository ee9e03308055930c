// mantle-screenshots OUTDIR [--language CODE]: takes the screenshots of the main window that the
// README and the docs show, against the demo account on the emulator built into the app.
//   without --language: one per API surface, in English (main-window-chat.png,
//                       main-window-responses.png, main-window-messages.png);
//   --language CODE:    one of the Chat page in that language (main-window-CODE.png), for
//                       translators and reviewers (docs/screenshots/languages/).
//
// It drives the real MainWindow the way a user would (DemoDriver: pick a model, type a prompt,
// send, wait for the answer), selects the answer and grabs the window. Every file the window
// writes (settings, sessions, learned routes) goes to a temporary directory, so the user's own
// settings are neither read nor changed. It is a documentation tool, not a test: it checks
// nothing about the pictures. scripts/screenshots builds and runs it offscreen.

#include "appoptions.h"
#include "conversationview.h"
#include "demodriver.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"
#include "translations.h"

#include "mantle/apisurface.h"

#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QPixmap>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

namespace {

using mantle::mantle::ApiSurface;
using mantle::ui::DemoDriver;
using mantle::ui::MainWindow;

struct Shot
{
    ApiSurface surface;
    const char *name; ///< the file name's surface part
    const char *model;
    const char *prompt;
};

const Shot kShots[] = {
    {ApiSurface::ChatCompletions, "chat", "openai.gpt-oss-120b",
     "Explain in two short paragraphs what a SigV4 signature protects in an HTTP request, and "
     "what it does not."},
    {ApiSurface::Responses, "responses", "openai.gpt-oss-120b",
     "Write a C++20 function that splits a string on commas, with a short explanation of the "
     "edge cases it handles."},
    {ApiSurface::Messages, "messages", "anthropic.claude-haiku-4-5",
     "Summarise the trade-offs between streaming and non-streaming API calls for a desktop "
     "chat client, as a short list."},
};

bool takeShot(MainWindow &window, const Shot &shot, const QString &path, QTextStream &err)
{
    DemoDriver driver(window);
    const DemoDriver::Answer answer
        = driver.ask(shot.surface, QString::fromLatin1(shot.model), QString::fromUtf8(shot.prompt));
    if (!answer.ok) {
        err << shot.name << ": " << answer.error << '\n';
        return false;
    }
    window.page(shot.surface)->conversation()->setCurrentRow(1);
    QCoreApplication::processEvents();
    if (!window.grab().save(path)) {
        err << "cannot write " << path << '\n';
        return false;
    }
    QTextStream(stdout) << path << '\n';
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList arguments = QCoreApplication::arguments();
    const QString language = mantle::ui::AppOptions::languageArgument(arguments);
    if (arguments.size() != (language.isEmpty() ? 2 : 4)) {
        err << "usage: mantle-screenshots OUTDIR [--language CODE]\n";
        return 2;
    }
    const QDir outDir(arguments.at(1));
    if (!QDir().mkpath(outDir.absolutePath())) {
        err << "cannot create " << outDir.absolutePath() << '\n';
        return 1;
    }
    const QLocale locale
        = mantle::Translations::localeFor(language.isEmpty() ? QStringLiteral("en") : language);
    QLocale::setDefault(locale);
    mantle::Translations::install(app, locale);

    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground"));
    QCoreApplication::setApplicationName(QStringLiteral("mantle-screenshots"));
    QTemporaryDir dir;
    if (!dir.isValid()) {
        err << "cannot create a temporary directory\n";
        return 1;
    }
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    mantle::ui::PlaygroundServices::Locations locations;
    locations.keychainService = QStringLiteral("Mantle Playground screenshots");
    locations.sessionsDirectory = dir.filePath(QStringLiteral("sessions"));
    locations.routesFile = dir.filePath(QStringLiteral("cache/routes.json"));

    MainWindow window(settings, locations);
    if (!window.startDemo()) {
        err << "the demo emulator did not start\n";
        return 1;
    }
    window.show();
    window.resize(MainWindow::kDefaultSize);

    if (!language.isEmpty()) {
        const QString path = outDir.filePath(QStringLiteral("main-window-%1.png").arg(language));
        return takeShot(window, kShots[0], path, err) ? 0 : 1;
    }
    for (const Shot &shot : kShots) {
        const QString path
            = outDir.filePath(QStringLiteral("main-window-%1.png").arg(QLatin1String(shot.name)));
        if (!takeShot(window, shot, path, err))
            return 1;
    }
    return 0;
}
