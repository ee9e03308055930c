#pragma once

#include "answerplanner.h"
#include "emulatorexchange.h"

#include <QJsonObject>
#include <QString>

namespace mantle::emulator {

/// Puts an AnswerPlan on the wire as Anthropic Messages does: a `message` body, or the stream
/// `message_start`, per content block `content_block_start` / deltas / `content_block_stop`
/// (`thinking_delta` then `signature_delta` for a thinking block, `text_delta`, and
/// `input_json_delta` fragments for a tool_use block), a `ping`, `message_delta` with the stop
/// reason and usage, and `message_stop`.
///
/// It decides nothing about the answer and keeps no state.
class MessagesAnswerWriter
{
public:
    struct Identity
    {
        QString id; ///< msg_…
        QString model;
        QString signature; ///< the thinking block's signature
    };

    /// The plan's tool calls must carry their ids (toolu_…).
    static EmulatorReply body(const AnswerPlan &plan, const Identity &identity);
    static EmulatorReply stream(const AnswerPlan &plan, const Identity &identity);

    static QString stopReason(AnswerPlan::Stop stop);
    static QJsonObject usage(const AnswerPlan &plan);
};

} // namespace mantle::emulator
