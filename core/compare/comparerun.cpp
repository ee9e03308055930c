#include "comparerun.h"

#include "pipeline/requestrecord.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

#include <utility>

namespace mantle::compare {

namespace {

struct TargetTr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::compare::CompareTarget)
};

struct RunTr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::compare::CompareRun)
};

Error parseError(const QString &message)
{
    return makeError(Error::Kind::InvalidInput, message,
                     TargetTr::tr("A target reads like api=chat,model=openai.gpt-oss-120b,"
                                  "region=us-east-1,account=NAME."));
}

bool isAnswerSurface(mantle::ApiSurface surface)
{
    return surface == mantle::ApiSurface::ChatCompletions
        || surface == mantle::ApiSurface::Responses || surface == mantle::ApiSurface::Messages;
}

/// "ok", "error" or "cancelled" (stable, never translated).
QString statusName(const CompareResult &result)
{
    const bool cancelled = (result.failure && result.failure->kind == Error::Kind::Cancelled)
        || (result.turn.error && result.turn.error->type == QLatin1String(api::kCancelledError));
    if (cancelled)
        return QStringLiteral("cancelled");
    return result.succeeded() ? QStringLiteral("ok") : QStringLiteral("error");
}

QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"'))
        && !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

/// The values of one table row, by column, as text (empty when unknown).
struct RowValues
{
    QString target, account, region, model, api, status, error;
    std::optional<qint64> ttftMs, totalMs, inputTokens, outputTokens;
    std::optional<double> tokensPerSecond;
    QString cost, currency;
};

RowValues rowValues(const CompareResult &result)
{
    RowValues row;
    row.target = result.target.toText();
    row.account = result.target.account;
    row.region = result.target.region;
    row.model = result.target.model;
    row.api = mantle::apiSurfaceName(result.target.surface);
    row.status = statusName(result);
    row.error = result.errorText();
    if (result.timings.timeToFirstToken)
        row.ttftMs = result.timings.timeToFirstToken->count();
    if (result.finished)
        row.totalMs = result.timings.total.count();
    row.tokensPerSecond = result.timings.tokensPerSecond;
    if (result.turn.usage) {
        row.inputTokens = result.turn.usage->inputTokens;
        row.outputTokens = result.turn.usage->outputTokens;
    }
    if (result.cost) {
        row.cost = mantle::CostCalculator::formatAmount(result.cost->totalPico());
        row.currency = result.cost->currency;
    }
    return row;
}

QString numberText(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : QString();
}

QString rateText(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 1) : QString();
}

QJsonValue jsonOrNull(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonValue jsonOrNull(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonOrNull(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

} // namespace

// --- CompareTarget -----------------------------------------------------------------------------

QString CompareTarget::label() const
{
    QStringList parts{model, mantle::apiSurfaceDisplayName(surface)};
    if (!region.isEmpty())
        parts.append(region);
    if (!account.isEmpty())
        parts.append(account);
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString CompareTarget::toText() const
{
    QStringList items{QStringLiteral("api=") + mantle::apiSurfaceName(surface)};
    if (!model.isEmpty())
        items.append(QStringLiteral("model=") + model);
    if (!region.isEmpty())
        items.append(QStringLiteral("region=") + region);
    if (!account.isEmpty())
        items.append(QStringLiteral("account=") + account);
    return items.join(QLatin1Char(','));
}

Result<CompareTarget> CompareTarget::parse(const QString &text, const CompareTarget &defaults)
{
    CompareTarget target = defaults;
    QSet<QString> seen;
    const QStringList items = text.split(QLatin1Char(','));
    for (const QString &rawItem : items) {
        const QString item = rawItem.trimmed();
        const qsizetype equals = item.indexOf(QLatin1Char('='));
        if (equals < 0)
            return parseError(
                TargetTr::tr("The target item “%1” is not of the form key=value.").arg(item));
        const QString key = item.left(equals).trimmed().toLower();
        const QString value = item.mid(equals + 1).trimmed();
        if (key != QLatin1String("api") && key != QLatin1String("model")
            && key != QLatin1String("region") && key != QLatin1String("account"))
            return parseError(
                TargetTr::tr("The target item “%1” has an unknown key (the keys are api, model, "
                             "region and account).")
                    .arg(item));
        if (seen.contains(key))
            return parseError(
                TargetTr::tr("The target item “%1” repeats the key “%2”.").arg(item, key));
        seen.insert(key);
        if (value.isEmpty())
            return parseError(TargetTr::tr("The target item “%1” has no value.").arg(item));
        if (key == QLatin1String("api")) {
            const auto surface = mantle::apiSurfaceFromName(value);
            if (!surface || !isAnswerSurface(*surface))
                return parseError(TargetTr::tr("The target item “%1” names no answer API (the "
                                               "APIs are chat, responses and messages).")
                                      .arg(item));
            target.surface = *surface;
        } else if (key == QLatin1String("model")) {
            target.model = value;
        } else if (key == QLatin1String("region")) {
            target.region = value;
        } else {
            target.account = value;
        }
    }
    if (target.model.trimmed().isEmpty())
        return parseError(TargetTr::tr("The target “%1” names no model.").arg(text.trimmed()));
    return target;
}

// --- CompareResult -----------------------------------------------------------------------------

bool CompareResult::succeeded() const
{
    return finished && !failure && !turn.error;
}

QString CompareResult::errorText() const
{
    // The message only: the hint (what to do) is for the column's detail, not the table.
    if (failure)
        return failure->message;
    if (turn.error)
        return turn.error->message;
    return {};
}

// --- CompareRun --------------------------------------------------------------------------------

CompareRun::CompareRun(net::HttpClient &client, api::RequestSpec base, QList<CompareTarget> targets,
                       TargetResolver resolver, PriceLookup prices, pipeline::RouteMemory *memory,
                       QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_base(std::move(base))
    , m_resolver(std::move(resolver))
    , m_prices(std::move(prices))
    , m_memory(memory)
{
    m_results.reserve(targets.size());
    for (CompareTarget &target : targets) {
        CompareResult result;
        result.target = std::move(target);
        m_results.append(std::move(result));
    }
    m_calls.resize(m_results.size());
}

CompareRun::~CompareRun()
{
    // Abort what still runs while the results still exist: no column slot may run on a
    // half-destroyed run.
    for (const QPointer<pipeline::TurnCall> &call : std::as_const(m_calls)) {
        if (call) {
            call->disconnect(this);
            delete call.data();
        }
    }
}

Status CompareRun::validateTargets(const QList<CompareTarget> &targets)
{
    if (targets.isEmpty())
        return makeError(Error::Kind::InvalidInput, RunTr::tr("No target to compare."),
                         RunTr::tr("Add at least one target."));
    if (targets.size() > kMaxTargets)
        return makeError(Error::Kind::InvalidInput,
                         RunTr::tr("%1 targets are too many: at most %2 are compared at once.")
                             .arg(targets.size())
                             .arg(kMaxTargets),
                         RunTr::tr("Remove some targets."));
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const CompareTarget &target = targets.at(i);
        if (target.model.trimmed().isEmpty())
            return makeError(Error::Kind::InvalidInput,
                             RunTr::tr("Target %1 names no model.").arg(i + 1));
        if (!isAnswerSurface(target.surface))
            return makeError(Error::Kind::InvalidInput,
                             RunTr::tr("Target %1 uses the %2 API, which gives no answer.")
                                 .arg(i + 1)
                                 .arg(mantle::apiSurfaceDisplayName(target.surface)));
        for (qsizetype j = 0; j < i; ++j) {
            if (targets.at(j) == target)
                return makeError(Error::Kind::InvalidInput,
                                 RunTr::tr("The target “%1” is given twice.").arg(target.label()));
        }
    }
    return {};
}

api::RequestSpec CompareRun::specFor(const api::RequestSpec &base, const CompareTarget &target)
{
    using mantle::ApiSurface;
    api::RequestSpec spec = base;
    spec.surface = target.surface;
    spec.model = target.model;
    spec.account = target.account;
    if (!target.region.isEmpty())
        spec.region = target.region;
    // Columns stream so that time to first token and tokens per second mean the same everywhere;
    // Chat then needs stream_options.include_usage to report usage at all.
    spec.stream = true;
    spec.streamIncludeUsage = true;
    if (target.surface != ApiSurface::Responses) {
        spec.previousResponseId.clear();
        spec.store.reset();
        spec.background = false;
    }
    if (target.surface != ApiSurface::ChatCompletions)
        spec.parameters.seed.reset();
    if (target.surface == ApiSurface::Responses)
        spec.parameters.stopSequences.clear();
    if (target.surface != ApiSurface::Messages)
        spec.parameters.adaptiveThinking = false;
    // Messages requires max_tokens: without one in the spec, MessagesRequestBuilder sends its
    // kDefaultMaxTokens (4096), so nothing is added here. What else a surface refuses (a
    // temperature above 1 on Messages, a tool choice next to a schema on Messages) is not
    // guessed away: that column fails with the builder's message, the others run.
    return spec;
}

void CompareRun::start()
{
    if (m_started)
        return;
    m_started = true;
    const Status valid = validateTargets([this] {
        QList<CompareTarget> targets;
        for (const CompareResult &result : std::as_const(m_results))
            targets.append(result.target);
        return targets;
    }());
    // Everything from here on happens from the event loop, never inside start().
    QMetaObject::invokeMethod(
        this,
        [this, valid] {
            if (!valid) {
                for (qsizetype column = 0; column < m_results.size(); ++column) {
                    if (m_results.at(column).finished)
                        continue; // cancelled before this ran
                    m_results[column].failure = valid.error();
                    finishColumn(int(column));
                }
                if (m_results.isEmpty())
                    Q_EMIT finished();
                return;
            }
            for (qsizetype column = 0; column < m_results.size(); ++column) {
                const int index = int(column);
                if (m_results.at(column).finished)
                    continue; // cancelled before it began
                if (!m_resolver) {
                    startColumn(index,
                                makeError(Error::Kind::Internal,
                                          RunTr::tr("No way to resolve the target is set.")));
                    continue;
                }
                m_resolver(m_results.at(column).target, this,
                           [this, index](Result<pipeline::CallTarget> target) {
                               startColumn(index, std::move(target));
                           });
            }
        },
        Qt::QueuedConnection);
}

void CompareRun::startColumn(int column, Result<pipeline::CallTarget> target)
{
    if (column < 0 || column >= m_results.size() || m_results.at(column).finished
        || m_calls.at(column))
        return; // cancelled meanwhile, or a resolver that answered twice
    CompareResult &result = m_results[column];
    if (!target) {
        result.failure = target.error();
        finishColumn(column);
        return;
    }
    api::RequestSpec spec = specFor(m_base, result.target);
    if (result.target.region.isEmpty()) {
        // The account's (or the environment's) region: the request goes there, and the
        // column and the table say so.
        spec.region = target->region;
        result.target.region = target->region;
    }
    auto wire = pipeline::TurnCall::buildWireRequest(spec);
    if (!wire) {
        result.failure = wire.error();
        finishColumn(column);
        return;
    }
    result.wire = std::move(wire).value();
    result.started = true;

    auto *call = new pipeline::TurnCall(m_client, std::move(spec), std::move(target).value(),
                                        m_memory, this);
    call->setRecording(true);
    m_calls[column] = call;
    connect(call, &pipeline::TurnCall::turnChanged, this, [this, column, call] {
        m_results[column].turn = call->turn();
        Q_EMIT columnChanged(column);
    });
    connect(call, &pipeline::TurnCall::finished, this, [this, column, call] {
        CompareResult &done = m_results[column];
        done.turn = call->turn();
        if (call->error())
            done.failure = call->error();
        done.timings = call->timings();
        done.routePrefix = call->routePrefix();
        if (!call->wireRequest().body.isEmpty())
            done.wire = call->wireRequest();
        if (done.turn.usage && m_prices) {
            if (const auto prices = m_prices(done.target))
                done.cost
                    = mantle::CostCalculator::cost(*done.turn.usage, *prices, done.target.surface);
        }
        finishColumn(column);
    });
    call->start();
}

void CompareRun::cancel()
{
    for (qsizetype column = 0; column < m_results.size(); ++column) {
        if (m_results.at(column).finished)
            continue;
        if (const QPointer<pipeline::TurnCall> &call = m_calls.at(column)) {
            call->cancel(); // finishes the column through its finished signal
        } else {
            m_results[column].failure
                = makeError(Error::Kind::Cancelled, RunTr::tr("The comparison was cancelled."));
            finishColumn(int(column));
        }
    }
}

pipeline::RequestRecord CompareRun::record(int column) const
{
    if (column < 0 || column >= m_calls.size())
        return {};
    if (const QPointer<pipeline::TurnCall> &call = m_calls.at(column))
        return call->record();
    pipeline::RequestRecord record;
    const CompareResult &result = m_results.at(column);
    record.method = result.wire.method;
    record.requestHeaders = result.wire.headers;
    record.requestBody = result.wire.body;
    if (result.failure)
        record.error = result.failure->toDisplayString();
    return record;
}

void CompareRun::finishColumn(int column)
{
    CompareResult &result = m_results[column];
    if (result.finished)
        return;
    result.finished = true;
    ++m_finishedCount;
    Q_EMIT columnFinished(column);
    if (m_finishedCount == m_results.size())
        Q_EMIT finished();
}

// --- table -------------------------------------------------------------------------------------

namespace table {

QStringList csvColumns()
{
    return {QStringLiteral("target"),        QStringLiteral("account"),
            QStringLiteral("region"),        QStringLiteral("model"),
            QStringLiteral("api"),           QStringLiteral("status"),
            QStringLiteral("ttft_ms"),       QStringLiteral("tokens_per_second"),
            QStringLiteral("total_ms"),      QStringLiteral("input_tokens"),
            QStringLiteral("output_tokens"), QStringLiteral("cost"),
            QStringLiteral("currency"),      QStringLiteral("error")};
}

QString toCsv(const QList<CompareResult> &results)
{
    static const QLatin1StringView kLineEnd("\r\n");
    QString csv = csvColumns().join(QLatin1Char(',')) + kLineEnd;
    for (const CompareResult &result : results) {
        const RowValues row = rowValues(result);
        const QStringList fields{row.target,
                                 row.account,
                                 row.region,
                                 row.model,
                                 row.api,
                                 row.status,
                                 numberText(row.ttftMs),
                                 rateText(row.tokensPerSecond),
                                 numberText(row.totalMs),
                                 numberText(row.inputTokens),
                                 numberText(row.outputTokens),
                                 row.cost,
                                 row.currency,
                                 row.error};
        QStringList quoted;
        for (const QString &field : fields)
            quoted.append(csvField(field));
        csv += quoted.join(QLatin1Char(',')) + kLineEnd;
    }
    return csv;
}

QJsonObject toJson(const QList<CompareResult> &results)
{
    QJsonArray targets;
    for (const CompareResult &result : results) {
        const RowValues row = rowValues(result);
        QJsonObject object;
        object.insert(QStringLiteral("target"), row.target);
        object.insert(QStringLiteral("account"), jsonOrNull(row.account));
        object.insert(QStringLiteral("region"), jsonOrNull(row.region));
        object.insert(QStringLiteral("model"), row.model);
        object.insert(QStringLiteral("api"), row.api);
        object.insert(QStringLiteral("status"), row.status);
        object.insert(QStringLiteral("ttft_ms"), jsonOrNull(row.ttftMs));
        object.insert(QStringLiteral("tokens_per_second"), jsonOrNull(row.tokensPerSecond));
        object.insert(QStringLiteral("total_ms"), jsonOrNull(row.totalMs));
        object.insert(QStringLiteral("input_tokens"), jsonOrNull(row.inputTokens));
        object.insert(QStringLiteral("output_tokens"), jsonOrNull(row.outputTokens));
        object.insert(QStringLiteral("cost"), jsonOrNull(row.cost));
        object.insert(QStringLiteral("currency"), jsonOrNull(row.currency));
        object.insert(QStringLiteral("error"), jsonOrNull(row.error));
        // The answer in the `replay` shape's field names.
        const QJsonObject turn = result.turn.toReplayJson();
        object.insert(QStringLiteral("text"), jsonOrNull(result.turn.text));
        object.insert(QStringLiteral("reasoning"), turn.value(QLatin1String("reasoning")));
        object.insert(QStringLiteral("tool_calls"), turn.value(QLatin1String("tool_calls")));
        object.insert(QStringLiteral("stop_reason"), turn.value(QLatin1String("stop_reason")));
        targets.append(object);
    }
    return QJsonObject{{QStringLiteral("targets"), targets}};
}

} // namespace table

QList<mantle::ApiSurface> answerSurfaces(const mantle::ApiSurfaceSet &surfaces)
{
    QList<mantle::ApiSurface> answers;
    for (const mantle::ApiSurface surface : surfaces) { // std::set: declaration order
        if (isAnswerSurface(surface))
            answers.append(surface);
    }
    return answers;
}

QList<CompareTarget> crossApiTargets(const QString &account, const QString &region,
                                     const QString &model,
                                     const QList<mantle::ApiSurface> &surfaces)
{
    QList<CompareTarget> targets;
    for (const mantle::ApiSurface surface : surfaces)
        targets.append({account, region, model, surface});
    return targets;
}

} // namespace mantle::compare
