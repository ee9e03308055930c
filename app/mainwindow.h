#pragma once

#include <QMainWindow>
#include <QPointer>

class QAction;
class QSettings;

namespace mantle::ui {

class AboutDialog;
struct AppOptions;

/// The playground's main window: the File, View and Help menus, the welcome page (until the chat
/// playground arrives) and the status bar. It remembers its geometry and state in the QSettings it
/// is given, restoring them at start and saving them when it closes.
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

    /// Acts on the command line's --demo and --session: until the emulator and sessions exist,
    /// says so in the status bar. (--quit-after-first-paint is main()'s: see FirstPaintQuitter.)
    void applyStartupOptions(const AppOptions &options);

    /// The size of the window when no geometry was saved, if the screen has room for it.
    static constexpr QSize kDefaultSize{1200, 800};

public slots:
    void showAboutDialog();
    void setFullScreen(bool fullScreen);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void restoreWindowSettings();
    void saveWindowSettings();

    QSettings &m_settings;
    QAction *m_fullScreenAction = nullptr;
    QPointer<AboutDialog> m_aboutDialog;
};

} // namespace mantle::ui
