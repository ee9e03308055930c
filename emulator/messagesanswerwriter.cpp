#include "messagesanswerwriter.h"

#include "simpletokenizer.h"
#include "sseframe.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mantle::emulator {

namespace {

const QJsonValue kNull(QJsonValue::Null);

QJsonObject toolInput(const QString &arguments)
{
    return QJsonDocument::fromJson(arguments.toUtf8()).object();
}

QJsonValue stopSequence(const AnswerPlan &plan)
{
    return plan.stop == AnswerPlan::Stop::StopSequence ? QJsonValue(plan.stopSequence) : kNull;
}

QJsonObject message(const MessagesAnswerWriter::Identity &identity, const QJsonArray &content,
                    const QJsonValue &stopReason, const QJsonValue &sequence,
                    const QJsonObject &usage)
{
    return {{QStringLiteral("id"), identity.id},
            {QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("model"), identity.model},
            {QStringLiteral("content"), content},
            {QStringLiteral("stop_reason"), stopReason},
            {QStringLiteral("stop_sequence"), sequence},
            {QStringLiteral("usage"), usage}};
}

} // namespace

QString MessagesAnswerWriter::stopReason(AnswerPlan::Stop stop)
{
    switch (stop) {
    case AnswerPlan::Stop::EndTurn:
        return QStringLiteral("end_turn");
    case AnswerPlan::Stop::ToolUse:
        return QStringLiteral("tool_use");
    case AnswerPlan::Stop::MaxTokens:
        return QStringLiteral("max_tokens");
    case AnswerPlan::Stop::StopSequence:
        return QStringLiteral("stop_sequence");
    }
    return QStringLiteral("end_turn");
}

QJsonObject MessagesAnswerWriter::usage(const AnswerPlan &plan)
{
    return {{QStringLiteral("input_tokens"), plan.inputTokens},
            {QStringLiteral("cache_creation_input_tokens"), 0},
            {QStringLiteral("cache_read_input_tokens"), 0},
            {QStringLiteral("output_tokens"), plan.outputTokens}};
}

EmulatorReply MessagesAnswerWriter::body(const AnswerPlan &plan, const Identity &identity)
{
    QJsonArray content;
    if (!plan.reasoning.isEmpty()) {
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("thinking")},
                                   {QStringLiteral("thinking"), plan.reasoning},
                                   {QStringLiteral("signature"), identity.signature}});
    }
    if (!plan.text.isEmpty()) {
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                   {QStringLiteral("text"), plan.text}});
    }
    for (const AnswerPlan::ToolCall &call : plan.toolCalls) {
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                   {QStringLiteral("id"), call.id},
                                   {QStringLiteral("name"), call.name},
                                   {QStringLiteral("input"), toolInput(call.arguments)}});
    }
    EmulatorReply reply;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    reply.body = QJsonDocument(message(identity, content, stopReason(plan.stop), stopSequence(plan),
                                       usage(plan)))
                     .toJson(QJsonDocument::Compact);
    return reply;
}

EmulatorReply MessagesAnswerWriter::stream(const AnswerPlan &plan, const Identity &identity)
{
    EmulatorReply reply;
    reply.streamed = true;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("text/event-stream")});
    reply.headers.append({QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-cache")});
    const auto emitEvent = [&](const char *type, QJsonObject data) {
        data.insert(QStringLiteral("type"), QString::fromLatin1(type));
        reply.events.append(SseFrame::named(type, data));
    };

    // Anthropic's message_start carries the input count and a first output token.
    QJsonObject startUsage = usage(plan);
    startUsage.insert(QStringLiteral("output_tokens"), 1);
    emitEvent(
        "message_start",
        {{QStringLiteral("message"), message(identity, QJsonArray(), kNull, kNull, startUsage)}});

    qint64 index = 0;
    bool pinged = false;
    const auto startBlock = [&](const QJsonObject &block) {
        emitEvent("content_block_start",
                  {{QStringLiteral("index"), index}, {QStringLiteral("content_block"), block}});
        if (!pinged) {
            emitEvent("ping", {});
            pinged = true;
        }
    };
    const auto delta = [&](const QJsonObject &body) {
        emitEvent("content_block_delta",
                  {{QStringLiteral("index"), index}, {QStringLiteral("delta"), body}});
    };
    const auto stopBlock = [&] {
        emitEvent("content_block_stop", {{QStringLiteral("index"), index}});
        ++index;
    };

    if (!plan.reasoning.isEmpty()) {
        startBlock({{QStringLiteral("type"), QStringLiteral("thinking")},
                    {QStringLiteral("thinking"), QString()},
                    {QStringLiteral("signature"), QString()}});
        for (const QString &piece : SimpleTokenizer::pieces(plan.reasoning)) {
            delta({{QStringLiteral("type"), QStringLiteral("thinking_delta")},
                   {QStringLiteral("thinking"), piece}});
        }
        delta({{QStringLiteral("type"), QStringLiteral("signature_delta")},
               {QStringLiteral("signature"), identity.signature}});
        stopBlock();
    }
    if (!plan.text.isEmpty()) {
        startBlock({{QStringLiteral("type"), QStringLiteral("text")},
                    {QStringLiteral("text"), QString()}});
        for (const QString &piece : SimpleTokenizer::pieces(plan.text)) {
            delta({{QStringLiteral("type"), QStringLiteral("text_delta")},
                   {QStringLiteral("text"), piece}});
        }
        stopBlock();
    }
    for (const AnswerPlan::ToolCall &call : plan.toolCalls) {
        startBlock({{QStringLiteral("type"), QStringLiteral("tool_use")},
                    {QStringLiteral("id"), call.id},
                    {QStringLiteral("name"), call.name},
                    {QStringLiteral("input"), QJsonObject()}});
        for (const QString &piece : SimpleTokenizer::pieces(call.arguments)) {
            delta({{QStringLiteral("type"), QStringLiteral("input_json_delta")},
                   {QStringLiteral("partial_json"), piece}});
        }
        stopBlock();
    }
    if (!pinged)
        emitEvent("ping", {});
    emitEvent("message_delta",
              {{QStringLiteral("delta"),
                QJsonObject{{QStringLiteral("stop_reason"), stopReason(plan.stop)},
                            {QStringLiteral("stop_sequence"), stopSequence(plan)}}},
               {QStringLiteral("usage"), usage(plan)}});
    emitEvent("message_stop", {});
    return reply;
}

} // namespace mantle::emulator
