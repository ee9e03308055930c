#include "chatrequestreader.h"

#include "jsonrequestbody.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mantle::emulator {

namespace {

using Body = JsonRequestBody;
using Choice = Conversation::ToolChoice;

Result<Conversation::Message> readMessage(QByteArrayView body, const QJsonValue &value,
                                          Conversation &conversation, bool &isSystem)
{
    const QJsonObject message = value.toObject();
    if (!value.isObject())
        return Body::invalidType(body, u"messages", value, u"a message object");
    auto role = Body::requiredString(body, message, u"role");
    if (!role)
        return role.error();
    const QString text = Body::contentText(message.value(QLatin1String("content")));
    isSystem = false;
    Conversation::Message result;
    result.text = text;
    if (*role == QLatin1String("system") || *role == QLatin1String("developer")) {
        isSystem = true;
        conversation.system
            = conversation.system.isEmpty() ? text : conversation.system + QLatin1Char('\n') + text;
    } else if (*role == QLatin1String("user")) {
        result.role = Conversation::Role::User;
    } else if (*role == QLatin1String("assistant")) {
        result.role = Conversation::Role::Assistant;
        for (const QJsonValue &callValue : message.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject call = callValue.toObject();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            result.toolCalls.append({call.value(QLatin1String("id")).toString(),
                                     function.value(QLatin1String("name")).toString(),
                                     function.value(QLatin1String("arguments")).toString()});
        }
    } else if (*role == QLatin1String("tool") || *role == QLatin1String("function")) {
        result.role = Conversation::Role::Tool;
        result.toolCallId = message.value(QLatin1String("tool_call_id")).toString();
    } else {
        return Body::validation(
            QStringLiteral("Failed to deserialize the JSON body into the target type: "
                           "messages: unknown variant `%1`, expected one of `system`, "
                           "`developer`, `user`, `assistant`, `tool`")
                .arg(*role));
    }
    return result;
}

} // namespace

Result<ChatRequest> ChatRequestReader::read(QByteArrayView body)
{
    auto parsed = Body::parse(body);
    if (!parsed)
        return parsed.error();
    const QJsonObject &root = *parsed;

    ChatRequest request;
    auto model = Body::requiredString(body, root, u"model");
    if (!model)
        return model.error();
    request.model = *model;
    auto messages = Body::requiredArray(body, root, u"messages");
    if (!messages)
        return messages.error();
    Conversation &conversation = request.conversation;
    for (const QJsonValue &value : *messages) {
        bool isSystem = false;
        auto message = readMessage(body, value, conversation, isSystem);
        if (!message)
            return message.error();
        if (!isSystem)
            conversation.messages.append(*message);
    }

    auto stream = Body::optionalBool(body, root, u"stream", false);
    if (!stream)
        return stream.error();
    request.stream = *stream;
    request.includeUsage = root.value(QLatin1String("stream_options"))
                               .toObject()
                               .value(QLatin1String("include_usage"))
                               .toBool();

    // max_tokens is the older name of max_completion_tokens; the newer one wins.
    for (const char16_t *field : {u"max_tokens", u"max_completion_tokens"}) {
        auto limit = Body::optionalCount(body, root, QStringView(field), 1);
        if (!limit)
            return limit.error();
        if (*limit)
            conversation.maxOutputTokens = *limit;
    }
    auto parallel = Body::optionalBool(body, root, u"parallel_tool_calls", true);
    if (!parallel)
        return parallel.error();
    conversation.parallelToolCalls = *parallel;

    const QJsonValue effort = root.value(QLatin1String("reasoning_effort"));
    conversation.reasoningRequested
        = effort.isString() && effort.toString() != QLatin1String("none");

    const QJsonValue tools = root.value(QLatin1String("tools"));
    if (!tools.isUndefined() && !tools.isNull() && !tools.isArray())
        return Body::invalidType(body, u"tools", tools, u"a sequence");
    for (const QJsonValue &value : tools.toArray()) {
        const QJsonObject function = value.toObject().value(QLatin1String("function")).toObject();
        if (function.value(QLatin1String("name")).toString().isEmpty())
            return Body::missingField(body, u"name");
        conversation.tools.append({function.value(QLatin1String("name")).toString(),
                                   function.value(QLatin1String("description")).toString(),
                                   function.value(QLatin1String("parameters")).toObject()});
    }

    const QJsonValue choice = root.value(QLatin1String("tool_choice"));
    if (choice.isString()) {
        auto mode = Body::toolChoiceMode(body, choice);
        if (!mode)
            return mode.error();
        conversation.toolChoice = *mode;
    } else if (choice.isObject()) {
        conversation.toolChoice = Choice::Function;
        conversation.forcedTool = choice.toObject()
                                      .value(QLatin1String("function"))
                                      .toObject()
                                      .value(QLatin1String("name"))
                                      .toString();
    }

    const QJsonObject format = root.value(QLatin1String("response_format")).toObject();
    const QString formatType = format.value(QLatin1String("type")).toString();
    if (formatType == QLatin1String("json_schema")) {
        conversation.outputSchema = format.value(QLatin1String("json_schema"))
                                        .toObject()
                                        .value(QLatin1String("schema"))
                                        .toObject();
    } else if (formatType == QLatin1String("json_object")) {
        conversation.jsonObject = true;
    }

    const QJsonValue stop = root.value(QLatin1String("stop"));
    if (stop.isString())
        conversation.stopSequences.append(stop.toString());
    for (const QJsonValue &sequence : stop.toArray())
        conversation.stopSequences.append(sequence.toString());
    return request;
}

} // namespace mantle::emulator
