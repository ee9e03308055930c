#include "storedresponsecall.h"

#include "api/responses/responsesrequestbuilder.h"
#include "api/responses/responsesresponseparser.h"
#include "mantlecall.h"
#include "net/httpoutcome.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <utility>

namespace mantle::pipeline {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::pipeline::StoredResponseCall)
};

} // namespace

StoredResponseCall::StoredResponseCall(net::HttpClient &client, Action action, QString responseId,
                                       QString model, CallTarget target, RouteMemory *memory,
                                       QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_action(action)
    , m_responseId(std::move(responseId))
    , m_model(std::move(model))
    , m_target(std::move(target))
    , m_memory(memory)
{ }

StoredResponseCall::~StoredResponseCall() = default;

Result<api::WireRequest> StoredResponseCall::wireRequest(Action action, const QString &responseId)
{
    using Builder = api::responses::ResponsesRequestBuilder;
    switch (action) {
    case Action::Retrieve:
        return Builder::retrieve(responseId);
    case Action::Delete:
        return Builder::remove(responseId);
    case Action::Cancel:
        break;
    }
    return Builder::cancel(responseId);
}

void StoredResponseCall::start()
{
    if (m_started)
        return;
    m_started = true;
    auto wire = wireRequest(m_action, m_responseId);
    if (!wire) {
        // finished never comes from inside start().
        QMetaObject::invokeMethod(
            this, [this, error = wire.error()] { finishWith(error); }, Qt::QueuedConnection);
        return;
    }
    m_call = new MantleCall(m_client, std::move(wire).value(), m_model, m_target, m_memory, this);
    connect(m_call, &MantleCall::bytesReceived, this,
            [this](QByteArrayView chunk) { m_body.append(chunk); });
    connect(m_call, &MantleCall::finished, this, [this](const net::HttpOutcome &outcome) {
        MantleCall *call = m_call;
        m_httpStatus = outcome.httpStatus;
        m_switchedPrefix = call && call->switchedPrefix();
        if (call)
            call->deleteLater();
        m_call = nullptr;
        if (!outcome.ok()) {
            finishWith(outcome.error);
            return;
        }
        if (m_action == Action::Delete) {
            const QJsonObject answer = QJsonDocument::fromJson(m_body).object();
            // OpenAI's answer: {"id", "object": "response.deleted", "deleted": true}; a 2xx
            // without a body counts as deleted too.
            m_deleted = answer.value(QStringLiteral("deleted")).toBool(answer.isEmpty());
            if (!m_deleted) {
                finishWith(makeError(Error::Kind::Parse,
                                     Tr::tr("The server did not confirm that the response %1 "
                                            "was deleted.")
                                         .arg(m_responseId)));
                return;
            }
            finishWith(std::nullopt);
            return;
        }
        auto turn = api::responses::ResponsesResponseParser::parse(m_body);
        if (!turn) {
            finishWith(turn.error());
            return;
        }
        m_turn = std::move(turn).value();
        finishWith(std::nullopt);
    });
    m_call->start();
}

void StoredResponseCall::cancel()
{
    if (m_finished)
        return;
    if (m_call) {
        m_call->cancel(); // its finished() ends this call with a Cancelled error
        return;
    }
    finishWith(makeError(Error::Kind::Cancelled, Tr::tr("Cancelled.")));
}

void StoredResponseCall::finishWith(std::optional<Error> error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = std::move(error);
    Q_EMIT finished();
}

} // namespace mantle::pipeline
