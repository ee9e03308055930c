#include "comparewindow.h"

#include "comparecolumn.h"
#include "comparetablemodel.h"
#include "comparetargetrow.h"
#include "crossapiview.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"
#include "regionmatrixview.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace mantle::ui {

namespace {

const auto kGeometryKey = QStringLiteral("compareWindow/geometry");
const auto kSplitterKey = QStringLiteral("compareWindow/splitter");
constexpr int kMinTargets = 2;
constexpr int kTitleLength = 60;

} // namespace

CompareWindow::CompareWindow(PlaygroundServices &services, QSettings &settings, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_services(services)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("compareWindow"));
    setWindowTitle(tr("Compare"));
    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    layout->addWidget(m_tabs);

    m_tabs->addTab(buildSideBySide(), tr("&Side by Side"));

    m_crossApi = new CrossApiView(services, m_tabs);
    m_tabs->addTab(m_crossApi, tr("Across &APIs"));

    m_regions = new RegionMatrixView(services, m_tabs);
    m_regions->setObjectName(QStringLiteral("regionMatrixView"));
    m_tabs->addTab(m_regions, tr("&Regions"));
    // A region chosen there becomes the first target, through the API it had.
    connect(m_regions, &RegionMatrixView::regionChosen, this,
            [this](const QString &account, const QString &region, const QString &model) {
                compare::CompareTarget target = m_rows.constFirst()->target();
                target.account = account;
                target.region = region;
                target.model = model;
                m_rows.constFirst()->setTarget(target);
                m_tabs->setCurrentIndex(0);
                setStatus(tr("The first target is now %1.").arg(target.label()));
            });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("compareStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *close = new QShortcut(QKeySequence::Close, this);
    connect(close, &QShortcut::activated, this, &QWidget::close);

    if (!restoreGeometry(m_settings.value(kGeometryKey).toByteArray()))
        resize(1200, 800);
}

CompareWindow::~CompareWindow()
{
    // Also when the main window goes first (its child windows are deleted without a close).
    m_settings.setValue(kGeometryKey, saveGeometry());
}

CompareWindow *CompareWindow::showFor(MainWindow &window, QSettings &settings)
{
    auto *compare = window.findChild<CompareWindow *>(QString(), Qt::FindDirectChildrenOnly);
    if (!compare) {
        compare = new CompareWindow(window.services(), settings, &window);
        compare->setAttribute(Qt::WA_DeleteOnClose);
        MainWindow *main = &window;
        connect(compare, &CompareWindow::continueRequested, main,
                [main, compare](const sessions::Session &session) {
                    if (const Status saved = main->services().sessions().save(session); !saved) {
                        compare->setStatus(saved.error().toDisplayString());
                        return;
                    }
                    main->reloadSessions();
                    if (!main->openSession(session.id)) {
                        compare->setStatus(tr("The session was saved but could not be opened "
                                              "now: stop the answer that is streaming first."));
                        return;
                    }
                    main->raise();
                    main->activateWindow();
                });
        if (const PlaygroundPage *page = window.currentPage()) {
            const sessions::Session &session = page->session();
            api::RequestSpec base = session.requestSpec(0);
            api::ConversationMessage prompt;
            prompt.role = api::MessageRole::User;
            prompt.text = page->promptEdit()->toPlainText().trimmed();
            base.messages = {prompt};
            compare::CompareTarget current;
            current.account = session.account;
            current.region = session.region;
            current.model = session.model;
            current.surface = session.surface;
            compare->prefill(base, current);
        }
    }
    compare->show();
    compare->raise();
    compare->activateWindow();
    return compare;
}

QWidget *CompareWindow::buildSideBySide()
{
    auto *page = new QWidget(m_tabs);
    page->setObjectName(QStringLiteral("sideBySidePage"));
    auto *layout = new QVBoxLayout(page);

    auto *promptLabel = new QLabel(tr("&Prompt:"), page);
    m_prompt = new QPlainTextEdit(page);
    m_prompt->setObjectName(QStringLiteral("comparePrompt"));
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(fontMetrics().lineSpacing() * 5);
    promptLabel->setBuddy(m_prompt);
    layout->addWidget(promptLabel);
    layout->addWidget(m_prompt);
    connect(m_prompt, &QPlainTextEdit::textChanged, this,
            [this] { m_crossApi->setBase(baseSpec()); });

    auto *targetsLabel = new QLabel(tr("Targets (account, region, model, API):"), page);
    layout->addWidget(targetsLabel);
    m_targetsLayout = new QVBoxLayout;
    m_targetsLayout->setSpacing(2);
    layout->addLayout(m_targetsLayout);

    auto *buttons = new QHBoxLayout;
    m_addTarget = new QPushButton(tr("A&dd Target"), page);
    m_addTarget->setObjectName(QStringLiteral("addTargetButton"));
    m_runButton = new QPushButton(tr("&Run"), page);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_runButton->setToolTip(tr("Send the prompt to every target at once (Ctrl+Enter)"));
    m_syncScrolling = new QCheckBox(tr("S&ync scrolling"), page);
    m_syncScrolling->setObjectName(QStringLiteral("syncScrolling"));
    m_syncScrolling->setChecked(true);
    buttons->addWidget(m_addTarget);
    buttons->addStretch(1);
    buttons->addWidget(m_syncScrolling);
    buttons->addWidget(m_runButton);
    layout->addLayout(buttons);
    connect(m_addTarget, &QPushButton::clicked, this, [this] {
        CompareTargetRow *last = m_rows.isEmpty() ? nullptr : m_rows.constLast();
        CompareTargetRow *row = addTargetRow();
        if (last)
            row->setTarget(last->target());
        row->accountCombo()->setFocus();
    });
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (isRunning())
            stop();
        else
            run();
    });

    auto *split = new QSplitter(Qt::Vertical, page);
    split->setObjectName(QStringLiteral("compareSplitter"));
    split->setChildrenCollapsible(false);
    m_columnsSplitter = new QSplitter(Qt::Horizontal, split);
    m_columnsSplitter->setObjectName(QStringLiteral("columnsSplitter"));
    m_columnsSplitter->setChildrenCollapsible(false);
    split->addWidget(m_columnsSplitter);

    auto *tableArea = new QWidget(split);
    auto *tableLayout = new QVBoxLayout(tableArea);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new CompareTableModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_table);
    m_sorted->setSortRole(CompareTableModel::kSortRole);
    m_sorted->setDynamicSortFilter(true);
    m_tableView = new QTableView(tableArea);
    m_tableView->setObjectName(QStringLiteral("compareTable"));
    m_tableView->setAccessibleName(tr("Comparison table"));
    m_tableView->setModel(m_sorted);
    m_tableView->setSortingEnabled(true);
    m_tableView->sortByColumn(-1, Qt::AscendingOrder); // the targets' order until a click
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->verticalHeader()->setVisible(false);
    m_tableView->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() + 8);
    m_tableView->horizontalHeader()->setStretchLastSection(true);
    m_tableView->setColumnWidth(CompareTableModel::Target, fontMetrics().averageCharWidth() * 48);
    m_tableView->setWordWrap(false);
    m_tableView->setTextElideMode(Qt::ElideMiddle);
    tableLayout->addWidget(m_tableView, 1);

    auto *tableButtons = new QHBoxLayout;
    m_exportCsv = new QPushButton(tr("&Export CSV…"), tableArea);
    m_exportCsv->setObjectName(QStringLiteral("exportCsvButton"));
    m_copyCsv = new QPushButton(tr("&Copy as CSV"), tableArea);
    m_copyCsv->setObjectName(QStringLiteral("copyCsvButton"));
    m_continueSelected = new QPushButton(tr("Co&ntinue with This"), tableArea);
    m_continueSelected->setObjectName(QStringLiteral("continueSelectedButton"));
    m_continueSelected->setToolTip(
        tr("Open a new session with the selected row's target, the prompt and its answer"));
    tableButtons->addWidget(m_exportCsv);
    tableButtons->addWidget(m_copyCsv);
    tableButtons->addStretch(1);
    tableButtons->addWidget(m_continueSelected);
    tableLayout->addLayout(tableButtons);
    split->addWidget(tableArea);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    if (!split->restoreState(m_settings.value(kSplitterKey).toByteArray()))
        split->setSizes({520, 200}); // the answers first; the table needs a few rows
    connect(split, &QSplitter::splitterMoved, this,
            [this, split] { m_settings.setValue(kSplitterKey, split->saveState()); });
    layout->addWidget(split, 1);

    connect(m_exportCsv, &QPushButton::clicked, this, &CompareWindow::exportCsvInteractively);
    connect(m_copyCsv, &QPushButton::clicked, this, &CompareWindow::copyCsv);
    connect(m_continueSelected, &QPushButton::clicked, this,
            &CompareWindow::continueWithSelectedRow);
    connect(m_tableView, &QTableView::activated, this, &CompareWindow::continueWithSelectedRow);

    for (int i = 0; i < kMinTargets; ++i)
        addTargetRow();
    updateRunButton();
    return page;
}

// Targets ----------------------------------------------------------------------------------------

CompareTargetRow *CompareWindow::addTargetRow()
{
    if (m_rows.size() >= compare::CompareRun::kMaxTargets)
        return m_rows.constLast();
    auto *row = new CompareTargetRow(m_services, true, this);
    row->setObjectName(QStringLiteral("compareTargetRow_%1").arg(m_rows.size()));
    m_targetsLayout->addWidget(row);
    m_rows.append(row);
    connect(row, &CompareTargetRow::removeRequested, this, [this, row] { removeTargetRow(row); });
    updateTargetButtons();
    return row;
}

void CompareWindow::removeTargetRow(CompareTargetRow *row)
{
    if (m_rows.size() <= kMinTargets || isRunning())
        return;
    m_rows.removeOne(row);
    row->deleteLater();
    updateTargetButtons();
}

void CompareWindow::updateTargetButtons()
{
    const bool running = isRunning();
    m_addTarget->setEnabled(!running && m_rows.size() < compare::CompareRun::kMaxTargets);
    for (CompareTargetRow *row : std::as_const(m_rows)) {
        row->setRemovable(!running && m_rows.size() > kMinTargets);
        row->setEnabled(!running);
    }
}

void CompareWindow::setTargets(const QList<compare::CompareTarget> &targets)
{
    while (m_rows.size() < std::min<qsizetype>(targets.size(), compare::CompareRun::kMaxTargets))
        addTargetRow();
    while (m_rows.size() > std::max<qsizetype>(targets.size(), kMinTargets)) {
        CompareTargetRow *row = m_rows.takeLast();
        delete row;
    }
    for (int i = 0; i < m_rows.size() && i < targets.size(); ++i)
        m_rows.at(i)->setTarget(targets.at(i));
    updateTargetButtons();
}

QList<compare::CompareTarget> CompareWindow::targets() const
{
    QList<compare::CompareTarget> list;
    for (const CompareTargetRow *row : m_rows)
        list.append(row->target());
    return list;
}

bool CompareWindow::isLoadingModels() const
{
    for (const CompareTargetRow *row : m_rows) {
        if (row->isLoading())
            return true;
    }
    return false;
}

void CompareWindow::prefill(const api::RequestSpec &base, const compare::CompareTarget &current)
{
    m_base = base;
    QString prompt;
    for (const api::ConversationMessage &message : base.messages) {
        if (message.role == api::MessageRole::User)
            prompt = message.text;
    }
    m_base.messages.clear();
    m_base.previousResponseId.clear();
    m_prompt->setPlainText(prompt);
    while (m_rows.size() > kMinTargets)
        delete m_rows.takeLast();
    m_rows.at(0)->setTarget(current);
    m_rows.at(1)->setTargetWithOtherModel(current);
    updateTargetButtons();
    m_crossApi->setBase(baseSpec());
    m_crossApi->setTarget(current);
    m_regions->setAccount(current.account);
    m_regions->setModel(current.model);
}

void CompareWindow::setPrompt(const QString &prompt)
{
    m_prompt->setPlainText(prompt);
}

api::RequestSpec CompareWindow::baseSpec() const
{
    api::RequestSpec spec = m_base;
    spec.messages.clear();
    api::ConversationMessage message;
    message.role = api::MessageRole::User;
    message.text = m_prompt->toPlainText().trimmed();
    spec.messages.append(message);
    return spec;
}

// Running ----------------------------------------------------------------------------------------

bool CompareWindow::isRunning() const
{
    return m_run && !m_run->isFinished();
}

void CompareWindow::run()
{
    if (isRunning())
        return;
    const api::RequestSpec base = baseSpec();
    if (base.messages.constFirst().text.isEmpty()) {
        setStatus(tr("Type a prompt first."));
        m_prompt->setFocus();
        return;
    }
    const QList<compare::CompareTarget> list = targets();
    for (const compare::CompareTarget &target : list) {
        if (target.model.isEmpty()) {
            setStatus(tr("Choose a model for every target."));
            return;
        }
    }
    if (const Status valid = compare::CompareRun::validateTargets(list); !valid) {
        setStatus(valid.error().toDisplayString());
        return;
    }
    // The prices of each target's model, as its row's model list gives them.
    QList<QPair<compare::CompareTarget, std::optional<mantle::ModelPrices>>> prices;
    for (const CompareTargetRow *row : std::as_const(m_rows)) {
        const std::optional<mantle::ModelListEntry> entry = row->entry();
        prices.append({row->target(), entry ? entry->model.prices : std::nullopt});
    }

    if (m_run)
        m_run->deleteLater();
    for (CompareColumn *column : std::as_const(m_columns))
        delete column;
    m_columns.clear();

    PlaygroundServices *services = &m_services;
    m_run = new compare::CompareRun(
        m_services.client(), base, list,
        [services](const compare::CompareTarget &target, QObject *context,
                   compare::CompareRun::TargetDone done) {
            services->resolveTarget(target.account, target.region, context, std::move(done));
        },
        [prices](const compare::CompareTarget &target) -> std::optional<mantle::ModelPrices> {
            for (const auto &[known, price] : prices) {
                if (known == target)
                    return price;
            }
            return std::nullopt;
        },
        &m_services.routes(), this);

    for (int i = 0; i < list.size(); ++i) {
        auto *column = new CompareColumn(list.at(i), m_columnsSplitter);
        column->setObjectName(QStringLiteral("compareColumn_%1").arg(i));
        m_columnsSplitter->addWidget(column);
        m_columns.append(column);
        connect(column, &CompareColumn::continueRequested, this, [this, i] { continueWith(i); });
        connect(column->scrollBar(), &QScrollBar::valueChanged, this,
                [this, column] { syncScroll(column); });
    }
    m_table->setResults(m_run->results());

    connect(m_run, &compare::CompareRun::columnChanged, this, &CompareWindow::onColumnChanged);
    connect(m_run, &compare::CompareRun::columnFinished, this, &CompareWindow::onColumnChanged);
    connect(m_run, &compare::CompareRun::finished, this, [this] {
        m_services.saveRoutes();
        int failed = 0;
        for (const compare::CompareResult &result : m_run->results()) {
            if (!result.succeeded())
                ++failed;
        }
        setStatus(failed == 0 ? tr("Every target answered.")
                              : tr("Done; %n target(s) failed.", nullptr, failed));
        updateRunButton();
        updateTargetButtons();
        Q_EMIT runFinished();
    });
    setStatus(tr("Sending to %n target(s)…", nullptr, int(list.size())));
    m_run->start();
    updateRunButton();
    updateTargetButtons();
}

void CompareWindow::stop()
{
    if (m_run)
        m_run->cancel();
}

void CompareWindow::onColumnChanged(int column)
{
    if (!m_run || column < 0 || column >= m_columns.size() || column >= m_run->results().size())
        return;
    const compare::CompareResult &result = m_run->results().at(column);
    m_columns.at(column)->setResult(result);
    m_table->updateRow(column, result);
}

void CompareWindow::updateRunButton()
{
    m_runButton->setText(isRunning() ? tr("S&top") : tr("&Run"));
    m_runButton->setShortcut(isRunning() ? QKeySequence(Qt::Key_Escape)
                                         : QKeySequence(Qt::CTRL | Qt::Key_Return));
    const bool results = m_run && !m_run->results().isEmpty();
    m_exportCsv->setEnabled(results);
    m_copyCsv->setEnabled(results);
    m_continueSelected->setEnabled(results && !isRunning());
}

void CompareWindow::syncScroll(CompareColumn *source)
{
    if (m_syncing || !m_syncScrolling->isChecked())
        return;
    const QScrollBar *bar = source->scrollBar();
    const int range = bar->maximum() - bar->minimum();
    const double fraction = range > 0 ? double(bar->value() - bar->minimum()) / range : 0.0;
    m_syncing = true;
    for (CompareColumn *column : std::as_const(m_columns)) {
        if (column == source)
            continue;
        QScrollBar *other = column->scrollBar();
        other->setValue(other->minimum()
                        + int(std::lround(fraction * (other->maximum() - other->minimum()))));
    }
    m_syncing = false;
}

// Table ------------------------------------------------------------------------------------------

Status CompareWindow::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(Error::Kind::Io,
                         tr("Cannot write “%1”: %2").arg(path, file.errorString()));
    }
    file.write(compare::table::toCsv(m_table->results()).toUtf8());
    if (!file.commit()) {
        return makeError(Error::Kind::Io,
                         tr("Cannot write “%1”: %2").arg(path, file.errorString()));
    }
    return {};
}

void CompareWindow::exportCsvInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Comparison"),
                                                      tr("comparison.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const Status written = exportCsv(path);
    setStatus(written ? tr("Exported to %1.").arg(path) : written.error().toDisplayString());
}

void CompareWindow::copyCsv()
{
    QApplication::clipboard()->setText(compare::table::toCsv(m_table->results()));
    setStatus(tr("Copied the table as CSV."));
}

// Continue ---------------------------------------------------------------------------------------

std::optional<sessions::Session> CompareWindow::sessionFor(int column) const
{
    if (!m_run || column < 0 || column >= m_run->results().size())
        return std::nullopt;
    const compare::CompareResult &result = m_run->results().at(column);
    if (!result.finished)
        return std::nullopt;
    api::RequestSpec spec = compare::CompareRun::specFor(m_run->base(), result.target);
    QString prompt;
    if (!spec.messages.isEmpty())
        prompt = spec.messages.constLast().text;

    sessions::Session session = sessions::Session::create(spec.surface);
    const QString firstLine = prompt.section(QLatin1Char('\n'), 0, 0).simplified();
    session.title = firstLine.size() > kTitleLength
        ? firstLine.left(kTitleLength - 1) + QChar(0x2026)
        : firstLine;
    session.account = spec.account;
    session.region = spec.region;
    session.model = spec.model;
    session.instructions = spec.instructions;
    session.parameters = spec.parameters;
    session.stream = spec.stream;
    session.store = spec.store;
    session.tools = spec.tools;
    session.toolChoice = spec.toolChoice;
    session.outputSchema = spec.outputSchema;

    const QDateTime now = QDateTime::currentDateTimeUtc();
    sessions::SessionEntry question;
    question.id = sessions::Session::newId();
    question.role = api::MessageRole::User;
    question.text = prompt;
    question.createdAt = now;
    session.entries.append(question);

    sessions::SessionEntry answer;
    answer.id = sessions::Session::newId();
    answer.role = api::MessageRole::Assistant;
    answer.createdAt = now;
    answer.text = result.turn.text;
    answer.reasoning = result.turn.reasoning;
    answer.toolCalls = result.turn.toolCalls;
    answer.model = spec.model;
    answer.account = spec.account;
    answer.region = spec.region;
    answer.usage = result.turn.usage;
    answer.stopReason = result.turn.stopReason;
    answer.responseId = result.turn.responseId;
    answer.error = result.turn.error;
    if (result.cost) {
        answer.costPico = result.cost->totalPico();
        answer.cost = result.cost;
        for (const CompareTargetRow *row : m_rows) {
            if (row->target() == result.target) {
                if (const auto entry = row->entry())
                    answer.prices = entry->model.prices;
            }
        }
    }
    answer.request = m_run->record(column);
    api::RequestSpec sent = spec;
    sent.messages.clear();
    answer.sentSpec = sent;
    session.entries.append(answer);
    session.updatedAt = now;
    return session;
}

void CompareWindow::continueWith(int column)
{
    std::optional<sessions::Session> session = sessionFor(column);
    if (!session) {
        setStatus(tr("That target has not answered yet."));
        return;
    }
    Q_EMIT continueRequested(*session);
}

void CompareWindow::continueWithSelectedRow()
{
    const QModelIndex current = m_tableView->currentIndex();
    if (!current.isValid()) {
        setStatus(tr("Select a row of the table first."));
        return;
    }
    continueWith(m_sorted->mapToSource(current).row());
}

void CompareWindow::setStatus(const QString &text)
{
    m_status->setText(text);
}

void CompareWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setValue(kGeometryKey, saveGeometry());
    QWidget::closeEvent(event);
}

} // namespace mantle::ui
