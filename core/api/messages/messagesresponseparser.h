#pragma once

#include "api/turn.h"
#include "common/result.h"

#include <QByteArrayView>
#include <QJsonObject>

#include <string_view>

namespace mantle::api::messages {

/// Reads a non-streamed Anthropic Messages answer: a `message` body (text, thinking and tool_use
/// blocks, stop_reason, usage) or the Anthropic error envelope, into the same Turn a stream
/// gives. A body that is not a JSON object is a Parse error; anything else is read leniently.
///
/// It reads with simdjson rather than QJsonDocument so that a tool call's `input` keeps the
/// order of its keys as the model wrote them.
class MessagesResponseParser
{
public:
    static Result<Turn> parse(QByteArrayView body);

    /// The Messages usage object (`input_tokens`, `output_tokens`, `cache_read_input_tokens`,
    /// `cache_creation_input_tokens`) in the neutral shape.
    static Usage usageFromJson(const QJsonObject &usage);

    /// A tool_use block's `input` (its JSON text) as the call's arguments: compact, and "{}"
    /// when there is none.
    static QString toolInputArguments(std::string_view inputJson);
};

} // namespace mantle::api::messages
