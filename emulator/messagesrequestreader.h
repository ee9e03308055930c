#pragma once

#include "common/result.h"
#include "conversation.h"

#include <QByteArrayView>
#include <QString>

namespace mantle::emulator {

/// A Messages (or count_tokens) request as the emulator needs it.
struct MessagesRequest
{
    QString model;
    Conversation conversation;
    bool stream = false;
};

/// Reads a `POST /anthropic/v1/messages` or `…/messages/count_tokens` body (Anthropic's
/// Messages request: system as text or blocks, messages with text, tool_use and tool_result
/// blocks, custom tools, tool_choice with disable_parallel_tool_use, thinking of type enabled
/// or adaptive, output_config.format, max_tokens, stop_sequences, stream). The same reader
/// serves both routes, so count_tokens counts exactly what a Messages call reports as
/// input_tokens. Errors are Mantle's 400 validation errors naming the field.
class MessagesRequestReader
{
public:
    enum class Route {
        Messages, ///< max_tokens is required
        CountTokens, ///< max_tokens is not read
    };
    static Result<MessagesRequest> read(QByteArrayView body, Route route);
};

} // namespace mantle::emulator
