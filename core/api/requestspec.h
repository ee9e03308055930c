#pragma once

#include "api/turn.h"
#include "common/result.h"
#include "mantle/apisurface.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace mantle::api {

/// Who speaks in one conversation message.
enum class MessageRole {
    User,
    Assistant, ///< the model's earlier answer: text and/or tool calls
    Tool, ///< the result of one tool call, sent back to the model
};

/// How hard a reasoning model thinks: Chat `reasoning_effort`, Responses `reasoning.effort`,
/// Messages `output_config.effort`.
enum class ReasoningEffort { Low, Medium, High };

/// One message of the conversation, in the surface-neutral shape all three surfaces are built
/// from. A user message has text; an assistant message has text and/or tool calls; a tool message
/// has the call id it answers, the result text and whether the tool failed.
struct ConversationMessage
{
    MessageRole role = MessageRole::User;
    QString text; ///< the message text; for a tool message, the tool's result
    QList<ToolCall> toolCalls; ///< assistant only: the calls the model made
    QString toolCallId; ///< tool only: the id of the call this result answers
    bool isError = false; ///< tool only: the tool failed and `text` says why

    bool operator==(const ConversationMessage &) const = default;
};

/// One function the model may call. `parameters` is the JSON schema of its arguments (an object
/// schema; empty means "no arguments").
struct ToolDefinition
{
    QString name;
    QString description;
    QJsonObject parameters;
    /// Chat/Responses `strict`; unset sends nothing (Responses then defaults to strict).
    std::optional<bool> strict;

    bool operator==(const ToolDefinition &) const = default;
};

/// Whether and which tool the model must call.
struct ToolChoice
{
    enum class Mode {
        Auto, ///< the model decides
        None, ///< no tool calls
        Required, ///< at least one tool call (Messages: "any")
        Function, ///< exactly the function named in `functionName`
    };
    Mode mode = Mode::Auto;
    QString functionName; ///< only for Mode::Function

    bool operator==(const ToolChoice &) const = default;
};

/// A JSON schema the answer must follow (structured output).
struct OutputSchema
{
    QString name;
    QJsonObject schema;
    bool strict = true;

    bool operator==(const OutputSchema &) const = default;
};

/// Sampling and length settings; unset values are not sent, so the server's defaults apply.
struct GenerationParameters
{
    std::optional<double> temperature;
    std::optional<double> topP;
    /// Chat max_completion_tokens, Responses max_output_tokens, Messages max_tokens.
    std::optional<qint64> maxOutputTokens;
    QStringList stopSequences; ///< Chat `stop`, Messages `stop_sequences`; not on Responses
    std::optional<qint64> seed; ///< Chat only
    std::optional<ReasoningEffort> reasoningEffort;
    /// Messages only: `thinking: {type: "adaptive"}` (FACTS.md, "Extended thinking for Claude on
    /// Mantle"); the depth comes from reasoningEffort (`output_config.effort`).
    bool adaptiveThinking = false;

    bool operator==(const GenerationParameters &) const = default;
};

/// Everything one model request says, independent of the surface's wire format: the value the
/// request builders (api/chat, api/responses, api/messages) turn into a WireRequest, that the
/// history saves and that `mantle --spec` reads.
///
/// Plain data, copyable, with a JSON form (toJson/fromJson; our own stable field names, not any
/// surface's). It is not validated on construction: the builders say what is wrong for their
/// surface. It holds no credentials (the account is only named).
struct RequestSpec
{
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;
    QString account; ///< the account's name in the app; never a secret
    QString region;
    QString model;
    QString instructions; ///< the system/developer prompt; empty for none
    QList<ConversationMessage> messages;
    GenerationParameters parameters;
    QList<ToolDefinition> tools;
    std::optional<ToolChoice> toolChoice; ///< unset: the surface's default
    std::optional<OutputSchema> outputSchema;
    QString previousResponseId; ///< Responses only
    std::optional<bool> store; ///< Responses only; unset sends nothing (the server stores)
    bool background = false; ///< Responses only
    bool stream = false;
    bool streamIncludeUsage = true; ///< Chat only, when streaming: stream_options.include_usage

    QJsonObject toJson() const;
    /// The inverse of toJson(). Missing optional fields keep their defaults; a field of the
    /// wrong type or with an unknown value is an InvalidInput error that names the field.
    static Result<RequestSpec> fromJson(const QJsonObject &json);

    /// Whether the spec can be sent on its own `surface`: a model, a conversation whose messages
    /// fit their roles, named tools with object schemas, a tool choice naming a defined tool, and
    /// no field the surface does not have (previous_response_id outside Responses, seed outside
    /// Chat, ...). The error names the field as toJson() spells it.
    Status validate() const;

    bool operator==(const RequestSpec &) const = default;
};

/// The JSON form of the parameters, exactly as RequestSpec::toJson() writes them under
/// "parameters" (sessions store them the same way). Unset values are left out.
QJsonObject generationParametersToJson(const GenerationParameters &parameters);
/// The inverse of generationParametersToJson(), with RequestSpec::fromJson()'s rules: missing
/// fields keep their defaults; a wrong type is an InvalidInput error naming the field under
/// `path` ("parameters.top_p").
Result<GenerationParameters> generationParametersFromJson(const QJsonObject &json,
                                                          const QString &path
                                                          = QStringLiteral("parameters"));

/// "user", "assistant", "tool".
QString messageRoleName(MessageRole role);
/// "low", "medium", "high".
QString reasoningEffortName(ReasoningEffort effort);
/// "auto", "none", "required", "function".
QString toolChoiceModeName(ToolChoice::Mode mode);

} // namespace mantle::api
