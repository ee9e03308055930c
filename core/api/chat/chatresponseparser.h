#pragma once

#include "api/turn.h"
#include "common/result.h"

#include <QByteArrayView>
#include <QJsonObject>

namespace mantle::api::chat {

/// Reads a non-streamed Chat Completions answer: a `chat.completion` body (choice 0's message,
/// finish_reason, usage, id, model) or an OpenAI error envelope, into the same Turn a stream
/// gives. A body that is not a JSON object is a Parse error; anything else is read leniently.
class ChatResponseParser
{
public:
    static Result<Turn> parse(QByteArrayView body);

    /// Chat's usage object (`prompt_tokens`, `completion_tokens`, `prompt_tokens_details.
    /// cached_tokens`, `completion_tokens_details.reasoning_tokens`) in the neutral shape.
    static Usage usageFromJson(const QJsonObject &usage);
};

} // namespace mantle::api::chat
