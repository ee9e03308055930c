#include "chatrequestbuilder.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace mantle::api::chat {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::chat::ChatRequestBuilder)
};

QJsonObject functionSchema(const QJsonObject &parameters)
{
    if (!parameters.isEmpty())
        return parameters;
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), QJsonObject()}};
}

QJsonObject messageJson(const ConversationMessage &message)
{
    switch (message.role) {
    case MessageRole::User:
        return {{QStringLiteral("role"), QStringLiteral("user")},
                {QStringLiteral("content"), message.text}};
    case MessageRole::Assistant: {
        QJsonObject json{{QStringLiteral("role"), QStringLiteral("assistant")}};
        // content may be null when the assistant only called tools.
        json.insert(QStringLiteral("content"),
                    message.text.isEmpty() ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(message.text));
        if (!message.toolCalls.isEmpty()) {
            QJsonArray calls;
            for (const ToolCall &call : message.toolCalls) {
                calls.append(
                    QJsonObject{{QStringLiteral("id"), call.id},
                                {QStringLiteral("type"), QStringLiteral("function")},
                                {QStringLiteral("function"),
                                 QJsonObject{{QStringLiteral("name"), call.name},
                                             {QStringLiteral("arguments"), call.arguments}}}});
            }
            json.insert(QStringLiteral("tool_calls"), calls);
        }
        return json;
    }
    case MessageRole::Tool:
        // Chat has no error flag on tool results: a failed tool says so in its content.
        return {{QStringLiteral("role"), QStringLiteral("tool")},
                {QStringLiteral("tool_call_id"), message.toolCallId},
                {QStringLiteral("content"), message.text}};
    }
    return {};
}

QJsonValue toolChoiceJson(const ToolChoice &choice)
{
    if (choice.mode == ToolChoice::Mode::Function) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                           {QStringLiteral("function"),
                            QJsonObject{{QStringLiteral("name"), choice.functionName}}}};
    }
    return toolChoiceModeName(choice.mode);
}

} // namespace

Result<WireRequest> ChatRequestBuilder::build(const RequestSpec &spec)
{
    if (spec.surface != mantle::ApiSurface::ChatCompletions) {
        return makeError(Error::Kind::Internal,
                         Tr::tr("A %1 request cannot be built as a Chat Completions request.")
                             .arg(mantle::apiSurfaceDisplayName(spec.surface)));
    }
    if (Status status = spec.validate(); !status)
        return status.error();

    QJsonObject body{{QStringLiteral("model"), spec.model}};

    QJsonArray messages;
    // "system" rather than "developer": every Chat model on Mantle accepts it, and OpenAI treats
    // it as the developer message for the models that prefer that name.
    if (!spec.instructions.isEmpty()) {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), spec.instructions}});
    }
    for (const ConversationMessage &message : spec.messages)
        messages.append(messageJson(message));
    body.insert(QStringLiteral("messages"), messages);

    const GenerationParameters &p = spec.parameters;
    if (p.temperature)
        body.insert(QStringLiteral("temperature"), *p.temperature);
    if (p.topP)
        body.insert(QStringLiteral("top_p"), *p.topP);
    // max_tokens is deprecated in favour of max_completion_tokens (OpenAI API reference).
    if (p.maxOutputTokens)
        body.insert(QStringLiteral("max_completion_tokens"), *p.maxOutputTokens);
    if (!p.stopSequences.isEmpty())
        body.insert(QStringLiteral("stop"), QJsonArray::fromStringList(p.stopSequences));
    if (p.seed)
        body.insert(QStringLiteral("seed"), *p.seed);
    if (p.reasoningEffort)
        body.insert(QStringLiteral("reasoning_effort"), reasoningEffortName(*p.reasoningEffort));

    if (!spec.tools.isEmpty()) {
        QJsonArray tools;
        for (const ToolDefinition &tool : spec.tools) {
            QJsonObject function{{QStringLiteral("name"), tool.name},
                                 {QStringLiteral("parameters"), functionSchema(tool.parameters)}};
            if (!tool.description.isEmpty())
                function.insert(QStringLiteral("description"), tool.description);
            if (tool.strict)
                function.insert(QStringLiteral("strict"), *tool.strict);
            tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("function"), function}});
        }
        body.insert(QStringLiteral("tools"), tools);
    }
    if (spec.toolChoice)
        body.insert(QStringLiteral("tool_choice"), toolChoiceJson(*spec.toolChoice));

    if (spec.outputSchema) {
        body.insert(
            QStringLiteral("response_format"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                        {QStringLiteral("json_schema"),
                         QJsonObject{{QStringLiteral("name"), spec.outputSchema->name},
                                     {QStringLiteral("schema"), spec.outputSchema->schema},
                                     {QStringLiteral("strict"), spec.outputSchema->strict}}}});
    }

    body.insert(QStringLiteral("stream"), spec.stream);
    if (spec.stream && spec.streamIncludeUsage) {
        body.insert(QStringLiteral("stream_options"),
                    QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    return WireRequest::postJson(spec.surface, QStringLiteral("chat/completions"), body,
                                 spec.stream);
}

} // namespace mantle::api::chat
