#include "costreport.h"

#include "api/turn.h"
#include "mantle/costcalculator.h"
#include "session.h"

#include <QStringList>

#include <utility>

namespace mantle::sessions {

namespace {

bool isAnthropic(mantle::ApiSurface surface)
{
    return surface == mantle::ApiSurface::Messages || surface == mantle::ApiSurface::CountTokens;
}

/// The usage a row stands for, in its surface's own counting (see CostCalculator), so that the
/// ledger counts its tokens as it counts any other request's.
api::Usage usageOf(const CostRow &row)
{
    api::Usage usage;
    usage.outputTokens = row.outputTokens;
    usage.reasoningTokens = row.reasoningTokens;
    usage.cachedInputTokens = row.cachedInputTokens;
    if (isAnthropic(row.surface)) {
        usage.inputTokens = row.inputTokens;
        usage.cacheCreationInputTokens = row.cacheWriteTokens;
    } else {
        usage.inputTokens = row.inputTokens + row.cachedInputTokens;
    }
    return usage;
}

/// What the ledger is given for a row: its breakdown, or for an older answer that kept only its
/// total, that total as one component (the ledger sums totals, never components).
std::optional<mantle::RequestCost> ledgerCostOf(const CostRow &row)
{
    if (!row.totalPico)
        return std::nullopt;
    if (row.breakdown)
        return row.breakdown;
    mantle::RequestCost cost;
    cost.uncachedInputPico = *row.totalPico;
    cost.currency = row.currency;
    return cost;
}

QString amount(const std::optional<qint64> &pico)
{
    return pico ? mantle::CostCalculator::formatAmount(*pico, 12) : QString();
}

QString optionalCount(const std::optional<qint64> &count)
{
    return count ? QString::number(*count) : QString();
}

} // namespace

QString priceSourceName(PriceSource source)
{
    switch (source) {
    case PriceSource::None:
        return QStringLiteral("none");
    case PriceSource::Catalogue:
        return QStringLiteral("catalogue");
    case PriceSource::Private:
        return QStringLiteral("private");
    case PriceSource::Unrecorded:
        return QStringLiteral("unrecorded");
    }
    return {};
}

void addCostTotal(mantle::CostTotal &total, const mantle::CostTotal &other)
{
    total.pico += other.pico;
    total.requests += other.requests;
    total.unpricedRequests += other.unpricedRequests;
    total.inputTokens += other.inputTokens;
    total.outputTokens += other.outputTokens;
}

CostReport::CostReport(QTimeZone zone)
    : m_zone(std::move(zone))
{ }

std::optional<CostRow> CostReport::rowOf(const Session &session, int entryIndex,
                                         const QTimeZone &zone)
{
    if (entryIndex < 0 || entryIndex >= session.entries.size())
        return std::nullopt;
    const SessionEntry &entry = session.entries.at(entryIndex);
    if (entry.role != api::MessageRole::Assistant || (!entry.usage && !entry.costPico))
        return std::nullopt;

    CostRow row;
    row.time = entry.createdAt.isValid() ? entry.createdAt : session.createdAt;
    row.day = row.time.toTimeZone(zone).date();
    row.sessionId = session.id;
    row.sessionTitle = session.title;
    row.entryIndex = entryIndex;
    row.account = entry.account.isEmpty() ? session.account : entry.account;
    row.region = entry.region.isEmpty() ? session.region : entry.region;
    row.surface = session.surface;
    row.model = entry.model.isEmpty() ? session.model : entry.model;

    const api::Usage usage = entry.usage.value_or(api::Usage{});
    row.reasoningTokens = usage.reasoningTokens;
    // The tokens as they were billed: the kept breakdown, else the usage split again by the
    // surface's rules (the prices do not matter for the split).
    const mantle::RequestCost tokens = entry.cost
        ? *entry.cost
        : mantle::CostCalculator::cost(usage, mantle::ModelPrices{}, session.surface);
    row.inputTokens = tokens.uncachedInputTokens;
    row.cachedInputTokens = tokens.cachedInputTokens;
    row.cacheWriteTokens = tokens.cacheWriteTokens;
    row.outputTokens = tokens.outputTokens;

    if (entry.prices) {
        row.currency = entry.prices->currency;
        row.pricesFrom = entry.prices->source;
        row.pricesDate = entry.prices->date;
    }
    if (entry.cost)
        row.currency = entry.cost->currency;
    row.totalPico = entry.costPico;
    if (!row.totalPico && entry.cost)
        row.totalPico = entry.cost->totalPico();
    // A breakdown is shown only when it adds up to the total the answer was charged.
    if (entry.cost && row.totalPico == entry.cost->totalPico())
        row.breakdown = entry.cost;
    if (!row.totalPico)
        row.priceSource = PriceSource::None;
    else if (!entry.prices)
        row.priceSource = PriceSource::Unrecorded;
    else
        row.priceSource = entry.prices->isPrivate ? PriceSource::Private : PriceSource::Catalogue;
    return row;
}

QList<CostRow> CostReport::rowsOf(const Session &session, const QTimeZone &zone)
{
    QList<CostRow> rows;
    for (int i = 0; i < session.entries.size(); ++i) {
        if (std::optional<CostRow> row = rowOf(session, i, zone))
            rows.append(std::move(*row));
    }
    return rows;
}

void CostReport::addSession(const Session &session)
{
    for (const CostRow &row : rowsOf(session, m_zone))
        addRow(row);
}

void CostReport::addRow(const CostRow &row)
{
    m_rows.append(row);
    m_ledger.record(row.account, row.sessionId, row.day, row.surface, usageOf(row),
                    ledgerCostOf(row));
}

QStringList CostReport::csvColumns()
{
    return {QStringLiteral("time"),
            QStringLiteral("day"),
            QStringLiteral("session_id"),
            QStringLiteral("session_title"),
            QStringLiteral("account"),
            QStringLiteral("region"),
            QStringLiteral("surface"),
            QStringLiteral("model"),
            QStringLiteral("input_tokens"),
            QStringLiteral("cached_input_tokens"),
            QStringLiteral("cache_write_tokens"),
            QStringLiteral("output_tokens"),
            QStringLiteral("reasoning_tokens"),
            QStringLiteral("input_cost"),
            QStringLiteral("cached_input_cost"),
            QStringLiteral("cache_write_cost"),
            QStringLiteral("output_cost"),
            QStringLiteral("total_cost"),
            QStringLiteral("currency"),
            QStringLiteral("price_source"),
            QStringLiteral("prices_from"),
            QStringLiteral("prices_date")};
}

QString CostReport::csvField(const QString &value)
{
    static const QString kSpecial = QStringLiteral(",\"\r\n");
    bool needsQuotes = false;
    for (const QChar c : value) {
        if (kSpecial.contains(c)) {
            needsQuotes = true;
            break;
        }
    }
    if (!needsQuotes)
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString CostReport::csvTextField(const QString &value)
{
    // A spreadsheet runs a cell that starts with one of these as a formula: a session title
    // such as "=HYPERLINK(...)" would run when the ledger is opened. A leading apostrophe
    // makes it text (OWASP's advice for CSV injection); the value is otherwise unchanged.
    static const QString kFormulaStarts = QStringLiteral("=+-@\t\r");
    if (!value.isEmpty() && kFormulaStarts.contains(value.front()))
        return csvField(QLatin1Char('\'') + value);
    return csvField(value);
}

QByteArray CostReport::toCsv() const
{
    return toCsv(m_rows);
}

QByteArray CostReport::toCsv(const QList<CostRow> &rows)
{
    const QString lineEnd = QStringLiteral("\r\n");
    QString out = csvColumns().join(QLatin1Char(',')) + lineEnd;
    for (const CostRow &row : rows) {
        const std::optional<mantle::RequestCost> &parts = row.breakdown;
        const auto part = [&parts](qint64 mantle::RequestCost::*field) {
            return parts ? std::optional<qint64>((*parts).*field) : std::nullopt;
        };
        // Free text (titles, names, model ids) may look like a formula to a spreadsheet.
        const QStringList quoted{
            csvField(row.time.toUTC().toString(Qt::ISODate)),
            csvField(row.day.toString(Qt::ISODate)),
            csvField(row.sessionId),
            csvTextField(row.sessionTitle),
            csvTextField(row.account),
            csvField(row.region),
            csvField(mantle::apiSurfaceName(row.surface)),
            csvTextField(row.model),
            csvField(QString::number(row.inputTokens)),
            csvField(QString::number(row.cachedInputTokens)),
            csvField(QString::number(row.cacheWriteTokens)),
            csvField(QString::number(row.outputTokens)),
            csvField(optionalCount(row.reasoningTokens)),
            csvField(amount(part(&mantle::RequestCost::uncachedInputPico))),
            csvField(amount(part(&mantle::RequestCost::cachedInputPico))),
            csvField(amount(part(&mantle::RequestCost::cacheWritePico))),
            csvField(amount(part(&mantle::RequestCost::outputPico))),
            csvField(amount(row.totalPico)),
            csvField(row.currency),
            csvField(priceSourceName(row.priceSource)),
            csvTextField(row.pricesFrom),
            csvField(row.pricesDate),
        };
        out += quoted.join(QLatin1Char(',')) + lineEnd;
    }
    return out.toUtf8();
}

} // namespace mantle::sessions
