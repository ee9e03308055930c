// mantle-screenshots OUTDIR [--language CODE]: takes the screenshots of the main window that the
// README and the docs show, against the demo account on the emulator built into the app.
//   without --language: one per API surface, in English (main-window-chat.png,
//                       main-window-responses.png, main-window-messages.png), and the compare
//                       window after a run on three targets (compare-window.png), its Across
//                       APIs tab after a run (compare-across-apis.png) and its Regions tab
//                       (compare-regions.png);
//   --language CODE:    one of the Chat page in that language (main-window-CODE.png), for
//                       translators and reviewers (docs/screenshots/languages/).
//
// It drives the real MainWindow the way a user would (DemoDriver: pick a model, type a prompt,
// send, wait for the answer), selects the answer and grabs the window. Every file the window
// writes (settings, sessions, learned routes) goes to a temporary directory, so the user's own
// settings are neither read nor changed. It is a documentation tool, not a test: it checks
// nothing about the pictures. scripts/screenshots builds and runs it offscreen.

#include "appoptions.h"
#include "comparewindow.h"
#include "conversationview.h"
#include "crossapiview.h"
#include "demodriver.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"
#include "regionmatrixview.h"
#include "translations.h"

#include "compare/comparerun.h"
#include "mantle/apisurface.h"

#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QPixmap>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
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

bool grabTo(QWidget *widget, const QString &path, QTextStream &err)
{
    QCoreApplication::processEvents();
    if (!widget->grab().save(path)) {
        err << "cannot write " << path << '\n';
        return false;
    }
    QTextStream(stdout) << path << '\n';
    return true;
}

/// The compare window after one prompt went to three targets of the demo account.
bool takeCompareShot(MainWindow &window, QSettings &settings, const QString &path, QTextStream &err)
{
    using mantle::compare::CompareTarget;
    mantle::ui::CompareWindow *compare = mantle::ui::CompareWindow::showFor(window, settings);
    const QString account = mantle::ui::PlaygroundServices::demoAccountName();
    const QString region = QStringLiteral("us-east-1");
    compare->setTargets({
        CompareTarget{account, region, QStringLiteral("openai.gpt-oss-120b"),
                      ApiSurface::ChatCompletions},
        CompareTarget{account, region, QStringLiteral("openai.gpt-oss-20b"), ApiSurface::Responses},
        CompareTarget{account, region, QStringLiteral("anthropic.claude-haiku-4-5"),
                      ApiSurface::Messages},
    });
    compare->setPrompt(QStringLiteral("In three sentences: when should a desktop client stream "
                                      "an answer, and when should it wait for the whole of it?"));
    compare->resize(MainWindow::kDefaultSize);
    const DemoDriver driver(window);
    if (!driver.waitUntil([compare] { return !compare->isLoadingModels(); })) {
        err << "compare: the model lists did not load\n";
        return false;
    }
    compare->run();
    if (!driver.waitUntil([compare] { return !compare->isRunning(); })) {
        err << "compare: the run did not finish\n";
        return false;
    }
    return grabTo(compare, path, err);
}

/// The compare window's Across APIs tab after one model went through each of its APIs.
bool takeCrossApiShot(MainWindow &window, QSettings &settings, const QString &path,
                      QTextStream &err)
{
    mantle::ui::CompareWindow *compare = mantle::ui::CompareWindow::showFor(window, settings);
    mantle::ui::CrossApiView *view = compare->crossApiView();
    compare->tabs()->setCurrentWidget(view);
    view->setTarget({mantle::ui::PlaygroundServices::demoAccountName(), QStringLiteral("us-east-1"),
                     QStringLiteral("openai.gpt-oss-120b"), ApiSurface::ChatCompletions});
    const DemoDriver driver(window);
    if (!driver.waitUntil([view] { return !view->surfaces().isEmpty(); })) {
        err << "across APIs: the model list did not load\n";
        return false;
    }
    view->run();
    if (!driver.waitUntil([view] { return !view->isRunning(); })) {
        err << "across APIs: the run did not finish\n";
        return false;
    }
    return grabTo(compare, path, err);
}

/// The compare window's Regions tab after the 13 regions were asked for a model.
bool takeRegionsShot(MainWindow &window, QSettings &settings, const QString &path, QTextStream &err)
{
    mantle::ui::CompareWindow *compare = mantle::ui::CompareWindow::showFor(window, settings);
    mantle::ui::RegionMatrixView *view = compare->regionMatrixView();
    compare->tabs()->setCurrentWidget(view);
    view->setAccount(mantle::ui::PlaygroundServices::demoAccountName());
    view->setModel(QStringLiteral("deepseek.v3.1"));
    view->check();
    const DemoDriver driver(window);
    if (!driver.waitUntil([view] { return !view->isChecking(); })) {
        err << "regions: the check did not finish\n";
        return false;
    }
    return grabTo(compare, path, err);
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
    const bool compared
        = takeCompareShot(window, settings, outDir.filePath(QStringLiteral("compare-window.png")),
                          err)
        && takeCrossApiShot(window, settings,
                            outDir.filePath(QStringLiteral("compare-across-apis.png")), err)
        && takeRegionsShot(window, settings, outDir.filePath(QStringLiteral("compare-regions.png")),
                           err);
    return compared ? 0 : 1;
}
