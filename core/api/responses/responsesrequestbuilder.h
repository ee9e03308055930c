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
/// Also the calls on a stored response: retrieve (GET "responses/{id}"), remove (DELETE) and
/// cancel (POST "responses/{id}/cancel"). It sends no field of another surface, and it does not
/// send or poll anything itself.
class ResponsesRequestBuilder
{
public:
    /// Fails (InvalidInput, naming the field) for a spec that RequestSpec::validate() rejects or
    /// whose surface is not Responses.
    static Result<WireRequest> build(const RequestSpec &spec);

    /// GET responses/{id}: the stored response (and, for a background one, its status now).
    static Result<WireRequest> retrieve(const QString &responseId);
    /// DELETE responses/{id}.
    static Result<WireRequest> remove(const QString &responseId);
    /// POST responses/{id}/cancel: stops a background response that has not finished.
    static Result<WireRequest> cancel(const QString &responseId);
};

} // namespace mantle::api::responses
