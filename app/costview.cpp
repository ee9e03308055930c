#include "costview.h"

#include "costchart.h"
#include "costtablemodel.h"
#include "mantle/costcalculator.h"
#include "sessions/session.h"
#include "sessions/sessionstore.h"

#include <QButtonGroup>
#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace mantle::ui {

namespace {

mantle::CostLedger ledgerOf(const QList<sessions::CostRow> &rows, const QTimeZone &zone)
{
    sessions::CostReport report(zone);
    for (const sessions::CostRow &row : rows)
        report.addRow(row);
    return report.ledger();
}

} // namespace

CostView::CostView(QWidget *parent)
    : QWidget(parent)
    , m_zone(QTimeZone::systemTimeZone())
{
    build();
    refresh();
}

CostView::~CostView()
{
    // The loader only reads files; let it see the request and wait for it to stop.
    if (m_loader) {
        m_loader->requestInterruption();
        m_loader->wait();
    }
}

void CostView::build()
{
    setAccessibleName(tr("Costs"));
    auto *layout = new QVBoxLayout(this);

    auto *totals = new QGridLayout;
    const auto addTotal = [this, totals](const QString &name, const QString &objectName) {
        auto *label = new QLabel(name, this);
        auto *value = new QLabel(this);
        value->setObjectName(objectName);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setAccessibleName(name);
        label->setBuddy(value);
        const int row = totals->rowCount();
        totals->addWidget(label, row, 0);
        totals->addWidget(value, row, 1);
        return std::pair{label, value};
    };
    m_sessionTotal = addTotal(tr("This session:"), QStringLiteral("sessionTotal")).second;
    std::tie(m_accountLabel, m_accountTotal)
        = addTotal(tr("This account:"), QStringLiteral("accountTotal"));
    m_todayTotal = addTotal(tr("Today:"), QStringLiteral("todayTotal")).second;
    m_overallTotal = addTotal(tr("All sessions:"), QStringLiteral("overallTotal")).second;
    totals->setColumnStretch(1, 1);
    layout->addLayout(totals);

    auto *controls = new QHBoxLayout;
    auto *modes = new QButtonGroup(this);
    const auto addMode = [this, modes, controls](const QString &text, const QString &name) {
        auto *button = new QToolButton(this);
        button->setText(text);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setObjectName(name);
        button->setAccessibleName(text);
        modes->addButton(button);
        controls->addWidget(button);
        return button;
    };
    m_turnsButton = addMode(tr("Per answer"), QStringLiteral("chartTurns"));
    m_turnsButton->setToolTip(tr("Cost and tokens of each answer of this session"));
    m_daysButton = addMode(tr("Last %1 days").arg(kChartDays), QStringLiteral("chartDays"));
    m_daysButton->setToolTip(tr("Cost and tokens per day over every session"));
    m_turnsButton->setChecked(true);
    connect(m_turnsButton, &QAbstractButton::clicked, this,
            [this] { setChartMode(ChartMode::Turns); });
    connect(m_daysButton, &QAbstractButton::clicked, this,
            [this] { setChartMode(ChartMode::Days); });
    controls->addStretch(1);
    auto *exportButton = new QPushButton(tr("Export CSV…"), this);
    exportButton->setObjectName(QStringLiteral("exportCsv"));
    exportButton->setAccessibleName(tr("Export the cost ledger as CSV"));
    exportButton->setToolTip(tr("Every answer of every session, with its tokens, cost and "
                                "price source"));
    connect(exportButton, &QPushButton::clicked, this, &CostView::chooseExportFile);
    controls->addWidget(exportButton);
    layout->addLayout(controls);

    m_chart = new CostChart(this);
    m_chart->setObjectName(QStringLiteral("costChart"));
    layout->addWidget(m_chart, 1);

    m_model = new CostTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("costTable"));
    m_table->setAccessibleName(tr("Cost of each answer"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    // Fixed row heights and no content-sized columns: a 2,000-row session shows at once.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    const QString sampleTime
        = QLocale().toString(QDateTime(QDate(2000, 12, 28), QTime(23, 59)), QLocale::ShortFormat);
    m_table->setColumnWidth(CostTableModel::TimeColumn,
                            fontMetrics().horizontalAdvance(sampleTime) + 16);
    m_table->setColumnWidth(CostTableModel::ModelColumn,
                            fontMetrics().horizontalAdvance(QStringLiteral("openai.gpt-oss-120b"))
                                + 16);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 2);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("costStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    layout->addWidget(m_status);
}

void CostView::setSession(const sessions::Session &session)
{
    if (session.id != m_sessionId && !m_sessionId.isEmpty() && !m_current.rows.isEmpty())
        m_history.insert(m_sessionId, std::move(m_current));
    m_sessionId = session.id;
    m_account = session.account;
    sessions::CostReport report(m_zone);
    report.addSession(session);
    m_current = SessionCosts{report.rows(), report.ledger()};
    if (m_account.isEmpty() && !m_current.rows.isEmpty())
        m_account = m_current.rows.last().account;
    refresh();
}

void CostView::setSessionDirectory(const QString &directory)
{
    m_directory = directory;
    if (isVisible())
        startHistoryLoad();
}

void CostView::setHistory(const QList<sessions::Session> &sessions)
{
    History history;
    for (const sessions::Session &session : sessions) {
        const QList<sessions::CostRow> rows = sessions::CostReport::rowsOf(session, m_zone);
        if (!rows.isEmpty())
            history.insert(session.id, SessionCosts{rows, ledgerOf(rows, m_zone)});
    }
    applyHistory(std::move(history));
}

void CostView::setChartMode(ChartMode mode)
{
    m_chartMode = mode;
    (mode == ChartMode::Turns ? m_turnsButton : m_daysButton)->setChecked(true);
    refreshChart();
}

CostView::History CostView::readHistory(const QString &directory, const QTimeZone &zone,
                                        const QThread *thread)
{
    History history;
    const sessions::SessionStore store(directory);
    for (const sessions::SessionSummary &summary : store.list()) {
        if (thread && thread->isInterruptionRequested())
            break;
        if (summary.problem)
            continue;
        const Result<sessions::Session> session = store.load(summary.id);
        if (!session)
            continue;
        QList<sessions::CostRow> rows = sessions::CostReport::rowsOf(*session, zone);
        if (!rows.isEmpty()) {
            mantle::CostLedger ledger = ledgerOf(rows, zone);
            history.insert(session->id, SessionCosts{std::move(rows), std::move(ledger)});
        }
    }
    return history;
}

void CostView::startHistoryLoad()
{
    if (m_historyLoaded || m_loader || m_directory.isEmpty())
        return;
    auto result = std::make_shared<History>();
    const QString directory = m_directory;
    const QTimeZone zone = m_zone;
    QThread *loader = QThread::create([result, directory, zone] {
        *result = readHistory(directory, zone, QThread::currentThread());
    });
    m_loader = loader;
    connect(loader, &QThread::finished, loader, &QObject::deleteLater);
    connect(loader, &QThread::finished, this, [this, loader, result] {
        if (!m_historyLoaded && !loader->isInterruptionRequested())
            applyHistory(std::move(*result));
    });
    loader->start(QThread::LowPriority);
}

void CostView::applyHistory(History history)
{
    // Sessions this view saw before (moved into the history by setSession) count as they were
    // in memory then, which is never older than what was saved.
    for (auto it = m_history.cbegin(); it != m_history.cend(); ++it)
        history.insert(it.key(), it.value());
    m_history = std::move(history);
    m_historyLoaded = true;
    refresh();
    Q_EMIT historyLoaded();
}

template<typename Pick> mantle::CostTotal CostView::combined(Pick pick) const
{
    mantle::CostTotal total = pick(m_current.ledger);
    for (auto it = m_history.cbegin(); it != m_history.cend(); ++it) {
        if (it.key() != m_sessionId)
            sessions::addCostTotal(total, pick(it.value().ledger));
    }
    return total;
}

mantle::CostTotal CostView::sessionTotal() const
{
    return m_current.ledger.total();
}

mantle::CostTotal CostView::accountTotal() const
{
    return combined(
        [this](const mantle::CostLedger &ledger) { return ledger.accountTotal(m_account); });
}

mantle::CostTotal CostView::todayTotal() const
{
    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(m_zone).date();
    return combined([today](const mantle::CostLedger &ledger) { return ledger.dayTotal(today); });
}

mantle::CostTotal CostView::overallTotal() const
{
    return combined([](const mantle::CostLedger &ledger) { return ledger.total(); });
}

QByteArray CostView::csv()
{
    if (!m_historyLoaded && !m_directory.isEmpty())
        applyHistory(readHistory(m_directory, m_zone, nullptr));
    QList<sessions::CostRow> rows = m_current.rows;
    for (auto it = m_history.cbegin(); it != m_history.cend(); ++it) {
        if (it.key() != m_sessionId)
            rows += it.value().rows;
    }
    std::stable_sort(
        rows.begin(), rows.end(),
        [](const sessions::CostRow &a, const sessions::CostRow &b) { return a.time < b.time; });
    return sessions::CostReport::toCsv(rows);
}

Status CostView::exportCsv(const QString &path)
{
    const QByteArray data = csv();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        const Error error = makeError(Error::Kind::Io,
                                      tr("Cannot write the file \"%1\": %2.")
                                          .arg(QDir::toNativeSeparators(path), file.errorString()));
        m_status->setText(tr("The costs could not be exported: %1").arg(error.toDisplayString()));
        m_status->show();
        return error;
    }
    m_status->setText(tr("Exported to %1.").arg(QDir::toNativeSeparators(path)));
    m_status->show();
    return {};
}

void CostView::chooseExportFile()
{
    // Not the static QFileDialog::getSaveFileName: no nested event loop in the app.
    auto *dialog = new QFileDialog(this, tr("Export Costs"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(tr("CSV files (*.csv)"));
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->selectFile(
        QStringLiteral("mantle-costs-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate)));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        Q_UNUSED(exportCsv(path)); // the status line says how it went
    });
    dialog->open();
}

void CostView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    startHistoryLoad();
    if (m_dirty)
        refresh();
}

void CostView::refresh()
{
    if (!isVisible()) {
        m_dirty = true;
        return;
    }
    m_dirty = false;
    m_model->setRows(m_current.rows);
    refreshTotals();
    refreshChart();
}

QString CostView::totalText(const mantle::CostTotal &total) const
{
    QString text = tr("%1 USD · %n answer(s)", nullptr, int(total.requests))
                       .arg(mantle::CostCalculator::formatAmount(total.pico, 6));
    text += QStringLiteral(" · ")
        + tr("%1 tokens in, %2 out")
              .arg(QLocale().toString(total.inputTokens), QLocale().toString(total.outputTokens));
    if (total.unpricedRequests > 0)
        text += QStringLiteral(" · ")
            + tr("%n without a price", nullptr, int(total.unpricedRequests));
    return text;
}

void CostView::refreshTotals()
{
    const QString pending = m_historyLoaded || m_directory.isEmpty()
        ? QString()
        : QStringLiteral(" ") + tr("(reading the other sessions…)");
    m_sessionTotal->setText(totalText(sessionTotal()));
    m_accountLabel->setText(m_account.isEmpty() ? tr("This account:")
                                                : tr("Account %1:").arg(m_account));
    m_accountTotal->setText(totalText(accountTotal()) + pending);
    m_todayTotal->setText(totalText(todayTotal()) + pending);
    m_overallTotal->setText(totalText(overallTotal()) + pending);
}

void CostView::refreshChart()
{
    if (!isVisible()) {
        m_dirty = true;
        return;
    }
    QList<CostChartBar> bars;
    if (m_chartMode == ChartMode::Turns) {
        bars.reserve(m_current.rows.size());
        int number = 0;
        for (const sessions::CostRow &row : std::as_const(m_current.rows)) {
            CostChartBar bar;
            bar.label = QString::number(++number);
            bar.pico = row.totalPico.value_or(0);
            bar.tokens = row.totalTokens();
            bar.unpriced = row.isPriced() ? 0 : 1;
            bars.append(bar);
        }
        // Tooltips are written when hovered: a 2,000-answer session would spend more on them
        // than on everything else.
        const QList<sessions::CostRow> rows = m_current.rows;
        const auto toolTip = [rows](int index) {
            const sessions::CostRow &row = rows.at(index);
            const QLocale locale;
            const QString cost = row.isPriced()
                ? tr("%1 USD").arg(mantle::CostCalculator::formatAmount(*row.totalPico, 6))
                : tr("no price");
            return tr("Answer %1 (%2), %3\n%4, %5 tokens")
                .arg(index + 1)
                .arg(locale.toString(row.time.toLocalTime(), QLocale::ShortFormat), row.model, cost,
                     locale.toString(row.totalTokens()));
        };
        m_chart->setBars(bars, tr("No answer of this session has reported its usage yet."),
                         toolTip);
        return;
    }
    const QLocale locale;
    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(m_zone).date();
    for (int back = kChartDays - 1; back >= 0; --back) {
        const QDate day = today.addDays(-back);
        const mantle::CostTotal total
            = combined([day](const mantle::CostLedger &ledger) { return ledger.dayTotal(day); });
        CostChartBar bar;
        bar.label = locale.toString(day, QLocale::ShortFormat);
        bar.pico = total.pico;
        bar.tokens = total.inputTokens + total.outputTokens;
        bar.unpriced = int(total.unpricedRequests);
        bar.toolTip = tr("%1: %2 USD, %n answer(s), %3 tokens", nullptr, int(total.requests))
                          .arg(locale.toString(day, QLocale::LongFormat),
                               mantle::CostCalculator::formatAmount(total.pico, 6),
                               locale.toString(bar.tokens));
        bars.append(bar);
    }
    m_chart->setBars(bars, QString());
}

} // namespace mantle::ui
