#pragma once

#include "mantle/modellist.h"
#include "playgroundservices.h"
#include "sessions/sessionstore.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QSettings;
class QTabWidget;
class QTimer;
class QToolButton;

namespace mantle::ui {

class AboutDialog;
class PreferencesDialog;
class AccountsDialog;
class CodeExportDialog;
class InspectorView;
class ModelsView;
class PlaygroundPage;
class SessionsSidebar;
struct AppOptions;

/// The playground's main window: the account, region and model pickers; one playground page per
/// API surface (Chat Completions, Responses, Messages) as tabs; the sessions sidebar; the request
/// inspector; the status bar with the request state, time to first token, tokens per second and
/// the session's cost; and the menus with their shortcuts. It remembers its geometry and docks
/// in the QSettings it is given.
///
/// It wires views to mantle_core (through PlaygroundServices and the pages) and holds no
/// protocol logic itself.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// settings (not owned) must outlive the window; main() passes the app's QSettings, tests one
    /// in a temporary directory together with their own locations.
    explicit MainWindow(QSettings &settings, QWidget *parent = nullptr);
    MainWindow(QSettings &settings, const PlaygroundServices::Locations &locations,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Acts on the command line: with --demo, or when no account is configured, starts the demo
    /// account on the built-in emulator; --session FILE opens that session file.
    void applyStartupOptions(const AppOptions &options);

    /// Starts the "Demo (local emulator)" account and selects it. False when the emulator could
    /// not start (the status bar says why).
    bool startDemo();
    /// True when the settings hold at least one account.
    bool hasAccounts() const;

    /// The size of the window when no geometry was saved, if the screen has room for it.
    static constexpr QSize kDefaultSize{1280, 820};

    /// The open Accounts dialog, or null.
    AccountsDialog *accountsDialog() const;
    /// The open Models view, or null.
    ModelsView *modelsView() const;
    /// The open Export as Code dialog, or null.
    CodeExportDialog *codeExportDialog() const;

    PlaygroundServices &services() { return *m_services; }
    /// The playground of `surface` (Chat Completions, Responses or Messages), built if its tab
    /// was never shown.
    PlaygroundPage *page(mantle::ApiSurface surface);
    /// Shows the tab of `surface` (building its page).
    void showPage(mantle::ApiSurface surface);
    PlaygroundPage *currentPage() const;
    SessionsSidebar *sessionsSidebar() const { return m_sidebar; }
    InspectorView *inspector() const { return m_inspector; }
    /// The models the picker offers now (for the current surface), in order.
    QStringList offeredModels() const;

    /// Opens the session with that id from the store, in the page of its surface.
    bool openSession(const QString &id);
    /// Opens a session file from anywhere (`--session FILE`); edits are saved in the app's
    /// sessions directory, the file itself is left as it is.
    bool openSessionFile(const QString &path);
    /// Rereads the session list from the store.
    void reloadSessions();

Q_SIGNALS:
    /// The model picker was filled for the current account, region and surface.
    void modelsLoaded();

public slots:
    void showAboutDialog();
    /// Edit > Preferences: the language. A changed language asks whether to restart now.
    void showPreferencesDialog();
    /// File > Accounts…: opens the Accounts dialog, window-modal.
    void showAccountsDialog();
    /// File > Models…: opens the Models view (models per account and region), modeless.
    void showModelsView();
    void showShortcutsDialog();
    void setFullScreen(bool fullScreen);
    void newSession();
    void importSession();
    /// Playground > Export as Code…: the selected answer's request (else the last answer's, else
    /// the one Send would send now) in the code export dialog.
    void exportAsCode();
    /// The inspector's "Copy as curl": the selected answer's request as a curl script on the
    /// clipboard, with the API key or SigV4 as its account authenticates.
    void copyRequestAsCurl();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    /// Closes the window (saving everything) and starts the app again with the same arguments.
    void restart();
    void createPickers();
    void createPages();
    PlaygroundPage *ensurePage(int index);
    void createDocks();
    void createMenus();
    void restoreWindowSettings();
    void saveWindowSettings();

    void reloadAccounts(const QString &select = {});
    void accountChanged();
    void regionChanged();
    /// Shows or hides the short-term key badge for the current account and region.
    void updateKeyBadge();
    void loadModels();
    void fillModels();
    void modelChanged();
    void currentPageChanged();
    void applyTargetTo(PlaygroundPage *page);
    void showPageStatus();
    void updateInspector();
    void onSessionSaved(PlaygroundPage *page, const QString &id);
    void exportSession(const QString &id, const QString &format);
    void deleteSession(const QString &id);
    void renameSession(const QString &id, const QString &title);
    void duplicateSession(const QString &id);
    /// Goes on from an answer of a session: that session when the answer is its last entry,
    /// else (or with `fork`) a new session forked after the answer.
    void branchFrom(const QString &sessionId, const QString &entryId, bool fork);
    void searchSessions(const QString &text);
    void showMessage(const QString &text);
    /// The request that produced the current page's selected answer, as it was sent.
    std::optional<api::RequestSpec> selectedAnswerSpec() const;
    void showCodeExport(const api::RequestSpec &spec);

    QSettings &m_settings;
    std::unique_ptr<PlaygroundServices> m_services;
    QTabWidget *m_tabs = nullptr;
    QWidget *m_targetBar = nullptr; ///< the account, region and model pickers
    QList<PlaygroundPage *> m_pages;
    QComboBox *m_account = nullptr;
    QComboBox *m_region = nullptr;
    QComboBox *m_model = nullptr;
    QToolButton *m_refreshModels = nullptr;
    QLabel *m_demoBadge = nullptr;
    /// "Short-term API key until 14:05" while the current account uses one in this region.
    QLabel *m_keyBadge = nullptr;
    QTimer *m_keyBadgeExpiry = nullptr;
    SessionsSidebar *m_sidebar = nullptr;
    InspectorView *m_inspector = nullptr;
    QDockWidget *m_sidebarDock = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    QList<mantle::ModelListEntry> m_modelEntries;
    QList<sessions::SessionSummary> m_summaries;
    quint64 m_modelsGeneration = 0;
    bool m_switchingPage = false;
    QAction *m_fullScreenAction = nullptr;
    QMenu *m_demoFaults = nullptr;
    QPointer<AboutDialog> m_aboutDialog;
    QPointer<PreferencesDialog> m_preferencesDialog;
    QPointer<AccountsDialog> m_accountsDialog;
    QPointer<ModelsView> m_modelsView;
    QPointer<CodeExportDialog> m_codeExportDialog;
};

} // namespace mantle::ui
