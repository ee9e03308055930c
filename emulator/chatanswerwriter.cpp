#include "chatanswerwriter.h"

#include "simpletokenizer.h"
#include "sseframe.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mantle::emulator {

namespace {

const QJsonValue kNull(QJsonValue::Null);

QJsonObject toolCallJson(const AnswerPlan::ToolCall &call)
{
    return {{QStringLiteral("id"), call.id},
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("function"),
             QJsonObject{{QStringLiteral("name"), call.name},
                         {QStringLiteral("arguments"), call.arguments}}}};
}

} // namespace

QString ChatAnswerWriter::finishReason(AnswerPlan::Stop stop)
{
    switch (stop) {
    case AnswerPlan::Stop::EndTurn:
    case AnswerPlan::Stop::StopSequence:
        return QStringLiteral("stop");
    case AnswerPlan::Stop::ToolUse:
        return QStringLiteral("tool_calls");
    case AnswerPlan::Stop::MaxTokens:
        return QStringLiteral("length");
    }
    return QStringLiteral("stop");
}

QJsonObject ChatAnswerWriter::usage(const AnswerPlan &plan)
{
    return {{QStringLiteral("prompt_tokens"), plan.inputTokens},
            {QStringLiteral("completion_tokens"), plan.outputTokens},
            {QStringLiteral("total_tokens"), plan.inputTokens + plan.outputTokens},
            {QStringLiteral("prompt_tokens_details"),
             QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
            {QStringLiteral("completion_tokens_details"),
             QJsonObject{{QStringLiteral("reasoning_tokens"), plan.reasoningTokens}}}};
}

EmulatorReply ChatAnswerWriter::body(const AnswerPlan &plan, const Identity &identity)
{
    QJsonObject message{
        {QStringLiteral("role"), QStringLiteral("assistant")},
        {QStringLiteral("content"),
         plan.text.isEmpty() && !plan.toolCalls.isEmpty() ? kNull : QJsonValue(plan.text)},
        {QStringLiteral("refusal"), kNull}};
    if (!plan.reasoning.isEmpty())
        message.insert(QStringLiteral("reasoning_content"), plan.reasoning);
    if (!plan.toolCalls.isEmpty()) {
        QJsonArray calls;
        for (const AnswerPlan::ToolCall &call : plan.toolCalls)
            calls.append(toolCallJson(call));
        message.insert(QStringLiteral("tool_calls"), calls);
    }
    const QJsonObject choice{{QStringLiteral("index"), 0},
                             {QStringLiteral("message"), message},
                             {QStringLiteral("logprobs"), kNull},
                             {QStringLiteral("finish_reason"), finishReason(plan.stop)}};
    const QJsonObject completion{{QStringLiteral("id"), identity.id},
                                 {QStringLiteral("object"), QStringLiteral("chat.completion")},
                                 {QStringLiteral("created"), identity.created},
                                 {QStringLiteral("model"), identity.model},
                                 {QStringLiteral("choices"), QJsonArray{choice}},
                                 {QStringLiteral("usage"), usage(plan)}};
    EmulatorReply reply;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    reply.body = QJsonDocument(completion).toJson(QJsonDocument::Compact);
    return reply;
}

EmulatorReply ChatAnswerWriter::stream(const AnswerPlan &plan, const Identity &identity,
                                       bool includeUsage)
{
    EmulatorReply reply;
    reply.streamed = true;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("text/event-stream")});
    reply.headers.append({QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-cache")});

    const auto chunk = [&](const QJsonObject &delta, const QJsonValue &finish = kNull) {
        const QJsonObject choice{{QStringLiteral("index"), 0},
                                 {QStringLiteral("delta"), delta},
                                 {QStringLiteral("logprobs"), kNull},
                                 {QStringLiteral("finish_reason"), finish}};
        QJsonObject object{{QStringLiteral("id"), identity.id},
                           {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                           {QStringLiteral("created"), identity.created},
                           {QStringLiteral("model"), identity.model},
                           {QStringLiteral("choices"), QJsonArray{choice}}};
        // OpenAI: with include_usage every chunk carries "usage": null but the last.
        if (includeUsage)
            object.insert(QStringLiteral("usage"), kNull);
        reply.events.append(SseFrame::unnamed(object));
    };

    const bool onlyTools = plan.text.isEmpty() && !plan.toolCalls.isEmpty();
    chunk({{QStringLiteral("role"), QStringLiteral("assistant")},
           {QStringLiteral("content"), onlyTools ? kNull : QJsonValue(QString())},
           {QStringLiteral("refusal"), kNull}});
    for (const QString &piece : SimpleTokenizer::pieces(plan.reasoning))
        chunk({{QStringLiteral("reasoning_content"), piece}});
    for (const QString &piece : SimpleTokenizer::pieces(plan.text))
        chunk({{QStringLiteral("content"), piece}});
    for (qsizetype i = 0; i < plan.toolCalls.size(); ++i) {
        const AnswerPlan::ToolCall &call = plan.toolCalls.at(i);
        QJsonObject opening = toolCallJson(call);
        opening.insert(QStringLiteral("index"), i);
        opening.insert(QStringLiteral("function"),
                       QJsonObject{{QStringLiteral("name"), call.name},
                                   {QStringLiteral("arguments"), QString()}});
        chunk({{QStringLiteral("tool_calls"), QJsonArray{opening}}});
        for (const QString &piece : SimpleTokenizer::pieces(call.arguments)) {
            const QJsonObject fragment{
                {QStringLiteral("index"), i},
                {QStringLiteral("function"), QJsonObject{{QStringLiteral("arguments"), piece}}}};
            chunk({{QStringLiteral("tool_calls"), QJsonArray{fragment}}});
        }
    }
    chunk(QJsonObject(), finishReason(plan.stop));
    if (includeUsage) {
        const QJsonObject last{{QStringLiteral("id"), identity.id},
                               {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                               {QStringLiteral("created"), identity.created},
                               {QStringLiteral("model"), identity.model},
                               {QStringLiteral("choices"), QJsonArray()},
                               {QStringLiteral("usage"), usage(plan)}};
        reply.events.append(SseFrame::unnamed(last));
    }
    reply.events.append(SseFrame::done());
    return reply;
}

} // namespace mantle::emulator
