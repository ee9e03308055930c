#include "playgroundpage.h"

#include "chainview.h"
#include "conversationitem.h"
#include "conversationview.h"
#include "costview.h"
#include "mantle/costcalculator.h"
#include "parameterspanel.h"
#include "pipeline/tokencounter.h"
#include "playgroundservices.h"
#include "schemaeditor.h"
#include "sessions/sessionrunner.h"
#include "sessions/sessionstore.h"
#include "toolcallspanel.h"
#include "toolseditor.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace mantle::ui {

namespace {

/// How long typing or a parameter change waits before the session is saved.
constexpr int kSaveDelayMs = 400;
/// How often an answer that is streaming is saved, so that a crash loses at most this much.
constexpr int kStreamSaveIntervalMs = 2000;
/// How often the inspector follows an answer that is streaming.
constexpr int kInspectorIntervalMs = 250;
/// The longest title made from the first prompt.
constexpr int kTitleLength = 60;
/// How many answers keep their full request record (bodies and events) in the session.
constexpr int kFullRecords = 20;
/// The type of an entry's error when the request could not even be sent.
constexpr char kNotSentError[] = "not_sent";
/// How long after the last edit the pre-send token count is asked for (Messages).
constexpr int kTokenCountDelayMs = 600;

QString seconds(qint64 ms)
{
    return QLocale().toString(double(ms) / 1000.0, 'f', 2);
}

} // namespace

PlaygroundPage::PlaygroundPage(mantle::ApiSurface surface, PlaygroundServices &services,
                               QWidget *parent)
    : QWidget(parent)
    , m_surface(surface)
    , m_services(services)
    , m_session(sessions::Session::create(surface))
    , m_runner(new sessions::SessionRunner(services.client(), &services.routes(), this))
    , m_saveTimer(new QTimer(this))
    , m_streamSaveTimer(new QTimer(this))
    , m_inspectorTimer(new QTimer(this))
{
    m_session.title = tr("New session");
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(kSaveDelayMs);
    connect(m_saveTimer, &QTimer::timeout, this, &PlaygroundPage::saveNow);
    m_streamSaveTimer->setInterval(kStreamSaveIntervalMs);
    connect(m_streamSaveTimer, &QTimer::timeout, this, &PlaygroundPage::savePartialAnswer);
    m_inspectorTimer->setInterval(kInspectorIntervalMs);
    connect(m_inspectorTimer, &QTimer::timeout, this, [this] {
        if (m_view->currentRow() == m_runner->runningRow())
            Q_EMIT selectedRecordChanged();
    });
    if (m_surface == mantle::ApiSurface::Messages) {
        // The pre-send token count (issue #11, counttokens): Messages only.
        m_tokenCounter = new pipeline::TokenCounter(services.client(), &services.routes(), this);
        m_tokenTimer = new QTimer(this);
        m_tokenTimer->setSingleShot(true);
        m_tokenTimer->setInterval(kTokenCountDelayMs);
        connect(m_tokenTimer, &QTimer::timeout, this, &PlaygroundPage::startTokenCount);
        connect(m_tokenCounter, &pipeline::TokenCounter::counted, this, [this](qint64 tokens) {
            m_tokenCount = tokens;
            showTokenCount();
        });
        connect(m_tokenCounter, &pipeline::TokenCounter::failed, this,
                &PlaygroundPage::showTokenCountError);
    }
    buildUi();

    connect(m_runner, &sessions::SessionRunner::entryAdded, this, [this](int row) {
        m_view->appendItem(itemFor(m_session.entries.at(row)));
        m_view->setCurrentRow(row);
        m_view->scrollToBottom();
    });
    connect(m_runner, &sessions::SessionRunner::textAppended, this,
            [this](int row, const QString &delta) {
                if (m_status.isEmpty() || m_view->item(row).text.isEmpty())
                    setStatus(tr("Receiving the answer…"));
                m_view->appendText(row, delta);
            });
    connect(m_runner, &sessions::SessionRunner::reasoningAppended, this,
            [this](int row, const QString &delta) { m_view->appendReasoning(row, delta); });
    connect(m_runner, &sessions::SessionRunner::entryChanged, this, [this](int row) {
        // Tool calls or usage: rare, so the item is replaced (its text is kept as it is).
        ConversationItem item = itemFor(m_session.entries.at(row));
        m_view->updateItem(row, item);
    });
    connect(m_runner, &sessions::SessionRunner::finished, this, &PlaygroundPage::onAnswerFinished);
    showSession();
}

PlaygroundPage::~PlaygroundPage()
{
    m_runner->disconnect(this);
    if (m_runner->isRunning())
        m_runner->stop();
    saveNow();
}

void PlaygroundPage::buildUi()
{
    setObjectName(QStringLiteral("playground_%1").arg(mantle::apiSurfaceName(m_surface)));
    m_targetLabel = new QLabel(this);
    m_targetLabel->setObjectName(QStringLiteral("targetLabel"));
    m_targetLabel->setTextFormat(Qt::PlainText);
    m_targetLabel->setForegroundRole(QPalette::PlaceholderText);

    const bool developer = m_surface == mantle::ApiSurface::Responses;
    auto *instructionsLabel = new QLabel(
        developer ? tr("&Instructions (developer prompt)") : tr("&System prompt"), this);
    m_instructions = new QPlainTextEdit(this);
    m_instructions->setObjectName(QStringLiteral("instructionsEdit"));
    m_instructions->setAccessibleName(developer ? tr("Instructions") : tr("System prompt"));
    m_instructions->setPlaceholderText(tr("Optional: how the model should behave."));
    m_instructions->setTabChangesFocus(true);
    m_instructions->setMaximumHeight(m_instructions->fontMetrics().lineSpacing() * 3 + 12);
    instructionsLabel->setBuddy(m_instructions);

    m_view = new ConversationView(this);
    m_view->setObjectName(QStringLiteral("conversationView"));

    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("promptEdit"));
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("Type a prompt, then press Ctrl+Enter to send."));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(m_prompt->fontMetrics().lineSpacing() * 6 + 12);
    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setToolTip(tr("Send the prompt (Ctrl+Enter)"));
    m_send->setDefault(false);
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Stop the answer; what arrived is kept (Esc)"));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    auto *promptRow = new QHBoxLayout;
    promptRow->addWidget(m_prompt, 1);
    promptRow->addLayout(buttons);
    QHBoxLayout *tokenRow = nullptr;
    if (m_tokenCounter) {
        m_tokenLabel = new QLabel(this);
        m_tokenLabel->setObjectName(QStringLiteral("tokenCountLabel"));
        m_tokenLabel->setTextFormat(Qt::PlainText);
        m_tokenLabel->setForegroundRole(QPalette::PlaceholderText);
        m_tokenLabel->setVisible(false);
        tokenRow = new QHBoxLayout;
        tokenRow->addStretch();
        tokenRow->addWidget(m_tokenLabel);
    }

    auto *conversationPane = new QWidget(this);
    auto *left = new QVBoxLayout(conversationPane);
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(m_targetLabel);
    left->addWidget(instructionsLabel);
    left->addWidget(m_instructions);
    left->addWidget(m_view, 1);
    m_conversationLayout = left; // the tool calls panel goes above the prompt when needed
    left->addLayout(promptRow);
    if (tokenRow)
        left->addLayout(tokenRow);

    m_parameters = new ParametersPanel(m_surface, this);
    m_parameters->setObjectName(QStringLiteral("parametersPanel"));
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("parametersScroll"));
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_parameters);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(m_parameters->minimumSizeHint().width()
                            + scroll->verticalScrollBar()->sizeHint().width());

    // Parameters, tools, schema and cost beside the conversation. Only the parameters are
    // built now: the other tabs are built when first shown (start-up time is measured).
    m_sideTabs = new QTabWidget(this);
    m_sideTabs->setObjectName(QStringLiteral("sideTabs"));
    m_sideTabs->setAccessibleName(tr("Request settings"));
    m_sideTabs->setDocumentMode(true);
    // Every tab stays in sight, in every language: the panel widens to its tab titles instead
    // of hiding some behind scroll arrows.
    m_sideTabs->setUsesScrollButtons(false);
    m_sideTabs->addTab(scroll, tr("&Parameters"));
    for (const SidePage page :
         {SidePage::Tools, SidePage::Schema, SidePage::Chain, SidePage::Cost}) {
        auto *container = new QWidget(m_sideTabs);
        auto *containerLayout = new QVBoxLayout(container);
        containerLayout->setContentsMargins(0, 0, 0, 0);
        m_sideTabs->addTab(container, sidePageTitle(page));
    }
    connect(m_sideTabs, &QTabWidget::currentChanged, this,
            [this](int index) { ensureSidePage(SidePage(index)); });

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("playgroundSplitter"));
    m_splitter->addWidget(conversationPane);
    m_splitter->addWidget(m_sideTabs);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setChildrenCollapsible(false);
    // The same width on every tab (until the user drags it), wide enough for the parameters'
    // rows in the app's font, so the prompt box does not jump when the tab changes.
    const int parametersWidth = fontMetrics().averageCharWidth() * 52;
    m_splitter->setSizes({parametersWidth * 3, parametersWidth});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_splitter);

    connect(m_send, &QPushButton::clicked, this, &PlaygroundPage::send);
    connect(m_stop, &QPushButton::clicked, this, &PlaygroundPage::stop);
    connect(m_instructions, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        m_session.instructions = m_instructions->toPlainText();
        scheduleSave();
        scheduleTokenCount();
    });
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        m_session.draft = m_prompt->toPlainText();
        scheduleSave();
        updateButtons();
        scheduleTokenCount();
    });
    connect(m_parameters, &ParametersPanel::changed, this, [this] {
        if (m_loading)
            return;
        const bool thinking = m_session.parameters.adaptiveThinking;
        readParameters();
        scheduleSave();
        // Only thinking changes the count; max tokens changes the cost shown with the answer.
        if (thinking != m_session.parameters.adaptiveThinking)
            scheduleTokenCount();
        else
            showTokenCount();
    });
    connect(m_view, &ConversationView::currentRowChanged, this,
            &PlaygroundPage::selectedRecordChanged);
    connect(m_view, &ConversationView::editRequested, this, &PlaygroundPage::onEditRequested);
    connect(m_view, &ConversationView::deleteRequested, this, &PlaygroundPage::deleteEntry);
    connect(m_view, &ConversationView::rerunRequested, this, &PlaygroundPage::rerunFrom);
    updateButtons();
}

QString PlaygroundPage::sidePageTitle(SidePage page)
{
    switch (page) {
    case SidePage::Parameters:
        return tr("&Parameters");
    case SidePage::Tools:
        return tr("T&ools");
    case SidePage::Schema:
        return tr("Sc&hema");
    case SidePage::Chain:
        return tr("Chai&n");
    case SidePage::Cost:
        return tr("Cos&t");
    }
    return {};
}

QWidget *PlaygroundPage::ensureSidePage(SidePage page)
{
    QWidget *container = m_sideTabs->widget(int(page));
    switch (page) {
    case SidePage::Parameters:
        return m_parameters;
    case SidePage::Tools:
        if (!m_toolsEditor) {
            m_toolsEditor = new ToolsEditor(container);
            m_toolsEditor->setObjectName(QStringLiteral("toolsEditor"));
            m_toolsEditor->setSurface(m_surface);
            container->layout()->addWidget(m_toolsEditor);
            applySessionToTools();
            connect(m_toolsEditor, &ToolsEditor::changed, this, [this] {
                if (m_loading)
                    return;
                m_session.tools = m_toolsEditor->tools();
                m_session.toolChoice = m_toolsEditor->toolChoice();
                m_session.cannedResults.clear();
                const QHash<QString, QString> canned = m_toolsEditor->cannedResults();
                for (auto it = canned.cbegin(); it != canned.cend(); ++it)
                    m_session.cannedResults.insert(it.key(), it.value());
                scheduleSave();
                scheduleTokenCount();
            });
        }
        return m_toolsEditor;
    case SidePage::Schema:
        if (!m_schemaEditor) {
            m_schemaEditor = new SchemaEditor(container);
            m_schemaEditor->setObjectName(QStringLiteral("schemaEditor"));
            container->layout()->addWidget(m_schemaEditor);
            applySessionToSchema();
            connect(m_schemaEditor, &SchemaEditor::changed, this, [this] {
                if (m_loading)
                    return;
                m_session.outputSchema = m_schemaEditor->outputSchema();
                scheduleSave();
                scheduleTokenCount();
            });
        }
        return m_schemaEditor;
    case SidePage::Chain:
        if (!m_chainView) {
            m_chainView = new ChainView(container);
            m_chainView->setObjectName(QStringLiteral("chainView"));
            m_chainView->setServices(m_services);
            container->layout()->addWidget(m_chainView);
            m_chainView->setCurrentSession(m_session);
            connect(m_chainView, &ChainView::continueFrom, this,
                    &PlaygroundPage::continueFromRequested);
            connect(m_chainView, &ChainView::forkRequested, this, &PlaygroundPage::forkRequested);
            connect(m_chainView, &ChainView::storedResponseGone, this,
                    &PlaygroundPage::markStoredResponseGone);
        }
        return m_chainView;
    case SidePage::Cost:
        if (!m_costView) {
            m_costView = new CostView(container);
            m_costView->setObjectName(QStringLiteral("costView"));
            m_costView->setSessionDirectory(m_services.sessions().directory());
            container->layout()->addWidget(m_costView);
            m_costView->setSession(m_session);
        }
        return m_costView;
    }
    return nullptr;
}

ToolsEditor *PlaygroundPage::toolsEditor()
{
    return static_cast<ToolsEditor *>(ensureSidePage(SidePage::Tools));
}

SchemaEditor *PlaygroundPage::schemaEditor()
{
    return static_cast<SchemaEditor *>(ensureSidePage(SidePage::Schema));
}

void PlaygroundPage::markStoredResponseGone(const QString &sessionId, const QString &entryId)
{
    auto mark = [&entryId](sessions::Session &session) {
        for (sessions::SessionEntry &entry : session.entries) {
            if (entry.id == entryId && !entry.responseDeleted) {
                entry.responseDeleted = true;
                return true;
            }
        }
        return false;
    };
    if (sessionId == m_session.id) {
        if (mark(m_session))
            saveNow(); // the next request re-sends the conversation instead
        return;
    }
    Result<sessions::Session> other = m_services.sessions().load(sessionId);
    if (other && mark(*other)) {
        if (const Status saved = m_services.sessions().save(*other); !saved)
            setStatus(saved.error().toDisplayString());
    }
}

ChainView *PlaygroundPage::chainView()
{
    return static_cast<ChainView *>(ensureSidePage(SidePage::Chain));
}

CostView *PlaygroundPage::costView()
{
    return static_cast<CostView *>(ensureSidePage(SidePage::Cost));
}

void PlaygroundPage::showSidePage(SidePage page)
{
    m_sideTabs->setCurrentIndex(int(page));
}

void PlaygroundPage::applySessionToTools()
{
    if (!m_toolsEditor)
        return;
    const bool loading = std::exchange(m_loading, true);
    QHash<QString, QString> canned;
    for (auto it = m_session.cannedResults.cbegin(); it != m_session.cannedResults.cend(); ++it)
        canned.insert(it.key(), it.value());
    m_toolsEditor->setTools(m_session.tools, m_session.toolChoice);
    m_toolsEditor->setCannedResults(canned);
    m_loading = loading;
}

void PlaygroundPage::applySessionToSchema()
{
    if (!m_schemaEditor)
        return;
    const bool loading = std::exchange(m_loading, true);
    m_schemaEditor->setOutputSchema(m_session.outputSchema);
    showStructuredOutput();
    m_loading = loading;
}

void PlaygroundPage::showStructuredOutput()
{
    if (!m_schemaEditor)
        return;
    // The last answer with text, checked against the schema it was asked with.
    for (qsizetype i = m_session.entries.size() - 1; i >= 0; --i) {
        const sessions::SessionEntry &entry = m_session.entries.at(i);
        if (entry.role != api::MessageRole::Assistant)
            continue;
        const bool structured = entry.sentSpec ? entry.sentSpec->outputSchema.has_value()
                                               : m_session.outputSchema.has_value();
        if (structured && !entry.text.isEmpty()) {
            m_schemaEditor->showOutput(entry.text);
            return;
        }
        break;
    }
    m_schemaEditor->clearOutput();
}

void PlaygroundPage::updateToolCalls()
{
    // The calls of the last answer wait for results while nothing follows them.
    const sessions::SessionEntry *last
        = m_session.entries.isEmpty() ? nullptr : &m_session.entries.constLast();
    const bool pending = last && last->role == api::MessageRole::Assistant
        && !last->toolCalls.isEmpty() && !isBusy();
    if (!pending) {
        if (m_toolCalls) {
            m_toolCalls->clear();
            m_toolCalls->setVisible(false);
        }
        return;
    }
    if (!m_toolCalls) {
        // Built with the first tool call: most sessions never need it.
        m_toolCalls = new ToolCallsPanel(this);
        m_toolCalls->setObjectName(QStringLiteral("toolCallsPanel"));
        m_conversationLayout->insertWidget(m_conversationLayout->indexOf(m_view) + 1, m_toolCalls);
        connect(m_toolCalls, &ToolCallsPanel::resultsSubmitted, this,
                &PlaygroundPage::sendToolResults);
    }
    QHash<QString, QString> canned;
    for (auto it = m_session.cannedResults.cbegin(); it != m_session.cannedResults.cend(); ++it)
        canned.insert(it.key(), it.value());
    const QList<api::ToolDefinition> tools = last->sentSpec && !last->sentSpec->tools.isEmpty()
        ? last->sentSpec->tools
        : m_session.tools;
    m_toolCalls->setCalls(last->toolCalls, tools, canned);
    m_toolCalls->setVisible(true);
}

void PlaygroundPage::sendToolResults(const QList<api::ConversationMessage> &results)
{
    if (isBusy() || results.isEmpty())
        return;
    for (const api::ConversationMessage &result : results) {
        sessions::SessionEntry entry;
        entry.id = sessions::Session::newId();
        entry.role = api::MessageRole::Tool;
        entry.text = result.text;
        entry.toolCallId = result.toolCallId;
        entry.isError = result.isError;
        entry.createdAt = QDateTime::currentDateTimeUtc();
        m_session.entries.append(entry);
        m_view->appendItem(itemFor(entry));
    }
    if (m_toolCalls) {
        m_toolCalls->clear();
        m_toolCalls->setVisible(false);
    }
    saveNow();
    startAnswer();
}

void PlaygroundPage::refreshSidePages()
{
    applySessionToTools();
    applySessionToSchema();
    if (m_costView)
        m_costView->setSession(m_session);
    if (m_chainView) {
        m_chainView->refresh();
        m_chainView->setCurrentSession(m_session);
    }
    updateToolCalls();
}

bool PlaygroundPage::openSession(sessions::Session session)
{
    if (isBusy())
        return false;
    saveNow();
    m_session = std::move(session);
    m_session.surface = m_surface;
    showSession();
    return true;
}

void PlaygroundPage::newSession()
{
    if (isBusy())
        return;
    saveNow();
    sessions::Session fresh = sessions::Session::create(m_surface);
    fresh.title = tr("New session");
    fresh.account = m_session.account;
    fresh.region = m_session.region;
    fresh.model = m_session.model;
    fresh.parameters = m_session.parameters;
    fresh.stream = m_session.stream;
    fresh.store = m_session.store;
    // What the requests are made of carries over; the conversation does not.
    fresh.tools = m_session.tools;
    fresh.toolChoice = m_session.toolChoice;
    fresh.cannedResults = m_session.cannedResults;
    fresh.outputSchema = m_session.outputSchema;
    fresh.chainResponses = m_session.chainResponses;
    fresh.background = m_session.background;
    m_session = std::move(fresh);
    showSession();
}

void PlaygroundPage::showSession()
{
    m_loading = true;
    m_instructions->setPlainText(m_session.instructions);
    m_prompt->setPlainText(m_session.draft);
    m_parameters->setParameters(m_session.parameters, m_session.stream, m_session.store);
    m_parameters->setBackground(m_session.background);
    QList<ConversationItem> items;
    items.reserve(m_session.entries.size());
    for (const sessions::SessionEntry &entry : std::as_const(m_session.entries))
        items.append(itemFor(entry));
    m_view->setItems(std::move(items));
    m_view->scrollToBottom();
    m_loading = false;
    refreshSidePages();
    setStatus(costSummary());
    updateButtons();
    scheduleTokenCount();
    Q_EMIT selectedRecordChanged();
}

void PlaygroundPage::setTarget(const QString &account, const QString &region, const QString &model,
                               std::optional<mantle::ModelPrices> prices, bool reasoning)
{
    const bool changed
        = m_session.account != account || m_session.region != region || m_session.model != model;
    const bool repriced = m_prices != prices;
    m_session.account = account;
    m_session.region = region;
    m_session.model = model;
    m_prices = std::move(prices);
    m_parameters->setReasoningSupported(reasoning);
    m_targetLabel->setText(model.isEmpty() ? tr("Choose a model above.")
                                           : tr("%1 · %2 · %3").arg(account, region, model));
    if (changed)
        scheduleSave();
    updateButtons();
    if (changed) {
        m_tokenCount.reset(); // a count of another model or account is not this one's
        scheduleTokenCount();
    } else if (repriced && m_tokenCount) {
        showTokenCount();
    }
}

QByteArray PlaygroundPage::saveLayout() const
{
    return m_splitter->saveState();
}

void PlaygroundPage::restoreLayout(const QByteArray &state)
{
    m_splitter->restoreState(state);
}

bool PlaygroundPage::isBusy() const
{
    return m_resolveGeneration % 2 == 1 || m_runner->isRunning();
}

void PlaygroundPage::send()
{
    if (isBusy())
        return;
    const QString text = m_prompt->toPlainText().trimmed();
    const bool lastIsQuestion = !m_session.entries.isEmpty()
        && m_session.entries.constLast().role != api::MessageRole::Assistant;
    if (text.isEmpty() && !lastIsQuestion) {
        setStatus(tr("Type a prompt first."));
        return;
    }
    if (m_session.model.isEmpty()) {
        setStatus(tr("Choose a model first (the Model list above)."));
        return;
    }
    if (!text.isEmpty()) {
        sessions::SessionEntry entry;
        entry.id = sessions::Session::newId();
        entry.role = api::MessageRole::User;
        entry.text = text;
        entry.createdAt = QDateTime::currentDateTimeUtc();
        m_session.entries.append(entry);
        m_view->appendItem(itemFor(entry));
        if (m_session.title == tr("New session") || m_session.title.isEmpty()) {
            const QString firstLine = text.section(QLatin1Char('\n'), 0, 0).simplified();
            m_session.title = firstLine.size() > kTitleLength
                ? firstLine.left(kTitleLength - 1) + QChar(0x2026)
                : firstLine;
        }
        m_loading = true;
        m_prompt->clear();
        m_loading = false;
        m_session.draft.clear();
        hideTokenCount(); // nothing to count until the next prompt
    }
    saveNow();
    startAnswer();
}

void PlaygroundPage::startAnswer()
{
    if (const Status valid = m_parameters->validate(); !valid) {
        failBeforeSending(valid.error().toDisplayString());
        return;
    }
    api::RequestSpec spec = m_session.requestSpec();
    if (const Status valid = spec.validate(); !valid) {
        failBeforeSending(valid.error().toDisplayString());
        return;
    }
    // Odd while the account is being resolved: isBusy(), and Stop makes it even again.
    const quint64 generation = ++m_resolveGeneration;
    Q_EMIT busyChanged(true);
    updateButtons();
    setStatus(tr("Connecting to %1…").arg(m_session.account));
    m_services.resolveTarget(
        m_session.account, m_session.region, this,
        [this, generation](Result<pipeline::CallTarget> target) {
            if (generation != m_resolveGeneration)
                return; // stopped meanwhile
            ++m_resolveGeneration;
            if (!target) {
                failBeforeSending(tr("The account “%1” could not be used: %2")
                                      .arg(m_session.account, target.error().toDisplayString()));
                Q_EMIT busyChanged(false);
                return;
            }
            setStatus(tr("Waiting for %1…").arg(m_session.model));
            m_runner->start(m_session, std::move(target).value(), m_prices);
            m_streamSaveTimer->start();
            m_inspectorTimer->start();
            updateButtons();
        });
}

void PlaygroundPage::failBeforeSending(const QString &message)
{
    sessions::SessionEntry entry;
    entry.id = sessions::Session::newId();
    entry.role = api::MessageRole::Assistant;
    entry.createdAt = QDateTime::currentDateTimeUtc();
    entry.model = m_session.model;
    entry.account = m_session.account;
    entry.region = m_session.region;
    entry.error = api::TurnError{QString::fromLatin1(kNotSentError), message, {}};
    m_session.entries.append(entry);
    const int row = m_view->appendItem(itemFor(entry));
    m_view->setCurrentRow(row);
    m_view->scrollToBottom();
    saveNow();
    setStatus(tr("Not sent: %1").arg(message.section(QLatin1Char('\n'), 0, 0)));
    updateButtons();
    Q_EMIT answerFinished();
}

void PlaygroundPage::stop()
{
    if (m_resolveGeneration % 2 == 1) {
        ++m_resolveGeneration;
        setStatus(tr("Stopped before sending."));
        updateButtons();
        Q_EMIT busyChanged(false);
        return;
    }
    m_runner->stop();
}

void PlaygroundPage::onAnswerFinished(int row)
{
    m_streamSaveTimer->stop();
    m_inspectorTimer->stop();
    const sessions::SessionEntry &entry = m_session.entries.at(row);
    m_view->updateItem(row, itemFor(entry));
    if (entry.request && entry.request->switchedPrefix)
        m_services.saveRoutes();
    m_session.compactRequestRecords(kFullRecords);
    saveNow();

    QStringList parts;
    if (entry.stopped)
        parts << tr("Stopped");
    else if (entry.error)
        parts << tr("Failed");
    else
        parts << tr("Done");
    if (entry.request) {
        if (entry.request->timeToFirstTokenMs)
            parts << tr("%1 s to first token").arg(seconds(*entry.request->timeToFirstTokenMs));
        if (entry.request->tokensPerSecond)
            parts << tr("%1 tokens/s")
                         .arg(QLocale().toString(*entry.request->tokensPerSecond, 'f', 0));
        parts << tr("%1 s in all").arg(seconds(entry.request->totalMs));
    }
    parts << costSummary();
    setStatus(parts.join(QStringLiteral(" · ")));
    updateButtons();
    updateToolCalls();
    showStructuredOutput();
    if (m_costView)
        m_costView->setSession(m_session);
    if (m_chainView) {
        m_chainView->refresh();
        m_chainView->setCurrentSession(m_session);
    }
    if (m_tokenCountStale)
        scheduleTokenCount(); // typed while the answer streamed
    Q_EMIT busyChanged(false);
    Q_EMIT selectedRecordChanged();
    Q_EMIT answerFinished();
}

ConversationItem PlaygroundPage::itemFor(const sessions::SessionEntry &entry) const
{
    ConversationItem item;
    item.text = entry.text;
    switch (entry.role) {
    case api::MessageRole::User:
        item.kind = ConversationItem::Kind::User;
        item.header = tr("You");
        return item;
    case api::MessageRole::Tool:
        item.kind = ConversationItem::Kind::Tool;
        item.header = tr("Tool result · %1").arg(entry.toolCallId);
        return item;
    case api::MessageRole::Assistant:
        break;
    }
    item.kind = ConversationItem::Kind::Assistant;
    item.reasoning = entry.reasoning;
    item.toolCalls = entry.toolCalls;
    item.header = entry.model.isEmpty() ? tr("Assistant") : tr("Assistant · %1").arg(entry.model);
    const bool running = m_runner->runningRow() >= 0
        && m_runner->runningRow() < m_session.entries.size()
        && m_session.entries.at(m_runner->runningRow()).id == entry.id;
    if (running) {
        item.state = ConversationItem::State::Streaming;
        return item;
    }
    if (entry.stopped)
        item.state = ConversationItem::State::Stopped;
    else if (entry.error)
        item.state = ConversationItem::State::Failed;
    if (entry.error) {
        QString text = entry.error->message;
        if (entry.error->type == QLatin1String(api::kIncompleteStreamError))
            text = tr("The answer was cut short: %1\nWhat arrived is kept; re-run to try again.")
                       .arg(entry.error->message);
        item.errorText = text;
    }
    QStringList footer;
    if (entry.stopped)
        footer << tr("stopped");
    if (entry.usage) {
        footer << tr("%1 in · %2 out")
                      .arg(QLocale().toString(entry.usage->inputTokens),
                           QLocale().toString(entry.usage->outputTokens));
        if (entry.usage->reasoningTokens && *entry.usage->reasoningTokens > 0)
            footer << tr("%1 reasoning").arg(QLocale().toString(*entry.usage->reasoningTokens));
        footer << (entry.costPico
                       ? QStringLiteral("$") + mantle::CostCalculator::formatAmount(*entry.costPico)
                       : tr("no price known"));
    }
    if (entry.request) {
        if (entry.request->timeToFirstTokenMs)
            footer << tr("%1 s to first token").arg(seconds(*entry.request->timeToFirstTokenMs));
        if (entry.request->tokensPerSecond)
            footer << tr("%1 tokens/s")
                          .arg(QLocale().toString(*entry.request->tokensPerSecond, 'f', 0));
        if (entry.request->attempts > 1)
            footer << tr("%n attempt(s)", nullptr, entry.request->attempts);
    }
    item.footer = footer.join(QStringLiteral(" · "));
    return item;
}

QString PlaygroundPage::costSummary() const
{
    const qint64 pico = m_session.totalCostPico();
    const int unpriced = m_session.unpricedAnswers();
    if (pico == 0 && unpriced > 0)
        return tr("session cost unknown: no price for this model (set one in File > Models…)");
    QString text = tr("session cost $%1").arg(mantle::CostCalculator::formatAmount(pico));
    if (unpriced > 0)
        text += QLatin1Char(' ') + tr("(%n answer(s) without a known price)", nullptr, unpriced);
    return text;
}

void PlaygroundPage::editEntry(int row, const QString &text)
{
    if (isBusy() || row < 0 || row >= m_session.entries.size())
        return;
    m_session.entries[row].text = text;
    m_view->updateItem(row, itemFor(m_session.entries.at(row)));
    saveNow();
    scheduleTokenCount();
}

void PlaygroundPage::deleteEntry(int row)
{
    if (isBusy() || row < 0 || row >= m_session.entries.size())
        return;
    m_session.entries.removeAt(row);
    m_view->removeItem(row);
    updateToolCalls();
    saveNow();
    scheduleTokenCount();
    setStatus(costSummary());
    Q_EMIT selectedRecordChanged();
}

void PlaygroundPage::rerunFrom(int row)
{
    if (isBusy() || row < 0 || row >= m_session.entries.size())
        return;
    const bool isAnswer = m_session.entries.at(row).role == api::MessageRole::Assistant;
    const int keep = isAnswer ? row : row + 1;
    if (keep == 0) {
        setStatus(tr("There is no question before this answer to ask again."));
        return;
    }
    m_session.entries.resize(keep);
    QList<ConversationItem> items;
    items.reserve(keep);
    for (const sessions::SessionEntry &entry : std::as_const(m_session.entries))
        items.append(itemFor(entry));
    m_view->setItems(std::move(items));
    saveNow();
    startAnswer();
}

void PlaygroundPage::onEditRequested(int row)
{
    if (isBusy() || row < 0 || row >= m_session.entries.size())
        return;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("editEntryDialog"));
    dialog->setWindowTitle(tr("Edit"));
    auto *editor = new QPlainTextEdit(m_session.entries.at(row).text, dialog);
    editor->setObjectName(QStringLiteral("editEntryText"));
    editor->setAccessibleName(tr("Text"));
    auto *box = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(editor);
    layout->addWidget(box);
    dialog->resize(560, 320);
    const QString id = m_session.entries.at(row).id;
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, editor, id] {
        for (int i = 0; i < m_session.entries.size(); ++i) {
            if (m_session.entries.at(i).id == id) {
                editEntry(i, editor->toPlainText());
                return;
            }
        }
    });
    dialog->open();
}

std::optional<pipeline::RequestRecord> PlaygroundPage::selectedRecord() const
{
    const int row = m_view->currentRow();
    if (row < 0 || row >= m_session.entries.size())
        return std::nullopt;
    if (row == m_runner->runningRow())
        return m_runner->currentRecord();
    return m_session.entries.at(row).request;
}

void PlaygroundPage::readParameters()
{
    m_session.parameters = m_parameters->parameters();
    m_session.stream = m_parameters->stream();
    m_session.store = m_parameters->store();
    m_session.background = m_parameters->background();
}

void PlaygroundPage::scheduleSave()
{
    m_saveTimer->start();
}

bool PlaygroundPage::saveNow()
{
    m_saveTimer->stop();
    // An untouched new session is not worth a file.
    if (m_session.entries.isEmpty() && m_session.draft.isEmpty()
        && m_session.instructions.isEmpty())
        return true;
    m_session.updatedAt = QDateTime::currentDateTimeUtc();
    const Status saved = m_services.sessions().save(m_session);
    if (!saved) {
        setStatus(tr("The session could not be saved: %1").arg(saved.error().toDisplayString()));
        return false;
    }
    Q_EMIT sessionSaved(m_session.id);
    return true;
}

void PlaygroundPage::savePartialAnswer()
{
    const int row = m_runner->runningRow();
    if (row < 0 || row >= m_session.entries.size())
        return;
    // Only the answer: a long session is not rewritten every few seconds.
    sessions::SessionEntry entry = m_session.entries.at(row);
    entry.request.reset();
    if (const Status saved = m_services.sessions().savePartial(m_session.id, entry); !saved)
        setStatus(tr("The answer could not be saved: %1").arg(saved.error().toDisplayString()));
}

void PlaygroundPage::setStatus(const QString &text)
{
    m_status = text;
    Q_EMIT statusChanged(text);
}

void PlaygroundPage::updateButtons()
{
    const bool busy = isBusy();
    m_send->setEnabled(!busy);
    m_stop->setEnabled(busy);
}

// The pre-send token count (issue #11, counttokens): what the request Send would send now
// costs, counted by Mantle (pipeline::TokenCounter) a moment after the last edit.

void PlaygroundPage::setTokenCountDelay(int ms)
{
    if (m_tokenTimer)
        m_tokenTimer->setInterval(ms);
}

bool PlaygroundPage::isTokenCountPending() const
{
    return m_tokenCounter
        && (m_tokenTimer->isActive() || m_tokenResolving || m_tokenCounter->isCounting());
}

void PlaygroundPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_tokenCountStale)
        scheduleTokenCount();
}

void PlaygroundPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    // Nothing is counted for a page nobody sees; it counts again when shown.
    if (m_tokenCounter && isTokenCountPending()) {
        m_tokenTimer->stop();
        ++m_tokenGeneration;
        m_tokenResolving = false;
        m_tokenCounter->cancel();
        m_tokenCountStale = true;
    }
}

void PlaygroundPage::scheduleTokenCount()
{
    if (!m_tokenCounter || m_loading)
        return;
    if (m_prompt->toPlainText().trimmed().isEmpty() || m_session.model.isEmpty()) {
        hideTokenCount();
        return;
    }
    if (!isVisible() || isBusy()) {
        // Counted when shown, or when the answer ends (the conversation is not final yet).
        m_tokenCountStale = true;
        return;
    }
    m_tokenCountStale = false;
    m_tokenTimer->start();
}

void PlaygroundPage::startTokenCount()
{
    const QString draft = m_prompt->toPlainText().trimmed();
    if (draft.isEmpty() || m_session.model.isEmpty()) {
        hideTokenCount();
        return;
    }
    if (isBusy()) {
        m_tokenCountStale = true;
        return;
    }
    // The request Send would send now: the conversation so far and the draft as the next
    // user message, through the same Session::requestSpec() as the answer.
    sessions::Session next = m_session;
    sessions::SessionEntry entry;
    entry.role = api::MessageRole::User;
    entry.text = draft;
    next.entries.append(entry);
    api::RequestSpec spec = next.requestSpec();

    const quint64 generation = ++m_tokenGeneration;
    m_tokenResolving = true;
    m_services.resolveTarget(
        m_session.account, m_session.region, this,
        [this, generation, spec = std::move(spec)](Result<pipeline::CallTarget> target) {
            if (generation != m_tokenGeneration)
                return; // a newer count started meanwhile
            m_tokenResolving = false;
            if (!target) {
                showTokenCountError(target.error());
                return;
            }
            m_tokenCounter->count(spec, std::move(target).value());
        });
}

void PlaygroundPage::showTokenCount()
{
    if (!m_tokenLabel || !m_tokenCount)
        return;
    const QLocale locale;
    QStringList parts{tr("≈ %1 input tokens").arg(locale.toString(*m_tokenCount))};
    QStringList tip{tr("Input tokens of the request Send would send now (the conversation, "
                       "the prompt, the system prompt and the tools), counted by Mantle's "
                       "count_tokens.")};
    const std::optional<qint64> maxTokens = m_session.parameters.maxOutputTokens;
    const pipeline::TokenCostEstimate cost
        = pipeline::TokenCounter::estimateCost(*m_tokenCount, m_prices, maxTokens);
    if (cost.inputPico) {
        parts << tr("≈ $%1").arg(mantle::CostCalculator::formatAmount(*cost.inputPico));
        tip << tr("The cost is the input at %1 per million input tokens.")
                   .arg(QStringLiteral("$") + locale.toString(m_prices->inputPerMillion));
    } else {
        tip << tr("No price is known for this model, so no cost is shown (set one in File > "
                  "Models…).");
    }
    if (cost.withAnswerPico && maxTokens) {
        parts << tr("up to $%1 with the answer")
                     .arg(mantle::CostCalculator::formatAmount(*cost.withAnswerPico));
        tip << tr("With the answer: the input plus at most %1 output tokens (Max tokens) at %2 "
                  "per million output tokens; a shorter answer costs less.")
                   .arg(locale.toString(*maxTokens),
                        QStringLiteral("$") + locale.toString(m_prices->outputPerMillion));
    }
    m_tokenLabel->setText(parts.join(QStringLiteral(" · ")));
    m_tokenLabel->setToolTip(tip.join(QLatin1Char('\n')));
    m_tokenLabel->setVisible(true);
    Q_EMIT tokenCountShown();
}

void PlaygroundPage::showTokenCountError(const ::mantle::Error &error)
{
    if (!m_tokenLabel)
        return;
    m_tokenCount.reset();
    m_tokenLabel->setText(tr("≈ ? tokens"));
    m_tokenLabel->setToolTip(
        tr("The tokens could not be counted: %1").arg(error.toDisplayString()));
    m_tokenLabel->setVisible(true);
    Q_EMIT tokenCountShown();
}

void PlaygroundPage::hideTokenCount()
{
    if (!m_tokenCounter)
        return;
    m_tokenTimer->stop();
    ++m_tokenGeneration;
    m_tokenResolving = false;
    m_tokenCounter->cancel();
    m_tokenCount.reset();
    m_tokenCountStale = false;
    m_tokenLabel->setVisible(false);
    m_tokenLabel->clear();
    m_tokenLabel->setToolTip(QString());
}

} // namespace mantle::ui
