#pragma once

#include "common/result.h"
#include "conversation.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace mantle::emulator {

/// A Responses create request as the emulator needs it.
struct ResponsesRequest
{
    QString model;
    /// The request's own input (a stored conversation named by previousResponseId is not in it:
    /// the service prepends that). `system` holds instructions and system/developer items.
    Conversation conversation;
    QString previousResponseId;
    bool stream = false;
    bool store = true; ///< the Responses default
    bool background = false;
    QJsonObject body; ///< the request as sent: the response object echoes some of its fields
};

/// Reads a `POST {prefix}/responses` body (OpenAI's Responses create request: `input` as a
/// string or a list of message, function_call and function_call_output items, instructions,
/// function tools, tool_choice, parallel_tool_calls, text.format, reasoning.effort,
/// max_output_tokens, previous_response_id, store, background, stream). Errors are Mantle's
/// 400 validation errors naming the field. It does not check the model or look up stored
/// responses (MantleService does).
class ResponsesRequestReader
{
public:
    static Result<ResponsesRequest> read(QByteArrayView body);
};

} // namespace mantle::emulator
