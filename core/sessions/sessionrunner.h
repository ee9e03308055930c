#pragma once

#include "mantle/modelprices.h"
#include "pipeline/calltarget.h"
#include "session.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace mantle::net {
class HttpClient;
}
namespace mantle::pipeline {
class BackgroundPoller;
class RouteMemory;
class TurnCall;
} // namespace mantle::pipeline

namespace mantle::sessions {

/// Asks for a session's next answer and writes it into the session as it streams: the one place
/// where a playground conversation meets the request pipeline (RequestSpec from the session,
/// TurnCall to send it, the answer, its cost and its request record back into an entry).
///
/// start() appends an assistant entry and reports every piece of text or reasoning as it
/// arrives (as a delta, so a view only appends); when the answer ends the entry holds the final
/// turn, what it cost (CostCalculator, when prices are known), the request record for the
/// inspector, and either the answer's error or the request's failure in words a user acts on.
/// Stop keeps what arrived and marks the entry stopped. Nothing is lost: the entry is always in
/// the session, partial or whole.
///
/// A Responses answer that comes back queued or in progress (what a `background: true` request
/// returns) is followed with a BackgroundPoller until it is final: nothing streams, the entry's
/// status (stopReason) changes with entryChanged, and the final answer arrives with the same
/// signals (its text in one textAppended); stop() then asks the server to cancel it.
///
/// It does not save the session (the owner decides when) and does not choose the target.
/// The session passed to start() must outlive the answer (or be stopped first).
class SessionRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionRunner)

public:
    /// `client` and, when given, `memory` must outlive the runner.
    SessionRunner(net::HttpClient &client, pipeline::RouteMemory *memory,
                  QObject *parent = nullptr);
    ~SessionRunner() override;

    /// Starts the answer to the whole conversation of `session` (its last entry is usually the
    /// user's). Appends the assistant entry at once (entryAdded). False when an answer is
    /// already running.
    bool start(Session &session, pipeline::CallTarget target,
               std::optional<mantle::ModelPrices> prices);
    /// Stops the answer; what arrived stays, marked stopped. `finished` follows.
    void stop();
    bool isRunning() const;
    /// The row of the entry being written, or -1.
    int runningRow() const { return m_row; }
    /// What was sent and what came so far (for the inspector while streaming).
    std::optional<pipeline::RequestRecord> currentRecord() const;

Q_SIGNALS:
    void entryAdded(int row);
    void textAppended(int row, const QString &delta);
    void reasoningAppended(int row, const QString &delta);
    /// Tool calls, usage or status changed (not text): the entry's other fields were updated.
    void entryChanged(int row);
    /// The entry holds the final answer (or the failure). Emitted once per start().
    void finished(int row);

private:
    void onTurnChanged();
    void onTurnFinished();
    /// Writes the final turn (or the failure), its cost and record into the entry and emits
    /// finished.
    void finishEntry(const api::Turn &turn, const std::optional<Error> &failure,
                     pipeline::RequestRecord record);

    // Background responses (issue #7, chaining): follows an answer that came back queued or
    // in progress; true when it does.
    bool followInBackground(pipeline::TurnCall *call);
    void onBackgroundFinished();
    QPointer<pipeline::BackgroundPoller> m_poller;
    std::optional<pipeline::CallTarget> m_target; ///< where the poller asks
    std::optional<pipeline::RequestRecord> m_backgroundRecord; ///< the request that created it
    /// On Messages with an output schema, turns the forced answer-tool call into the text.
    void foldStructuredAnswer(SessionEntry &entry);

    net::HttpClient &m_client;
    pipeline::RouteMemory *m_memory;
    Session *m_session = nullptr;
    QPointer<pipeline::TurnCall> m_call;
    std::optional<mantle::ModelPrices> m_prices;
    int m_row = -1;
    qsizetype m_textShown = 0;
    qsizetype m_reasoningShown = 0;
    qsizetype m_toolCallsShown = 0;
    bool m_stopRequested = false;
};

} // namespace mantle::sessions
