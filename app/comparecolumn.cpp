#include "comparecolumn.h"

#include "conversationstyle.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace mantle::ui {

CompareColumn::CompareColumn(const compare::CompareTarget &target, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("compareColumn"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *header = new QHBoxLayout;
    m_title = new QLabel(target.label(), this);
    m_title->setObjectName(QStringLiteral("columnTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_status = new QLabel(stateText(m_state), this);
    m_status->setObjectName(QStringLiteral("columnStatus"));
    header->addWidget(m_title, 1);
    header->addWidget(m_status);
    layout->addLayout(header);

    m_reasoningToggle = new QToolButton(this);
    m_reasoningToggle->setObjectName(QStringLiteral("reasoningToggle"));
    m_reasoningToggle->setText(tr("Reasoning"));
    m_reasoningToggle->setCheckable(true);
    m_reasoningToggle->setChecked(false);
    m_reasoningToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_reasoningToggle->setArrowType(Qt::RightArrow);
    m_reasoningToggle->setAutoRaise(true);
    m_reasoningToggle->setVisible(false);
    layout->addWidget(m_reasoningToggle);

    m_reasoning = new QPlainTextEdit(this);
    m_reasoning->setObjectName(QStringLiteral("reasoningView"));
    m_reasoning->setReadOnly(true);
    m_reasoning->setAccessibleName(tr("Reasoning"));
    m_reasoning->setMaximumHeight(fontMetrics().lineSpacing() * 8);
    // The same colours as the conversation view: reasoning muted, errors in its error colour.
    const ConversationStyle style = ConversationStyle::fromWidget(*this);
    QPalette dimmed = m_reasoning->palette();
    dimmed.setColor(QPalette::Text, style.mutedColor());
    m_reasoning->setPalette(dimmed);
    m_reasoning->setVisible(false);
    layout->addWidget(m_reasoning);
    connect(m_reasoningToggle, &QToolButton::toggled, this, [this](bool open) {
        m_reasoningToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_reasoning->setVisible(open);
    });

    m_answer = new QPlainTextEdit(this);
    m_answer->setObjectName(QStringLiteral("answerView"));
    m_answer->setReadOnly(true);
    m_answer->setAccessibleName(tr("Answer of %1").arg(target.label()));
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(m_answer, 1);

    m_toolCalls = new QLabel(this);
    m_toolCalls->setObjectName(QStringLiteral("toolCallsLabel"));
    m_toolCalls->setWordWrap(true);
    m_toolCalls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_toolCalls->setVisible(false);
    layout->addWidget(m_toolCalls);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, style.errorColor());
    m_error->setPalette(errorPalette);
    m_error->setVisible(false);
    layout->addWidget(m_error);

    m_continue = new QPushButton(tr("Continue with This"), this);
    m_continue->setObjectName(QStringLiteral("continueButton"));
    m_continue->setToolTip(tr("Open a new session with this target, the prompt and this answer"));
    m_continue->setEnabled(false);
    layout->addWidget(m_continue);
    connect(m_continue, &QPushButton::clicked, this, &CompareColumn::continueRequested);
}

CompareColumn::~CompareColumn() = default;

QString CompareColumn::stateText(State state)
{
    switch (state) {
    case State::Waiting:
        return tr("waiting");
    case State::Streaming:
        return tr("streaming");
    case State::Done:
        return tr("done");
    case State::Stopped:
        return tr("stopped");
    case State::Failed:
        return tr("error");
    }
    return {};
}

void CompareColumn::appendNew(QPlainTextEdit *view, QString &shown, const QString &text)
{
    if (text == shown)
        return;
    if (!text.startsWith(shown)) {
        // Not a continuation (a new run): show it whole.
        view->setPlainText(text);
        shown = text;
        return;
    }
    QTextCursor cursor(view->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text.mid(shown.size()));
    shown = text;
}

void CompareColumn::setResult(const compare::CompareResult &result)
{
    appendNew(m_answer, m_shownText, result.turn.text);
    appendNew(m_reasoning, m_shownReasoning, result.turn.reasoning);
    m_reasoningToggle->setVisible(!result.turn.reasoning.isEmpty());

    QStringList calls;
    for (const api::ToolCall &call : result.turn.toolCalls)
        calls << tr("Tool call: %1(%2)").arg(call.name, call.arguments);
    m_toolCalls->setText(calls.join(QLatin1Char('\n')));
    m_toolCalls->setVisible(!calls.isEmpty());

    const QString error = result.finished ? result.errorText() : QString();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());

    const bool cancelled = (result.failure && result.failure->kind == Error::Kind::Cancelled)
        || (result.turn.error && result.turn.error->type == QLatin1String(api::kCancelledError));
    if (!result.finished)
        m_state = result.started ? State::Streaming : State::Waiting;
    else if (result.succeeded())
        m_state = State::Done;
    else if (cancelled)
        m_state = State::Stopped;
    else
        m_state = State::Failed;
    m_status->setText(stateText(m_state));
    m_continue->setEnabled(result.finished
                           && (!result.turn.text.isEmpty() || !result.turn.toolCalls.isEmpty()));
}

QString CompareColumn::answerText() const
{
    return m_answer->toPlainText();
}

QString CompareColumn::reasoningText() const
{
    return m_reasoning->toPlainText();
}

QString CompareColumn::errorText() const
{
    return m_error->text();
}

QScrollBar *CompareColumn::scrollBar() const
{
    return m_answer->verticalScrollBar();
}

void CompareColumn::setContinueEnabled(bool enabled)
{
    m_continue->setEnabled(enabled);
}

} // namespace mantle::ui
