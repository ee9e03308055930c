#pragma once

#include "api/requestspec.h"
#include "api/wirerequest.h"
#include "common/result.h"

namespace mantle::api::responses {

/// Turns a RequestSpec into an OpenAI Responses request: POST "responses" with a body in
/// Responses' own field names (instructions, input items: messages, function_call and
/// function_call_output, max_output_tokens, reasoning, tools, text.format, previous_response_id,
/// store, background).
///
/// It sends no field of another surface, and it does not send, poll or cancel responses.
class ResponsesRequestBuilder
{
public:
    /// Fails (InvalidInput, naming the field) for a spec that RequestSpec::validate() rejects or
    /// whose surface is not Responses.
    static Result<WireRequest> build(const RequestSpec &spec);
};

} // namespace mantle::api::responses
