// The app shell: the main window (menus, pickers, status bar, remembered geometry), the About
// dialog, the command-line flags and the --quit-after-first-paint mechanism. Runs offscreen and
// keeps every setting inside a temporary directory, never the user's own.

#include "aboutdialog.h"
#include "appoptions.h"
#include "firstpaintquitter.h"
#include "mainwindow.h"
#include "playgroundservices.h"
#include "shortcutsdialog.h"

#include "mantle/regions.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using mantle::ui::AboutDialog;
using mantle::ui::AppOptions;
using mantle::ui::FirstPaintQuitter;
using mantle::ui::MainWindow;
using mantle::ui::ShortcutsDialog;

Q_DECLARE_METATYPE(AppOptions::Action)

namespace {
constexpr int kWaitMs = 15000;
}

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsTitleAndReadyStatus();
    void hasMenusWithTheirActions_data();
    void hasMenusWithTheirActions();
    void quitUsesTheStandardShortcutAndClosesTheWindow();
    void fullScreenActionTogglesFullScreen();
    void regionPickerListsTheThirteenRegions();
    void shortcutsDialogListsTheShortcuts();
    void aboutShowsVersionsAndLicences();
    void restoresGeometryAcrossInstances();
    void centresDefaultSizeWhenNothingIsSaved();

    void parsesFlags_data();
    void parsesFlags();
    void rejectsWrongUsageWithExitCode2_data();
    void rejectsWrongUsageWithExitCode2();
    void demoFlagOpensTheLabelledDemoAccount();
    void opensTheDemoWhenNoAccountIsConfigured();
    void quitsOnceAfterFirstPaint();

private:
    std::unique_ptr<QSettings> freshSettings();

    QTemporaryDir m_settingsDir;
    int m_settingsFiles = 0;
    std::unique_ptr<QSettings> m_settings;
};

void TestMainWindow::initTestCase()
{
    // Belt and braces: test paths for QStandardPaths, and any QSettings made without a file name
    // lands in the temporary directory too.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::init()
{
    m_settings = freshSettings();
}

void TestMainWindow::cleanup()
{
    m_settings.reset();
}

std::unique_ptr<QSettings> TestMainWindow::freshSettings()
{
    const QString file
        = m_settingsDir.filePath(QStringLiteral("settings-%1.ini").arg(++m_settingsFiles));
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

void TestMainWindow::showsTitleAndReadyStatus()
{
    MainWindow window(*m_settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Mantle Playground"));
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Ready"));
    QVERIFY(window.centralWidget());
    QVERIFY(window.centralWidget()->isVisible());
}

void TestMainWindow::hasMenusWithTheirActions_data()
{
    QTest::addColumn<QString>("menu");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QStringList>("actions");
    QTest::addColumn<QStringList>("actionTexts");

    // Empty entries are separators.
    QTest::addRow("File") << QStringLiteral("menuFile") << QStringLiteral("&File")
                          << QStringList{QStringLiteral("actionNewSession"),
                                         QStringLiteral("actionImportSession"),
                                         QStringLiteral("actionExportJson"),
                                         QStringLiteral("actionExportMarkdown"),
                                         QString(),
                                         QStringLiteral("actionAccounts"),
                                         QStringLiteral("actionModels"),
                                         QString(),
                                         QStringLiteral("actionQuit")}
                          << QStringList{QStringLiteral("&New Session"),
                                         QStringLiteral("&Import Session…"),
                                         QStringLiteral("Export Session as &JSON…"),
                                         QStringLiteral("Export Session as Mar&kdown…"),
                                         QString(),
                                         QStringLiteral("&Accounts…"),
                                         QStringLiteral("&Models…"),
                                         QString(),
                                         QStringLiteral("&Quit")};
    QTest::addRow("Edit") << QStringLiteral("menuEdit") << QStringLiteral("&Edit")
                          << QStringList{QStringLiteral("actionFind"), QString(),
                                         QStringLiteral("actionPreferences")}
                          << QStringList{QStringLiteral("&Find Sessions"), QString(),
                                         QStringLiteral("&Preferences…")};
    QTest::addRow("Playground") << QStringLiteral("menuPlayground") << QStringLiteral("&Playground")
                                << QStringList{QStringLiteral("actionSend"),
                                               QStringLiteral("actionStop"),
                                               QStringLiteral("actionExportCode"),
                                               QStringLiteral("actionCompare"), // issue #11
                                               QString(),
                                               QStringLiteral("actionShow_chat"),
                                               QStringLiteral("actionShow_responses"),
                                               QStringLiteral("actionShow_messages"),
                                               QStringLiteral("actionDemoFaults")}
                                << QStringList{QStringLiteral("&Send"),
                                               QStringLiteral("S&top"),
                                               QStringLiteral("&Export as Code…"),
                                               QStringLiteral("&Compare…"), // issue #11
                                               QString(),
                                               QStringLiteral("Chat Completions"),
                                               QStringLiteral("Responses"),
                                               QStringLiteral("Messages"),
                                               QStringLiteral("Demo &Failures")};
    QTest::addRow("View") << QStringLiteral("menuView") << QStringLiteral("&View")
                          << QStringList{QStringLiteral("actionShowSessions"),
                                         QStringLiteral("actionShowInspector"), QString(),
                                         QStringLiteral("actionFullScreen")}
                          << QStringList{QStringLiteral("&Sessions"),
                                         QStringLiteral("Request &Inspector"), QString(),
                                         QStringLiteral("&Full Screen")};
    QTest::addRow("Help") << QStringLiteral("menuHelp") << QStringLiteral("&Help")
                          << QStringList{QStringLiteral("actionShortcuts"),
                                         QStringLiteral("actionAbout"),
                                         QStringLiteral("actionAboutQt")}
                          << QStringList{QStringLiteral("&Keyboard Shortcuts"),
                                         QStringLiteral("&About Mantle Playground"),
                                         QStringLiteral("About &Qt")};
}

void TestMainWindow::hasMenusWithTheirActions()
{
    QFETCH(QString, menu);
    QFETCH(QString, title);
    QFETCH(QStringList, actions);
    QFETCH(QStringList, actionTexts);

    MainWindow window(*m_settings);
    QStringList menuBarMenus;
    for (QAction *action : window.menuBar()->actions())
        menuBarMenus << (action->menu() ? action->menu()->objectName() : QString());
    QCOMPARE(menuBarMenus,
             (QStringList{QStringLiteral("menuFile"), QStringLiteral("menuEdit"),
                          QStringLiteral("menuPlayground"), QStringLiteral("menuView"),
                          QStringLiteral("menuHelp")}));

    auto *found = window.menuBar()->findChild<QMenu *>(menu);
    QVERIFY(found);
    QCOMPARE(found->title(), title);
    QStringList names;
    QStringList texts;
    for (QAction *action : found->actions()) {
        names << action->objectName();
        texts << action->text();
    }
    QCOMPARE(names, actions);
    QCOMPARE(texts, actionTexts);
}

void TestMainWindow::quitUsesTheStandardShortcutAndClosesTheWindow()
{
    MainWindow window(*m_settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *quit = window.findChild<QAction *>(QStringLiteral("actionQuit"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
    quit->trigger();
    QVERIFY(!window.isVisible());
    QVERIFY(m_settings->contains(QStringLiteral("mainWindow/geometry")));
}

void TestMainWindow::fullScreenActionTogglesFullScreen()
{
    MainWindow window(*m_settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *fullScreen = window.findChild<QAction *>(QStringLiteral("actionFullScreen"));
    QVERIFY(fullScreen);
    QVERIFY(fullScreen->isCheckable());
    QVERIFY(!fullScreen->isChecked());
    fullScreen->trigger();
    QTRY_VERIFY(window.isFullScreen());
    QVERIFY(fullScreen->isChecked());
    fullScreen->trigger();
    QTRY_VERIFY(!window.isFullScreen());
    QVERIFY(!fullScreen->isChecked());
}

void TestMainWindow::regionPickerListsTheThirteenRegions()
{
    MainWindow window(*m_settings);
    auto *regions = window.findChild<QComboBox *>(QStringLiteral("regionCombo"));
    QVERIFY(regions);
    const QList<mantle::mantle::Region> expected = mantle::mantle::mantleRegions();
    QCOMPARE(expected.size(), 13);
    QCOMPARE(regions->count(), 13);
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(regions->itemData(i).toString(), expected.at(i).code);
        QVERIFY(regions->itemText(i).contains(expected.at(i).displayName));
    }
}

void TestMainWindow::shortcutsDialogListsTheShortcuts()
{
    MainWindow window(*m_settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QAction *>(QStringLiteral("actionShortcuts"))->trigger();
    ShortcutsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<ShortcutsDialog *>()) && dialog->isVisible());
    auto *table = dialog->findChild<QTableWidget *>();
    QVERIFY(table);
    QStringList rows;
    for (int row = 0; row < table->rowCount(); ++row)
        rows << table->item(row, 0)->text() + QStringLiteral(" = ") + table->item(row, 1)->text();
    const QString all = rows.join(QLatin1Char('\n'));
    for (const QString &expected :
         {QStringLiteral("Send = Ctrl+Return"), QStringLiteral("Stop = Esc"),
          QStringLiteral("New Session = Ctrl+N"), QStringLiteral("Find Sessions = Ctrl+F")})
        QVERIFY2(all.contains(expected), qPrintable(all));
}

void TestMainWindow::aboutShowsVersionsAndLicences()
{
    MainWindow window(*m_settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.findChild<AboutDialog *>());

    auto *about = window.findChild<QAction *>(QStringLiteral("actionAbout"));
    QVERIFY(about);
    about->trigger();
    AboutDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<AboutDialog *>()) && dialog->isVisible());
    QCOMPARE(dialog->windowTitle(), QStringLiteral("About Mantle Playground"));

    auto *view = dialog->findChild<QPlainTextEdit *>(QStringLiteral("aboutText"));
    QVERIFY(view);
    QVERIFY(view->isReadOnly());
    const QString text = view->toPlainText();
    QCOMPARE(text, dialog->aboutText());
    QVERIFY(
        text.contains(QStringLiteral("Mantle Playground %1").arg(QLatin1String(MANTLE_VERSION))));
    QVERIFY(text.contains(QStringLiteral("Qt %1 (built with Qt %2)")
                              .arg(QLatin1String(qVersion()), QLatin1String(QT_VERSION_STR))));
    QVERIFY(text.contains(QLatin1String("OpenSSL ")));
    for (const char *licence : {"Mantle Playground: Apache License 2.0 (Apache-2.0)",
                                "Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)",
                                "QtKeychain: BSD 3-Clause License (BSD-3-Clause)",
                                "OpenSSL: Apache License 2.0 (Apache-2.0)"})
        QVERIFY2(text.contains(QLatin1String(licence)), licence);
    // The licence's full text follows, from the embedded LICENSE.
    QVERIFY(text.contains(
        QLatin1String("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION")));

    // A second trigger shows the same dialog, not another one.
    about->trigger();
    QCOMPARE(window.findChildren<AboutDialog *>().size(), 1);
    dialog->close();
    QTRY_VERIFY(!window.findChild<AboutDialog *>());
}

void TestMainWindow::restoresGeometryAcrossInstances()
{
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    const QSize size(730, 520);
    QVERIFY(available.width() > size.width() + 60 && available.height() > size.height() + 60);
    const QPoint position = available.topLeft() + QPoint(40, 30);
    {
        MainWindow first(*m_settings);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        first.resize(size);
        first.move(position);
        QTRY_COMPARE(first.size(), size);
        QTRY_COMPARE(first.pos(), position);
        QVERIFY(first.close());
    }
    m_settings->sync();
    QCOMPARE(m_settings->status(), QSettings::NoError);

    auto reread = std::make_unique<QSettings>(m_settings->fileName(), QSettings::IniFormat);
    QVERIFY(reread->contains(QStringLiteral("mainWindow/geometry")));
    QVERIFY(reread->contains(QStringLiteral("mainWindow/state")));
    MainWindow second(*reread);
    QCOMPARE(second.size(), size);
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    // pos() is the frame's position, known once the window exists.
    QTRY_COMPARE(second.pos(), position);
    QCOMPARE(second.size(), size);
}

void TestMainWindow::centresDefaultSizeWhenNothingIsSaved()
{
    MainWindow window(*m_settings);
    const QRect available = window.screen()->availableGeometry();
    const QSize expected = MainWindow::kDefaultSize.boundedTo(available.size());
    QCOMPARE(window.size(), expected);
    QCOMPARE(window.geometry().center(), available.center());
}

void TestMainWindow::parsesFlags_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<AppOptions::Action>("action");
    QTest::addColumn<bool>("demo");
    QTest::addColumn<QString>("session");
    QTest::addColumn<bool>("quitAfterFirstPaint");
    QTest::addColumn<int>("exitCode");

    const auto program = QStringLiteral("mantle-playground");
    const auto run = AppOptions::Action::Run;
    QTest::addRow("none") << QStringList{program} << run << false << QString() << false << 0;
    QTest::addRow("demo") << QStringList{program, QStringLiteral("--demo")} << run << true
                          << QString() << false << 0;
    QTest::addRow("session") << QStringList{program, QStringLiteral("--session"),
                                            QStringLiteral("/tmp/a session.json")}
                             << run << false << QStringLiteral("/tmp/a session.json") << false << 0;
    QTest::addRow("session=") << QStringList{program, QStringLiteral("--session=s.json")} << run
                              << false << QStringLiteral("s.json") << false << 0;
    QTest::addRow("quit-after-first-paint")
        << QStringList{program, QStringLiteral("--quit-after-first-paint")} << run << false
        << QString() << true << 0;
    QTest::addRow("all") << QStringList{program, QStringLiteral("--quit-after-first-paint"),
                                        QStringLiteral("--demo"), QStringLiteral("--session"),
                                        QStringLiteral("x.json")}
                         << run << true << QStringLiteral("x.json") << true << 0;
    QTest::addRow("help") << QStringList{program, QStringLiteral("--help")}
                          << AppOptions::Action::ShowHelp << false << QString() << false << 0;
    QTest::addRow("-h") << QStringList{program, QStringLiteral("-h")}
                        << AppOptions::Action::ShowHelp << false << QString() << false << 0;
    QTest::addRow("version") << QStringList{program, QStringLiteral("--version")}
                             << AppOptions::Action::ShowVersion << false << QString() << false << 0;
}

void TestMainWindow::parsesFlags()
{
    QFETCH(QStringList, arguments);
    QFETCH(AppOptions::Action, action);
    QFETCH(bool, demo);
    QFETCH(QString, session);
    QFETCH(bool, quitAfterFirstPaint);
    QFETCH(int, exitCode);

    const AppOptions options = AppOptions::parse(arguments);
    QCOMPARE(options.action, action);
    QCOMPARE(options.demo, demo);
    QCOMPARE(options.sessionFile, session);
    QCOMPARE(options.quitAfterFirstPaint, quitAfterFirstPaint);
    QCOMPARE(options.exitCode(), exitCode);
    if (action == AppOptions::Action::Run)
        QVERIFY(options.output.isEmpty());
    if (action == AppOptions::Action::ShowHelp) {
        for (const char *flag :
             {"--demo", "--session <FILE>", "--quit-after-first-paint", "--version", "--help"})
            QVERIFY2(options.output.contains(QLatin1String(flag)), flag);
    }
    if (action == AppOptions::Action::ShowVersion)
        QCOMPARE(options.output,
                 QStringLiteral("mantle-playground %1\n").arg(QLatin1String(MANTLE_VERSION)));
}

void TestMainWindow::rejectsWrongUsageWithExitCode2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");

    const auto program = QStringLiteral("mantle-playground");
    QTest::addRow("unknown flag") << QStringList{program, QStringLiteral("--demo"),
                                                 QStringLiteral("--turbo")}
                                  << QStringLiteral("turbo");
    QTest::addRow("help-all") << QStringList{program, QStringLiteral("--help-all")}
                              << QStringLiteral("help-all");
    QTest::addRow("positional") << QStringList{program, QStringLiteral("session.json")}
                                << QStringLiteral("session.json");
    QTest::addRow("session without file")
        << QStringList{program, QStringLiteral("--session")} << QStringLiteral("--session");
    QTest::addRow("empty session")
        << QStringList{program, QStringLiteral("--session="), QStringLiteral("--demo")}
        << QStringLiteral("--session");
    QTest::addRow("two sessions") << QStringList{
        program, QStringLiteral("--session"), QStringLiteral("a.json"), QStringLiteral("--session"),
        QStringLiteral("b.json")} << QStringLiteral("--session");
}

void TestMainWindow::rejectsWrongUsageWithExitCode2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);

    const AppOptions options = AppOptions::parse(arguments);
    QCOMPARE(options.action, AppOptions::Action::RejectUsage);
    QCOMPARE(options.exitCode(), 2);
    QVERIFY2(options.output.contains(mentions), qPrintable(options.output));
    QVERIFY2(options.output.contains(QLatin1String("mantle-playground --help")),
             qPrintable(options.output));
}

void TestMainWindow::demoFlagOpensTheLabelledDemoAccount()
{
    // An account exists, so only the flag opens the demo.
    m_settings->setValue(QStringLiteral("accounts/work/region"), QStringLiteral("us-east-1"));
    MainWindow window(*m_settings);
    QVERIFY(window.hasAccounts());
    QSignalSpy loaded(&window, &MainWindow::modelsLoaded);
    window.applyStartupOptions(
        AppOptions::parse({QStringLiteral("mantle-playground"), QStringLiteral("--demo")}));
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains(QLatin1String("Demo (local emulator)")), qPrintable(message));
    QVERIFY(window.services().isDemoRunning());
    QVERIFY(window.services().demoEndpoint().startsWith(QLatin1String("http://127.0.0.1:")));
    auto *accounts = window.findChild<QComboBox *>(QStringLiteral("accountCombo"));
    QCOMPARE(accounts->itemText(0), QStringLiteral("Demo (local emulator)"));
    QCOMPARE(accounts->currentIndex(), 0);
    QCOMPARE(accounts->itemText(1), QStringLiteral("work"));
    auto *banner = window.findChild<QLabel *>(QStringLiteral("demoBanner"));
    QVERIFY(banner);
    QVERIFY(banner->toolTip().contains(QLatin1String("Demo (local emulator)")));
    window.show();
    QTRY_VERIFY(banner->isVisible());

    // The model list comes from the emulator, through the core's pipeline.
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), kWaitMs);
    QVERIFY(window.offeredModels().contains(QStringLiteral("openai.gpt-oss-120b")));
}

void TestMainWindow::opensTheDemoWhenNoAccountIsConfigured()
{
    {
        MainWindow window(*m_settings);
        QVERIFY(!window.hasAccounts());
        window.applyStartupOptions(AppOptions::parse({QStringLiteral("mantle-playground")}));
        QVERIFY(window.services().isDemoRunning());
    }
    m_settings->setValue(QStringLiteral("accounts/work/region"), QStringLiteral("us-east-1"));
    MainWindow window(*m_settings);
    window.applyStartupOptions(AppOptions::parse({QStringLiteral("mantle-playground")}));
    QVERIFY(!window.services().isDemoRunning());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *banner = window.findChild<QLabel *>(QStringLiteral("demoBanner"));
    QVERIFY(!banner->isVisible());
}

void TestMainWindow::quitsOnceAfterFirstPaint()
{
    const AppOptions options = AppOptions::parse(
        {QStringLiteral("mantle-playground"), QStringLiteral("--quit-after-first-paint")});
    QVERIFY(options.quitAfterFirstPaint);

    MainWindow window(*m_settings);
    int quitRequests = 0;
    auto *quitter = new FirstPaintQuitter(&window, [&quitRequests] { ++quitRequests; });
    int paintsSeen = 0;
    connect(quitter, &FirstPaintQuitter::firstPaintSeen, this, [&paintsSeen] { ++paintsSeen; });

    QCoreApplication::processEvents();
    QCOMPARE(quitRequests, 0); // nothing is painted before the window is shown

    window.show();
    QTRY_COMPARE(quitRequests, 1);
    QCOMPARE(paintsSeen, 1);

    // Later paints do not ask again.
    window.repaint();
    QCoreApplication::processEvents();
    QCOMPARE(paintsSeen, 1);
    QCOMPARE(quitRequests, 1);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
