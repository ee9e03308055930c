#pragma once

#include "common/result.h"
#include "mantle/costledger.h"
#include "sessions/costreport.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QAbstractButton;
class QLabel;
class QTableView;
class QThread;

namespace mantle::sessions {
struct Session;
}

namespace mantle::ui {

class CostChart;
class CostTableModel;

/// What answers cost: the current session's answers in a table (tokens of each kind, what each
/// kind cost, the total, where the prices came from), the totals of this session, its account,
/// today and all sessions, a chart of cost and tokens per turn or per day over the last 30 days,
/// and "Export CSV…" for the ledger of every session.
///
/// setSession() is cheap (one pass over the entries; the table and chart are refreshed only
/// while the view is shown). The other sessions are read from the session directory in a
/// background thread the first time the view is shown, never at start-up; until then the
/// account, day and overall totals cover the current session only. The current session always
/// counts as it is in memory, not as it was last saved.
///
/// It prices nothing (the answers keep their cost) and saves no session.
class CostView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostView)

public:
    enum class ChartMode { Turns, Days };
    static constexpr int kChartDays = 30;

    explicit CostView(QWidget *parent = nullptr);
    ~CostView() override;

    /// The session shown (call it whenever it changes). A different session than before moves
    /// the previous one's costs into the history, so they still count in the totals.
    void setSession(const sessions::Session &session);
    /// Where the other sessions are (SessionStore's directory); read when the view is first shown.
    void setSessionDirectory(const QString &directory);
    /// The other sessions, given directly (instead of a directory).
    void setHistory(const QList<sessions::Session> &sessions);
    bool isHistoryLoaded() const { return m_historyLoaded; }

    void setChartMode(ChartMode mode);
    ChartMode chartMode() const { return m_chartMode; }

    mantle::CostTotal sessionTotal() const;
    /// The current session's account, over every session.
    mantle::CostTotal accountTotal() const;
    /// The local date today, over every session.
    mantle::CostTotal todayTotal() const;
    mantle::CostTotal overallTotal() const;
    /// Every answer of every session, oldest first, as CostReport::toCsv writes them.
    QByteArray csv();

public Q_SLOTS:
    /// Writes csv() to `path` atomically (QSaveFile). Reads the history first when it was not.
    Status exportCsv(const QString &path);
    /// Asks where to save (a file dialog), then exportCsv().
    void chooseExportFile();

Q_SIGNALS:
    /// The other sessions were read; totals and chart now cover them.
    void historyLoaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct SessionCosts
    {
        QList<sessions::CostRow> rows;
        mantle::CostLedger ledger;
    };
    using History = QHash<QString, SessionCosts>;

    void build();
    static History readHistory(const QString &directory, const QTimeZone &zone,
                               const QThread *thread);
    void startHistoryLoad();
    void applyHistory(History history);
    /// The current session's ledger plus every other session's, as picked by `pick`.
    template<typename Pick> mantle::CostTotal combined(Pick pick) const;
    void refresh();
    void refreshTotals();
    void refreshChart();
    QString totalText(const mantle::CostTotal &total) const;

    QTimeZone m_zone;
    QString m_sessionId;
    QString m_account;
    SessionCosts m_current;
    History m_history;
    QString m_directory;
    bool m_historyLoaded = false;
    QPointer<QThread> m_loader;
    bool m_dirty = false;
    ChartMode m_chartMode = ChartMode::Turns;

    CostTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    CostChart *m_chart = nullptr;
    QAbstractButton *m_turnsButton = nullptr;
    QAbstractButton *m_daysButton = nullptr;
    QLabel *m_sessionTotal = nullptr;
    QLabel *m_accountLabel = nullptr;
    QLabel *m_accountTotal = nullptr;
    QLabel *m_todayTotal = nullptr;
    QLabel *m_overallTotal = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace mantle::ui
