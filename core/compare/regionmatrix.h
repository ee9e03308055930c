#pragma once

#include "common/error.h"
#include "common/result.h"
#include "pipeline/calltarget.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace mantle::net {
class HttpClient;
struct HttpOutcome;
} // namespace mantle::net
namespace mantle::pipeline {
class MantleCall;
}

namespace mantle::compare {

/// One region's row of a region matrix: how its model list request went and what it said.
/// Plain data.
struct RegionCheck
{
    enum class State {
        Pending, ///< not answered yet
        Answered, ///< the region's model list arrived and was read
        Failed, ///< no target, a refusal, the network, or an unreadable list
        Cancelled, ///< stopped before it ended
    };

    QString region; ///< "us-east-1"
    QString regionName; ///< "US East (N. Virginia)", translated
    State state = State::Pending;
    /// Whether the list names the model (false without a model or an answer).
    bool listsModel = false;
    int modelCount = 0; ///< models the list names (0 without an answer)
    QStringList models; ///< the ids the list names, in its order
    /// Time to the first byte of the list's answer (see RegionMatrix); nothing without one.
    std::optional<std::chrono::milliseconds> latency;
    QString error; ///< one line saying what went wrong; empty unless Failed or Cancelled
    /// The endpoint override the region's request went to; empty for the region's own host.
    QString endpoint;
    bool sent = false; ///< a request was sent (the region had a target)

    bool isDone() const { return state != State::Pending; }
    /// "pending", "answered", "failed" or "cancelled" (never translated: for JSON).
    QString stateName() const;
};

/// For one account and, optionally, one model: which of the 13 Mantle regions serve the model
/// and how quickly each answers. It asks every region for its live model list
/// (`GET /v1/models` through MantleCall, as pipeline::fetchLiveModels does) all at once and
/// reports each region as its answer arrives.
///
/// The latency probe is the time to the first byte of that same list request
/// (HttpOutcome::timeToFirstByte): no second request is sent. It includes connecting (TCP and
/// TLS) and, when the client retried before an answer, the retries: a cold-start figure, the same
/// for every region, not a round-trip time on a warm connection. With an endpoint override all 13
/// requests go to one host, where the network layer opens at most six connections at once: the
/// later regions' figures then include waiting for a connection.
///
/// How a region becomes a CallTarget (accounts and the keychain in the app, flags and the
/// environment in the CLI) is the caller's, given as a function. It prints and stores nothing.
/// Ownership: the caller's (parent); deleting it aborts what still runs.
class RegionMatrix final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionMatrix)

public:
    using TargetDone = std::function<void(Result<pipeline::CallTarget>)>;
    /// Gives the target for `region`; must call `done` exactly once (at once or later from the
    /// event loop) unless `context` is destroyed first.
    using TargetResolver
        = std::function<void(const QString &region, QObject *context, TargetDone done)>;

    /// `client` must outlive the matrix. `model` may be empty (then no row lists it).
    RegionMatrix(net::HttpClient &client, TargetResolver resolver, QString model,
                 QObject *parent = nullptr);
    ~RegionMatrix() override;

    /// `base` (an account's target) sent to `region` instead: the region and, for SigV4, the
    /// signing region. The endpoint override, credentials and routes stay.
    static pipeline::CallTarget retarget(pipeline::CallTarget base, const QString &region);

    /// Asks every region at once. Signals follow from the event loop, never from start(). Once.
    void start();
    /// Stops every region still pending, keeping what arrived; those rows end Cancelled.
    void cancel();

    bool isStarted() const { return m_started; }
    bool isFinished() const { return m_started && m_done == m_rows.size(); }
    int doneCount() const { return m_done; }
    int regionCount() const { return int(m_rows.size()); }
    /// The 13 regions, in the order AWS lists them.
    const QList<RegionCheck> &rows() const { return m_rows; }
    const QString &model() const { return m_model; }
    /// Rows that answered.
    int answeredCount() const;
    /// The regions whose list names the model, in row order.
    QStringList servingRegions() const;
    /// The endpoint override every resolved region went to, when they all went to the same one
    /// (then the regions are told apart only by the signature's region, if at all); else empty.
    QString sharedEndpoint() const;

    /// `{"model","shared_endpoint","answered","serving":[...],"regions":[{"region","name",
    /// "status","serves_model","models_listed","latency_ms","error"}]}`; `null` where unknown
    /// (`model` without one; `serves_model`, `models_listed` and `latency_ms` without an
    /// answer; `error` without an error). `status` is RegionCheck::stateName().
    QJsonObject toJson() const;

Q_SIGNALS:
    /// A row changed (it ended); emitted once per row.
    void rowChanged(int row);
    /// `done` of `total` rows have ended.
    void progressed(int done, int total);
    /// Every row has ended; emitted once.
    void finished();

private:
    void resolveRow(int row);
    void sendRow(int row, Result<pipeline::CallTarget> target);
    void onListed(int row, const net::HttpOutcome &outcome, const QByteArray &body);
    void endRow(int row, RegionCheck::State state, const QString &error);

    net::HttpClient &m_client;
    TargetResolver m_resolver;
    QString m_model;
    QList<RegionCheck> m_rows;
    QList<QPointer<pipeline::MantleCall>> m_calls;
    QList<QPointer<QObject>> m_contexts; ///< per row, while its target is being resolved
    int m_done = 0;
    bool m_started = false;
};

} // namespace mantle::compare
