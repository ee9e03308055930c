#include "requestspec.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>

#include <cmath>

namespace mantle::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::RequestSpec)
};

// Doubles hold integers exactly up to 2^53; larger counts are not meaningful here.
constexpr double kMaxExactInteger = 9007199254740992.0;

template<typename Enum, size_t N>
std::optional<Enum> enumFromName(const QString &name, const std::array<Enum, N> &values,
                                 QString (*nameOf)(Enum))
{
    for (const Enum value : values) {
        if (nameOf(value) == name)
            return value;
    }
    return std::nullopt;
}

constexpr std::array<MessageRole, 3> kRoles{MessageRole::User, MessageRole::Assistant,
                                            MessageRole::Tool};
constexpr std::array<ReasoningEffort, 3> kEfforts{ReasoningEffort::Low, ReasoningEffort::Medium,
                                                  ReasoningEffort::High};
constexpr std::array<ToolChoice::Mode, 4> kToolChoiceModes{
    ToolChoice::Mode::Auto, ToolChoice::Mode::None, ToolChoice::Mode::Required,
    ToolChoice::Mode::Function};

/// Reads the fields of one JSON object, remembering the first problem with the field's full
/// path ("messages[1].role") so the caller can report it.
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, QString path, std::optional<Error> *firstError)
        : m_object(object)
        , m_path(std::move(path))
        , m_firstError(firstError)
    { }

    QString fieldPath(const QString &key) const
    {
        return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
    }

    bool has(const QString &key) const
    {
        const QJsonValue value = m_object.value(key);
        return !value.isUndefined() && !value.isNull();
    }

    void fail(const QString &key, const QString &expected)
    {
        if (m_firstError->has_value())
            return;
        *m_firstError = makeError(Error::Kind::InvalidInput,
                                  Tr::tr("The request field \"%1\" is invalid: expected %2.")
                                      .arg(fieldPath(key), expected),
                                  Tr::tr("Correct or remove the field and try again."));
    }

    void string(const QString &key, QString &out)
    {
        if (!has(key))
            return;
        const QJsonValue value = m_object.value(key);
        if (value.isString())
            out = value.toString();
        else
            fail(key, Tr::tr("a string"));
    }

    void boolean(const QString &key, bool &out)
    {
        std::optional<bool> value;
        optionalBoolean(key, value);
        if (value)
            out = *value;
    }

    void optionalBoolean(const QString &key, std::optional<bool> &out)
    {
        if (!has(key))
            return;
        const QJsonValue value = m_object.value(key);
        if (value.isBool())
            out = value.toBool();
        else
            fail(key, Tr::tr("true or false"));
    }

    void number(const QString &key, std::optional<double> &out)
    {
        if (!has(key))
            return;
        const QJsonValue value = m_object.value(key);
        if (value.isDouble())
            out = value.toDouble();
        else
            fail(key, Tr::tr("a number"));
    }

    void integer(const QString &key, std::optional<qint64> &out)
    {
        if (!has(key))
            return;
        const QJsonValue value = m_object.value(key);
        const double number = value.toDouble();
        if (value.isDouble() && std::trunc(number) == number
            && std::abs(number) <= kMaxExactInteger)
            out = static_cast<qint64>(number);
        else
            fail(key, Tr::tr("a whole number"));
    }

    void object(const QString &key, QJsonObject &out)
    {
        if (!has(key))
            return;
        const QJsonValue value = m_object.value(key);
        if (value.isObject())
            out = value.toObject();
        else
            fail(key, Tr::tr("a JSON object"));
    }

    QJsonArray array(const QString &key)
    {
        if (!has(key))
            return {};
        const QJsonValue value = m_object.value(key);
        if (!value.isArray())
            fail(key, Tr::tr("a list"));
        return value.toArray();
    }

    /// The object at `key[index]`, or an empty object after reporting the element.
    QJsonObject element(const QString &key, const QJsonArray &array, qsizetype index)
    {
        const QJsonValue value = array.at(index);
        if (!value.isObject())
            fail(QStringLiteral("%1[%2]").arg(key).arg(index), Tr::tr("a JSON object"));
        return value.toObject();
    }

    QString elementPath(const QString &key, qsizetype index) const
    {
        return QStringLiteral("%1[%2]").arg(fieldPath(key)).arg(index);
    }

    template<typename Enum, size_t N>
    void enumeration(const QString &key, const std::array<Enum, N> &values, QString (*nameOf)(Enum),
                     std::optional<Enum> &out)
    {
        if (!has(key))
            return;
        QStringList names;
        for (const Enum value : values)
            names.append(QLatin1Char('"') + nameOf(value) + QLatin1Char('"'));
        const QString expected = Tr::tr("one of %1").arg(names.join(QStringLiteral(", ")));
        const QJsonValue value = m_object.value(key);
        if (!value.isString()) {
            fail(key, expected);
            return;
        }
        out = enumFromName(value.toString(), values, nameOf);
        if (!out)
            fail(key, expected);
    }

    std::optional<Error> *errorSlot() const { return m_firstError; }

private:
    QJsonObject m_object;
    QString m_path;
    std::optional<Error> *m_firstError;
};

QString surfaceNameOf(mantle::ApiSurface surface)
{
    return mantle::apiSurfaceName(surface);
}

void putOptional(QJsonObject &json, const QString &key, const std::optional<double> &value)
{
    if (value)
        json.insert(key, *value);
}

void putOptional(QJsonObject &json, const QString &key, const std::optional<qint64> &value)
{
    if (value)
        json.insert(key, *value);
}

void putOptional(QJsonObject &json, const QString &key, const std::optional<bool> &value)
{
    if (value)
        json.insert(key, *value);
}

QJsonObject messageToJson(const ConversationMessage &message)
{
    QJsonObject json{{QStringLiteral("role"), messageRoleName(message.role)},
                     {QStringLiteral("text"), message.text}};
    if (!message.toolCalls.isEmpty()) {
        QJsonArray calls;
        for (const ToolCall &call : message.toolCalls) {
            calls.append(QJsonObject{{QStringLiteral("id"), call.id},
                                     {QStringLiteral("name"), call.name},
                                     {QStringLiteral("arguments"), call.arguments}});
        }
        json.insert(QStringLiteral("tool_calls"), calls);
    }
    if (!message.toolCallId.isEmpty())
        json.insert(QStringLiteral("tool_call_id"), message.toolCallId);
    if (message.isError)
        json.insert(QStringLiteral("is_error"), true);
    return json;
}

ConversationMessage messageFromJson(FieldReader &reader)
{
    ConversationMessage message;
    std::optional<MessageRole> role;
    reader.enumeration(QStringLiteral("role"), kRoles, &messageRoleName, role);
    if (!reader.has(QStringLiteral("role")))
        reader.fail(QStringLiteral("role"), Tr::tr("\"user\", \"assistant\" or \"tool\""));
    message.role = role.value_or(MessageRole::User);
    reader.string(QStringLiteral("text"), message.text);
    reader.string(QStringLiteral("tool_call_id"), message.toolCallId);
    reader.boolean(QStringLiteral("is_error"), message.isError);
    const QString callsKey = QStringLiteral("tool_calls");
    const QJsonArray calls = reader.array(callsKey);
    for (qsizetype i = 0; i < calls.size(); ++i) {
        FieldReader callReader(reader.element(callsKey, calls, i), reader.elementPath(callsKey, i),
                               reader.errorSlot());
        ToolCall call;
        callReader.string(QStringLiteral("id"), call.id);
        callReader.string(QStringLiteral("name"), call.name);
        callReader.string(QStringLiteral("arguments"), call.arguments);
        message.toolCalls.append(call);
    }
    return message;
}

void readParameters(FieldReader &reader, GenerationParameters &parameters)
{
    reader.number(QStringLiteral("temperature"), parameters.temperature);
    reader.number(QStringLiteral("top_p"), parameters.topP);
    reader.integer(QStringLiteral("max_output_tokens"), parameters.maxOutputTokens);
    reader.integer(QStringLiteral("seed"), parameters.seed);
    reader.enumeration(QStringLiteral("reasoning_effort"), kEfforts, &reasoningEffortName,
                       parameters.reasoningEffort);
    reader.boolean(QStringLiteral("adaptive_thinking"), parameters.adaptiveThinking);
    const QString stopKey = QStringLiteral("stop");
    const QJsonArray stops = reader.array(stopKey);
    for (qsizetype i = 0; i < stops.size(); ++i) {
        if (!stops.at(i).isString())
            reader.fail(QStringLiteral("%1[%2]").arg(stopKey).arg(i), Tr::tr("a string"));
        parameters.stopSequences.append(stops.at(i).toString());
    }
}

} // namespace

QJsonObject generationParametersToJson(const GenerationParameters &parameters)
{
    QJsonObject params;
    putOptional(params, QStringLiteral("temperature"), parameters.temperature);
    putOptional(params, QStringLiteral("top_p"), parameters.topP);
    putOptional(params, QStringLiteral("max_output_tokens"), parameters.maxOutputTokens);
    if (!parameters.stopSequences.isEmpty())
        params.insert(QStringLiteral("stop"), QJsonArray::fromStringList(parameters.stopSequences));
    putOptional(params, QStringLiteral("seed"), parameters.seed);
    if (parameters.reasoningEffort) {
        params.insert(QStringLiteral("reasoning_effort"),
                      reasoningEffortName(*parameters.reasoningEffort));
    }
    if (parameters.adaptiveThinking)
        params.insert(QStringLiteral("adaptive_thinking"), true);
    return params;
}

Result<GenerationParameters> generationParametersFromJson(const QJsonObject &json,
                                                          const QString &path)
{
    std::optional<Error> error;
    FieldReader reader(json, path, &error);
    GenerationParameters parameters;
    readParameters(reader, parameters);
    if (error)
        return *error;
    return parameters;
}

QString messageRoleName(MessageRole role)
{
    switch (role) {
    case MessageRole::User:
        return QStringLiteral("user");
    case MessageRole::Assistant:
        return QStringLiteral("assistant");
    case MessageRole::Tool:
        return QStringLiteral("tool");
    }
    return {};
}

QString reasoningEffortName(ReasoningEffort effort)
{
    switch (effort) {
    case ReasoningEffort::Low:
        return QStringLiteral("low");
    case ReasoningEffort::Medium:
        return QStringLiteral("medium");
    case ReasoningEffort::High:
        return QStringLiteral("high");
    }
    return {};
}

QString toolChoiceModeName(ToolChoice::Mode mode)
{
    switch (mode) {
    case ToolChoice::Mode::Auto:
        return QStringLiteral("auto");
    case ToolChoice::Mode::None:
        return QStringLiteral("none");
    case ToolChoice::Mode::Required:
        return QStringLiteral("required");
    case ToolChoice::Mode::Function:
        return QStringLiteral("function");
    }
    return {};
}

QJsonObject RequestSpec::toJson() const
{
    QJsonObject json{
        {QStringLiteral("api"), mantle::apiSurfaceName(surface)},
        {QStringLiteral("account"), account},
        {QStringLiteral("region"), region},
        {QStringLiteral("model"), model},
        {QStringLiteral("instructions"), instructions},
        {QStringLiteral("stream"), stream},
        {QStringLiteral("stream_include_usage"), streamIncludeUsage},
        {QStringLiteral("background"), background},
    };

    QJsonArray messageArray;
    for (const ConversationMessage &message : messages)
        messageArray.append(messageToJson(message));
    json.insert(QStringLiteral("messages"), messageArray);

    json.insert(QStringLiteral("parameters"), generationParametersToJson(parameters));

    QJsonArray toolArray;
    for (const ToolDefinition &tool : tools) {
        QJsonObject toolJson{{QStringLiteral("name"), tool.name},
                             {QStringLiteral("description"), tool.description},
                             {QStringLiteral("parameters"), tool.parameters}};
        putOptional(toolJson, QStringLiteral("strict"), tool.strict);
        toolArray.append(toolJson);
    }
    json.insert(QStringLiteral("tools"), toolArray);

    if (toolChoice) {
        QJsonObject choice{{QStringLiteral("mode"), toolChoiceModeName(toolChoice->mode)}};
        if (!toolChoice->functionName.isEmpty())
            choice.insert(QStringLiteral("name"), toolChoice->functionName);
        json.insert(QStringLiteral("tool_choice"), choice);
    }
    if (outputSchema) {
        json.insert(QStringLiteral("output_schema"),
                    QJsonObject{{QStringLiteral("name"), outputSchema->name},
                                {QStringLiteral("schema"), outputSchema->schema},
                                {QStringLiteral("strict"), outputSchema->strict}});
    }
    if (!previousResponseId.isEmpty())
        json.insert(QStringLiteral("previous_response_id"), previousResponseId);
    putOptional(json, QStringLiteral("store"), store);
    return json;
}

Result<RequestSpec> RequestSpec::fromJson(const QJsonObject &json)
{
    std::optional<Error> error;
    FieldReader root(json, {}, &error);
    RequestSpec spec;

    std::optional<mantle::ApiSurface> surface;
    root.enumeration(QStringLiteral("api"), mantle::kAllApiSurfaces, &surfaceNameOf, surface);
    if (surface)
        spec.surface = *surface;
    root.string(QStringLiteral("account"), spec.account);
    root.string(QStringLiteral("region"), spec.region);
    root.string(QStringLiteral("model"), spec.model);
    root.string(QStringLiteral("instructions"), spec.instructions);

    const QString messagesKey = QStringLiteral("messages");
    const QJsonArray messageArray = root.array(messagesKey);
    for (qsizetype i = 0; i < messageArray.size(); ++i) {
        FieldReader reader(root.element(messagesKey, messageArray, i),
                           root.elementPath(messagesKey, i), &error);
        spec.messages.append(messageFromJson(reader));
    }

    QJsonObject paramsJson;
    root.object(QStringLiteral("parameters"), paramsJson);
    FieldReader params(paramsJson, QStringLiteral("parameters"), &error);
    readParameters(params, spec.parameters);

    const QString toolsKey = QStringLiteral("tools");
    const QJsonArray toolArray = root.array(toolsKey);
    for (qsizetype i = 0; i < toolArray.size(); ++i) {
        FieldReader reader(root.element(toolsKey, toolArray, i), root.elementPath(toolsKey, i),
                           &error);
        ToolDefinition tool;
        reader.string(QStringLiteral("name"), tool.name);
        reader.string(QStringLiteral("description"), tool.description);
        reader.object(QStringLiteral("parameters"), tool.parameters);
        reader.optionalBoolean(QStringLiteral("strict"), tool.strict);
        spec.tools.append(tool);
    }

    if (root.has(QStringLiteral("tool_choice"))) {
        QJsonObject choiceJson;
        root.object(QStringLiteral("tool_choice"), choiceJson);
        FieldReader reader(choiceJson, QStringLiteral("tool_choice"), &error);
        std::optional<ToolChoice::Mode> mode;
        reader.enumeration(QStringLiteral("mode"), kToolChoiceModes, &toolChoiceModeName, mode);
        ToolChoice choice;
        choice.mode = mode.value_or(ToolChoice::Mode::Auto);
        reader.string(QStringLiteral("name"), choice.functionName);
        spec.toolChoice = choice;
    }

    if (root.has(QStringLiteral("output_schema"))) {
        QJsonObject schemaJson;
        root.object(QStringLiteral("output_schema"), schemaJson);
        FieldReader reader(schemaJson, QStringLiteral("output_schema"), &error);
        OutputSchema schema;
        reader.string(QStringLiteral("name"), schema.name);
        reader.object(QStringLiteral("schema"), schema.schema);
        reader.boolean(QStringLiteral("strict"), schema.strict);
        spec.outputSchema = schema;
    }

    root.string(QStringLiteral("previous_response_id"), spec.previousResponseId);
    root.optionalBoolean(QStringLiteral("store"), spec.store);
    root.boolean(QStringLiteral("background"), spec.background);
    root.boolean(QStringLiteral("stream"), spec.stream);
    root.boolean(QStringLiteral("stream_include_usage"), spec.streamIncludeUsage);

    if (error)
        return *error;
    return spec;
}

} // namespace mantle::api

namespace mantle::api {

namespace {

Error fieldError(const QString &field, const QString &problem, const QString &hint = {})
{
    return makeError(Error::Kind::InvalidInput,
                     Tr::tr("The request field \"%1\" is invalid: %2").arg(field, problem), hint);
}

Error unsupportedField(const QString &field, mantle::ApiSurface surface)
{
    return fieldError(
        field,
        Tr::tr("the %1 API has no such setting.").arg(mantle::apiSurfaceDisplayName(surface)),
        Tr::tr("Remove the setting or choose an API that supports it."));
}

bool isValidToolName(const QString &name)
{
    // The common rule of all three surfaces: 1-64 letters, digits, '_' or '-'.
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (const QChar c : name) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_')
            || c == QLatin1Char('-');
        if (!plain)
            return false;
    }
    return true;
}

/// An empty schema means "no arguments"; anything else must describe an object.
bool isObjectSchema(const QJsonObject &schema, bool allowEmpty)
{
    if (schema.isEmpty())
        return allowEmpty;
    return schema.value(QLatin1String("type")).toString() == QLatin1String("object");
}

Status validateMessage(const ConversationMessage &message, qsizetype index)
{
    const QString path = QStringLiteral("messages[%1]").arg(index);
    switch (message.role) {
    case MessageRole::User:
        if (message.text.isEmpty())
            return fieldError(path + QStringLiteral(".text"), Tr::tr("a user message needs text."));
        break;
    case MessageRole::Assistant:
        if (message.text.isEmpty() && message.toolCalls.isEmpty()) {
            return fieldError(path + QStringLiteral(".text"),
                              Tr::tr("an assistant message needs text or tool calls."));
        }
        for (qsizetype i = 0; i < message.toolCalls.size(); ++i) {
            const ToolCall &call = message.toolCalls.at(i);
            const QString callPath = QStringLiteral("%1.tool_calls[%2]").arg(path).arg(i);
            if (call.id.isEmpty())
                return fieldError(callPath + QStringLiteral(".id"),
                                  Tr::tr("a tool call needs an id."));
            if (call.name.isEmpty()) {
                return fieldError(callPath + QStringLiteral(".name"),
                                  Tr::tr("a tool call needs a name."));
            }
        }
        break;
    case MessageRole::Tool:
        if (message.toolCallId.isEmpty()) {
            return fieldError(path + QStringLiteral(".tool_call_id"),
                              Tr::tr("a tool result must name the tool call it answers."));
        }
        break;
    }
    if (message.role != MessageRole::Assistant && !message.toolCalls.isEmpty()) {
        return fieldError(path + QStringLiteral(".tool_calls"),
                          Tr::tr("only assistant messages carry tool calls."));
    }
    if (message.role != MessageRole::Tool && (!message.toolCallId.isEmpty() || message.isError)) {
        return fieldError(path + QStringLiteral(".tool_call_id"),
                          Tr::tr("only tool messages answer a tool call."));
    }
    return {};
}

} // namespace

Status RequestSpec::validate() const
{
    using mantle::ApiSurface;
    const bool isMessages = surface == ApiSurface::Messages || surface == ApiSurface::CountTokens;
    const bool isChat = surface == ApiSurface::ChatCompletions;
    const bool isResponses = surface == ApiSurface::Responses;

    if (!isMessages && !isChat && !isResponses) {
        return fieldError(QStringLiteral("api"),
                          Tr::tr("%1 requests are not built from a conversation.")
                              .arg(mantle::apiSurfaceDisplayName(surface)));
    }
    if (model.trimmed().isEmpty()) {
        return fieldError(QStringLiteral("model"), Tr::tr("no model is chosen."),
                          Tr::tr("Choose a model, e.g. from the model list."));
    }
    if (messages.isEmpty()) {
        return fieldError(QStringLiteral("messages"), Tr::tr("the conversation is empty."),
                          Tr::tr("Write a message to send."));
    }
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (Status status = validateMessage(messages.at(i), i); !status)
            return status;
    }

    const GenerationParameters &p = parameters;
    const double maxTemperature = isMessages ? 1.0 : 2.0;
    if (p.temperature && (*p.temperature < 0.0 || *p.temperature > maxTemperature)) {
        return fieldError(QStringLiteral("parameters.temperature"),
                          Tr::tr("it must lie between 0 and %1.").arg(maxTemperature));
    }
    if (p.topP && (*p.topP < 0.0 || *p.topP > 1.0)) {
        return fieldError(QStringLiteral("parameters.top_p"),
                          Tr::tr("it must lie between 0 and 1."));
    }
    if (p.maxOutputTokens && *p.maxOutputTokens < 1) {
        return fieldError(QStringLiteral("parameters.max_output_tokens"),
                          Tr::tr("it must be at least 1."));
    }
    for (qsizetype i = 0; i < p.stopSequences.size(); ++i) {
        if (p.stopSequences.at(i).isEmpty()) {
            return fieldError(QStringLiteral("parameters.stop[%1]").arg(i),
                              Tr::tr("a stop sequence cannot be empty."));
        }
    }
    if (isResponses && !p.stopSequences.isEmpty())
        return unsupportedField(QStringLiteral("parameters.stop"), surface);
    if (!isChat && p.seed)
        return unsupportedField(QStringLiteral("parameters.seed"), surface);
    if (!isMessages && p.adaptiveThinking)
        return unsupportedField(QStringLiteral("parameters.adaptive_thinking"), surface);

    QStringList toolNames;
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const ToolDefinition &tool = tools.at(i);
        const QString path = QStringLiteral("tools[%1]").arg(i);
        if (!isValidToolName(tool.name)) {
            return fieldError(
                path + QStringLiteral(".name"),
                Tr::tr("a tool needs a name of 1 to 64 letters, digits, '_' or '-'."));
        }
        if (toolNames.contains(tool.name)) {
            return fieldError(path + QStringLiteral(".name"),
                              Tr::tr("the tool name \"%1\" is used twice.").arg(tool.name));
        }
        toolNames.append(tool.name);
        if (!isObjectSchema(tool.parameters, true)) {
            return fieldError(path + QStringLiteral(".parameters"),
                              Tr::tr("the parameters schema must have \"type\": \"object\"."));
        }
    }

    if (toolChoice) {
        const bool forcesTool = toolChoice->mode == ToolChoice::Mode::Required
            || toolChoice->mode == ToolChoice::Mode::Function;
        // Servers such as vLLM reject a tool_choice without tools, even "none".
        if (tools.isEmpty()) {
            return fieldError(QStringLiteral("tool_choice"), Tr::tr("no tools are defined."),
                              Tr::tr("Define a tool or remove the tool choice."));
        }
        if (toolChoice->mode == ToolChoice::Mode::Function
            && !toolNames.contains(toolChoice->functionName)) {
            return fieldError(
                QStringLiteral("tool_choice.name"),
                Tr::tr("no tool named \"%1\" is defined.").arg(toolChoice->functionName));
        }
        if (toolChoice->mode != ToolChoice::Mode::Function && !toolChoice->functionName.isEmpty()) {
            return fieldError(QStringLiteral("tool_choice.name"),
                              Tr::tr("a name is only given with the \"function\" mode."));
        }
        // Anthropic: extended thinking does not combine with forced tool use.
        if (isMessages && p.adaptiveThinking && forcesTool) {
            return fieldError(QStringLiteral("tool_choice"),
                              Tr::tr("Claude cannot be forced to call a tool while thinking."),
                              Tr::tr("Use \"auto\" or turn thinking off."));
        }
    }

    if (outputSchema) {
        if (!isValidToolName(outputSchema->name)) {
            return fieldError(
                QStringLiteral("output_schema.name"),
                Tr::tr("a schema needs a name of 1 to 64 letters, digits, '_' or '-'."));
        }
        if (!isObjectSchema(outputSchema->schema, false)) {
            return fieldError(QStringLiteral("output_schema.schema"),
                              Tr::tr("the schema must have \"type\": \"object\"."));
        }
        if (isMessages) {
            // Messages has structured output only as a forced tool (see MessagesRequestBuilder).
            if (toolNames.contains(outputSchema->name)) {
                return fieldError(
                    QStringLiteral("output_schema.name"),
                    Tr::tr("a tool is already named \"%1\".").arg(outputSchema->name));
            }
            if (toolChoice) {
                return fieldError(QStringLiteral("tool_choice"),
                                  Tr::tr("with a schema, Messages must be forced to the schema's "
                                         "tool."),
                                  Tr::tr("Remove the tool choice or the schema."));
            }
            if (p.adaptiveThinking) {
                return fieldError(QStringLiteral("output_schema"),
                                  Tr::tr("Claude cannot follow a schema while thinking."),
                                  Tr::tr("Turn thinking off or remove the schema."));
            }
        }
    }

    if (!isResponses) {
        if (!previousResponseId.isEmpty())
            return unsupportedField(QStringLiteral("previous_response_id"), surface);
        if (store)
            return unsupportedField(QStringLiteral("store"), surface);
        if (background)
            return unsupportedField(QStringLiteral("background"), surface);
    } else if (background && store == false) {
        return fieldError(QStringLiteral("background"),
                          Tr::tr("a background response must be stored."),
                          Tr::tr("Allow storing the response or turn background off."));
    }
    if (surface == ApiSurface::CountTokens && stream)
        return unsupportedField(QStringLiteral("stream"), surface);
    return {};
}

} // namespace mantle::api
