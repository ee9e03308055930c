#pragma once

#include "api/requestspec.h"
#include "api/turn.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

namespace mantle::ui {

class JsonHighlighter;

/// The tool calls of the last answer, as cards to answer: for each call the tool's name, the
/// call id, the arguments pretty-printed with whether they are JSON and whether they satisfy the
/// tool's parameter schema, a result field (prefilled with the tool's canned result) and an
/// "error" box. "Send results" answers all calls together (parallel calls are answered in one
/// go) once each has a result.
///
/// It only collects the results: resultsSubmitted() hands them over as Tool messages, and the
/// playground appends them to the session and continues the turn (the request builders give
/// them each surface's shape). It does not run tools.
class ToolCallsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolCallsPanel)

public:
    explicit ToolCallsPanel(QWidget *parent = nullptr);
    ~ToolCallsPanel() override;

    /// Shows `calls` as cards; `tools` are the request's tools (for the schema check), `canned`
    /// the canned results by tool name (prefilled).
    void setCalls(const QList<api::ToolCall> &calls, const QList<api::ToolDefinition> &tools,
                  const QHash<QString, QString> &canned);
    /// Removes every card.
    void clear();

    int callCount() const { return int(m_cards.size()); }
    /// The result text and error flag of the call at `index` (as if typed).
    void setResult(int index, const QString &text, bool isError = false);
    QString result(int index) const;
    /// What the card at `index` says about the arguments (JSON validity, schema check).
    QString argumentsCheck(int index) const;
    /// Whether the arguments of the call at `index` are JSON and satisfy the tool's schema.
    bool argumentsValid(int index) const;
    /// Whether every call has a result, so "Send results" is enabled.
    bool canSend() const;

public Q_SLOTS:
    /// Fills every empty result with its tool's canned result.
    void fillCannedResults();
    /// Emits resultsSubmitted() when every call has a result, then clears the panel (so the
    /// same results are not sent twice).
    void sendResults();

Q_SIGNALS:
    /// One Tool message per call, in the order of the calls: role Tool, toolCallId, the result
    /// text and isError.
    void resultsSubmitted(const QList<api::ConversationMessage> &toolMessages);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Card
    {
        api::ToolCall call;
        QString canned;
        bool argumentsValid = false;
        QWidget *frame = nullptr;
        QLabel *check = nullptr;
        QPlainTextEdit *result = nullptr;
        QCheckBox *isError = nullptr;
        JsonHighlighter *highlighter = nullptr;
    };

    void addCard(const api::ToolCall &call, const api::ToolDefinition *tool, const QString &canned);
    void updateButtons();

    QList<Card> m_cards;
    QLabel *m_summary = nullptr;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_cardsHost = nullptr;
    QVBoxLayout *m_cardsLayout = nullptr;
    QPushButton *m_fillCanned = nullptr;
    QPushButton *m_send = nullptr;
};

} // namespace mantle::ui
