#pragma once

#include "mantle/apisurface.h"
#include "mantle/modelprices.h"
#include "sessions/session.h"

#include <QPointer>
#include <QWidget>

#include <optional>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QVBoxLayout;
class QTimer;
QT_END_NAMESPACE

namespace mantle::sessions {
class SessionRunner;
}
namespace mantle::pipeline {
class TokenCounter;
}

namespace mantle::ui {

class ChainView;
class ConversationView;
class CostView;
class ParametersPanel;
class SchemaEditor;
class ToolCallsPanel;
class ToolsEditor;
class PlaygroundServices;
struct ConversationItem;

/// One playground of one API surface (Chat Completions, Responses or Messages): the system
/// prompt, the conversation, the prompt box with Send and Stop, and the surface's parameters,
/// on one session. Send appends the prompt to the session and asks SessionRunner for the answer,
/// which streams into the view; the session is saved as it changes (and while an answer streams),
/// so nothing typed or received is lost.
///
/// It shows; it does not build requests or read answers (SessionRunner and mantle_core do), and
/// it does not choose the account, region or model (the window's pickers call setTarget()).
class PlaygroundPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaygroundPage)

public:
    PlaygroundPage(mantle::ApiSurface surface, PlaygroundServices &services,
                   QWidget *parent = nullptr);
    ~PlaygroundPage() override;

    mantle::ApiSurface surface() const { return m_surface; }

    /// Shows `session` (of this page's surface), replacing the one shown; the one shown is saved
    /// first. Refused while an answer streams.
    bool openSession(sessions::Session session);
    /// Starts an empty session with the current target and parameters.
    void newSession();
    const sessions::Session &session() const { return m_session; }

    /// Where the next answer is asked: the pickers' choice. `prices` prices the answers (none:
    /// unpriced); `reasoning` offers the reasoning controls.
    void setTarget(const QString &account, const QString &region, const QString &model,
                   std::optional<mantle::ModelPrices> prices, bool reasoning);

    /// Sends the prompt box's text (Ctrl+Enter).
    void send();
    /// Stops the answer; what arrived stays, marked stopped (Esc).
    void stop();
    bool isBusy() const;

    /// Replaces the text of entry `row` (a user or assistant entry) and saves.
    void editEntry(int row, const QString &text);
    /// Removes entry `row` and saves.
    void deleteEntry(int row);
    /// Keeps the conversation up to `row` (a user entry: up to and including it; an answer: up
    /// to before it) and asks for a new answer.
    void rerunFrom(int row);

    /// The split between conversation and parameters, for the window's remembered layout.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray &state);

    /// Saves the session now (atomically). The status says when it failed.
    bool saveNow();

    /// The tabs beside the conversation, in this order.
    enum class SidePage { Parameters, Tools, Schema, Chain, Cost };
    /// Shows that tab (building it first if needed).
    void showSidePage(SidePage page);
    /// The tools editor, schema editor and cost view, built on first use.
    ToolsEditor *toolsEditor();
    SchemaEditor *schemaEditor();
    ChainView *chainView();
    CostView *costView();
    /// The cards of the model's pending tool calls: null until the model first calls a tool,
    /// hidden while no call waits for results.
    ToolCallsPanel *toolCallsPanel() const { return m_toolCalls; }
    /// Notes in that session that this answer's stored response is gone (saved at once).
    void markStoredResponseGone(const QString &sessionId, const QString &entryId);
    /// Adds the tool results to the session and asks for the next answer.
    void sendToolResults(const QList<api::ConversationMessage> &results);

    ConversationView *conversation() const { return m_view; }
    ParametersPanel *parameters() const { return m_parameters; }
    QPlainTextEdit *promptEdit() const { return m_prompt; }
    QPlainTextEdit *instructionsEdit() const { return m_instructions; }
    /// The record of the selected answer (or of the one streaming), if any.
    std::optional<pipeline::RequestRecord> selectedRecord() const;
    /// A line for the status bar: the request state, time to first token, tokens per second
    /// and the session's cost so far.
    QString statusText() const { return m_status; }

    /// Messages only (null on the other surfaces): the estimate beside Send of what the request
    /// Send would send now costs, from Mantle's count_tokens
    /// ("≈ 1,234 input tokens · ≈ $0.003702").
    QLabel *tokenCountLabel() const { return m_tokenLabel; }
    /// How long after the last edit the tokens are counted (600 ms unless a test sets it).
    void setTokenCountDelay(int ms);
    /// True while a count waits for its delay, its account or its answer.
    bool isTokenCountPending() const;

Q_SIGNALS:
    void busyChanged(bool busy);
    void statusChanged(const QString &text);
    /// The session was saved (its title or entries may have changed: the sidebar refreshes).
    void sessionSaved(const QString &id);
    /// The inspector should show selectedRecord() again.
    void selectedRecordChanged();
    /// An answer ended (completed, stopped or failed).
    void answerFinished();
    /// The chain view asks to go on from an answer of a session (continue), or to branch off
    /// at it (fork): the window opens or creates the session.
    void continueFromRequested(const QString &sessionId, const QString &entryId);
    void forkRequested(const QString &sessionId, const QString &entryId);
    /// The token count label shows a new count or a failed one.
    void tokenCountShown();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildUi();
    void showSession();
    ConversationItem itemFor(const sessions::SessionEntry &entry) const;
    void startAnswer();
    void failBeforeSending(const QString &message);
    void onAnswerFinished(int row);
    void scheduleSave();
    void savePartialAnswer();
    void setStatus(const QString &text);
    QString costSummary() const;
    void updateButtons();
    void readParameters();
    void onEditRequested(int row);
    static QString sidePageTitle(SidePage page);
    QWidget *ensureSidePage(SidePage page);
    void applySessionToTools();
    void applySessionToSchema();
    void showStructuredOutput();
    void updateToolCalls();
    void refreshSidePages();
    void scheduleTokenCount();
    void startTokenCount();
    void showTokenCount();
    void showTokenCountError(const ::mantle::Error &error);
    void hideTokenCount();

    mantle::ApiSurface m_surface;
    PlaygroundServices &m_services;
    sessions::Session m_session;
    sessions::SessionRunner *m_runner;
    std::optional<mantle::ModelPrices> m_prices;
    QPlainTextEdit *m_instructions = nullptr;
    ConversationView *m_view = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_targetLabel = nullptr;
    ParametersPanel *m_parameters = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_sideTabs = nullptr;
    ToolsEditor *m_toolsEditor = nullptr;
    SchemaEditor *m_schemaEditor = nullptr;
    ChainView *m_chainView = nullptr;
    CostView *m_costView = nullptr;
    ToolCallsPanel *m_toolCalls = nullptr;
    QVBoxLayout *m_conversationLayout = nullptr;
    QTimer *m_saveTimer = nullptr;
    QTimer *m_streamSaveTimer = nullptr;
    QTimer *m_inspectorTimer = nullptr;
    QString m_status;
    bool m_loading = false;
    quint64 m_resolveGeneration = 0;
    // The pre-send token count (Messages only; null elsewhere).
    pipeline::TokenCounter *m_tokenCounter = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QTimer *m_tokenTimer = nullptr;
    quint64 m_tokenGeneration = 0;
    bool m_tokenResolving = false;
    bool m_tokenCountStale = false; ///< edited while hidden or busy: count later
    std::optional<qint64> m_tokenCount;
};

} // namespace mantle::ui
