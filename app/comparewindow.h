#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "compare/comparerun.h"
#include "sessions/session.h"

#include <QList>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;
class QVBoxLayout;
QT_END_NAMESPACE

namespace mantle::ui {

class CompareColumn;
class MainWindow;
class CompareTableModel;
class CompareTargetRow;
class CrossApiView;
class PlaygroundServices;
class RegionMatrixView;

/// The compare window (issue #11): one prompt, with the same instructions, parameters, tools and
/// schema, sent at once to 2 to 6 targets (account, region, model, API), the answers streaming
/// side by side with a table of time to first token, tokens per second, total time, tokens,
/// cost and errors under them; the table exported as CSV; an answer continued in a normal
/// session. A second tab shows one model's request through every API it serves, a third
/// (RegionMatrixView) which regions serve a model.
///
/// A window of its own (non-modal); it runs comparisons through compare::CompareRun and builds
/// no request itself. The main window opens it prefilled from the current page and turns
/// continueRequested() into a session.
class CompareWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareWindow)

public:
    /// `services` and `settings` (not owned) must outlive the window.
    CompareWindow(PlaygroundServices &services, QSettings &settings, QWidget *parent = nullptr);
    ~CompareWindow() override;

    /// Shows the compare window of `window` (a child window of it, made on first use and
    /// prefilled from its current page: the prompt being typed and the request's settings,
    /// the page's account, region, model and API), raised. Its continueRequested() saves the
    /// session and opens it in `window`.
    static CompareWindow *showFor(MainWindow &window, QSettings &settings);

    /// Takes the prompt (the last user message of `base`), instructions, parameters, tools, tool
    /// choice and schema from `base`, and sets two targets: `current`, and the same with another
    /// model that serves the same API (once the model list is there).
    void prefill(const ::mantle::api::RequestSpec &base,
                 const ::mantle::compare::CompareTarget &current);
    /// Replaces the target rows (2 to 6 are kept).
    void setTargets(const QList<::mantle::compare::CompareTarget> &targets);
    QList<::mantle::compare::CompareTarget> targets() const;
    void setPrompt(const QString &prompt);
    /// What every target is asked: the prefilled request with the prompt box's text as its one
    /// user message.
    ::mantle::api::RequestSpec baseSpec() const;
    /// True while a target row's model list is still being fetched.
    bool isLoadingModels() const;

    /// Runs the comparison (Run); refused (with a message) when the targets are not valid.
    void run();
    /// Stops every target still running (Stop); what arrived stays.
    void stop();
    bool isRunning() const;
    ::mantle::compare::CompareRun *currentRun() const { return m_run; }

    QList<CompareColumn *> columns() const { return m_columns; }
    CompareTableModel *tableModel() const { return m_table; }
    QTableView *tableView() const { return m_tableView; }
    CrossApiView *crossApiView() const { return m_crossApi; }
    RegionMatrixView *regionMatrixView() const { return m_regions; }
    QTabWidget *tabs() const { return m_tabs; }

    /// Writes the table as CSV (compare::table::toCsv) to `path`, atomically.
    Status exportCsv(const QString &path) const;
    /// The table as CSV on the clipboard.
    void copyCsv();

    /// The session "Continue with this" opens for column `column` of the last run: its target,
    /// the request's settings, the prompt and that answer as the first exchange.
    std::optional<::mantle::sessions::Session> sessionFor(int column) const;
    /// Asks for the session of `column` (continueRequested), when it has an answer.
    void continueWith(int column);

Q_SIGNALS:
    /// The user chose an answer to go on with: the main window saves and opens `session`.
    void continueRequested(const ::mantle::sessions::Session &session);
    /// Every column of a run is final.
    void runFinished();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *buildSideBySide();
    CompareTargetRow *addTargetRow();
    void removeTargetRow(CompareTargetRow *row);
    void updateTargetButtons();
    void updateRunButton();
    void onColumnChanged(int column);
    void syncScroll(CompareColumn *source);
    void exportCsvInteractively();
    void continueWithSelectedRow();
    void setStatus(const QString &text);

    PlaygroundServices &m_services;
    QSettings &m_settings;
    ::mantle::api::RequestSpec m_base;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QVBoxLayout *m_targetsLayout = nullptr;
    QList<CompareTargetRow *> m_rows;
    QPushButton *m_addTarget = nullptr;
    QPushButton *m_runButton = nullptr;
    QCheckBox *m_syncScrolling = nullptr;
    QSplitter *m_columnsSplitter = nullptr;
    QList<CompareColumn *> m_columns;
    CompareTableModel *m_table = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_tableView = nullptr;
    QPushButton *m_exportCsv = nullptr;
    QPushButton *m_copyCsv = nullptr;
    QPushButton *m_continueSelected = nullptr;
    QLabel *m_status = nullptr;
    CrossApiView *m_crossApi = nullptr;
    RegionMatrixView *m_regions = nullptr;
    QPointer<::mantle::compare::CompareRun> m_run;
    bool m_syncing = false;
};

} // namespace mantle::ui
