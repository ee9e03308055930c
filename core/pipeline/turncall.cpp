#include "turncall.h"

#include "api/chat/chatrequestbuilder.h"
#include "api/messages/messagesrequestbuilder.h"
#include "api/responses/responsesrequestbuilder.h"
#include "api/turnreader.h"
#include "mantlecall.h"

#include <QCoreApplication>

#include <utility>

namespace mantle::pipeline {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::pipeline::TurnCall)
};

constexpr auto kTokenChanges = api::StreamAccumulator::Change::Text
    | api::StreamAccumulator::Change::Reasoning | api::StreamAccumulator::Change::ToolCalls;

} // namespace

TurnCall::TurnCall(net::HttpClient &client, api::RequestSpec spec, CallTarget target,
                   RouteMemory *memory, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_spec(std::move(spec))
    , m_target(std::move(target))
    , m_memory(memory)
{ }

TurnCall::~TurnCall() = default;

Result<api::WireRequest> TurnCall::buildWireRequest(const api::RequestSpec &spec)
{
    switch (spec.surface) {
    case mantle::ApiSurface::ChatCompletions:
        return api::chat::ChatRequestBuilder::build(spec);
    case mantle::ApiSurface::Responses:
        return api::responses::ResponsesRequestBuilder::build(spec);
    case mantle::ApiSurface::Messages:
    case mantle::ApiSurface::CountTokens:
        return api::messages::MessagesRequestBuilder::build(spec);
    case mantle::ApiSurface::Models:
        break;
    }
    return makeError(Error::Kind::InvalidInput,
                     Tr::tr("The %1 API takes no request body.")
                         .arg(mantle::apiSurfaceDisplayName(spec.surface)));
}

const api::Turn &TurnCall::turn() const
{
    if (m_isStream && m_accumulator && !m_finished)
        return m_accumulator->turn(); // no copy per event while streaming
    return m_turn;
}

QString TurnCall::takeText()
{
    if (m_isStream && m_accumulator && !m_finished)
        return m_accumulator->takeText();
    return std::exchange(m_turn.text, QString());
}

void TurnCall::start()
{
    m_elapsed.start();
    QMetaObject::invokeMethod(this, &TurnCall::begin, Qt::QueuedConnection);
}

void TurnCall::begin()
{
    if (m_finished)
        return;
    auto wire = buildWireRequest(m_spec);
    if (!wire) {
        finishWith(wire.error());
        return;
    }
    m_wire = std::move(wire).value();
    m_accumulator = api::TurnReader::createAccumulator(m_spec.surface);
    if (!m_accumulator) {
        finishWith(makeError(Error::Kind::InvalidInput,
                             Tr::tr("The %1 API does not answer with a turn.")
                                 .arg(mantle::apiSurfaceDisplayName(m_spec.surface))));
        return;
    }
    m_decided = !m_spec.stream;
    m_call = new MantleCall(m_client, m_wire, m_spec.model, m_target, m_memory, this);
    connect(m_call, &MantleCall::bytesReceived, this, &TurnCall::onBytes);
    connect(m_call, &MantleCall::finished, this, &TurnCall::onCallFinished);
    m_call->start();
}

void TurnCall::cancel()
{
    if (m_finished)
        return;
    if (m_call) {
        m_call->cancel(); // finishes through onCallFinished, keeping the partial turn
        return;
    }
    finishWith(makeError(Error::Kind::Cancelled, Tr::tr("The request was cancelled.")));
}

void TurnCall::noteChanges(api::StreamAccumulator::Changes changes)
{
    if (!changes)
        return;
    if ((changes & kTokenChanges) && !m_timings.timeToFirstToken)
        m_timings.timeToFirstToken = std::chrono::milliseconds(m_elapsed.elapsed());
    Q_EMIT turnChanged(changes);
}

void TurnCall::onEvent(const net::SseEventView &event)
{
    if (m_recording) {
        if (m_events.size() < RequestRecord::kMaxEvents)
            m_events.append(
                {m_elapsed.elapsed(), QString::fromUtf8(event.type), event.data.toByteArray()});
        else
            m_recordTruncated = true;
    }
    noteChanges(m_accumulator->addEvent(event));
}

void TurnCall::onBytes(QByteArrayView chunk)
{
    const auto handler = [this](const net::SseEventView &event) {
        onEvent(event);
    };
    if (m_decided && !m_isStream) {
        m_body.append(chunk);
        return;
    }
    if (!m_decided) {
        // A server may answer a stream request with one JSON body (an error envelope).
        m_body.append(chunk);
        if (m_body.trimmed().isEmpty())
            return;
        m_decided = true;
        m_isStream = api::TurnReader::looksLikeEventStream(m_body);
        if (!m_isStream)
            return;
        m_parserOk = m_parser.feed(m_body, handler);
        m_body = QByteArray();
    } else if (m_parserOk) {
        m_parserOk = m_parser.feed(chunk, handler);
    }
    if (!m_parserOk) {
        // An endless line or event: stop reading, keep the turn, say why.
        m_accumulator->abort(
            {QString::fromLatin1(api::kStreamError), m_parser.error().message, {}});
        noteChanges(api::StreamAccumulator::Change::Error);
        if (m_call)
            m_call->cancel();
    }
    Q_EMIT bytesRead();
}

void TurnCall::onCallFinished(const net::HttpOutcome &outcome)
{
    m_outcome = outcome;
    api::FailedCall context;
    QUrl url;
    if (m_call) {
        context = m_call->request().errorContext;
        url = m_call->request().url;
        m_routePrefix = m_call->routePrefix();
        m_switchedPrefix = m_call->switchedPrefix();
        m_call->deleteLater();
        m_call = nullptr;
    }
    m_timings.timeToFirstByte = outcome.timeToFirstByte;

    if (m_isStream) {
        bool ended = true;
        if (m_parserOk) {
            m_parser.finish([this](const net::SseEventView &event) { onEvent(event); });
            if (outcome.ok())
                ended = m_accumulator->finish();
            else
                m_accumulator->abort(
                    {QString::fromLatin1(outcome.error->kind == Error::Kind::Cancelled
                                             ? api::kCancelledError
                                             : api::kIncompleteStreamError),
                     outcome.error->toDisplayString(),
                     {}});
        }
        m_turn = m_accumulator->turn();
        if (!ended && m_turn.error
            && m_turn.error->type == QLatin1String(api::kIncompleteStreamError)) {
            // The HTTP answer ended cleanly but the stream's final event never came: the server
            // or a proxy cut it, or Qt took a chunked body cut between chunks for a whole one.
            // Name the host, as the network error of a cut connection does.
            const QString host = url.port() >= 0
                ? QStringLiteral("%1:%2").arg(url.host(), QString::number(url.port()))
                : url.host();
            m_turn.error->message
                = makeError(Error::Kind::Network,
                            Tr::tr("The stream from %1 ended before the answer was complete: "
                                   "its final event never came.")
                                .arg(host),
                            Tr::tr("What arrived is kept; try the request again."))
                      .toDisplayString();
        }
        // A stream that delivered something is an answer, even if cut short: its error is in
        // the turn. One that never started is a failed call.
        finishWith(outcome.ok() || outcome.bodyDelivered ? std::nullopt : outcome.error);
        return;
    }
    if (!outcome.ok()) {
        finishWith(outcome.error);
        return;
    }
    if (m_recording) {
        m_recordedBody = m_body.left(RequestRecord::kMaxBodyBytes);
        m_recordTruncated = m_recordTruncated || m_body.size() > RequestRecord::kMaxBodyBytes;
    }
    if (api::TurnReader::looksLikeWebPage(
            api::ErrorClassifier::headerValue(outcome.headers, QByteArrayLiteral("content-type")),
            m_body)) {
        // A proxy or captive portal answered with a web page and a success status: say so,
        // rather than that the answer is not JSON or that the stream ended early.
        context.httpStatus = outcome.httpStatus;
        context.headers = outcome.headers;
        context.body = m_body.left(4096);
        m_body = QByteArray();
        finishWith(api::ErrorClassifier::classify(context).error);
        return;
    }
    auto read = api::TurnReader::parseBody(m_spec.surface, m_body);
    m_body = QByteArray();
    if (!read) {
        finishWith(read.error());
        return;
    }
    m_turn = std::move(read).value();
    finishWith(std::nullopt);
}

RequestRecord TurnCall::record() const
{
    RequestRecord record;
    record.method = m_wire.method;
    const net::HttpOutcome &outcome = m_finished || !m_call ? m_outcome : m_call->outcome();
    record.url = outcome.sentUrl;
    record.requestHeaders = outcome.sentHeaders;
    if (record.requestHeaders.isEmpty()) // not sent (yet): what the builder made
        record.requestHeaders = m_wire.headers;
    record.requestBody = m_wire.body;
    record.httpStatus = outcome.httpStatus;
    record.responseHeaders = outcome.headers;
    record.streamed = m_isStream;
    record.events = m_events;
    record.responseBody = m_recordedBody;
    record.truncated = m_recordTruncated;
    record.attempts = outcome.attempts;
    record.routePrefix = m_finished || !m_call ? m_routePrefix : m_call->routePrefix();
    record.switchedPrefix = m_switchedPrefix;
    if (m_timings.timeToFirstByte)
        record.timeToFirstByteMs = m_timings.timeToFirstByte->count();
    else if (outcome.timeToFirstByte)
        record.timeToFirstByteMs = outcome.timeToFirstByte->count();
    if (m_timings.timeToFirstToken)
        record.timeToFirstTokenMs = m_timings.timeToFirstToken->count();
    record.totalMs
        = m_finished ? m_timings.total.count() : (m_elapsed.isValid() ? m_elapsed.elapsed() : 0);
    record.tokensPerSecond = m_timings.tokensPerSecond;
    if (m_error)
        record.error = m_error->toDisplayString();
    else if (turn().error)
        record.error = turn().error->message;
    return record;
}

void TurnCall::finishWith(std::optional<Error> error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = std::move(error);
    m_timings.total = std::chrono::milliseconds(m_elapsed.elapsed());
    if (m_turn.usage && m_timings.timeToFirstToken && m_turn.usage->outputTokens > 0) {
        const auto generating = m_timings.total - *m_timings.timeToFirstToken;
        if (generating.count() > 0)
            m_timings.tokensPerSecond
                = double(m_turn.usage->outputTokens) * 1000.0 / double(generating.count());
    }
    if (!m_isStream && !m_error)
        noteChanges(api::StreamAccumulator::Change::Text | api::StreamAccumulator::Change::Done);
    Q_EMIT finished();
}

} // namespace mantle::pipeline
