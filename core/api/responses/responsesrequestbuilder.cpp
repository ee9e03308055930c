#include "responsesrequestbuilder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

namespace mantle::api::responses {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::responses::ResponsesRequestBuilder)
};

QJsonObject messageItem(const QString &role, const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), role},
            {QStringLiteral("content"), text}};
}

/// One conversation message as Responses input items: a message, one function_call per tool
/// call (keyed by call_id, not an item id), or a function_call_output.
void appendItems(QJsonArray &input, const ConversationMessage &message)
{
    switch (message.role) {
    case MessageRole::User:
        input.append(messageItem(QStringLiteral("user"), message.text));
        return;
    case MessageRole::Assistant:
        if (!message.text.isEmpty())
            input.append(messageItem(QStringLiteral("assistant"), message.text));
        for (const ToolCall &call : message.toolCalls) {
            input.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call")},
                                     {QStringLiteral("call_id"), call.id},
                                     {QStringLiteral("name"), call.name},
                                     {QStringLiteral("arguments"), call.arguments}});
        }
        return;
    case MessageRole::Tool:
        // Responses has no error flag on function output: a failed tool says so in its output.
        input.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                 {QStringLiteral("call_id"), message.toolCallId},
                                 {QStringLiteral("output"), message.text}});
        return;
    }
}

QJsonObject functionSchema(const QJsonObject &parameters)
{
    if (!parameters.isEmpty())
        return parameters;
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), QJsonObject()}};
}

} // namespace

Result<WireRequest> ResponsesRequestBuilder::build(const RequestSpec &spec)
{
    if (spec.surface != mantle::ApiSurface::Responses) {
        return makeError(Error::Kind::Internal,
                         Tr::tr("A %1 request cannot be built as a Responses request.")
                             .arg(mantle::apiSurfaceDisplayName(spec.surface)));
    }
    if (Status status = spec.validate(); !status)
        return status.error();

    QJsonObject body{{QStringLiteral("model"), spec.model}};
    if (!spec.instructions.isEmpty())
        body.insert(QStringLiteral("instructions"), spec.instructions);

    QJsonArray input;
    for (const ConversationMessage &message : spec.messages)
        appendItems(input, message);
    body.insert(QStringLiteral("input"), input);

    const GenerationParameters &p = spec.parameters;
    if (p.temperature)
        body.insert(QStringLiteral("temperature"), *p.temperature);
    if (p.topP)
        body.insert(QStringLiteral("top_p"), *p.topP);
    if (p.maxOutputTokens)
        body.insert(QStringLiteral("max_output_tokens"), *p.maxOutputTokens);
    if (p.reasoningEffort) {
        body.insert(
            QStringLiteral("reasoning"),
            QJsonObject{{QStringLiteral("effort"), reasoningEffortName(*p.reasoningEffort)}});
    }

    if (!spec.tools.isEmpty()) {
        QJsonArray tools;
        for (const ToolDefinition &tool : spec.tools) {
            QJsonObject json{{QStringLiteral("type"), QStringLiteral("function")},
                             {QStringLiteral("name"), tool.name},
                             {QStringLiteral("parameters"), functionSchema(tool.parameters)}};
            if (!tool.description.isEmpty())
                json.insert(QStringLiteral("description"), tool.description);
            if (tool.strict)
                json.insert(QStringLiteral("strict"), *tool.strict);
            tools.append(json);
        }
        body.insert(QStringLiteral("tools"), tools);
    }
    if (spec.toolChoice) {
        if (spec.toolChoice->mode == ToolChoice::Mode::Function) {
            body.insert(QStringLiteral("tool_choice"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                    {QStringLiteral("name"), spec.toolChoice->functionName}});
        } else {
            body.insert(QStringLiteral("tool_choice"), toolChoiceModeName(spec.toolChoice->mode));
        }
    }

    if (spec.outputSchema) {
        const QJsonObject format{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                 {QStringLiteral("name"), spec.outputSchema->name},
                                 {QStringLiteral("schema"), spec.outputSchema->schema},
                                 {QStringLiteral("strict"), spec.outputSchema->strict}};
        body.insert(QStringLiteral("text"), QJsonObject{{QStringLiteral("format"), format}});
    }

    if (!spec.previousResponseId.isEmpty())
        body.insert(QStringLiteral("previous_response_id"), spec.previousResponseId);
    if (spec.store)
        body.insert(QStringLiteral("store"), *spec.store);
    if (spec.background)
        body.insert(QStringLiteral("background"), true);
    body.insert(QStringLiteral("stream"), spec.stream);
    return WireRequest::postJson(spec.surface, QStringLiteral("responses"), body, spec.stream);
}

namespace {

/// A request on one stored response: the id goes into the path, so it must be one path
/// segment (Mantle's ids are `resp_` and letters and digits; anything else is refused here
/// rather than sent somewhere unexpected).
Result<WireRequest> storedResponseRequest(const QByteArray &method, const QString &responseId,
                                          const QString &suffix)
{
    const QString id = responseId.trimmed();
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_.-]{1,256}$"));
    if (!idPattern.match(id).hasMatch())
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("“%1” is not a response id.").arg(responseId),
                         Tr::tr("Response ids look like resp_ followed by letters and digits, "
                                "as the answer of a Responses request gives them."));
    WireRequest request;
    request.method = method;
    request.surface = mantle::ApiSurface::Responses;
    request.path = QStringLiteral("responses/") + id + suffix;
    request.headers.append({QByteArrayLiteral("accept"), QByteArrayLiteral("application/json")});
    return request;
}

} // namespace

Result<WireRequest> ResponsesRequestBuilder::retrieve(const QString &responseId)
{
    return storedResponseRequest(QByteArrayLiteral("GET"), responseId, {});
}

Result<WireRequest> ResponsesRequestBuilder::remove(const QString &responseId)
{
    return storedResponseRequest(QByteArrayLiteral("DELETE"), responseId, {});
}

Result<WireRequest> ResponsesRequestBuilder::cancel(const QString &responseId)
{
    return storedResponseRequest(QByteArrayLiteral("POST"), responseId, QStringLiteral("/cancel"));
}

} // namespace mantle::api::responses
