#include "sessionrunner.h"

#include "mantle/costcalculator.h"
#include "pipeline/backgroundpoller.h"
#include "pipeline/turncall.h"

#include <utility>

namespace mantle::sessions {

namespace {

/// The type a failed request (no answer at all) gets in its entry's error.
constexpr char kRequestFailedError[] = "request_failed";

} // namespace

SessionRunner::SessionRunner(net::HttpClient &client, pipeline::RouteMemory *memory,
                             QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_memory(memory)
{ }

SessionRunner::~SessionRunner()
{
    if (m_call)
        m_call->disconnect(this);
    if (m_poller)
        m_poller->disconnect(this);
}

bool SessionRunner::isRunning() const
{
    return (m_call && !m_call->isFinished()) || m_poller;
}

std::optional<pipeline::RequestRecord> SessionRunner::currentRecord() const
{
    if (!m_call)
        return std::nullopt;
    return m_call->record();
}

bool SessionRunner::start(Session &session, pipeline::CallTarget target,
                          std::optional<mantle::ModelPrices> prices)
{
    if (isRunning())
        return false;
    if (m_call)
        m_call->deleteLater();
    api::RequestSpec spec = session.requestSpec();
    m_session = &session;
    m_prices = std::move(prices);
    m_textShown = 0;
    m_reasoningShown = 0;
    m_toolCallsShown = 0;
    m_stopRequested = false;

    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = api::MessageRole::Assistant;
    entry.createdAt = QDateTime::currentDateTimeUtc();
    entry.model = spec.model;
    entry.account = spec.account;
    entry.region = target.region.isEmpty() ? spec.region : target.region;
    entry.sentSpec = spec;
    entry.sentSpec->messages.clear(); // the entries before the answer
    session.entries.append(entry);
    m_row = int(session.entries.size() - 1);

    m_target = target; // for following a background answer
    m_call = new pipeline::TurnCall(m_client, std::move(spec), std::move(target), m_memory, this);
    m_call->setRecording(true);
    connect(m_call, &pipeline::TurnCall::turnChanged, this, &SessionRunner::onTurnChanged);
    connect(m_call, &pipeline::TurnCall::finished, this, &SessionRunner::onTurnFinished);
    Q_EMIT entryAdded(m_row);
    m_call->start();
    return true;
}

void SessionRunner::stop()
{
    if (!isRunning())
        return;
    m_stopRequested = true;
    if (m_poller) {
        m_poller->requestCancel(); // the poller reports the final (cancelled) status
        return;
    }
    m_call->cancel();
}

void SessionRunner::onTurnChanged()
{
    if (!m_call || !m_session || m_row < 0 || m_row >= m_session->entries.size())
        return;
    const api::Turn &turn = m_call->turn();
    SessionEntry &entry = m_session->entries[m_row];
    if (turn.reasoning.size() > m_reasoningShown) {
        const QString delta = turn.reasoning.mid(m_reasoningShown);
        m_reasoningShown = turn.reasoning.size();
        entry.reasoning += delta;
        Q_EMIT reasoningAppended(m_row, delta);
    }
    if (turn.text.size() > m_textShown) {
        const QString delta = turn.text.mid(m_textShown);
        m_textShown = turn.text.size();
        entry.text += delta;
        Q_EMIT textAppended(m_row, delta);
    }
    bool changed = false;
    if (turn.toolCalls.size() != m_toolCallsShown || !turn.toolCalls.isEmpty()) {
        if (entry.toolCalls != turn.toolCalls) {
            entry.toolCalls = turn.toolCalls;
            changed = true;
        }
        m_toolCallsShown = turn.toolCalls.size();
    }
    if (turn.usage != entry.usage) {
        entry.usage = turn.usage;
        changed = true;
    }
    if (changed)
        Q_EMIT entryChanged(m_row);
}

void SessionRunner::foldStructuredAnswer(SessionEntry &entry)
{
    // Messages has no structured output of its own: the request builder asks for it as a
    // forced call of a tool named after the schema, whose input is the answer. That call is
    // the answer's text, not a call for the user to answer.
    if (!m_session || m_session->surface != mantle::ApiSurface::Messages || !entry.sentSpec
        || !entry.sentSpec->outputSchema)
        return;
    const QString name = entry.sentSpec->outputSchema->name;
    for (qsizetype i = 0; i < entry.toolCalls.size(); ++i) {
        if (entry.toolCalls.at(i).name != name)
            continue;
        const QString answer = entry.toolCalls.at(i).arguments;
        entry.text = entry.text.trimmed().isEmpty() ? answer : entry.text + u'\n' + answer;
        entry.toolCalls.removeAt(i);
        return;
    }
}

void SessionRunner::onTurnFinished()
{
    pipeline::TurnCall *call = m_call;
    if (!call || !m_session || m_row < 0 || m_row >= m_session->entries.size())
        return;
    if (followInBackground(call))
        return;
    finishEntry(call->turn(), call->error(), call->record());
}

void SessionRunner::finishEntry(const api::Turn &turn, const std::optional<Error> &failure,
                                pipeline::RequestRecord record)
{
    SessionEntry &entry = m_session->entries[m_row];
    entry.text = turn.text;
    entry.reasoning = turn.reasoning;
    entry.toolCalls = turn.toolCalls;
    foldStructuredAnswer(entry);
    entry.usage = turn.usage;
    entry.stopReason = turn.stopReason;
    entry.responseId = turn.responseId;
    if (!turn.model.isEmpty())
        entry.model = turn.model;
    entry.error = turn.error;
    if (failure) {
        entry.error = api::TurnError{failure->kind == Error::Kind::Cancelled
                                         ? QString::fromLatin1(api::kCancelledError)
                                         : QString::fromLatin1(kRequestFailedError),
                                     failure->toDisplayString(), failure->code};
    }
    if (m_stopRequested && entry.error
        && entry.error->type == QLatin1String(api::kCancelledError)) {
        entry.stopped = true;
        entry.error.reset();
    }
    entry.costPico.reset();
    entry.cost.reset();
    entry.prices.reset();
    if (entry.usage && m_prices) {
        entry.cost = mantle::CostCalculator::cost(*entry.usage, *m_prices, m_session->surface);
        entry.costPico = entry.cost->totalPico();
        entry.prices = m_prices; // the per-turn breakdown shows them, with their source
    }
    entry.request = std::move(record);
    const int row = m_row;
    m_row = -1;
    m_session = nullptr;
    Q_EMIT finished(row);
}

// Background responses (issue #7, chaining) -------------------------------------------------

bool SessionRunner::followInBackground(pipeline::TurnCall *call)
{
    const api::Turn &turn = call->turn();
    if (m_session->surface != mantle::ApiSurface::Responses || call->error() || turn.error
        || turn.responseId.isEmpty() || turn.stopReason.isEmpty()
        || pipeline::BackgroundPoller::isFinalStatus(turn.stopReason) || !m_target)
        return false;
    SessionEntry &entry = m_session->entries[m_row];
    entry.responseId = turn.responseId;
    entry.stopReason = turn.stopReason;
    if (!turn.model.isEmpty())
        entry.model = turn.model;
    m_backgroundRecord = call->record();
    m_poller = new pipeline::BackgroundPoller(m_client, turn.responseId, call->spec().model,
                                              *m_target, m_memory, {}, this);
    connect(m_poller, &pipeline::BackgroundPoller::statusChanged, this,
            [this](const QString &status) {
                if (!m_session || m_row < 0 || m_row >= m_session->entries.size())
                    return;
                m_session->entries[m_row].stopReason = status;
                Q_EMIT entryChanged(m_row);
            });
    connect(m_poller, &pipeline::BackgroundPoller::finished, this,
            &SessionRunner::onBackgroundFinished);
    Q_EMIT entryChanged(m_row);
    if (m_stopRequested)
        m_poller->requestCancel();
    m_poller->start();
    return true;
}

void SessionRunner::onBackgroundFinished()
{
    pipeline::BackgroundPoller *poller = m_poller;
    m_poller = nullptr;
    if (!poller)
        return;
    poller->deleteLater();
    if (!m_session || m_row < 0 || m_row >= m_session->entries.size())
        return;
    api::Turn turn = poller->turn();
    if (turn.responseId.isEmpty()) // no poll answered: keep what the creation said
        turn.responseId = m_session->entries.at(m_row).responseId;
    if (turn.stopReason.isEmpty())
        turn.stopReason = m_session->entries.at(m_row).stopReason;
    // Nothing streamed: the final text and reasoning come at once, in the entry first.
    SessionEntry &entry = m_session->entries[m_row];
    if (turn.reasoning.size() > m_reasoningShown) {
        entry.reasoning = turn.reasoning;
        Q_EMIT reasoningAppended(m_row, turn.reasoning.mid(m_reasoningShown));
    }
    if (turn.text.size() > m_textShown) {
        entry.text = turn.text;
        Q_EMIT textAppended(m_row, turn.text.mid(m_textShown));
    }
    m_reasoningShown = turn.reasoning.size();
    m_textShown = turn.text.size();
    const bool cancelled = turn.stopReason == QLatin1String("cancelled");
    if (m_stopRequested && cancelled)
        entry.stopped = true; // as Stop marks a streamed answer
    pipeline::RequestRecord record = m_backgroundRecord.value_or(pipeline::RequestRecord{});
    m_backgroundRecord.reset();
    finishEntry(turn, poller->error(), std::move(record));
}

} // namespace mantle::sessions
