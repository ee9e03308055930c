#pragma once

#include "turn.h"

#include <QJsonObject>

#include <optional>

namespace mantle::api {

/// Reads the error bodies the surfaces answer with into a TurnError: OpenAI's envelope
/// `{"error":{"code","message","type","param"}}` (Chat Completions and Responses) and Anthropic's
/// `{"type":"error","error":{"type","message"}}` (Messages).
///
/// It only names the error as the server did; what the user should do about it is the business
/// of the error classification that sits on top (HTTP status, route, IAM action).
class ErrorEnvelope
{
public:
    /// The error an answer body carries, or nothing when the body is not an error envelope.
    static std::optional<TurnError> fromBody(const QJsonObject &body);

    /// One OpenAI error object's fields as a TurnError: the type is `type`, or `code` when there
    /// is no type, or "error"; `code` is kept when it says something else.
    static TurnError openAiError(const QString &type, const QString &code, const QString &message);

    /// An error object (`{"type","code","message"}`, any of them missing) as openAiError() reads
    /// it.
    static TurnError fromErrorObject(const QJsonObject &error);
};

} // namespace mantle::api
