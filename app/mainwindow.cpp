#include "mainwindow.h"

#include "aboutdialog.h"
#include "accountsdialog.h"
#include "appoptions.h"
#include "appresources.h"
#include "demopanel.h"
#include "modelsview.h"
#include "welcomepage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QIcon>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>

namespace mantle::ui {

namespace {

// QSettings keys (organisation and application "Mantle Playground", set in main()).
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
// Accounts live under this group (issue #5); none there means the demo account opens.
const auto kAccountsGroup = QStringLiteral("accounts");

} // namespace

MainWindow::MainWindow(QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    initAppResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Mantle Playground"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/mantle-playground.svg")));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(new WelcomePage(m_tabs), tr("Welcome"));
    setCentralWidget(m_tabs);
    createMenus();
    statusBar()->showMessage(tr("Ready"));
    restoreWindowSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::applyStartupOptions(const AppOptions &options)
{
    QStringList notes;
    if (options.demo || !hasAccounts()) {
        if (startDemo())
            notes << tr("Demo mode: the “%1” account answers from the emulator built into the "
                        "app.")
                         .arg(DemoPanel::accountName());
    }
    if (!options.sessionFile.isEmpty())
        notes << tr("Cannot open the session “%1”: this version does not support sessions yet.")
                     .arg(options.sessionFile);
    if (!notes.isEmpty())
        statusBar()->showMessage(notes.join(QStringLiteral("  ")));
}

bool MainWindow::hasAccounts() const
{
    return m_settings.childGroups().contains(kAccountsGroup);
}

DemoPanel *MainWindow::startDemo()
{
    if (m_demo)
        return m_demo;
    auto *demo = new DemoPanel(m_tabs);
    if (!demo->start()) {
        statusBar()->showMessage(
            tr("The demo account could not start its emulator on this computer."));
        delete demo;
        return nullptr;
    }
    m_demo = demo;
    m_tabs->insertTab(0, m_demo, DemoPanel::accountName());
    m_tabs->setCurrentIndex(0);
    return m_demo;
}

void MainWindow::showAboutDialog()
{
    // Window-modal and deleted on close: no nested event loop, one dialog at a time.
    if (!m_aboutDialog) {
        m_aboutDialog = new AboutDialog(this);
        m_aboutDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_aboutDialog->open();
    m_aboutDialog->raise();
    m_aboutDialog->activateWindow();
}

AccountsDialog *MainWindow::accountsDialog() const
{
    return m_accountsDialog;
}

void MainWindow::showAccountsDialog()
{
    if (!m_accountsDialog) {
        m_accountsDialog = new AccountsDialog(m_settings, this);
        m_accountsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_accountsDialog->open();
    m_accountsDialog->raise();
    m_accountsDialog->activateWindow();
}

ModelsView *MainWindow::modelsView() const
{
    return m_modelsView;
}

void MainWindow::showModelsView()
{
    if (!m_modelsView) {
        m_modelsView = new ModelsView(m_settings, this);
        m_modelsView->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        m_modelsView->reloadAccounts();
    }
    m_modelsView->show();
    m_modelsView->raise();
    m_modelsView->activateWindow();
}

void MainWindow::setFullScreen(bool fullScreen)
{
    if (fullScreen)
        setWindowState(windowState() | Qt::WindowFullScreen);
    else
        setWindowState(windowState() & ~Qt::WindowFullScreen);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::WindowStateChange && m_fullScreenAction)
        m_fullScreenAction->setChecked(isFullScreen());
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("menuFile"));
    QAction *accounts
        = fileMenu->addAction(tr("&Accounts…"), this, &MainWindow::showAccountsDialog);
    accounts->setObjectName(QStringLiteral("actionAccounts"));
    QAction *models = fileMenu->addAction(tr("&Models…"), this, &MainWindow::showModelsView);
    models->setObjectName(QStringLiteral("actionModels"));
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("menuView"));
    m_fullScreenAction = viewMenu->addAction(tr("&Full Screen"));
    m_fullScreenAction->setObjectName(QStringLiteral("actionFullScreen"));
    m_fullScreenAction->setCheckable(true);
    m_fullScreenAction->setShortcut(QKeySequence::FullScreen);
    connect(m_fullScreenAction, &QAction::toggled, this, &MainWindow::setFullScreen);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("menuHelp"));
    QAction *about
        = helpMenu->addAction(tr("&About Mantle Playground"), this, &MainWindow::showAboutDialog);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("actionAboutQt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::restoreWindowSettings()
{
    if (!restoreGeometry(m_settings.value(kGeometryKey).toByteArray())) {
        const QRect available = screen()->availableGeometry();
        setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter,
                                        kDefaultSize.boundedTo(available.size()), available));
    }
    restoreState(m_settings.value(kStateKey).toByteArray());
}

void MainWindow::saveWindowSettings()
{
    m_settings.setValue(kGeometryKey, saveGeometry());
    m_settings.setValue(kStateKey, saveState());
}

} // namespace mantle::ui
