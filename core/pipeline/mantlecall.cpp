#include "mantlecall.h"

#include "api/errorclassifier.h"
#include "net/httpcall.h"
#include "net/httpclient.h"
#include "routememory.h"

#include <QCoreApplication>

namespace mantle::pipeline {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::pipeline::MantleCall)
};

bool hasOpenAiRoutes(mantle::ApiSurface surface)
{
    return surface == mantle::ApiSurface::ChatCompletions
        || surface == mantle::ApiSurface::Responses || surface == mantle::ApiSurface::Models;
}

std::optional<mantle::RoutePrefix> prefixFromPath(const QString &path)
{
    for (const auto prefix : {mantle::RoutePrefix::V1, mantle::RoutePrefix::OpenAiV1,
                              mantle::RoutePrefix::AnthropicV1}) {
        if (mantle::routePrefixPath(prefix) == path)
            return prefix;
    }
    return std::nullopt;
}

} // namespace

MantleCall::MantleCall(net::HttpClient &client, api::WireRequest wire, QString model,
                       CallTarget target, RouteMemory *memory, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_wire(std::move(wire))
    , m_model(std::move(model))
    , m_target(std::move(target))
    , m_memory(memory)
{ }

MantleCall::~MantleCall()
{
    if (m_call) {
        disconnect(m_call, nullptr, this, nullptr);
        delete m_call.data();
    }
}

Result<net::HttpRequest> MantleCall::prepare(const api::WireRequest &wire, const QString &model,
                                             const CallTarget &target, const RouteMemory *memory,
                                             std::optional<mantle::RoutePrefix> prefix)
{
    if (!prefix && model.isEmpty() && hasOpenAiRoutes(wire.surface))
        prefix = mantle::RoutePrefix::V1; // a call that names no model: the default prefix
    Result<mantle::ResolvedRoute> route = makeError(Error::Kind::Internal, {});
    if (prefix) {
        route = mantle::RouteResolver::resolveUnder(target.region, *prefix, wire.path,
                                                    target.endpoint);
    } else {
        const mantle::RouteResolver resolver
            = memory ? memory->apply(target.routes, target.account, target.region) : target.routes;
        route = resolver.resolve(target.region, model, wire.surface, target.endpoint, wire.path);
    }
    if (!route)
        return route.error();

    net::HttpRequest request;
    request.url = route->url;
    request.method = wire.method;
    request.headers = wire.headers;
    request.headers.append(target.extraHeaders);
    request.body = wire.body;
    request.auth = target.auth;
    request.options = target.options;
    if (request.auth.kind == net::HttpAuth::Kind::SigV4 && request.auth.region.isEmpty())
        request.auth.region = target.region.toUtf8();
    if (request.auth.kind == net::HttpAuth::Kind::Bearer
        && route->prefix == mantle::routePrefixPath(mantle::RoutePrefix::AnthropicV1)
        && target.anthropicKeyHeader == CallTarget::AnthropicKeyHeader::XApiKey)
        request.auth.kind = net::HttpAuth::Kind::ApiKeyHeader;
    request.errorContext.surface = wire.surface;
    request.errorContext.account = target.account;
    request.errorContext.region = target.region;
    request.errorContext.model = model;
    request.errorContext.routePrefix = route->prefix;
    request.errorContext.auth = request.auth.kind == net::HttpAuth::Kind::SigV4
        ? api::FailedCall::Auth::SigV4
        : api::FailedCall::Auth::ApiKey;
    return request;
}

void MantleCall::start()
{
    QMetaObject::invokeMethod(
        this, [this] { send(std::nullopt); }, Qt::QueuedConnection);
}

void MantleCall::cancel()
{
    if (m_finished)
        return;
    if (m_call) {
        m_call->cancel(); // finishes through onFinished
        return;
    }
    net::HttpOutcome outcome;
    outcome.error = makeError(Error::Kind::Cancelled, Tr::tr("The request was cancelled."));
    finishWith(std::move(outcome));
}

void MantleCall::send(std::optional<mantle::RoutePrefix> prefix)
{
    if (m_finished)
        return;
    auto request = prepare(m_wire, m_model, m_target, m_memory, prefix);
    if (!request) {
        net::HttpOutcome outcome;
        outcome.error = request.error();
        finishWith(std::move(outcome));
        return;
    }
    m_request = std::move(request).value();
    m_prefix = m_request.errorContext.routePrefix;
    m_call = m_client.send(m_request);
    connect(m_call, &net::HttpCall::bytesReceived, this, &MantleCall::bytesReceived);
    connect(m_call, &net::HttpCall::finished, this, &MantleCall::onFinished);
}

void MantleCall::onFinished(const net::HttpOutcome &outcome)
{
    m_call = nullptr;
    if (outcome.classified && outcome.classified->wrongPrefix && !m_switchedPrefix
        && !outcome.bodyDelivered && hasOpenAiRoutes(m_wire.surface)) {
        const auto other = prefixFromPath(api::ErrorClassifier::alternatePrefix(m_prefix));
        if (other) {
            m_switchedPrefix = true;
            m_outcome = outcome; // kept in case the other prefix cannot even be tried
            send(other);
            return;
        }
    }
    if (outcome.ok() && m_switchedPrefix && m_memory && !m_model.isEmpty()) {
        if (const auto prefix = prefixFromPath(m_prefix))
            m_memory->record(m_target.account, m_target.region, m_model, *prefix);
    }
    finishWith(outcome);
}

void MantleCall::finishWith(net::HttpOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_outcome = std::move(outcome);
    Q_EMIT finished(m_outcome);
}

} // namespace mantle::pipeline
