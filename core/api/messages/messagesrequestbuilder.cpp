#include "messagesrequestbuilder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace mantle::api::messages {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::messages::MessagesRequestBuilder)
};

/// Messages carries tool input as a JSON object, where the spec (like Chat and Responses) keeps
/// the argument text; empty text means no arguments.
Result<QJsonObject> toolInput(const ToolCall &call, qsizetype messageIndex, qsizetype callIndex)
{
    if (call.arguments.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(call.arguments.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return makeError(
            Error::Kind::InvalidInput,
            Tr::tr("The request field \"%1\" is invalid: the arguments of a Claude tool call must "
                   "be a JSON object.")
                .arg(QStringLiteral("messages[%1].tool_calls[%2].arguments")
                         .arg(messageIndex)
                         .arg(callIndex)));
    }
    return document.object();
}

/// Appends content blocks under `role`; consecutive messages of the same wire role become one
/// message (tool results are user content, and Anthropic wants all results of one assistant turn
/// in the next user message, before any text).
void appendBlocks(QJsonArray &messages, const QString &role, const QJsonArray &blocks)
{
    if (!messages.isEmpty()) {
        QJsonObject last = messages.last().toObject();
        if (last.value(QLatin1String("role")).toString() == role) {
            QJsonArray content = last.value(QLatin1String("content")).toArray();
            for (const QJsonValue &block : blocks)
                content.append(block);
            last.insert(QStringLiteral("content"), content);
            messages.replace(messages.size() - 1, last);
            return;
        }
    }
    messages.append(
        QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), blocks}});
}

QJsonObject textBlock(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

Result<QJsonArray> messagesJson(const QList<ConversationMessage> &conversation)
{
    QJsonArray messages;
    for (qsizetype i = 0; i < conversation.size(); ++i) {
        const ConversationMessage &message = conversation.at(i);
        switch (message.role) {
        case MessageRole::User:
            appendBlocks(messages, QStringLiteral("user"), {textBlock(message.text)});
            break;
        case MessageRole::Assistant: {
            QJsonArray blocks;
            if (!message.text.isEmpty())
                blocks.append(textBlock(message.text));
            for (qsizetype c = 0; c < message.toolCalls.size(); ++c) {
                const ToolCall &call = message.toolCalls.at(c);
                auto input = toolInput(call, i, c);
                if (!input)
                    return input.error();
                blocks.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                          {QStringLiteral("id"), call.id},
                                          {QStringLiteral("name"), call.name},
                                          {QStringLiteral("input"), *input}});
            }
            appendBlocks(messages, QStringLiteral("assistant"), blocks);
            break;
        }
        case MessageRole::Tool: {
            QJsonObject block{{QStringLiteral("type"), QStringLiteral("tool_result")},
                              {QStringLiteral("tool_use_id"), message.toolCallId},
                              {QStringLiteral("content"), message.text}};
            if (message.isError)
                block.insert(QStringLiteral("is_error"), true);
            appendBlocks(messages, QStringLiteral("user"), {block});
            break;
        }
        }
    }
    return messages;
}

QJsonObject toolJson(const QString &name, const QString &description, const QJsonObject &schema)
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("input_schema"),
                      schema.isEmpty()
                          ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                        {QStringLiteral("properties"), QJsonObject()}}
                          : schema}};
    if (!description.isEmpty())
        json.insert(QStringLiteral("description"), description);
    return json;
}

QJsonObject toolChoiceJson(const ToolChoice &choice)
{
    switch (choice.mode) {
    case ToolChoice::Mode::Auto:
        return {{QStringLiteral("type"), QStringLiteral("auto")}};
    case ToolChoice::Mode::None:
        return {{QStringLiteral("type"), QStringLiteral("none")}};
    case ToolChoice::Mode::Required:
        return {{QStringLiteral("type"), QStringLiteral("any")}};
    case ToolChoice::Mode::Function:
        return {{QStringLiteral("type"), QStringLiteral("tool")},
                {QStringLiteral("name"), choice.functionName}};
    }
    return {};
}

} // namespace

Result<WireRequest> MessagesRequestBuilder::build(const RequestSpec &spec)
{
    const bool countTokens = spec.surface == mantle::ApiSurface::CountTokens;
    if (spec.surface != mantle::ApiSurface::Messages && !countTokens) {
        return makeError(Error::Kind::Internal,
                         Tr::tr("A %1 request cannot be built as a Messages request.")
                             .arg(mantle::apiSurfaceDisplayName(spec.surface)));
    }
    if (Status status = spec.validate(); !status)
        return status.error();

    auto messages = messagesJson(spec.messages);
    if (!messages)
        return messages.error();

    QJsonObject body{{QStringLiteral("model"), spec.model},
                     {QStringLiteral("messages"), *messages}};
    if (!spec.instructions.isEmpty())
        body.insert(QStringLiteral("system"), spec.instructions);

    QJsonArray tools;
    for (const ToolDefinition &tool : spec.tools)
        tools.append(toolJson(tool.name, tool.description, tool.parameters));
    std::optional<ToolChoice> toolChoice = spec.toolChoice;
    if (spec.outputSchema) {
        // Structured output through a forced tool: the model must call it, and its input is
        // the answer. The description is for the model, not for people.
        tools.append(toolJson(spec.outputSchema->name,
                              QStringLiteral("Give the final answer by calling this tool; its "
                                             "input is the answer."),
                              spec.outputSchema->schema));
        toolChoice = ToolChoice{ToolChoice::Mode::Function, spec.outputSchema->name};
    }
    if (!tools.isEmpty())
        body.insert(QStringLiteral("tools"), tools);
    if (toolChoice)
        body.insert(QStringLiteral("tool_choice"), toolChoiceJson(*toolChoice));

    const GenerationParameters &p = spec.parameters;
    // FACTS.md, "Extended thinking for Claude on Mantle": adaptive thinking, with the depth in
    // output_config.effort, instead of type "enabled" with budget_tokens.
    if (p.adaptiveThinking)
        body.insert(QStringLiteral("thinking"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("adaptive")}});
    if (p.reasoningEffort) {
        body.insert(
            QStringLiteral("output_config"),
            QJsonObject{{QStringLiteral("effort"), reasoningEffortName(*p.reasoningEffort)}});
    }

    if (countTokens) {
        // count_tokens takes the prompt only (model, system, messages, tools, tool_choice,
        // thinking): sampling and length settings do not change the count and are not sent.
        body.remove(QStringLiteral("output_config"));
        WireRequest request = WireRequest::postJson(
            spec.surface, QStringLiteral("messages/count_tokens"), body, false);
        request.headers.append({QByteArrayLiteral("anthropic-version"), kAnthropicVersion});
        return request;
    }

    // Anthropic requires max_tokens on every Messages request; without one in the spec we send
    // kDefaultMaxTokens.
    body.insert(QStringLiteral("max_tokens"), p.maxOutputTokens.value_or(kDefaultMaxTokens));
    if (p.temperature)
        body.insert(QStringLiteral("temperature"), *p.temperature);
    if (p.topP)
        body.insert(QStringLiteral("top_p"), *p.topP);
    if (!p.stopSequences.isEmpty())
        body.insert(QStringLiteral("stop_sequences"), QJsonArray::fromStringList(p.stopSequences));
    body.insert(QStringLiteral("stream"), spec.stream);

    WireRequest request
        = WireRequest::postJson(spec.surface, QStringLiteral("messages"), body, spec.stream);
    request.headers.append({QByteArrayLiteral("anthropic-version"), kAnthropicVersion});
    return request;
}

} // namespace mantle::api::messages
