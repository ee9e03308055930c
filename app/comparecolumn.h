#pragma once

#include "compare/comparerun.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollBar;
class QToolButton;
QT_END_NAMESPACE

namespace mantle::ui {

/// One column of the compare window: the target's label and state (waiting, streaming, done,
/// error) over a read-only view into which the answer streams, the reasoning in a collapsible,
/// dimmed section, the tool calls the model made, the error when there was one, and a
/// "Continue with this" button.
///
/// It shows one CompareResult; it runs nothing (CompareRun does) and it never reformats what
/// came: new text is appended, the rest is left as it is.
class CompareColumn final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareColumn)

public:
    enum class State { Waiting, Streaming, Done, Stopped, Failed };

    explicit CompareColumn(const ::mantle::compare::CompareTarget &target,
                           QWidget *parent = nullptr);
    ~CompareColumn() override;

    /// Shows `result`: appends the text and reasoning that are new since the last call.
    void setResult(const ::mantle::compare::CompareResult &result);
    State state() const { return m_state; }
    /// The translated name of `state`, as the header shows it.
    static QString stateText(State state);

    QString answerText() const;
    QString reasoningText() const;
    QString errorText() const;
    QPlainTextEdit *answerView() const { return m_answer; }
    QScrollBar *scrollBar() const;
    /// Shows "Continue with this" only when `enabled` (a finished answer).
    void setContinueEnabled(bool enabled);

Q_SIGNALS:
    /// The user chose this column's answer to go on with in a session.
    void continueRequested();

private:
    static void appendNew(QPlainTextEdit *view, QString &shown, const QString &text);

    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_continue = nullptr;
    QToolButton *m_reasoningToggle = nullptr;
    QPlainTextEdit *m_reasoning = nullptr;
    QPlainTextEdit *m_answer = nullptr;
    QLabel *m_toolCalls = nullptr;
    QLabel *m_error = nullptr;
    QString m_shownText;
    QString m_shownReasoning;
    State m_state = State::Waiting;
};

} // namespace mantle::ui
