#pragma once

#include "api/requestspec.h"
#include "api/turn.h"
#include "api/wirerequest.h"
#include "common/error.h"
#include "common/result.h"
#include "mantle/apisurface.h"
#include "mantle/costcalculator.h"
#include "mantle/modelinfo.h"
#include "mantle/modelprices.h"
#include "pipeline/calltarget.h"
#include "pipeline/turncall.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace mantle::net {
class HttpClient;
}
namespace mantle::pipeline {
class RouteMemory;
}

namespace mantle::compare {

/// One column of a comparison: where the same prompt goes, as an (account, region, model,
/// surface) combination. Plain data; it names the account, never holds a secret.
struct CompareTarget
{
    QString account; ///< an account's name; empty: the environment's credentials (CLI)
    QString region; ///< empty: the account's default region
    QString model;
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;

    /// What a column header and the table show: "model · Chat Completions · us-east-1", with
    /// " · account" when an account is named (translated surface name).
    QString label() const;
    /// The stable text form `api=chat,model=M,region=R,account=A` (only the fields that are set;
    /// never translated), as `mantle compare --target` reads it.
    QString toText() const;
    /// Reads the text form: comma-separated `key=value` items with keys api, model, region,
    /// account (each at most once; white space around items is ignored); fields not given come
    /// from `defaults`. The surface must be chat, responses or messages. Fails naming the item
    /// that is wrong (unknown key, repeated key, empty value, unknown surface, no model).
    static Result<CompareTarget> parse(const QString &text, const CompareTarget &defaults);

    bool operator==(const CompareTarget &) const = default;
};

/// What one target gave: the answer (as it streams, then final), the failure, the timings and
/// the cost. Usage and timings are the pipeline's own (TurnCall), so a column shows what a
/// normal session would.
struct CompareResult
{
    /// The column's target; a target without a region gets the resolved CallTarget's region
    /// when its request starts, so the table says where it went.
    CompareTarget target;
    api::Turn turn; ///< the answer so far; the final one once `finished`
    /// Why the target gave no (complete) answer before or instead of one: its account could not
    /// be resolved, the spec does not fit its surface, the network, a refusal. A server error
    /// inside an answer is `turn.error` instead.
    std::optional<Error> failure;
    pipeline::TurnTimings timings;
    /// When the answer reported usage and the model's prices are known.
    std::optional<mantle::RequestCost> cost;
    api::WireRequest wire; ///< the request as sent (empty when it could not be built)
    QString routePrefix; ///< "/v1", "/openai/v1" or "/anthropic/v1"
    bool started = false;
    bool finished = false;

    /// Finished with an answer and no error of any kind.
    bool succeeded() const;
    /// One line saying what went wrong (the failure's or the turn error's message), or empty.
    QString errorText() const;
};

/// Sends one prompt (with the same tools, schema and parameters) to 1 to kMaxTargets targets at
/// once and collects each answer as it streams, through the same pipeline a session uses (one
/// TurnCall per target). One failing target never stops the others: its column ends with the
/// failure and the rest finish.
///
/// How a target becomes a CallTarget (accounts and keychain in the app, flags and environment
/// in the CLI) and which prices apply are the caller's, given as functions. It prints and stores
/// nothing. Ownership: the caller's (parent); deleting it aborts what still runs.
class CompareRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareRun)

public:
    static constexpr int kMaxTargets = 6;

    using TargetDone = std::function<void(Result<pipeline::CallTarget>)>;
    /// Resolves a target; must call `done` exactly once, from the event loop, unless `context`
    /// is destroyed first.
    using TargetResolver
        = std::function<void(const CompareTarget &target, QObject *context, TargetDone done)>;
    /// The prices of a target's model, or nothing when unknown (then no cost is shown).
    using PriceLookup = std::function<std::optional<mantle::ModelPrices>(const CompareTarget &)>;

    /// `client` and, when given, `memory` must outlive the run. `base` gives the prompt,
    /// instructions, parameters, tools, tool choice and schema; each target's own surface,
    /// model, region and account replace base's (see specFor()).
    CompareRun(net::HttpClient &client, api::RequestSpec base, QList<CompareTarget> targets,
               TargetResolver resolver, PriceLookup prices, pipeline::RouteMemory *memory,
               QObject *parent = nullptr);
    ~CompareRun() override;

    /// No targets, more than kMaxTargets, or the same target twice: the message says which.
    static Status validateTargets(const QList<CompareTarget> &targets);
    /// `base` adapted to `target`: its surface, model, region and account, streaming on, and
    /// without what that surface does not have (previous_response_id, store and background
    /// outside Responses; seed outside Chat; stop sequences on Responses; adaptive thinking
    /// outside Messages), so that one prompt fits every surface. What it drops is what a
    /// request on that surface could not carry anyway.
    static api::RequestSpec specFor(const api::RequestSpec &base, const CompareTarget &target);

    /// Starts every target at once (after validateTargets(); an invalid list finishes at once
    /// with every column failed). Signals follow from the event loop, never from start().
    void start();
    /// Stops every target still running, keeping what arrived; each ends Cancelled.
    void cancel();
    bool isFinished() const { return m_finishedCount == m_results.size(); }

    const QList<CompareResult> &results() const { return m_results; }
    const api::RequestSpec &base() const { return m_base; }
    /// The request record of a column (for the inspector): secrets redacted.
    pipeline::RequestRecord record(int column) const;

Q_SIGNALS:
    /// A column's answer changed (text, reasoning, tool calls, usage, error).
    void columnChanged(int column);
    /// A column is final; emitted once per column.
    void columnFinished(int column);
    /// Every column is final; emitted once.
    void finished();

private:
    void startColumn(int column, Result<pipeline::CallTarget> target);
    void finishColumn(int column);

    net::HttpClient &m_client;
    api::RequestSpec m_base;
    TargetResolver m_resolver;
    PriceLookup m_prices;
    pipeline::RouteMemory *m_memory;
    QList<CompareResult> m_results;
    QList<QPointer<pipeline::TurnCall>> m_calls;
    int m_finishedCount = 0;
    bool m_started = false;
};

/// The comparison table, one row per target, as the compare view shows it and exports it.
namespace table {
/// The CSV header (stable English column names, never translated): target, account, region,
/// model, api, status, ttft_ms, tokens_per_second, total_ms, input_tokens, output_tokens,
/// cost, currency, error.
QStringList csvColumns();
/// RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break):
/// the header, then one row per result. Empty fields for what is unknown. `cost` is a decimal
/// amount in the currency (CostCalculator::formatAmount).
QString toCsv(const QList<CompareResult> &results);
/// `{"targets":[{"target","account","region","model","api","status","ttft_ms",
/// "tokens_per_second","total_ms","input_tokens","output_tokens","cost","currency","error",
/// "text","reasoning","tool_calls":[{id,name,arguments}],"stop_reason"}]}`, `null` where
/// unknown; `status` is "ok", "error" or "cancelled".
QJsonObject toJson(const QList<CompareResult> &results);
} // namespace table

/// The answer surfaces (Chat Completions, Responses, Messages) among `surfaces` (a model's
/// ModelInfo::surfaces), in declaration order.
QList<mantle::ApiSurface> answerSurfaces(const mantle::ApiSurfaceSet &surfaces);
/// The targets of a cross-API comparison: `model` in `region` for `account` through each of
/// `surfaces`.
QList<CompareTarget> crossApiTargets(const QString &account, const QString &region,
                                     const QString &model,
                                     const QList<mantle::ApiSurface> &surfaces);

} // namespace mantle::compare
