#include "responsesanswerwriter.h"

#include "idgenerator.h"
#include "simpletokenizer.h"
#include "sseframe.h"

namespace mantle::emulator {

namespace {

const QJsonValue kNull(QJsonValue::Null);

/// OpenAI's item ids: a prefix and 48 hex-like characters; ours are [a-z0-9].
constexpr int kItemIdLength = 48;
constexpr int kCallIdLength = 24;

QJsonObject outputText(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("output_text")},
            {QStringLiteral("text"), text},
            {QStringLiteral("annotations"), QJsonArray()},
            {QStringLiteral("logprobs"), QJsonArray()}};
}

QJsonObject reasoningText(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("reasoning_text")},
            {QStringLiteral("text"), text}};
}

QJsonValue valueOr(const QJsonObject &request, const char *key, const QJsonValue &fallback)
{
    const QJsonValue value = request.value(QLatin1String(key));
    return value.isUndefined() || value.isNull() ? fallback : value;
}

} // namespace

ResponsesAnswerWriter::ResponsesAnswerWriter(AnswerPlan plan, Setup setup, IdGenerator &ids)
    : m_plan(std::move(plan))
    , m_setup(std::move(setup))
{
    if (!m_plan.reasoning.isEmpty())
        m_reasoningId = ids.next(u"rs_", kItemIdLength);
    const bool truncatedEarly = m_plan.text.isEmpty() && m_plan.stop == AnswerPlan::Stop::MaxTokens;
    if (!m_plan.text.isEmpty() || (m_plan.toolCalls.isEmpty() && !truncatedEarly))
        m_messageId = ids.next(u"msg_", kItemIdLength);
    for (AnswerPlan::ToolCall &call : m_plan.toolCalls) {
        m_functionCallIds.append(ids.next(u"fc_", kItemIdLength));
        call.id = ids.next(u"call_", kCallIdLength, IdGenerator::Alphabet::Alphanumeric);
    }
}

QString ResponsesAnswerWriter::finalStatus() const
{
    return m_plan.stop == AnswerPlan::Stop::MaxTokens ? QStringLiteral("incomplete")
                                                      : QStringLiteral("completed");
}

QJsonObject ResponsesAnswerWriter::usage() const
{
    return {
        {QStringLiteral("input_tokens"), m_plan.inputTokens},
        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
        {QStringLiteral("output_tokens"), m_plan.outputTokens},
        {QStringLiteral("output_tokens_details"),
         QJsonObject{{QStringLiteral("reasoning_tokens"), m_plan.reasoningTokens}}},
        {QStringLiteral("total_tokens"), m_plan.inputTokens + m_plan.outputTokens}};
}

QJsonObject ResponsesAnswerWriter::response(const QString &status) const
{
    const bool finished
        = status == QLatin1String("completed") || status == QLatin1String("incomplete");
    const QJsonObject &request = m_setup.request;
    const QString itemStatus = status == QLatin1String("incomplete") ? QStringLiteral("incomplete")
                                                                     : QStringLiteral("completed");
    QJsonArray output;
    if (finished) {
        if (!m_reasoningId.isEmpty()) {
            output.append(QJsonObject{
                {QStringLiteral("id"), m_reasoningId},
                {QStringLiteral("type"), QStringLiteral("reasoning")},
                {QStringLiteral("summary"), QJsonArray()},
                {QStringLiteral("content"), QJsonArray{reasoningText(m_plan.reasoning)}},
                {QStringLiteral("status"), itemStatus}});
        }
        if (!m_messageId.isEmpty()) {
            output.append(
                QJsonObject{{QStringLiteral("id"), m_messageId},
                            {QStringLiteral("type"), QStringLiteral("message")},
                            {QStringLiteral("status"), itemStatus},
                            {QStringLiteral("role"), QStringLiteral("assistant")},
                            {QStringLiteral("content"), QJsonArray{outputText(m_plan.text)}}});
        }
        for (qsizetype i = 0; i < m_plan.toolCalls.size(); ++i) {
            const AnswerPlan::ToolCall &call = m_plan.toolCalls.at(i);
            output.append(QJsonObject{{QStringLiteral("id"), m_functionCallIds.at(i)},
                                      {QStringLiteral("type"), QStringLiteral("function_call")},
                                      {QStringLiteral("status"), QStringLiteral("completed")},
                                      {QStringLiteral("arguments"), call.arguments},
                                      {QStringLiteral("call_id"), call.id},
                                      {QStringLiteral("name"), call.name}});
        }
    }
    const QJsonValue effort
        = request.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort"));
    const QJsonObject defaultText{
        {QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}}}};
    QJsonObject response{
        {QStringLiteral("id"), m_setup.id},
        {QStringLiteral("object"), QStringLiteral("response")},
        {QStringLiteral("created_at"), m_setup.createdAt},
        {QStringLiteral("status"), status},
        {QStringLiteral("background"), m_setup.background},
        {QStringLiteral("completed_at"),
         status == QLatin1String("completed") ? QJsonValue(m_setup.createdAt) : kNull},
        {QStringLiteral("error"), kNull},
        {QStringLiteral("incomplete_details"),
         status == QLatin1String("incomplete") ? QJsonValue(
             QJsonObject{{QStringLiteral("reason"), QStringLiteral("max_output_tokens")}})
                                               : kNull},
        {QStringLiteral("instructions"), valueOr(request, "instructions", kNull)},
        {QStringLiteral("max_output_tokens"), valueOr(request, "max_output_tokens", kNull)},
        {QStringLiteral("max_tool_calls"), valueOr(request, "max_tool_calls", kNull)},
        {QStringLiteral("model"), m_setup.model},
        {QStringLiteral("output"), output},
        {QStringLiteral("parallel_tool_calls"), valueOr(request, "parallel_tool_calls", true)},
        {QStringLiteral("previous_response_id"),
         m_setup.previousResponseId.isEmpty() ? kNull : QJsonValue(m_setup.previousResponseId)},
        {QStringLiteral("reasoning"),
         QJsonObject{{QStringLiteral("effort"), effort.isString() ? effort : kNull},
                     {QStringLiteral("summary"), kNull}}},
        {QStringLiteral("service_tier"), QStringLiteral("default")},
        {QStringLiteral("store"), m_setup.store},
        {QStringLiteral("temperature"), valueOr(request, "temperature", 1.0)},
        {QStringLiteral("text"), valueOr(request, "text", defaultText)},
        {QStringLiteral("tool_choice"), valueOr(request, "tool_choice", QStringLiteral("auto"))},
        {QStringLiteral("tools"), valueOr(request, "tools", QJsonArray())},
        {QStringLiteral("top_p"), valueOr(request, "top_p", 1.0)},
        {QStringLiteral("truncation"), valueOr(request, "truncation", QStringLiteral("disabled"))},
        {QStringLiteral("usage"), finished ? QJsonValue(usage()) : kNull},
        {QStringLiteral("user"), valueOr(request, "user", kNull)},
        {QStringLiteral("metadata"), valueOr(request, "metadata", QJsonObject())},
    };
    return response;
}

QList<QByteArray> ResponsesAnswerWriter::events() const
{
    QList<QByteArray> frames;
    qint64 sequence = 0;
    const auto emitEvent = [&](const QString &type, QJsonObject data) {
        data.insert(QStringLiteral("type"), type);
        data.insert(QStringLiteral("sequence_number"), sequence++);
        frames.append(SseFrame::named(type.toUtf8(), data));
    };
    const auto lifecycle = [&](const char *type, const QString &status) {
        emitEvent(QString::fromLatin1(type), {{QStringLiteral("response"), response(status)}});
    };
    const QString startStatus
        = m_setup.background ? QStringLiteral("queued") : QStringLiteral("in_progress");
    lifecycle("response.created", startStatus);
    if (m_setup.background)
        lifecycle("response.queued", QStringLiteral("queued"));
    lifecycle("response.in_progress", QStringLiteral("in_progress"));

    const QString status = finalStatus();
    const QJsonObject finalResponse = response(status);
    const QJsonArray finalOutput = finalResponse.value(QLatin1String("output")).toArray();
    qint64 outputIndex = 0;
    const auto item = [&](const QJsonObject &added) {
        emitEvent(QStringLiteral("response.output_item.added"),
                  {{QStringLiteral("output_index"), outputIndex}, {QStringLiteral("item"), added}});
    };
    const auto itemDone = [&]() {
        emitEvent(QStringLiteral("response.output_item.done"),
                  {{QStringLiteral("output_index"), outputIndex},
                   {QStringLiteral("item"), finalOutput.at(outputIndex)}});
        ++outputIndex;
    };
    const auto partEvent = [&](const char *type, const QString &id, const QJsonObject &part) {
        emitEvent(QString::fromLatin1(type),
                  {{QStringLiteral("item_id"), id},
                   {QStringLiteral("output_index"), outputIndex},
                   {QStringLiteral("content_index"), 0},
                   {QStringLiteral("part"), part}});
    };

    if (!m_reasoningId.isEmpty()) {
        item({{QStringLiteral("id"), m_reasoningId},
              {QStringLiteral("type"), QStringLiteral("reasoning")},
              {QStringLiteral("summary"), QJsonArray()},
              {QStringLiteral("content"), QJsonArray()},
              {QStringLiteral("status"), QStringLiteral("in_progress")}});
        partEvent("response.content_part.added", m_reasoningId, reasoningText(QString()));
        for (const QString &piece : SimpleTokenizer::pieces(m_plan.reasoning)) {
            emitEvent(QStringLiteral("response.reasoning_text.delta"),
                      {{QStringLiteral("item_id"), m_reasoningId},
                       {QStringLiteral("output_index"), outputIndex},
                       {QStringLiteral("content_index"), 0},
                       {QStringLiteral("delta"), piece}});
        }
        emitEvent(QStringLiteral("response.reasoning_text.done"),
                  {{QStringLiteral("item_id"), m_reasoningId},
                   {QStringLiteral("output_index"), outputIndex},
                   {QStringLiteral("content_index"), 0},
                   {QStringLiteral("text"), m_plan.reasoning}});
        partEvent("response.content_part.done", m_reasoningId, reasoningText(m_plan.reasoning));
        itemDone();
    }
    if (!m_messageId.isEmpty()) {
        item({{QStringLiteral("id"), m_messageId},
              {QStringLiteral("type"), QStringLiteral("message")},
              {QStringLiteral("status"), QStringLiteral("in_progress")},
              {QStringLiteral("role"), QStringLiteral("assistant")},
              {QStringLiteral("content"), QJsonArray()}});
        partEvent("response.content_part.added", m_messageId, outputText(QString()));
        for (const QString &piece : SimpleTokenizer::pieces(m_plan.text)) {
            emitEvent(QStringLiteral("response.output_text.delta"),
                      {{QStringLiteral("item_id"), m_messageId},
                       {QStringLiteral("output_index"), outputIndex},
                       {QStringLiteral("content_index"), 0},
                       {QStringLiteral("delta"), piece},
                       {QStringLiteral("logprobs"), QJsonArray()}});
        }
        emitEvent(QStringLiteral("response.output_text.done"),
                  {{QStringLiteral("item_id"), m_messageId},
                   {QStringLiteral("output_index"), outputIndex},
                   {QStringLiteral("content_index"), 0},
                   {QStringLiteral("text"), m_plan.text},
                   {QStringLiteral("logprobs"), QJsonArray()}});
        partEvent("response.content_part.done", m_messageId, outputText(m_plan.text));
        itemDone();
    }
    for (qsizetype i = 0; i < m_plan.toolCalls.size(); ++i) {
        const AnswerPlan::ToolCall &call = m_plan.toolCalls.at(i);
        const QString &id = m_functionCallIds.at(i);
        item({{QStringLiteral("id"), id},
              {QStringLiteral("type"), QStringLiteral("function_call")},
              {QStringLiteral("status"), QStringLiteral("in_progress")},
              {QStringLiteral("arguments"), QString()},
              {QStringLiteral("call_id"), call.id},
              {QStringLiteral("name"), call.name}});
        for (const QString &piece : SimpleTokenizer::pieces(call.arguments)) {
            emitEvent(QStringLiteral("response.function_call_arguments.delta"),
                      {{QStringLiteral("item_id"), id},
                       {QStringLiteral("output_index"), outputIndex},
                       {QStringLiteral("delta"), piece}});
        }
        emitEvent(QStringLiteral("response.function_call_arguments.done"),
                  {{QStringLiteral("item_id"), id},
                   {QStringLiteral("output_index"), outputIndex},
                   {QStringLiteral("name"), call.name},
                   {QStringLiteral("arguments"), call.arguments}});
        itemDone();
    }
    emitEvent(status == QLatin1String("incomplete") ? QStringLiteral("response.incomplete")
                                                    : QStringLiteral("response.completed"),
              {{QStringLiteral("response"), finalResponse}});
    return frames;
}

} // namespace mantle::emulator
