#pragma once

#include "common/result.h"
#include "conversation.h"

#include <QByteArrayView>
#include <QString>

namespace mantle::emulator {

/// A Chat Completions request as the emulator needs it.
struct ChatRequest
{
    QString model;
    Conversation conversation;
    bool stream = false;
    bool includeUsage = false; ///< stream_options.include_usage
};

/// Reads a `POST {prefix}/chat/completions` body (OpenAI's Chat Completions request: messages
/// with string or part contents, assistant tool_calls, tool results, tools, tool_choice,
/// parallel_tool_calls, response_format, reasoning_effort, max_completion_tokens or max_tokens,
/// stop, stream and stream_options). Errors are Mantle's 400 validation errors naming the
/// field. It does not check the model (MantleService does).
class ChatRequestReader
{
public:
    static Result<ChatRequest> read(QByteArrayView body);
};

} // namespace mantle::emulator
