#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::emulator {

/// A request to one of the model surfaces, read into the shape the AnswerPlanner decides from:
/// the system text, the messages (with tool calls and tool results), the tools offered, the
/// tool choice, the output schema, whether reasoning was asked for and the output limit.
///
/// Plain data, filled by the surfaces' request readers; nothing here is wire format.
struct Conversation
{
    enum class Role { User, Assistant, Tool };

    struct ToolCall
    {
        QString id;
        QString name;
        QString arguments; ///< JSON text
    };

    struct Message
    {
        Role role = Role::User;
        QString text;
        QList<ToolCall> toolCalls; ///< an assistant's calls
        QString toolCallId; ///< a tool result: the call it answers
    };

    struct Tool
    {
        QString name;
        QString description;
        QJsonObject parameters; ///< the JSON Schema of its arguments
    };

    enum class ToolChoice {
        Auto, ///< call a tool when the prompt names it
        None, ///< never call a tool
        Required, ///< call at least one (Chat/Responses "required", Messages "any")
        Function, ///< call `forcedTool`
    };

    QString system;
    QList<Message> messages;
    QList<Tool> tools;
    ToolChoice toolChoice = ToolChoice::Auto;
    QString forcedTool;
    bool parallelToolCalls = true;
    /// The JSON Schema the answer text must satisfy (Chat response_format json_schema,
    /// Responses text.format, Messages output_config.format).
    std::optional<QJsonObject> outputSchema;
    bool jsonObject = false; ///< "json_object" mode: any JSON object
    bool reasoningRequested = false;
    std::optional<qint64> maxOutputTokens;
    QStringList stopSequences;
};

} // namespace mantle::emulator
