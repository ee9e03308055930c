#pragma once

#include "api/wirerequest.h"
#include "calltarget.h"
#include "common/result.h"
#include "net/httpoutcome.h"

#include <QByteArrayView>
#include <QObject>
#include <QPointer>

namespace mantle::net {
class HttpCall;
class HttpClient;
} // namespace mantle::net

namespace mantle::pipeline {

class RouteMemory;

/// One call to Mantle from a WireRequest: it resolves the route (with what the RouteMemory has
/// learned), authenticates (SigV4, Bearer, or x-api-key on the Anthropic route), sends through
/// the HttpClient and streams a successful answer's body out. When Mantle refuses a model on
/// the wrong OpenAI prefix ("Berm is not enabled for this account", "isn't supported on this
/// route"), it tries once more on the other prefix and, when that works, records the model's
/// prefix for the account and region.
///
/// It does not parse answers (TurnCall does, for turns) and does not save the RouteMemory.
/// Ownership: the caller's (parent); it may be deleted at any time, which aborts the request.
class MantleCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MantleCall)

public:
    /// `client` and, when given, `memory` must outlive the call. `model` picks the prefix
    /// (may be empty for calls that name no model, such as a stored response by id).
    MantleCall(net::HttpClient &client, api::WireRequest wire, QString model, CallTarget target,
               RouteMemory *memory, QObject *parent = nullptr);
    ~MantleCall() override;

    /// The HttpRequest the call would send first (route, headers, body, auth), or why there is
    /// none (an unknown region, a surface without a route). The same for the inspector and
    /// code export: what they show is what is sent.
    static Result<net::HttpRequest>
    prepare(const api::WireRequest &wire, const QString &model, const CallTarget &target,
            const RouteMemory *memory, std::optional<mantle::RoutePrefix> prefix = std::nullopt);

    /// Starts the call; `finished` follows (also for a request that cannot be prepared), never
    /// from inside start().
    void start();
    /// Stops at once, keeping what was delivered; `finished` is emitted with a Cancelled error.
    void cancel();

    /// The prefix of the last attempt ("/v1", "/openai/v1", "/anthropic/v1"); empty before.
    QString routePrefix() const { return m_prefix; }
    /// True when the call was refused on one prefix and retried on the other.
    bool switchedPrefix() const { return m_switchedPrefix; }
    /// The request of the last attempt (for the inspector); empty before start().
    const net::HttpRequest &request() const { return m_request; }
    const net::HttpOutcome &outcome() const { return m_outcome; }

Q_SIGNALS:
    /// A piece of a successful answer's body, as it arrived (valid during the emission).
    void bytesReceived(QByteArrayView chunk);
    /// Emitted exactly once; outcome() holds the details.
    void finished(const ::mantle::net::HttpOutcome &outcome);

private:
    void send(std::optional<mantle::RoutePrefix> prefix);
    void onFinished(const net::HttpOutcome &outcome);
    void finishWith(net::HttpOutcome outcome);

    net::HttpClient &m_client;
    api::WireRequest m_wire;
    QString m_model;
    CallTarget m_target;
    RouteMemory *m_memory;
    net::HttpRequest m_request;
    QPointer<net::HttpCall> m_call;
    net::HttpOutcome m_outcome;
    QString m_prefix;
    bool m_switchedPrefix = false;
    bool m_finished = false;
};

} // namespace mantle::pipeline
