#include "backgroundpoller.h"

#include "api/responses/responsesrequestbuilder.h"
#include "api/responses/responsesresponseparser.h"
#include "mantlecall.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace mantle::pipeline {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::pipeline::BackgroundPoller)
};

} // namespace

BackgroundPoller::BackgroundPoller(net::HttpClient &client, QString responseId, QString model,
                                   CallTarget target, RouteMemory *memory, Options options,
                                   QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_responseId(std::move(responseId))
    , m_model(std::move(model))
    , m_target(std::move(target))
    , m_memory(memory)
    , m_options(options)
    , m_timer(new QTimer(this))
    , m_interval(options.firstInterval)
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &BackgroundPoller::poll);
}

BackgroundPoller::~BackgroundPoller() = default;

bool BackgroundPoller::isFinalStatus(const QString &status)
{
    return status != QLatin1String("queued") && status != QLatin1String("in_progress")
        && !status.isEmpty();
}

void BackgroundPoller::start()
{
    m_timer->start(0);
}

void BackgroundPoller::stop()
{
    finishWith(makeError(Error::Kind::Cancelled,
                         Tr::tr("Stopped following the background response %1; it goes on "
                                "running on the server.")
                             .arg(m_responseId)));
}

void BackgroundPoller::requestCancel()
{
    if (m_finished || m_cancelCall)
        return;
    // The cancel answer is the response, as GET gives it.
    m_cancelCall = startCall(api::responses::ResponsesRequestBuilder::cancel(m_responseId),
                             m_cancelBody, m_cancelCall);
}

void BackgroundPoller::poll()
{
    if (m_finished || m_call)
        return;
    if (m_waited >= m_options.timeout) {
        finishWith(makeError(Error::Kind::Network,
                             Tr::tr("The background response %1 was still “%2” after %3 "
                                    "seconds.")
                                 .arg(m_responseId, status())
                                 .arg(m_options.timeout.count() / 1000),
                             Tr::tr("It goes on running on the server: look it up later with "
                                    "its id.")));
        return;
    }
    ++m_polls;
    m_call = startCall(api::responses::ResponsesRequestBuilder::retrieve(m_responseId), m_pollBody,
                       m_call);
}

MantleCall *BackgroundPoller::startCall(const Result<api::WireRequest> &wire, QByteArray &body,
                                        QPointer<MantleCall> &slot)
{
    if (!wire) {
        finishWith(wire.error());
        return nullptr;
    }
    auto *call = new MantleCall(m_client, *wire, m_model, m_target, m_memory, this);
    body.clear();
    connect(call, &MantleCall::bytesReceived, this,
            [&body](QByteArrayView chunk) { body.append(chunk); });
    connect(call, &MantleCall::finished, this,
            [this, call, &body, &slot](const net::HttpOutcome &outcome) {
                const QByteArray answer = std::exchange(body, {});
                call->deleteLater();
                slot = nullptr; // before finishWith(), which deletes the calls still running
                if (!outcome.ok()) {
                    finishWith(outcome.error);
                    return;
                }
                onPolled(answer);
            });
    call->start();
    return call;
}

void BackgroundPoller::onPolled(const QByteArray &body)
{
    if (m_finished)
        return;
    auto read = api::responses::ResponsesResponseParser::parse(body);
    if (!read) {
        finishWith(read.error());
        return;
    }
    const QString before = status();
    m_turn = std::move(read).value();
    if (status() != before)
        Q_EMIT statusChanged(status());
    if (isFinalStatus(status())) {
        finishWith(std::nullopt);
        return;
    }
    if (!m_timer->isActive() && !m_call) {
        m_waited += m_interval;
        m_timer->start(m_interval);
        m_interval = std::min(m_options.maxInterval, m_interval + m_interval / 2);
    }
}

void BackgroundPoller::finishWith(std::optional<Error> error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    delete m_call.data(); // aborts a poll in flight
    delete m_cancelCall.data();
    m_error = std::move(error);
    Q_EMIT finished();
}

} // namespace mantle::pipeline
