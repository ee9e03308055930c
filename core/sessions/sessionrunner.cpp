#include "sessionrunner.h"

#include "mantle/costcalculator.h"
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
}

bool SessionRunner::isRunning() const
{
    return m_call && !m_call->isFinished();
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
    session.entries.append(entry);
    m_row = int(session.entries.size() - 1);

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

void SessionRunner::onTurnFinished()
{
    pipeline::TurnCall *call = m_call;
    if (!call || !m_session || m_row < 0 || m_row >= m_session->entries.size())
        return;
    const api::Turn &turn = call->turn();
    SessionEntry &entry = m_session->entries[m_row];
    entry.text = turn.text;
    entry.reasoning = turn.reasoning;
    entry.toolCalls = turn.toolCalls;
    entry.usage = turn.usage;
    entry.stopReason = turn.stopReason;
    entry.responseId = turn.responseId;
    if (!turn.model.isEmpty())
        entry.model = turn.model;
    entry.error = turn.error;
    if (const std::optional<Error> &failure = call->error(); failure) {
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
    if (entry.usage && m_prices)
        entry.costPico
            = mantle::CostCalculator::cost(*entry.usage, *m_prices, m_session->surface).totalPico();
    entry.request = call->record();
    const int row = m_row;
    m_row = -1;
    m_session = nullptr;
    Q_EMIT finished(row);
}

} // namespace mantle::sessions
