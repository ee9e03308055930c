#pragma once

// Internal to mantle_core (simdjson is linked PRIVATE): include only from core .cpp files.

#include "api/jsonvaluereader.h"

#include <optional>
#include <string_view>
#include <vector>

namespace mantle::api::messages {

/// Reads the two object shapes that the Messages stream and the Messages body share, a message
/// and a content block, into views (valid until the parser's next document). Used by
/// MessagesStreamAccumulator (`message_start`, `content_block_start`) and MessagesResponseParser
/// (the whole body), so that both read them alike. It applies nothing.
class MessageJsonReader
{
public:
    struct Block
    {
        std::string_view type; ///< "text", "thinking", "tool_use", "redacted_thinking", ...
        std::string_view text;
        std::string_view thinking;
        std::string_view id;
        std::string_view name;
        std::string_view input; ///< JSON text of a tool_use block's input
    };

    struct Message
    {
        std::string_view type; ///< "message", or "error" for the error envelope
        std::string_view id;
        std::string_view model;
        std::string_view stopReason;
        std::string_view usage; ///< JSON text
        bool hasError = false;
        std::string_view errorType;
        std::string_view errorMessage;
    };

    /// A message object; its content blocks are appended to `blocks`.
    static simdjson::error_code readMessage(JsonValueReader::Value &value, Message &message,
                                            std::vector<Block> &blocks);
    /// The fields of a message object, one at a time (for a message that is the root document).
    static simdjson::error_code readMessageField(JsonValueReader::Key key,
                                                 JsonValueReader::Value &value, Message &message,
                                                 std::vector<Block> &blocks);
    static simdjson::error_code readBlock(JsonValueReader::Value &value, Block &block);
    /// An error object `{"type","message"}`; `present` is set when it is an object.
    static simdjson::error_code readError(JsonValueReader::Value &value, bool &present,
                                          std::string_view &type, std::string_view &message);
};

} // namespace mantle::api::messages
