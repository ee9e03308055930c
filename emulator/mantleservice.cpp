#include "mantleservice.h"

#include "answerplanner.h"
#include "chatanswerwriter.h"
#include "chatrequestreader.h"
#include "common/clock.h"
#include "errorreplies.h"
#include "jsonrequestbody.h"
#include "messagesanswerwriter.h"
#include "messagesrequestreader.h"
#include "responsesanswerwriter.h"
#include "responsesrequestreader.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace mantle::emulator {

namespace {

// Id lengths: Responses ids are `resp_` + 52 [a-z0-9] (FACTS.md); the others follow the
// shapes OpenAI and Anthropic use.
constexpr int kResponseIdLength = 52;
constexpr int kChatIdLength = 32;
constexpr int kCallIdLength = 24;
constexpr int kAnthropicIdLength = 22;
constexpr int kSignatureLength = 96;

const QString kNotFound = QStringLiteral("not_found_error");
const QString kAccessDenied = QStringLiteral("access_denied");

Error serviceError(int status, const QString &code, const QString &message)
{
    Error error = makeError(Error::Kind::Http, message);
    error.httpStatus = status;
    error.code = code;
    return error;
}

/// An Error from the readers or the model checks, in the envelope of the request's route.
/// Mantle's answer to a prompt longer than the model's context (FACTS.md).
Error promptTooLong(qint64 inputTokens, const EmulatedModel &model, const QString &modelId)
{
    return serviceError(400, QString::fromLatin1(JsonRequestBody::kValidationError),
                        QStringLiteral("prompt tokens (%1) exceed model maximum (%2) for %3")
                            .arg(inputTokens)
                            .arg(model.contextWindow)
                            .arg(modelId));
}

EmulatorReply errorReply(const EmulatorRequest &request, const Error &error)
{
    QString openAiType = QStringLiteral("invalid_request_error");
    QString anthropicType = QStringLiteral("invalid_request_error");
    if (error.code == kNotFound) {
        anthropicType = QStringLiteral("not_found_error");
    } else if (error.code == kAccessDenied) {
        openAiType = QStringLiteral("permission_denied_error");
        anthropicType = QStringLiteral("permission_error");
    }
    return ErrorReplies::forPath(request.path, error.httpStatus, error.code, openAiType,
                                 anthropicType, error.message);
}

EmulatorReply jsonReply(const QJsonObject &body)
{
    EmulatorReply reply;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return reply;
}

QString invalidUrl(const EmulatorRequest &request)
{
    return QStringLiteral("Invalid URL (%1 %2)")
        .arg(QString::fromUtf8(request.method), QString::fromUtf8(request.path));
}

QString surfacePath(bool responses)
{
    return responses ? QStringLiteral("/v1/responses") : QStringLiteral("/v1/chat/completions");
}

Error responseNotFound(const QString &id)
{
    return serviceError(404, kNotFound, QStringLiteral("Response with id '%1' not found.").arg(id));
}

Conversation::Message answerMessage(const AnswerPlan &plan)
{
    Conversation::Message message;
    message.role = Conversation::Role::Assistant;
    message.text = plan.text;
    for (const AnswerPlan::ToolCall &call : plan.toolCalls)
        message.toolCalls.append({call.id, call.name, call.arguments});
    return message;
}

} // namespace

MantleService::MantleService(const Clock &clock)
    : MantleService(clock, Options())
{ }

MantleService::MantleService(const Clock &clock, Options options)
    : m_clock(clock)
    , m_catalogue(std::move(options.catalogue))
    , m_ids(options.seed)
{ }

EmulatorReply MantleService::handle(const EmulatorRequest &request)
{
    const QByteArrayView path(request.path);
    if (path.startsWith("/anthropic/v1/"))
        return anthropicRoute(request, path.sliced(qsizetype(sizeof("/anthropic/v1/")) - 1));
    if (path.startsWith("/openai/v1/"))
        return openAiRoute(request, Prefix::OpenAiV1,
                           path.sliced(qsizetype(sizeof("/openai/v1/")) - 1));
    if (path.startsWith("/v1/"))
        return openAiRoute(request, Prefix::V1, path.sliced(qsizetype(sizeof("/v1/")) - 1));
    if (ErrorReplies::isAnthropicPath(path))
        return ErrorReplies::anthropic(404, kNotFound, QStringLiteral("Not Found"));
    return ErrorReplies::openAi(404, QString(), QStringLiteral("invalid_request_error"),
                                invalidUrl(request));
}

EmulatorReply MantleService::wrongPrefixError(const EmulatorRequest &request) const
{
    const QString model
        = QJsonDocument::fromJson(request.body).object().value(QLatin1String("model")).toString();
    if (request.path.startsWith("/openai/v1/")) {
        return errorReply(
            request,
            serviceError(400, QString::fromLatin1(JsonRequestBody::kValidationError),
                         QStringLiteral("model `%1` isn't supported on this route").arg(model)));
    }
    return errorReply(
        request,
        serviceError(401, kAccessDenied, QStringLiteral("Berm is not enabled for this account")));
}

EmulatorReply MantleService::openAiRoute(const EmulatorRequest &request, Prefix prefix,
                                         QByteArrayView rest)
{
    const QByteArrayView method(request.method);
    if (rest == "models" && method == "GET")
        return jsonReply(QJsonDocument::fromJson(m_catalogue.listJson(request.region)).object());
    if (rest == "chat/completions" && method == "POST")
        return chatCompletions(request, prefix);
    if (rest == "responses" && method == "POST")
        return createResponse(request, prefix);
    if (rest.startsWith("responses/")) {
        const QList<QByteArray> parts = rest.toByteArray().split('/');
        const QString id = QString::fromUtf8(parts.value(1));
        if (parts.size() == 2 && !id.isEmpty() && method == "GET")
            return retrieveResponse(request, id);
        if (parts.size() == 2 && !id.isEmpty() && method == "DELETE")
            return deleteResponse(request, id);
        if (parts.size() == 3 && !id.isEmpty() && parts.at(2) == "cancel" && method == "POST")
            return cancelResponse(request, id);
    }
    return ErrorReplies::openAi(404, QString(), QStringLiteral("invalid_request_error"),
                                invalidUrl(request));
}

EmulatorReply MantleService::anthropicRoute(const EmulatorRequest &request, QByteArrayView rest)
{
    if (request.method == "POST" && rest == "messages")
        return messages(request, false);
    if (request.method == "POST" && rest == "messages/count_tokens")
        return messages(request, true);
    return ErrorReplies::anthropic(404, kNotFound, QStringLiteral("Not Found"));
}

Result<EmulatedModel> MantleService::openAiModel(const QString &id, QByteArrayView region,
                                                 Prefix prefix, bool responses) const
{
    // A model the region does not serve is unknown there, as on Mantle.
    const std::optional<EmulatedModel> model = m_catalogue.findIn(id, region);
    if (!model)
        return serviceError(404, kNotFound,
                            QStringLiteral("The model '%1' does not exist").arg(id));
    if (model->prefix == EmulatedModel::Prefix::OpenAiV1 && prefix == Prefix::V1)
        return serviceError(401, kAccessDenied,
                            QStringLiteral("Berm is not enabled for this account"));
    if (model->prefix == EmulatedModel::Prefix::V1 && prefix == Prefix::OpenAiV1) {
        return serviceError(400, QString::fromLatin1(JsonRequestBody::kValidationError),
                            QStringLiteral("model `%1` isn't supported on this route").arg(id));
    }
    if (responses ? !model->responses : !model->chat) {
        return serviceError(400, QString::fromLatin1(JsonRequestBody::kValidationError),
                            QStringLiteral("The model '%1' does not support the '%2' API")
                                .arg(id, surfacePath(responses)));
    }
    return *model;
}

Result<EmulatedModel> MantleService::anthropicModel(const QString &id, QByteArrayView region) const
{
    const std::optional<EmulatedModel> model = m_catalogue.findIn(id, region);
    if (!model)
        return serviceError(404, kNotFound,
                            QStringLiteral("The model '%1' does not exist").arg(id));
    if (!model->messages) {
        return serviceError(
            400, QString::fromLatin1(JsonRequestBody::kValidationError),
            QStringLiteral("The model '%1' does not support the '/v1/messages' API").arg(id));
    }
    return *model;
}

EmulatorReply MantleService::chatCompletions(const EmulatorRequest &request, Prefix prefix)
{
    auto read = ChatRequestReader::read(request.body);
    if (!read)
        return errorReply(request, read.error());
    const ChatRequest &chat = *read;
    auto model = openAiModel(chat.model, request.region, prefix, false);
    if (!model)
        return errorReply(request, model.error());
    AnswerPlan plan = AnswerPlanner::plan(chat.conversation, *model);
    if (plan.inputTokens > model->contextWindow)
        return errorReply(request, promptTooLong(plan.inputTokens, *model, chat.model));
    for (AnswerPlan::ToolCall &call : plan.toolCalls)
        call.id = m_ids.next(u"call_", kCallIdLength, IdGenerator::Alphabet::Alphanumeric);
    const ChatAnswerWriter::Identity identity{m_ids.next(u"chatcmpl-", kChatIdLength), chat.model,
                                              m_clock.nowUtc().toSecsSinceEpoch()};
    return chat.stream ? ChatAnswerWriter::stream(plan, identity, chat.includeUsage)
                       : ChatAnswerWriter::body(plan, identity);
}

EmulatorReply MantleService::createResponse(const EmulatorRequest &request, Prefix prefix)
{
    auto read = ResponsesRequestReader::read(request.body);
    if (!read)
        return errorReply(request, read.error());
    ResponsesRequest &create = *read;
    auto model = openAiModel(create.model, request.region, prefix, true);
    if (!model)
        return errorReply(request, model.error());

    Conversation conversation = create.conversation;
    if (!create.previousResponseId.isEmpty()) {
        const StoredResponse *previous
            = m_responses.find(request.region, create.previousResponseId);
        if (!previous) {
            return errorReply(request,
                              serviceError(400, QStringLiteral("previous_response_not_found"),
                                           QStringLiteral("Previous response with id '%1' not "
                                                          "found.")
                                               .arg(create.previousResponseId)));
        }
        conversation.messages = m_responses.history(*previous) + conversation.messages;
    }
    const AnswerPlan plan = AnswerPlanner::plan(conversation, *model);
    if (plan.inputTokens > model->contextWindow)
        return errorReply(request, promptTooLong(plan.inputTokens, *model, create.model));

    ResponsesAnswerWriter::Setup setup;
    setup.id = m_ids.next(u"resp_", kResponseIdLength);
    setup.model = create.model;
    setup.createdAt = double(m_clock.nowUtc().toMSecsSinceEpoch()) / 1000.0;
    setup.previousResponseId = create.previousResponseId;
    setup.store = create.store;
    setup.background = create.background;
    setup.request = create.body;
    const ResponsesAnswerWriter writer(plan, setup, m_ids);
    const QJsonObject final = writer.response(writer.finalStatus());

    StoredResponse stored;
    stored.background = create.background;
    stored.input = conversation.messages;
    stored.answer = answerMessage(writer.plan());
    if (create.background && !create.stream) {
        stored.stages = {writer.response(QStringLiteral("queued")),
                         writer.response(QStringLiteral("in_progress")), final};
    } else {
        stored.stages = {final};
    }
    const QJsonObject created = stored.stages.first();
    if (create.store)
        m_responses.insert(request.region, setup.id, std::move(stored));

    if (!create.stream)
        return jsonReply(created);
    EmulatorReply reply;
    reply.streamed = true;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("text/event-stream")});
    reply.headers.append({QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-cache")});
    reply.events = writer.events();
    return reply;
}

EmulatorReply MantleService::retrieveResponse(const EmulatorRequest &request, const QString &id)
{
    const std::optional<QJsonObject> response = m_responses.retrieve(request.region, id);
    if (!response)
        return errorReply(request, responseNotFound(id));
    return jsonReply(*response);
}

EmulatorReply MantleService::deleteResponse(const EmulatorRequest &request, const QString &id)
{
    if (!m_responses.remove(request.region, id))
        return errorReply(request, responseNotFound(id));
    return jsonReply({{QStringLiteral("id"), id},
                      {QStringLiteral("object"), QStringLiteral("response.deleted")},
                      {QStringLiteral("deleted"), true}});
}

EmulatorReply MantleService::cancelResponse(const EmulatorRequest &request, const QString &id)
{
    QJsonObject response;
    switch (m_responses.cancel(request.region, id, response)) {
    case ResponseStore::CancelOutcome::Cancelled:
        return jsonReply(response);
    case ResponseStore::CancelOutcome::NotFound:
        return errorReply(request, responseNotFound(id));
    case ResponseStore::CancelOutcome::NotBackground:
        // OpenAI's words: only responses created with background=true can be cancelled.
        return errorReply(request,
                          serviceError(400, QString::fromLatin1(JsonRequestBody::kValidationError),
                                       QStringLiteral("Cannot cancel a synchronous response.")));
    case ResponseStore::CancelOutcome::AlreadyFinished:
        break;
    }
    const QString status = m_responses.find(request.region, id)->status();
    return errorReply(
        request,
        serviceError(400, QString::fromLatin1(JsonRequestBody::kValidationError),
                     QStringLiteral("Cannot cancel a response with status '%1'.").arg(status)));
}

EmulatorReply MantleService::messages(const EmulatorRequest &request, bool countTokens)
{
    auto read = MessagesRequestReader::read(request.body,
                                            countTokens ? MessagesRequestReader::Route::CountTokens
                                                        : MessagesRequestReader::Route::Messages);
    if (!read)
        return errorReply(request, read.error());
    const MessagesRequest &message = *read;
    auto model = anthropicModel(message.model, request.region);
    if (!model)
        return errorReply(request, model.error());
    const qint64 inputTokens = AnswerPlanner::inputTokens(message.conversation);
    if (inputTokens > model->contextWindow) {
        return errorReply(request,
                          serviceError(400, QString::fromLatin1(JsonRequestBody::kValidationError),
                                       QStringLiteral("prompt is too long: %1 tokens > %2 maximum")
                                           .arg(inputTokens)
                                           .arg(model->contextWindow)));
    }
    if (countTokens)
        return jsonReply({{QStringLiteral("input_tokens"), inputTokens}});

    AnswerPlan plan = AnswerPlanner::plan(message.conversation, *model);
    for (AnswerPlan::ToolCall &call : plan.toolCalls) {
        call.id
            = m_ids.next(u"toolu_bdrk_01", kAnthropicIdLength, IdGenerator::Alphabet::Alphanumeric);
    }
    MessagesAnswerWriter::Identity identity;
    identity.id
        = m_ids.next(u"msg_bdrk_01", kAnthropicIdLength, IdGenerator::Alphabet::Alphanumeric);
    identity.model = message.model;
    if (!plan.reasoning.isEmpty())
        identity.signature
            = m_ids.next(u"Eq", kSignatureLength, IdGenerator::Alphabet::Alphanumeric);
    return message.stream ? MessagesAnswerWriter::stream(plan, identity)
                          : MessagesAnswerWriter::body(plan, identity);
}

} // namespace mantle::emulator
