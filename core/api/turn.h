#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace mantle::api {

/// One tool call the model asked for, in the surface-neutral shape.
struct ToolCall
{
    QString id; ///< Chat's call id, Responses' call_id (not the item id), Messages' tool_use id
    QString name;
    QString arguments; ///< the argument text exactly as the model produced it (JSON text)

    bool operator==(const ToolCall &) const = default;
};

/// Token counts of one turn, as the surface reported them.
struct Usage
{
    qint64 inputTokens = 0; ///< Chat prompt_tokens, Responses/Messages input_tokens
    qint64 outputTokens = 0; ///< Chat completion_tokens, Responses/Messages output_tokens
    /// Input tokens read from the prompt cache (Chat/Responses cached_tokens, Messages
    /// cache_read_input_tokens), when given.
    std::optional<qint64> cachedInputTokens;
    /// Input tokens written to the prompt cache (Messages cache_creation_input_tokens).
    std::optional<qint64> cacheCreationInputTokens;
    /// Output tokens spent on reasoning (Chat/Responses reasoning_tokens), when given.
    std::optional<qint64> reasoningTokens;
    QJsonObject raw; ///< the usage object as the surface sent it (merged over a stream)

    bool operator==(const Usage &) const = default;
};

/// An error the server reported in the answer, or that the stream itself showed (cut short,
/// unreadable event). `type` is the surface's own error type (or code), so it can be matched.
struct TurnError
{
    QString type; ///< e.g. "overloaded_error", "server_error", or one of the kinds below
    QString message; ///< as the server sent it, or our own (translated) sentence
    QString code; ///< the OpenAI envelope's `code` when it differs from `type`; may be empty

    bool operator==(const TurnError &) const = default;
};

/// The stream ended before its terminal marker (Chat: no finish_reason; Responses: no
/// completed/incomplete/failed; Messages: no message_stop).
inline constexpr char kIncompleteStreamError[] = "incomplete_stream";
/// The user (or the program) stopped the answer while it was streaming; what came is kept.
inline constexpr char kCancelledError[] = "cancelled";
/// An event's data could not be read as JSON; the event was skipped.
inline constexpr char kInvalidEventError[] = "invalid_event";
/// The event stream itself could not be read (e.g. a line over the parser's size limit).
inline constexpr char kStreamError[] = "stream_error";

/// The final (or, while streaming, the current) state of one model answer: the value type that
/// the accumulators and body parsers of every surface produce and that the app, the CLI and the
/// history read.
///
/// Plain data with a JSON form: toReplayJson() is the `mantle replay` shape that scripts rely on
/// (ARCHITECTURE.md, "Stable interfaces"). It knows nothing of how it was parsed.
struct Turn
{
    QString text; ///< all answer text in stream order
    QString reasoning; ///< reasoning text; empty when there was none (null in JSON)
    QList<ToolCall> toolCalls;
    std::optional<Usage> usage;
    QString stopReason; ///< the surface's own value ("stop", "completed", "end_turn"); may be empty
    QString responseId;
    QString model;
    std::optional<TurnError> error;

    /// `{text, reasoning, tool_calls:[{id,name,arguments}], usage:{input_tokens, output_tokens,
    /// ...}, stop_reason, response_id, error}` with null where absent. Usage also carries
    /// cached_input_tokens, cache_creation_input_tokens, reasoning_tokens (when known) and raw.
    QJsonObject toReplayJson() const;
    /// The inverse of toReplayJson() (lenient: missing keys stay empty). `model` is not part of
    /// the replay shape and stays empty.
    static Turn fromReplayJson(const QJsonObject &json);

    bool operator==(const Turn &) const = default;
};

} // namespace mantle::api
