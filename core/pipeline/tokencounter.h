#pragma once

#include "api/requestspec.h"
#include "calltarget.h"
#include "common/error.h"
#include "common/result.h"
#include "mantle/modelprices.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>
#include <QPointer>

#include <optional>

namespace mantle::net {
class HttpClient;
struct HttpOutcome;
} // namespace mantle::net

namespace mantle::pipeline {

class MantleCall;
class RouteMemory;

/// What a counted prompt will cost at the model's list prices, in pico-dollars (see
/// CostCalculator): the input alone, and the input plus the longest answer max_tokens allows.
/// Each is unset when it cannot be known (no prices; no max_tokens for the second).
struct TokenCostEstimate
{
    std::optional<qint64> inputPico;
    std::optional<qint64> withAnswerPico;

    bool operator==(const TokenCostEstimate &) const = default;
};

/// Counts the input tokens of a Messages request before it is sent, through Mantle's
/// `POST /anthropic/v1/messages/count_tokens` (the count tokens surface): the Messages spec
/// becomes a count tokens spec (the same model, system prompt, conversation, tools, tool choice
/// and thinking), goes out through a MantleCall to the target, and `input_tokens` is read from
/// the answer. One count at a time: a new count() cancels the one in flight, so only the newest
/// count is ever reported. It also prices a count (estimateCost()).
///
/// It does not debounce (the caller decides when to count), resolve accounts, or show anything.
/// Ownership: the caller's (parent); deleting it aborts the count in flight.
class TokenCounter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenCounter)

public:
    /// `client` and, when given, `memory` must outlive the counter.
    TokenCounter(net::HttpClient &client, RouteMemory *memory, QObject *parent = nullptr);
    ~TokenCounter() override;

    /// The count tokens request for a Messages request: the same spec on the count tokens
    /// surface, not streamed. Fails (InvalidInput) for a spec of another surface.
    static Result<api::RequestSpec> countTokensSpec(const api::RequestSpec &messagesSpec);
    /// `input_tokens` of a count tokens answer (`{"input_tokens": N}`). Fails (Parse) when the
    /// body is not a JSON object with a non-negative whole number there.
    static Result<qint64> readInputTokens(QByteArrayView body);
    /// The input at the input price and, when `maxOutputTokens` is set, the input plus that many
    /// output tokens at the output price. Nothing is known without prices.
    static TokenCostEstimate estimateCost(qint64 inputTokens,
                                          const std::optional<mantle::ModelPrices> &prices,
                                          std::optional<qint64> maxOutputTokens);

    /// Counts `messagesSpec` (a Messages spec) at `target`, cancelling the count in flight.
    /// `counted` or `failed` follows, never from inside count().
    void count(const api::RequestSpec &messagesSpec, CallTarget target);
    /// Drops the count in flight; nothing is reported for it.
    void cancel();
    bool isCounting() const { return m_running; }

Q_SIGNALS:
    /// The newest count's answer.
    void counted(qint64 inputTokens);
    /// The newest count failed (refused, offline, unreadable, or a spec that cannot be built).
    void failed(const ::mantle::Error &error);

private:
    void onFinished(const net::HttpOutcome &outcome);
    void fail(const Error &error, quint64 generation);

    net::HttpClient &m_client;
    RouteMemory *m_memory;
    QPointer<MantleCall> m_call;
    QByteArray m_body;
    quint64 m_generation = 0;
    bool m_running = false;
};

} // namespace mantle::pipeline
