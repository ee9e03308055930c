#include "responsesrequestreader.h"

#include "jsonrequestbody.h"

#include <QJsonArray>

namespace mantle::emulator {

namespace {

using Body = JsonRequestBody;
using Choice = Conversation::ToolChoice;
using Role = Conversation::Role;

void appendSystem(Conversation &conversation, const QString &text)
{
    conversation.system
        = conversation.system.isEmpty() ? text : conversation.system + QLatin1Char('\n') + text;
}

Status readItem(QByteArrayView body, const QJsonValue &value, Conversation &conversation)
{
    if (value.isString()) {
        conversation.messages.append({Role::User, value.toString(), {}, {}});
        return {};
    }
    if (!value.isObject())
        return Body::invalidType(body, u"input", value, u"an input item");
    const QJsonObject item = value.toObject();
    const QString type = item.value(QLatin1String("type")).toString();
    if (type == QLatin1String("function_call")) {
        const Conversation::ToolCall call{item.value(QLatin1String("call_id")).toString(),
                                          item.value(QLatin1String("name")).toString(),
                                          item.value(QLatin1String("arguments")).toString()};
        // Calls that follow an assistant message (or each other) belong to that turn.
        if (!conversation.messages.isEmpty()
            && conversation.messages.last().role == Role::Assistant)
            conversation.messages.last().toolCalls.append(call);
        else
            conversation.messages.append({Role::Assistant, {}, {call}, {}});
        return {};
    }
    if (type == QLatin1String("function_call_output")) {
        conversation.messages.append({Role::Tool,
                                      Body::contentText(item.value(QLatin1String("output"))),
                                      {},
                                      item.value(QLatin1String("call_id")).toString()});
        return {};
    }
    if (!type.isEmpty() && type != QLatin1String("message"))
        return {}; // reasoning, item_reference, …: nothing the emulated model reads
    const QString role = item.value(QLatin1String("role")).toString();
    const QString text = Body::contentText(item.value(QLatin1String("content")));
    if (role == QLatin1String("user"))
        conversation.messages.append({Role::User, text, {}, {}});
    else if (role == QLatin1String("assistant"))
        conversation.messages.append({Role::Assistant, text, {}, {}});
    else if (role == QLatin1String("system") || role == QLatin1String("developer"))
        appendSystem(conversation, text);
    else
        return Body::validation(
            QStringLiteral("Failed to deserialize the JSON body into the target type: input: "
                           "unknown variant `%1`, expected one of `user`, `assistant`, `system`, "
                           "`developer`")
                .arg(role));
    return {};
}

} // namespace

Result<ResponsesRequest> ResponsesRequestReader::read(QByteArrayView body)
{
    auto parsed = Body::parse(body);
    if (!parsed)
        return parsed.error();
    const QJsonObject &root = *parsed;

    ResponsesRequest request;
    request.body = root;
    auto model = Body::requiredString(body, root, u"model");
    if (!model)
        return model.error();
    request.model = *model;

    Conversation &conversation = request.conversation;
    const QJsonValue instructions = root.value(QLatin1String("instructions"));
    if (instructions.isString() && !instructions.toString().isEmpty())
        appendSystem(conversation, instructions.toString());
    const QJsonValue input = root.value(QLatin1String("input"));
    if (input.isUndefined())
        return Body::missingField(body, u"input");
    if (input.isString()) {
        conversation.messages.append({Role::User, input.toString(), {}, {}});
    } else if (input.isArray()) {
        for (const QJsonValue &item : input.toArray()) {
            if (Status status = readItem(body, item, conversation); !status)
                return status.error();
        }
    } else {
        return Body::invalidType(body, u"input", input, u"a string or a sequence of items");
    }

    auto stream = Body::optionalBool(body, root, u"stream", false);
    if (!stream)
        return stream.error();
    request.stream = *stream;
    auto store = Body::optionalBool(body, root, u"store", true);
    if (!store)
        return store.error();
    request.store = *store;
    auto background = Body::optionalBool(body, root, u"background", false);
    if (!background)
        return background.error();
    request.background = *background;
    if (request.background && !request.store)
        return Body::validation(QStringLiteral("Background mode requires store to be true."));
    const QJsonValue previous = root.value(QLatin1String("previous_response_id"));
    if (!previous.isUndefined() && !previous.isNull() && !previous.isString())
        return Body::invalidType(body, u"previous_response_id", previous, u"a string");
    request.previousResponseId = previous.toString();

    auto limit = Body::optionalCount(body, root, u"max_output_tokens", 1);
    if (!limit)
        return limit.error();
    conversation.maxOutputTokens = *limit;
    auto parallel = Body::optionalBool(body, root, u"parallel_tool_calls", true);
    if (!parallel)
        return parallel.error();
    conversation.parallelToolCalls = *parallel;

    const QJsonValue effort
        = root.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort"));
    conversation.reasoningRequested
        = effort.isString() && effort.toString() != QLatin1String("none");

    const QJsonValue tools = root.value(QLatin1String("tools"));
    if (!tools.isUndefined() && !tools.isNull() && !tools.isArray())
        return Body::invalidType(body, u"tools", tools, u"a sequence");
    for (const QJsonValue &value : tools.toArray()) {
        const QJsonObject tool = value.toObject();
        if (tool.value(QLatin1String("type")).toString() != QLatin1String("function"))
            continue; // built-in tools (web search, …) are not emulated
        if (tool.value(QLatin1String("name")).toString().isEmpty())
            return Body::missingField(body, u"name");
        conversation.tools.append({tool.value(QLatin1String("name")).toString(),
                                   tool.value(QLatin1String("description")).toString(),
                                   tool.value(QLatin1String("parameters")).toObject()});
    }
    const QJsonValue choice = root.value(QLatin1String("tool_choice"));
    if (choice.isString()) {
        auto mode = Body::toolChoiceMode(body, choice);
        if (!mode)
            return mode.error();
        conversation.toolChoice = *mode;
    } else if (choice.isObject()
               && choice.toObject().value(QLatin1String("type")).toString()
                   == QLatin1String("function")) {
        conversation.toolChoice = Choice::Function;
        conversation.forcedTool = choice.toObject().value(QLatin1String("name")).toString();
    }

    const QJsonObject format
        = root.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject();
    const QString formatType = format.value(QLatin1String("type")).toString();
    if (formatType == QLatin1String("json_schema"))
        conversation.outputSchema = format.value(QLatin1String("schema")).toObject();
    else if (formatType == QLatin1String("json_object"))
        conversation.jsonObject = true;
    return request;
}

} // namespace mantle::emulator
