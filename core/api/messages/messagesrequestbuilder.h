#pragma once

#include "api/requestspec.h"
#include "api/wirerequest.h"
#include "common/result.h"

namespace mantle::api::messages {

/// Turns a RequestSpec into an Anthropic Messages request: POST "messages" (or
/// "messages/count_tokens" for the count tokens surface) with `anthropic-version: 2023-06-01`
/// and a body in Anthropic's own field names (system, messages of content blocks text /
/// tool_use / tool_result, max_tokens, stop_sequences, tools with input_schema, tool_choice,
/// thinking and output_config).
///
/// Structured output: Messages has no response_format, so a spec's output schema becomes one
/// more tool, named after the schema, that the model is forced to call (tool_choice
/// {type: "tool"}); its arguments are the structured answer.
///
/// It sends no OpenAI field, and it does not send the request.
class MessagesRequestBuilder
{
public:
    /// Anthropic requires max_tokens; this is sent when the spec leaves it unset.
    static constexpr qint64 kDefaultMaxTokens = 4096;
    static constexpr char kAnthropicVersion[] = "2023-06-01";

    /// For the Messages and count tokens surfaces. Fails (InvalidInput, naming the field) for a
    /// spec that RequestSpec::validate() rejects, for tool call arguments that are not a JSON
    /// object, and for another surface.
    static Result<WireRequest> build(const RequestSpec &spec);
};

} // namespace mantle::api::messages
