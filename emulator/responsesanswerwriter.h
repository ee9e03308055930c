#pragma once

#include "answerplanner.h"
#include "emulatorexchange.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace mantle::emulator {

class IdGenerator;

/// Puts an AnswerPlan on the wire as OpenAI Responses does: the response object (in any of its
/// states: queued, in_progress, completed, incomplete, cancelled) and the event stream
/// (`response.created`, `response.in_progress`, per output item `output_item.added`, its content
/// part, text / reasoning_text / function_call_arguments deltas and done events,
/// `output_item.done`, then `response.completed` or `response.incomplete`), every event with
/// `type` and a `sequence_number` counting from 0.
///
/// Output items are a `reasoning` item (`rs_…`, with `reasoning_text` content) when the plan
/// reasons, a `message` (`msg_…`) when it has text, and one `function_call` (`fc_…`, `call_…`)
/// per tool call. The response echoes the request's settings (instructions, tools,
/// tool_choice, text, reasoning, temperature, …) as OpenAI's does.
class ResponsesAnswerWriter
{
public:
    struct Setup
    {
        QString id; ///< resp_…
        QString model;
        double createdAt = 0; ///< Unix seconds, with a fraction
        QString previousResponseId;
        bool store = true;
        bool background = false;
        QJsonObject request; ///< the create request's body
    };

    /// Gives the output items and tool calls their ids (`ids` is used only here).
    ResponsesAnswerWriter(AnswerPlan plan, Setup setup, IdGenerator &ids);

    /// The plan with its tool calls' call ids, as the conversation will remember it.
    const AnswerPlan &plan() const { return m_plan; }

    /// "completed", or "incomplete" when the output limit cut the answer.
    QString finalStatus() const;
    /// The response object with `status`: the full output and usage for the final status, an
    /// empty output and null usage for "queued", "in_progress" and "cancelled".
    QJsonObject response(const QString &status) const;
    /// The whole event stream of the answer (a background stream starts queued).
    QList<QByteArray> events() const;

private:
    QJsonObject usage() const;

    AnswerPlan m_plan;
    Setup m_setup;
    QString m_reasoningId;
    QString m_messageId;
    QList<QString> m_functionCallIds;
};

} // namespace mantle::emulator
