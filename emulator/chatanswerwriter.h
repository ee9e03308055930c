#pragma once

#include "answerplanner.h"
#include "emulatorexchange.h"

#include <QJsonObject>
#include <QString>

namespace mantle::emulator {

/// Puts an AnswerPlan on the wire as OpenAI Chat Completions does: a `chat.completion` body, or
/// a stream of `chat.completion.chunk`s (role first; reasoning in `delta.reasoning_content`;
/// text in deltas of about a word; each tool call as a chunk with its id, type and name followed
/// by argument fragments; a finish chunk; with `include_usage`, `usage: null` on every chunk
/// and a usage-only chunk with empty `choices`; then `data: [DONE]`).
///
/// It decides nothing about the answer (AnswerPlanner does) and keeps no state.
class ChatAnswerWriter
{
public:
    struct Identity
    {
        QString id; ///< chatcmpl-…
        QString model;
        qint64 created = 0; ///< Unix seconds
    };

    /// The plan's tool calls must carry their ids.
    static EmulatorReply body(const AnswerPlan &plan, const Identity &identity);
    static EmulatorReply stream(const AnswerPlan &plan, const Identity &identity,
                                bool includeUsage);

    static QString finishReason(AnswerPlan::Stop stop);
    static QJsonObject usage(const AnswerPlan &plan);
};

} // namespace mantle::emulator
