// mantle-screenshots OUTDIR: takes the screenshots of the main window that the README and the
// docs show, one per API surface (main-window-chat.png, main-window-responses.png,
// main-window-messages.png), against the demo account on the emulator built into the app.
//
// It drives the real MainWindow the way a user would: it picks a model, types a prompt, sends it,
// waits for the answer, selects it and grabs the window. Every file the window writes (settings,
// sessions, learned routes) goes to a temporary directory, so the user's own settings are neither
// read nor changed. It is a documentation tool, not a test: it checks nothing about the pictures.
// scripts/screenshots builds and runs it offscreen.

#include "conversationview.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"

#include "mantle/apisurface.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QEventLoop>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <functional>

namespace {

using mantle::mantle::ApiSurface;
using mantle::ui::MainWindow;
using mantle::ui::PlaygroundPage;

constexpr int kWaitMs = 30000;

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

/// Runs the event loop until `ready` holds, waking up on `sender`'s `signal` (and every 50 ms in
/// case the signal came before the wait), or until kWaitMs have passed. True when ready.
template<typename Sender, typename Signal>
bool waitUntil(Sender *sender, Signal signal, const std::function<bool()> &ready)
{
    if (ready())
        return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (ready())
            loop.quit();
    });
    QObject::connect(sender, signal, &loop, [&] {
        if (ready())
            loop.quit();
    });
    timeout.start(kWaitMs);
    poll.start(50);
    loop.exec();
    return ready();
}

bool takeShot(MainWindow &window, const Shot &shot, const QDir &outDir, QTextStream &err)
{
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    auto *models = window.findChild<QComboBox *>(QStringLiteral("modelCombo"));
    PlaygroundPage *page = window.page(shot.surface);
    if (!tabs || !models || !page) {
        err << "the window has no tabs, model picker or page for " << shot.name << '\n';
        return false;
    }
    window.showPage(shot.surface);
    const QString model = QString::fromLatin1(shot.model);
    if (!waitUntil(&window, &MainWindow::modelsLoaded,
                   [&] { return models->findData(model) >= 0; })) {
        err << "the model picker does not offer " << model << " for " << shot.name << '\n';
        return false;
    }
    models->setCurrentIndex(models->findData(model));

    bool finished = false;
    const QMetaObject::Connection connection = QObject::connect(
        page, &PlaygroundPage::answerFinished, page, [&finished] { finished = true; });
    page->promptEdit()->setPlainText(QString::fromUtf8(shot.prompt));
    page->send();
    const bool answered
        = waitUntil(page, &PlaygroundPage::answerFinished, [&finished] { return finished; });
    QObject::disconnect(connection);
    if (!answered) {
        err << "no answer within " << kWaitMs << " ms for " << shot.name << '\n';
        return false;
    }
    page->conversation()->setCurrentRow(1);
    QCoreApplication::processEvents();

    const QString path
        = outDir.filePath(QStringLiteral("main-window-%1.png").arg(QLatin1String(shot.name)));
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
    if (arguments.size() != 2) {
        err << "usage: mantle-screenshots OUTDIR\n";
        return 2;
    }
    const QDir outDir(arguments.at(1));
    if (!QDir().mkpath(outDir.absolutePath())) {
        err << "cannot create " << outDir.absolutePath() << '\n';
        return 1;
    }

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

    for (const Shot &shot : kShots) {
        if (!takeShot(window, shot, outDir, err))
            return 1;
    }
    return 0;
}
