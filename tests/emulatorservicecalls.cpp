#include "emulatorservicecalls.h"

#include "api/turnreader.h"
#include "common/clock.h"
#include "mantleservice.h"
#include "schema/schemavalidator.h"
#include "simpletokenizer.h"
#include "turntranscripts.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <string>

namespace mantle::test {

using emulator::MantleService;
using emulator::SimpleTokenizer;

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

EmulatorRequest makeRequest(const QByteArray &method, const QByteArray &path,
                            const QJsonObject &body, const QByteArray &region)
{
    EmulatorRequest request;
    request.method = method;
    request.path = path;
    if (!body.isEmpty())
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    request.region = region;
    return request;
}

EmulatorRequest post(const QByteArray &path, const QJsonObject &body, const QByteArray &region)
{
    return makeRequest("POST", path, body, region);
}

EmulatorRequest postRaw(const QByteArray &path, const QByteArray &body)
{
    EmulatorRequest request = makeRequest("POST", path);
    request.body = body;
    return request;
}

QByteArray header(const EmulatorReply &reply, const QByteArray &name)
{
    for (const auto &[key, value] : reply.headers) {
        if (key == name)
            return value;
    }
    return {};
}

QByteArray streamBytes(const EmulatorReply &reply)
{
    QByteArray bytes;
    for (const QByteArray &event : reply.events)
        bytes += event;
    return bytes;
}

Surface surfaceOf(const QByteArray &path)
{
    if (path.endsWith("/messages"))
        return Surface::Messages;
    if (path.endsWith("/responses"))
        return Surface::Responses;
    return Surface::ChatCompletions;
}

/// The turn our own engine reads from a reply: the stream accumulator for a stream, the body
/// parser for a body.
api::Turn turnOf(Surface surface, const EmulatorReply &reply)
{
    if (reply.streamed)
        return replayStream(surface, streamBytes(reply));
    auto parsed = api::TurnReader::parseBody(surface, reply.body);
    return parsed ? *parsed : api::Turn{};
}

/// The data of every event of a stream, as JSON (Chat's [DONE] left out), with its SSE name.
QList<std::pair<QByteArray, QJsonObject>> events(const EmulatorReply &reply)
{
    QList<std::pair<QByteArray, QJsonObject>> result;
    for (const QByteArray &frame : reply.events) {
        QByteArray name;
        QByteArray data;
        for (const QByteArray &line : frame.split('\n')) {
            if (line.startsWith("event: "))
                name = line.mid(7);
            else if (line.startsWith("data: "))
                data = line.mid(6);
        }
        if (data != "[DONE]")
            result.append({name, object(data)});
    }
    return result;
}

QJsonObject userMessage(const QString &text)
{
    return {{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), text}};
}

QJsonObject chatBody(const QString &model, const QString &prompt)
{
    return {{QStringLiteral("model"), model},
            {QStringLiteral("messages"), QJsonArray{userMessage(prompt)}}};
}

QJsonObject responsesBody(const QString &model, const QString &prompt)
{
    return {{QStringLiteral("model"), model}, {QStringLiteral("input"), prompt}};
}

QJsonObject messagesBody(const QString &model, const QString &prompt, int maxTokens)
{
    return {{QStringLiteral("model"), model},
            {QStringLiteral("max_tokens"), maxTokens},
            {QStringLiteral("messages"), QJsonArray{userMessage(prompt)}}};
}

QJsonObject weatherSchema()
{
    return object(R"({"type":"object","properties":{"city":{"type":"string"},
        "units":{"type":"string","enum":["celsius","fahrenheit"]}},
        "required":["city","units"],"additionalProperties":false})");
}

QJsonObject timeSchema()
{
    return object(R"({"type":"object","properties":{"timezone":{"type":"string"}},
        "required":["timezone"]})");
}

/// A tool in the surface's own shape.
QJsonObject tool(Surface surface, const QString &name, const QJsonObject &schema)
{
    if (surface == Surface::ChatCompletions) {
        return {
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("function"),
             QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("parameters"), schema}}}};
    }
    if (surface == Surface::Responses) {
        return {{QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("name"), name},
                {QStringLiteral("parameters"), schema}};
    }
    return {{QStringLiteral("name"), name}, {QStringLiteral("input_schema"), schema}};
}

/// The schema of the tool `name` in a request body of any surface.
QJsonObject toolSchemaIn(const QJsonObject &body, const QString &name)
{
    for (const QJsonValue &value : body.value(QLatin1String("tools")).toArray()) {
        const QJsonObject tool = value.toObject();
        const QJsonObject function = tool.value(QLatin1String("function")).toObject();
        if (function.value(QLatin1String("name")).toString() == name)
            return function.value(QLatin1String("parameters")).toObject();
        if (tool.value(QLatin1String("name")).toString() == name) {
            return tool.contains(QLatin1String("input_schema"))
                ? tool.value(QLatin1String("input_schema")).toObject()
                : tool.value(QLatin1String("parameters")).toObject();
        }
    }
    return {};
}

/// The output schema a request body asks for, on any surface.
std::optional<QJsonObject> outputSchemaIn(const QJsonObject &body)
{
    const QJsonObject chat = body.value(QLatin1String("response_format")).toObject();
    if (chat.value(QLatin1String("type")).toString() == QLatin1String("json_schema"))
        return chat.value(QLatin1String("json_schema"))
            .toObject()
            .value(QLatin1String("schema"))
            .toObject();
    const QJsonObject responses
        = body.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject();
    if (responses.value(QLatin1String("type")).toString() == QLatin1String("json_schema"))
        return responses.value(QLatin1String("schema")).toObject();
    const QJsonObject messages = body.value(QLatin1String("output_config"))
                                     .toObject()
                                     .value(QLatin1String("format"))
                                     .toObject();
    if (messages.value(QLatin1String("type")).toString() == QLatin1String("json_schema"))
        return messages.value(QLatin1String("schema")).toObject();
    return std::nullopt;
}

/// Empty when `instance` satisfies `schema` (JSON Schema draft 7, core/schema's
/// SchemaValidator on valijson), else why not.
QString schemaViolation(const QJsonObject &schema, const QJsonValue &instance)
{
    schema::SchemaValidator validator;
    if (const Status compiled = validator.compile(schema); !compiled.ok())
        return compiled.error().message;
    QStringList reasons;
    for (const schema::SchemaViolation &violation : validator.validate(instance))
        reasons.append(violation.toDisplayString());
    return reasons.join(QLatin1String("; "));
}

QJsonValue parseJsonText(const QString &text, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    *ok = error.error == QJsonParseError::NoError;
    if (document.isObject())
        return document.object();
    return document.array();
}

qint64 outputTokensOf(const api::Turn &turn)
{
    qint64 tokens = SimpleTokenizer::count(turn.text) + SimpleTokenizer::count(turn.reasoning);
    for (const api::ToolCall &call : turn.toolCalls)
        tokens += SimpleTokenizer::count(call.name) + SimpleTokenizer::count(call.arguments);
    return tokens;
}

QString describe(const api::Turn &turn)
{
    return QString::fromUtf8(QJsonDocument(turn.toReplayJson()).toJson(QJsonDocument::Compact));
}

/// The same request answered by two services made alike: once whole, once streamed.
std::pair<EmulatorReply, EmulatorReply> bothWays(const QByteArray &path, const QJsonObject &body)
{
    ManualClock clock(kEmulatorNow);
    MantleService wholeService(clock, MantleService::Options{.seed = 7});
    MantleService streamService(clock, MantleService::Options{.seed = 7});
    QJsonObject whole = body;
    whole.insert(QStringLiteral("stream"), false);
    QJsonObject streamed = body;
    streamed.insert(QStringLiteral("stream"), true);
    if (surfaceOf(path) == Surface::ChatCompletions)
        streamed.insert(QStringLiteral("stream_options"),
                        QJsonObject{{QStringLiteral("include_usage"), true}});
    return {wholeService.handle(post(path, whole)), streamService.handle(post(path, streamed))};
}

} // namespace mantle::test
