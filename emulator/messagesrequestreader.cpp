#include "messagesrequestreader.h"

#include "jsonrequestbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mantle::emulator {

namespace {

using Body = JsonRequestBody;
using Choice = Conversation::ToolChoice;
using Role = Conversation::Role;

Status readMessage(QByteArrayView body, const QJsonValue &value, Conversation &conversation)
{
    if (!value.isObject())
        return Body::invalidType(body, u"messages", value, u"a message object");
    const QJsonObject message = value.toObject();
    auto role = Body::requiredString(body, message, u"role");
    if (!role)
        return role.error();
    const bool assistant = *role == QLatin1String("assistant");
    if (!assistant && *role != QLatin1String("user")) {
        return Body::validation(
            QStringLiteral("Failed to deserialize the JSON body into the target type: messages: "
                           "unknown variant `%1`, expected `user` or `assistant`")
                .arg(*role));
    }
    const QJsonValue content = message.value(QLatin1String("content"));
    if (content.isUndefined())
        return Body::missingField(body, u"content");

    Conversation::Message result;
    result.role = assistant ? Role::Assistant : Role::User;
    QStringList texts;
    const QJsonArray blocks = content.isArray() ? content.toArray() : QJsonArray{content};
    for (const QJsonValue &blockValue : blocks) {
        const QJsonObject block = blockValue.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (blockValue.isString()) {
            texts.append(blockValue.toString());
        } else if (type == QLatin1String("tool_use")) {
            const QJsonObject input = block.value(QLatin1String("input")).toObject();
            result.toolCalls.append(
                {block.value(QLatin1String("id")).toString(),
                 block.value(QLatin1String("name")).toString(),
                 QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact))});
        } else if (type == QLatin1String("tool_result")) {
            // A result is its own message, before the user's words of the same turn.
            conversation.messages.append({Role::Tool,
                                          Body::contentText(block.value(QLatin1String("content"))),
                                          {},
                                          block.value(QLatin1String("tool_use_id")).toString()});
        } else if (type == QLatin1String("thinking")
                   || type == QLatin1String("redacted_thinking")) {
            continue;
        } else {
            const QString text = Body::contentText(QJsonArray{block});
            if (!text.isEmpty())
                texts.append(text);
        }
    }
    result.text = texts.join(QLatin1Char('\n'));
    if (!result.text.isEmpty() || !result.toolCalls.isEmpty() || assistant)
        conversation.messages.append(result);
    return {};
}

} // namespace

Result<MessagesRequest> MessagesRequestReader::read(QByteArrayView body, Route route)
{
    auto parsed = Body::parse(body);
    if (!parsed)
        return parsed.error();
    const QJsonObject &root = *parsed;

    MessagesRequest request;
    auto model = Body::requiredString(body, root, u"model");
    if (!model)
        return model.error();
    request.model = *model;
    auto messages = Body::requiredArray(body, root, u"messages");
    if (!messages)
        return messages.error();
    Conversation &conversation = request.conversation;
    for (const QJsonValue &value : *messages) {
        if (Status status = readMessage(body, value, conversation); !status)
            return status.error();
    }
    if (route == Route::Messages) {
        if (!root.contains(QLatin1String("max_tokens")))
            return Body::missingField(body, u"max_tokens");
        auto limit = Body::optionalCount(body, root, u"max_tokens", 1);
        if (!limit)
            return limit.error();
        conversation.maxOutputTokens = *limit;
        auto stream = Body::optionalBool(body, root, u"stream", false);
        if (!stream)
            return stream.error();
        request.stream = *stream;
    }

    conversation.system = Body::contentText(root.value(QLatin1String("system")));

    const QJsonValue tools = root.value(QLatin1String("tools"));
    if (!tools.isUndefined() && !tools.isNull() && !tools.isArray())
        return Body::invalidType(body, u"tools", tools, u"a sequence");
    for (const QJsonValue &value : tools.toArray()) {
        const QJsonObject tool = value.toObject();
        const QString type = tool.value(QLatin1String("type")).toString();
        if (!type.isEmpty() && type != QLatin1String("custom"))
            continue; // server tools (web search, …) are not emulated
        if (tool.value(QLatin1String("name")).toString().isEmpty())
            return Body::missingField(body, u"name");
        conversation.tools.append({tool.value(QLatin1String("name")).toString(),
                                   tool.value(QLatin1String("description")).toString(),
                                   tool.value(QLatin1String("input_schema")).toObject()});
    }
    const QJsonObject choice = root.value(QLatin1String("tool_choice")).toObject();
    const QString choiceType = choice.value(QLatin1String("type")).toString();
    if (choiceType == QLatin1String("none")) {
        conversation.toolChoice = Choice::None;
    } else if (choiceType == QLatin1String("any")) {
        conversation.toolChoice = Choice::Required;
    } else if (choiceType == QLatin1String("tool")) {
        conversation.toolChoice = Choice::Function;
        conversation.forcedTool = choice.value(QLatin1String("name")).toString();
    }
    conversation.parallelToolCalls
        = !choice.value(QLatin1String("disable_parallel_tool_use")).toBool();

    const QString thinking
        = root.value(QLatin1String("thinking")).toObject().value(QLatin1String("type")).toString();
    conversation.reasoningRequested
        = thinking == QLatin1String("enabled") || thinking == QLatin1String("adaptive");

    const QJsonObject format = root.value(QLatin1String("output_config"))
                                   .toObject()
                                   .value(QLatin1String("format"))
                                   .toObject();
    if (format.value(QLatin1String("type")).toString() == QLatin1String("json_schema"))
        conversation.outputSchema = format.value(QLatin1String("schema")).toObject();

    for (const QJsonValue &sequence : root.value(QLatin1String("stop_sequences")).toArray())
        conversation.stopSequences.append(sequence.toString());
    return request;
}

} // namespace mantle::emulator
