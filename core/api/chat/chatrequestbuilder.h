#pragma once

#include "api/requestspec.h"
#include "api/wirerequest.h"
#include "common/result.h"

namespace mantle::api::chat {

/// Turns a RequestSpec into an OpenAI Chat Completions request: POST "chat/completions" with a
/// body in Chat's own field names (messages with the system prompt first, tool calls and tool
/// messages, max_completion_tokens, tools, tool_choice, response_format, stream_options).
///
/// It sends no field of another surface, and it does not send the request.
class ChatRequestBuilder
{
public:
    /// Fails (InvalidInput, naming the field) for a spec that RequestSpec::validate() rejects or
    /// whose surface is not Chat Completions.
    static Result<WireRequest> build(const RequestSpec &spec);
};

} // namespace mantle::api::chat
