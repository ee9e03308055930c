#include "inspectorview.h"

#include "recordedeventtablemodel.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace mantle::ui {

namespace {

enum Page { NothingPage, RecordPage };
enum ResponsePage { EventsPage, BodyPage };

/// `bytes` indented when they are a JSON object or array, else as they are.
QString prettyJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return QString::fromUtf8(bytes);
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

QPlainTextEdit *makeBodyView(const QString &name, const QString &accessible, QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setAccessibleName(accessible);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return view;
}

QTableWidget *makeHeaderTable(const QString &name, const QString &accessible, QWidget *parent)
{
    auto *table = new QTableWidget(0, 2, parent);
    table->setObjectName(name);
    table->setAccessibleName(accessible);
    table->setHorizontalHeaderLabels({InspectorView::tr("Header"), InspectorView::tr("Value")});
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    return table;
}

void fillHeaderTable(QTableWidget *table, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    table->setRowCount(int(headers.size()));
    for (qsizetype i = 0; i < headers.size(); ++i) {
        auto *name = new QTableWidgetItem(QString::fromLatin1(headers.at(i).first));
        auto *value = new QTableWidgetItem(QString::fromUtf8(headers.at(i).second));
        value->setToolTip(value->text());
        table->setItem(int(i), 0, name);
        table->setItem(int(i), 1, value);
    }
}

/// The server's request id (FACTS.md: x-amzn-requestid and x-request-id carry the same id),
/// which AWS support asks for.
QString requestId(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    for (const char *name : {"x-amzn-requestid", "x-request-id"}) {
        for (const auto &header : headers) {
            if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                return QString::fromUtf8(header.second);
        }
    }
    return {};
}

QString milliseconds(std::optional<qint64> ms)
{
    if (!ms)
        return InspectorView::tr("—");
    return InspectorView::tr("%1 ms").arg(QLocale().toString(*ms));
}

bool sameRequest(const pipeline::RequestRecord &a, const pipeline::RequestRecord &b)
{
    return a.method == b.method && a.url == b.url && a.requestHeaders == b.requestHeaders
        && a.requestBody == b.requestBody;
}

} // namespace

InspectorView::InspectorView(QWidget *parent)
    : QWidget(parent)
{
    build();
    showNothing(tr("Select an answer to see its request."));
}

InspectorView::~InspectorView() = default;

void InspectorView::build()
{
    setObjectName(QStringLiteral("inspectorView"));
    setAccessibleName(tr("Request inspector"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("inspectorPages"));
    layout->addWidget(m_pages);

    m_nothing = new QLabel(m_pages);
    m_nothing->setObjectName(QStringLiteral("inspectorNothing"));
    m_nothing->setAlignment(Qt::AlignCenter);
    m_nothing->setWordWrap(true);
    m_nothing->setEnabled(false);
    m_pages->addWidget(m_nothing);

    m_pendingTimer = new QTimer(this);
    m_pendingTimer->setSingleShot(true);
    m_pendingTimer->setInterval(kPendingIntervalMs);
    connect(m_pendingTimer, &QTimer::timeout, this, &InspectorView::flushPending);
}

void InspectorView::ensureRecordPage()
{
    if (m_tabs)
        return;
    auto *record = new QWidget(m_pages);
    auto *recordLayout = new QVBoxLayout(record);
    m_summary = new QLabel(record);
    m_summary->setObjectName(QStringLiteral("inspectorSummary"));
    m_summary->setAccessibleName(tr("Request summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    recordLayout->addWidget(m_summary);
    m_tabs = new QTabWidget(record);
    m_tabs->setObjectName(QStringLiteral("inspectorTabs"));
    m_tabs->setAccessibleName(tr("Request, response and timing"));
    m_tabs->addTab(buildRequestTab(), tr("&Request"));
    m_tabs->addTab(buildResponseTab(), tr("Res&ponse"));
    m_tabs->addTab(buildTimingTab(), tr("&Timing"));
    recordLayout->addWidget(m_tabs, 1);
    m_pages->addWidget(record);
}

QWidget *InspectorView::buildRequestTab()
{
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    m_requestLine = new QLineEdit(tab);
    m_requestLine->setObjectName(QStringLiteral("inspectorRequestLine"));
    m_requestLine->setAccessibleName(tr("Method and URL"));
    m_requestLine->setReadOnly(true);
    m_requestLine->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copyAsCurl = new QPushButton(tr("Copy as c&url"), tab);
    m_copyAsCurl->setObjectName(QStringLiteral("inspectorCopyAsCurl"));
    m_copyAsCurl->setToolTip(tr("Copy this request as a curl command that reads the credentials "
                                "from the environment"));
    m_exportCode = new QPushButton(tr("E&xport as code…"), tab);
    m_exportCode->setObjectName(QStringLiteral("inspectorExportCode"));
    m_exportCode->setToolTip(tr("Show this request as a Python, TypeScript or curl program"));
    auto *lineBar = new QHBoxLayout;
    lineBar->addWidget(m_requestLine, 1);
    lineBar->addWidget(m_copyAsCurl);
    lineBar->addWidget(m_exportCode);
    layout->addLayout(lineBar);
    connect(m_copyAsCurl, &QPushButton::clicked, this, &InspectorView::copyAsCurlRequested);
    connect(m_exportCode, &QPushButton::clicked, this, &InspectorView::exportRequested);

    auto *splitter = new QSplitter(Qt::Vertical, tab);
    m_requestHeaders
        = makeHeaderTable(QStringLiteral("inspectorRequestHeaders"), tr("Request headers"), tab);
    splitter->addWidget(m_requestHeaders);

    auto *bodyBox = new QWidget(splitter);
    auto *bodyLayout = new QVBoxLayout(bodyBox);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    auto *bodyBar = new QHBoxLayout;
    auto *bodyLabel = new QLabel(tr("Body"), bodyBox);
    m_requestRaw = new QCheckBox(tr("Ra&w"), bodyBox);
    m_requestRaw->setObjectName(QStringLiteral("inspectorRequestRaw"));
    m_requestRaw->setAccessibleName(tr("Show the exact request bytes"));
    m_requestRaw->setToolTip(tr("Show the body byte for byte as it was sent, not indented."));
    bodyBar->addWidget(bodyLabel);
    bodyBar->addStretch(1);
    bodyBar->addWidget(m_requestRaw);
    bodyLayout->addLayout(bodyBar);
    m_requestBody
        = makeBodyView(QStringLiteral("inspectorRequestBody"), tr("Request body"), bodyBox);
    m_requestBody->setPlaceholderText(tr("No body"));
    bodyLabel->setBuddy(m_requestBody);
    bodyLayout->addWidget(m_requestBody, 1);
    splitter->addWidget(bodyBox);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    connect(m_requestRaw, &QCheckBox::toggled, this, &InspectorView::showRequestBody);
    return tab;
}

QWidget *InspectorView::buildResponseTab()
{
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    m_status = new QLabel(tab);
    m_status->setObjectName(QStringLiteral("inspectorResponseStatus"));
    m_status->setAccessibleName(tr("Response status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *splitter = new QSplitter(Qt::Vertical, tab);
    m_responseHeaders
        = makeHeaderTable(QStringLiteral("inspectorResponseHeaders"), tr("Response headers"), tab);
    splitter->addWidget(m_responseHeaders);

    m_responsePages = new QStackedWidget(splitter);
    m_responsePages->setObjectName(QStringLiteral("inspectorResponsePages"));

    auto *eventsSplitter = new QSplitter(Qt::Vertical, m_responsePages);
    m_eventModel = new RecordedEventTableModel(this);
    m_events = new QTableView(eventsSplitter);
    m_events->setObjectName(QStringLiteral("inspectorEventsView"));
    m_events->setAccessibleName(tr("Server-sent events"));
    m_events->setModel(m_eventModel);
    m_events->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events->setSelectionMode(QAbstractItemView::SingleSelection);
    m_events->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_events->setWordWrap(false);
    m_events->verticalHeader()->hide();
    // Fixed row heights and no sizing to contents: nothing walks all rows, so 20,000 events load
    // as fast as ten.
    m_events->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_events->verticalHeader()->setDefaultSectionSize(m_events->fontMetrics().height() + 6);
    m_events->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_events->horizontalHeader()->setStretchLastSection(true);
    m_events->setColumnWidth(RecordedEventTableModel::TimeColumn,
                             m_events->fontMetrics().horizontalAdvance(QStringLiteral("0000000"))
                                 + 16);
    m_events->setColumnWidth(
        RecordedEventTableModel::EventColumn,
        m_events->fontMetrics().horizontalAdvance(QStringLiteral("response.output_text.delta"))
            + 16);
    eventsSplitter->addWidget(m_events);
    m_eventDetail = makeBodyView(QStringLiteral("inspectorEventDetail"),
                                 tr("Data of the selected event"), eventsSplitter);
    m_eventDetail->setPlaceholderText(tr("Select an event to see its data."));
    eventsSplitter->addWidget(m_eventDetail);
    eventsSplitter->setStretchFactor(0, 3);
    eventsSplitter->setStretchFactor(1, 1);
    m_responsePages->insertWidget(EventsPage, eventsSplitter);

    auto *bodyBox = new QWidget(m_responsePages);
    auto *bodyLayout = new QVBoxLayout(bodyBox);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    auto *bodyBar = new QHBoxLayout;
    auto *bodyLabel = new QLabel(tr("Body"), bodyBox);
    m_responseRaw = new QCheckBox(tr("R&aw"), bodyBox);
    m_responseRaw->setObjectName(QStringLiteral("inspectorResponseRaw"));
    m_responseRaw->setAccessibleName(tr("Show the exact response bytes"));
    m_responseRaw->setToolTip(tr("Show the body byte for byte as it arrived, not indented."));
    bodyBar->addWidget(bodyLabel);
    bodyBar->addStretch(1);
    bodyBar->addWidget(m_responseRaw);
    bodyLayout->addLayout(bodyBar);
    m_responseBody
        = makeBodyView(QStringLiteral("inspectorResponseBody"), tr("Response body"), bodyBox);
    m_responseBody->setPlaceholderText(tr("No body"));
    bodyLabel->setBuddy(m_responseBody);
    bodyLayout->addWidget(m_responseBody, 1);
    m_responsePages->insertWidget(BodyPage, bodyBox);

    splitter->addWidget(m_responsePages);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    connect(m_responseRaw, &QCheckBox::toggled, this, &InspectorView::showResponseBody);
    connect(m_events->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InspectorView::showEventDetail);
    return tab;
}

QWidget *InspectorView::buildTimingTab()
{
    auto *tab = new QWidget(this);
    auto *form = new QFormLayout(tab);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    const auto addValue
        = [tab, form](const QString &name, const QString &label, const QString &accessible) {
              auto *value = new QLabel(tab);
              value->setObjectName(name);
              value->setAccessibleName(accessible);
              value->setWordWrap(true);
              value->setTextInteractionFlags(Qt::TextSelectableByMouse);
              form->addRow(label, value);
              return value;
          };
    m_attempts = addValue(QStringLiteral("inspectorAttempts"), tr("Attempts:"), tr("Attempts"));
    m_route = addValue(QStringLiteral("inspectorRoute"), tr("Route prefix:"), tr("Route prefix"));
    m_timeToFirstByte = addValue(QStringLiteral("inspectorTimeToFirstByte"),
                                 tr("Time to first byte:"), tr("Time to first byte"));
    m_timeToFirstToken = addValue(QStringLiteral("inspectorTimeToFirstToken"),
                                  tr("Time to first token:"), tr("Time to first token"));
    m_total = addValue(QStringLiteral("inspectorTotalTime"), tr("Total:"), tr("Total time"));
    m_tokensPerSecond = addValue(QStringLiteral("inspectorTokensPerSecond"),
                                 tr("Tokens per second:"), tr("Tokens per second"));
    m_error = addValue(QStringLiteral("inspectorError"), tr("Error:"), tr("Error"));
    m_truncated = addValue(QStringLiteral("inspectorTruncated"), tr("Truncated:"), tr("Truncated"));
    return tab;
}

void InspectorView::showNothing(const QString &reason)
{
    m_pendingTimer->stop();
    m_pendingDirty = false;
    m_pending = {};
    m_shown = {};
    m_hasShown = false;
    m_shownPending = false;
    if (m_eventModel)
        m_eventModel->clear();
    m_nothing->setText(reason);
    m_pages->setCurrentIndex(NothingPage);
}

void InspectorView::showRecord(const pipeline::RequestRecord &record)
{
    m_pendingTimer->stop();
    m_pendingDirty = false;
    m_pending = {};
    apply(record, false);
}

void InspectorView::showPending(const pipeline::RequestRecord &partial)
{
    if (m_pendingTimer->isActive()) {
        m_pending = partial; // implicitly shared: no deep copy of events or bodies
        m_pendingDirty = true;
        return;
    }
    apply(partial, true);
    m_pendingTimer->start();
}

void InspectorView::flushPending()
{
    if (!m_pendingDirty)
        return;
    m_pendingDirty = false;
    const pipeline::RequestRecord partial = std::exchange(m_pending, {});
    apply(partial, true);
    m_pendingTimer->start();
}

void InspectorView::apply(const pipeline::RequestRecord &record, bool pending)
{
    ensureRecordPage();
    const bool sameAsShown = m_hasShown && sameRequest(m_shown, record);
    if (!sameAsShown)
        applyRequest(record);
    // Only a stream that goes on grows its list; a finished record (perhaps another answer to
    // the same request) replaces the rows, which costs no more than one model reset.
    if (sameAsShown && pending && m_shownPending) {
        m_eventModel->extendTo(record.events);
    } else {
        m_eventModel->setEvents(record.events);
        m_eventDetail->clear();
    }
    m_shownPending = pending;
    const bool bodyChanged = !sameAsShown || m_shown.responseBody != record.responseBody;
    const bool headersChanged = !sameAsShown || m_shown.responseHeaders != record.responseHeaders;
    m_shown = record;
    m_hasShown = true;
    if (headersChanged)
        fillHeaderTable(m_responseHeaders, record.responseHeaders);
    if (bodyChanged)
        showResponseBody();
    applyResponse(record, pending);
    applyTiming(record, pending);
    m_pages->setCurrentIndex(RecordPage);
}

void InspectorView::applyRequest(const pipeline::RequestRecord &record)
{
    m_requestLine->setText(QString::fromLatin1(record.method) + QLatin1Char(' ') + record.url);
    m_requestLine->setCursorPosition(0);
    fillHeaderTable(m_requestHeaders, record.requestHeaders);
    m_shown.requestBody = record.requestBody;
    showRequestBody();
}

void InspectorView::showRequestBody()
{
    const QByteArray &body = m_shown.requestBody;
    m_requestBody->setPlainText(m_requestRaw->isChecked() ? QString::fromUtf8(body)
                                                          : prettyJson(body));
}

void InspectorView::showResponseBody()
{
    const QByteArray &body = m_shown.responseBody;
    m_responseBody->setPlainText(m_responseRaw->isChecked() ? QString::fromUtf8(body)
                                                            : prettyJson(body));
}

void InspectorView::showEventDetail(const QModelIndex &current)
{
    const pipeline::RecordedEvent *event = m_eventModel->eventAt(current.row());
    if (!event) {
        m_eventDetail->clear();
        return;
    }
    m_eventDetail->setPlainText(prettyJson(event->data));
}

void InspectorView::applyResponse(const pipeline::RequestRecord &record, bool pending)
{
    QString status;
    if (record.httpStatus == 0)
        status = pending ? tr("Waiting for the answer…") : tr("No answer arrived.");
    else
        status = tr("Status %1").arg(record.httpStatus);
    const QString id = requestId(record.responseHeaders);
    if (!id.isEmpty())
        status = tr("%1 · request id %2").arg(status, id);
    m_status->setText(status);
    // A streamed answer shows its events; a JSON answer (or an error body) its body.
    const bool events
        = record.streamed && (!record.events.isEmpty() || record.responseBody.isEmpty());
    m_responsePages->setCurrentIndex(events ? EventsPage : BodyPage);
}

void InspectorView::applyTiming(const pipeline::RequestRecord &record, bool pending)
{
    const QLocale locale;
    m_attempts->setText(
        tr("%1 (retries: %2)").arg(record.attempts).arg(qMax(0, record.attempts - 1)));
    if (record.routePrefix.isEmpty())
        m_route->setText(tr("—"));
    else if (record.switchedPrefix)
        m_route->setText(tr("%1 (switched after a wrong-prefix answer)").arg(record.routePrefix));
    else
        m_route->setText(record.routePrefix);
    m_timeToFirstByte->setText(milliseconds(record.timeToFirstByteMs));
    m_timeToFirstToken->setText(milliseconds(record.timeToFirstTokenMs));
    m_total->setText(pending ? tr("running…") : milliseconds(record.totalMs));
    m_tokensPerSecond->setText(
        record.tokensPerSecond ? locale.toString(*record.tokensPerSecond, 'f', 1) : tr("—"));
    m_error->setText(record.error.isEmpty() ? tr("None") : record.error);
    const QString truncated = tr("Yes: only the first %1 events and %2 MB of body were kept.")
                                  .arg(locale.toString(pipeline::RequestRecord::kMaxEvents))
                                  .arg(pipeline::RequestRecord::kMaxBodyBytes / (1024 * 1024));
    m_truncated->setText(record.truncated ? truncated : tr("No"));

    QStringList summary;
    summary.append(QString::fromLatin1(record.method) + QLatin1Char(' ') + record.url);
    summary.append(m_status->text());
    if (pending) {
        summary.append(
            tr("streaming, %1 events so far").arg(locale.toString(record.events.size())));
    } else {
        summary.append(tr("%1 ms in total").arg(locale.toString(record.totalMs)));
    }
    if (record.timeToFirstTokenMs)
        summary.append(
            tr("first token after %1 ms").arg(locale.toString(*record.timeToFirstTokenMs)));
    if (record.attempts > 1)
        summary.append(tr("retries: %1").arg(record.attempts - 1));
    if (record.switchedPrefix)
        summary.append(tr("route switched to %1").arg(record.routePrefix));
    if (!record.error.isEmpty())
        summary.append(tr("failed: %1").arg(record.error));
    if (record.truncated)
        summary.append(tr("truncated"));
    m_summary->setText(summary.join(QStringLiteral(" · ")));
}

} // namespace mantle::ui
