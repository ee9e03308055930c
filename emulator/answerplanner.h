#pragma once

#include "conversation.h"
#include "modelcatalogue.h"

#include <QList>
#include <QString>

namespace mantle::emulator {

/// What the emulated model answers, before any surface puts it on the wire.
struct AnswerPlan
{
    struct ToolCall
    {
        QString id; ///< set by the surface that writes the answer (call_…, toolu_…)
        QString name;
        QString arguments; ///< compact JSON text of an object
    };
    enum class Stop {
        EndTurn, ///< Chat "stop", Responses "completed", Messages "end_turn"
        ToolUse, ///< Chat "tool_calls", Messages "tool_use"
        MaxTokens, ///< Chat "length", Responses "incomplete", Messages "max_tokens"
        StopSequence, ///< Chat "stop", Messages "stop_sequence"
    };

    QString reasoning; ///< empty: no reasoning
    QString text;
    QList<ToolCall> toolCalls;
    Stop stop = Stop::EndTurn;
    QString stopSequence; ///< the stop sequence that ended the text (Stop::StopSequence)
    qint64 inputTokens = 0;
    qint64 outputTokens = 0; ///< reasoning, text and tool calls
    qint64 reasoningTokens = 0;
};

/// Decides the emulator's deterministic answer to a conversation, the same for every surface:
/// a short echo that quotes the last user message; what the user said earlier when asked
/// ("My name is Alex" … "What is my name?"); a tool call (several when several tools are named)
/// whose arguments satisfy the tool's schema when the prompt names a tool or tool_choice forces
/// one; after tool results, an answer that quotes them; JSON that satisfies the requested
/// schema; reasoning text when it was asked for or the model always reasons; the output cut at
/// the token limit (tool calls are kept whole or dropped) or before a stop sequence. Usage is
/// counted with SimpleTokenizer.
///
/// It knows nothing of wire formats, ids or time: the surfaces' writers do.
class AnswerPlanner
{
public:
    static AnswerPlan plan(const Conversation &conversation, const EmulatedModel &model);

    /// The prompt's tokens: system text, messages (one token per message for its role, plus its
    /// text, tool calls and results), tool definitions and the output schema. count_tokens
    /// answers this, and Messages reports it as input_tokens.
    static qint64 inputTokens(const Conversation &conversation);

    /// True when the answer carries reasoning: the model always reasons, or it can and the
    /// request asked.
    static bool reasons(const Conversation &conversation, const EmulatedModel &model);
};

} // namespace mantle::emulator
