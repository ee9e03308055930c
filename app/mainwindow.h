#pragma once

#include <QMainWindow>
#include <QPointer>

class QAction;
class QSettings;
class QTabWidget;

namespace mantle::ui {

class AboutDialog;
class AccountsDialog;
class DemoPanel;
class ModelsView;
struct AppOptions;

/// The playground's main window: the File, View and Help menus, the demo account's panel and the
/// welcome page (until the playground arrives) as tabs, and the status bar. It remembers its
/// geometry and state in the QSettings it is given, restoring them at start and saving them when it
/// closes.
///
/// It holds no protocol logic and makes no requests: that is mantle_core's job, reached through
/// the views that will sit in this window.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// settings (not owned) must outlive the window; main() passes the app's QSettings, tests one
    /// in a temporary directory.
    explicit MainWindow(QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Acts on the command line: with --demo, or when no account is configured, starts the demo
    /// account on the built-in emulator; --session says in the status bar that sessions do not
    /// exist yet. (--quit-after-first-paint is main()'s: see FirstPaintQuitter.)
    void applyStartupOptions(const AppOptions &options);

    /// Starts the "Demo (local emulator)" account and shows its tab. Returns the panel, or null
    /// when the emulator could not start (the status bar says why).
    DemoPanel *startDemo();
    /// True when the settings hold at least one account.
    bool hasAccounts() const;

    /// The size of the window when no geometry was saved, if the screen has room for it.
    static constexpr QSize kDefaultSize{1200, 800};

    /// The open Accounts dialog, or null.
    AccountsDialog *accountsDialog() const;
    /// The open Models view, or null.
    ModelsView *modelsView() const;

public slots:
    void showAboutDialog();
    /// File > Accounts…: opens the Accounts dialog, window-modal.
    void showAccountsDialog();
    /// File > Models…: opens the Models view (models per account and region), modeless.
    void showModelsView();
    void setFullScreen(bool fullScreen);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void restoreWindowSettings();
    void saveWindowSettings();

    QSettings &m_settings;
    QTabWidget *m_tabs;
    DemoPanel *m_demo = nullptr;
    QAction *m_fullScreenAction = nullptr;
    QPointer<AboutDialog> m_aboutDialog;
    QPointer<AccountsDialog> m_accountsDialog;
    QPointer<ModelsView> m_modelsView;
};

} // namespace mantle::ui
