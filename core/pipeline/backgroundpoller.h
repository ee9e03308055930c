#pragma once

#include "api/turn.h"
#include "api/wirerequest.h"
#include "calltarget.h"
#include "common/error.h"
#include "common/result.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <optional>

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace mantle::net {
class HttpClient;
}

namespace mantle::pipeline {

class MantleCall;
class RouteMemory;

/// Follows a background Responses request (`background: true`) until it finishes: it asks for
/// the stored response (GET /v1/responses/{id}) every interval, growing the interval by half
/// each time up to a cap, reports every status it sees (`queued`, `in_progress`) and ends with
/// the final turn (`completed`, `incomplete`, `failed` or `cancelled`).
///
/// It can also ask Mantle to cancel the response (POST …/cancel) and then reports the final
/// state. It does not create the response (TurnCall does) and keeps nothing between runs.
class BackgroundPoller final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackgroundPoller)

public:
    struct Options
    {
        std::chrono::milliseconds firstInterval{500};
        std::chrono::milliseconds maxInterval{5000};
        /// Give up after this long (the response keeps running on the server).
        std::chrono::milliseconds timeout{std::chrono::minutes(30)};
    };

    /// `client` and `memory` (may be null) must outlive the poller. `model` picks the prefix.
    BackgroundPoller(net::HttpClient &client, QString responseId, QString model, CallTarget target,
                     RouteMemory *memory, Options options, QObject *parent = nullptr);
    ~BackgroundPoller() override;

    /// True for the statuses after which a response no longer changes.
    static bool isFinalStatus(const QString &status);

    /// Polls now, then every interval; `finished` follows, never from inside start().
    void start();
    /// Asks Mantle to cancel the response; polling goes on until it reports a final status.
    void requestCancel();
    /// Stops polling at once (the response goes on on the server); `finished` follows with a
    /// Cancelled error.
    void stop();

    /// The last response read (its stopReason is the status).
    const api::Turn &turn() const { return m_turn; }
    QString status() const { return m_turn.stopReason; }
    const std::optional<Error> &error() const { return m_error; }
    int polls() const { return m_polls; }

Q_SIGNALS:
    /// A poll found a status different from the last one.
    void statusChanged(const QString &status);
    /// Emitted exactly once: turn() holds the final response, or error() says why not.
    void finished();

private:
    void poll();
    /// Sends `wire`, collecting its answer in `body`; `slot` is cleared when it ends. Finishes
    /// the poller when the request cannot be made or fails.
    MantleCall *startCall(const Result<api::WireRequest> &wire, QByteArray &body,
                          QPointer<MantleCall> &slot);
    void onPolled(const QByteArray &body);
    void finishWith(std::optional<Error> error);

    net::HttpClient &m_client;
    QString m_responseId;
    QString m_model;
    CallTarget m_target;
    RouteMemory *m_memory;
    Options m_options;
    QTimer *m_timer;
    std::chrono::milliseconds m_interval;
    std::chrono::milliseconds m_waited{0};
    QPointer<MantleCall> m_call;
    QPointer<MantleCall> m_cancelCall;
    QByteArray m_pollBody;
    QByteArray m_cancelBody;
    api::Turn m_turn;
    std::optional<Error> m_error;
    int m_polls = 0;
    bool m_finished = false;
};

} // namespace mantle::pipeline
