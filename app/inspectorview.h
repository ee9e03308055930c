#pragma once

#include "pipeline/requestrecord.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTimer;

namespace mantle::ui {

class RecordedEventTableModel;

/// The request inspector: what one answer's request really was and what came back, as a
/// Postman or Bruno user expects it. A summary line (status, times, route, errors) above three
/// tabs: "Request" (method and URL, headers as the core redacted them, the body pretty-printed
/// when it is JSON, or its exact bytes with "Raw"), "Response" (status and request id, headers,
/// the server-sent events in a table with a detail pane, or the body) and "Timing" (attempts,
/// retries, route prefix and switch, time to first byte and token, total, tokens per second,
/// error, truncation).
///
/// It only shows a RequestRecord: it sends nothing, redacts nothing (the core did) and keeps no
/// history.
class InspectorView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InspectorView)

public:
    /// showPending() refreshes at most once per this interval.
    static constexpr int kPendingIntervalMs = 250;

    explicit InspectorView(QWidget *parent = nullptr);
    ~InspectorView() override;

    /// Shows a finished request.
    void showRecord(const pipeline::RequestRecord &record);
    /// Shows no request, with the reason (e.g. "Select an answer to see its request.").
    void showNothing(const QString &reason);
    /// Shows a request still streaming. May be called for every event: the first call shows at
    /// once, later ones at most every kPendingIntervalMs, and only new events are added to the
    /// table.
    void showPending(const pipeline::RequestRecord &partial);

Q_SIGNALS:
    /// "Copy as curl" was pressed on the request tab: the window copies the shown request as a
    /// curl script (the inspector has no request spec of its own).
    void copyAsCurlRequested();
    /// "Export as code…" was pressed on the request tab.
    void exportRequested();

private:
    void build();
    /// Builds the request, response and timing tabs the first time a record is shown: most
    /// starts of the app show none, and they are a good part of its start-up time.
    void ensureRecordPage();
    QWidget *buildRequestTab();
    QWidget *buildResponseTab();
    QWidget *buildTimingTab();
    void apply(const pipeline::RequestRecord &record, bool pending);
    void applyRequest(const pipeline::RequestRecord &record);
    void applyResponse(const pipeline::RequestRecord &record, bool pending);
    void applyTiming(const pipeline::RequestRecord &record, bool pending);
    void showRequestBody();
    void showResponseBody();
    void showEventDetail(const QModelIndex &current);
    void flushPending();

    pipeline::RequestRecord m_shown;
    bool m_hasShown = false;
    bool m_shownPending = false;
    pipeline::RequestRecord m_pending;
    bool m_pendingDirty = false;
    QTimer *m_pendingTimer = nullptr;

    QStackedWidget *m_pages = nullptr;
    QLabel *m_nothing = nullptr;
    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;

    QLineEdit *m_requestLine = nullptr;
    QPushButton *m_copyAsCurl = nullptr;
    QPushButton *m_exportCode = nullptr;
    QTableWidget *m_requestHeaders = nullptr;
    QCheckBox *m_requestRaw = nullptr;
    QPlainTextEdit *m_requestBody = nullptr;

    QLabel *m_status = nullptr;
    QTableWidget *m_responseHeaders = nullptr;
    QStackedWidget *m_responsePages = nullptr;
    QTableView *m_events = nullptr;
    RecordedEventTableModel *m_eventModel = nullptr;
    QPlainTextEdit *m_eventDetail = nullptr;
    QCheckBox *m_responseRaw = nullptr;
    QPlainTextEdit *m_responseBody = nullptr;

    QLabel *m_attempts = nullptr;
    QLabel *m_route = nullptr;
    QLabel *m_timeToFirstByte = nullptr;
    QLabel *m_timeToFirstToken = nullptr;
    QLabel *m_total = nullptr;
    QLabel *m_tokensPerSecond = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_truncated = nullptr;
};

} // namespace mantle::ui
