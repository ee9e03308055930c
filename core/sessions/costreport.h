#pragma once

#include "mantle/apisurface.h"
#include "mantle/costledger.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace mantle::sessions {

struct Session;
struct SessionEntry;

/// Where the price of one answer came from.
enum class PriceSource {
    None, ///< no known price: the answer is unpriced
    Catalogue, ///< the built-in catalogue's list prices
    Private, ///< the user's own prices
    Unrecorded, ///< priced, but by a version that did not keep the prices (total only)
};

/// The stable lower-case name used in CSV files: "none", "catalogue", "private", "unrecorded".
QString priceSourceName(PriceSource source);

/// One answer of the cost ledger: where and when it was asked, its tokens, and what each kind of
/// token cost. Amounts are whole pico-units of `currency`.
struct CostRow
{
    QDateTime time; ///< when the answer was asked for (UTC)
    QDate day; ///< its local date (the report's time zone)
    QString sessionId;
    QString sessionTitle;
    int entryIndex = -1; ///< the entry's row in its session
    QString account;
    QString region;
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;
    QString model;

    qint64 inputTokens = 0; ///< uncached input
    qint64 cachedInputTokens = 0; ///< read from the prompt cache
    qint64 cacheWriteTokens = 0; ///< written to the prompt cache (Messages)
    qint64 outputTokens = 0; ///< reasoning included
    std::optional<qint64> reasoningTokens; ///< part of the output, when the surface said

    /// The amount of each kind of token, when known (an older answer keeps its total only).
    std::optional<mantle::RequestCost> breakdown;
    std::optional<qint64> totalPico; ///< nothing when unpriced
    QString currency = QString::fromLatin1(mantle::CostLedger::kCurrency);
    PriceSource priceSource = PriceSource::None;
    QString pricesFrom; ///< ModelPrices::source: a URL, or who set them
    QString pricesDate; ///< ModelPrices::date

    bool isPriced() const { return totalPico.has_value(); }
    qint64 totalTokens() const
    {
        return inputTokens + cachedInputTokens + cacheWriteTokens + outputTokens;
    }

    bool operator==(const CostRow &) const = default;
};

/// The cost ledger over sessions: one row per answer that reported usage or a cost (priced or
/// not; answers that never got usage, such as refused requests, are not rows), and the totals
/// per session, account and local day, kept by a CostLedger (so the totals are the sums of the
/// rows by construction). Exports the rows as CSV.
///
/// The rows are read from what each entry kept: its RequestCost and prices when it has them;
/// for entries written before those were kept, the tokens are split again from the usage by the
/// surface's rules (CostCalculator) and the cost is shown as a total only.
///
/// It does not read files (SessionStore does) and does not price anything anew.
class CostReport
{
public:
    explicit CostReport(QTimeZone zone = QTimeZone::systemTimeZone());

    /// The rows of one session's answers, in entry order, with days in `zone`.
    static QList<CostRow> rowsOf(const Session &session,
                                 const QTimeZone &zone = QTimeZone::systemTimeZone());
    /// The row for one entry of `session`, or nothing when it is not a cost row.
    static std::optional<CostRow> rowOf(const Session &session, int entryIndex,
                                        const QTimeZone &zone);

    /// Adds every answer of `session`.
    void addSession(const Session &session);
    /// Adds one row (and records it in the ledger).
    void addRow(const CostRow &row);

    const QList<CostRow> &rows() const { return m_rows; }
    const mantle::CostLedger &ledger() const { return m_ledger; }
    QTimeZone timeZone() const { return m_zone; }

    /// The CSV header line's field names, in order (stable, not translated).
    static QStringList csvColumns();
    /// The rows as CSV (RFC 4180: a header row, CRLF line ends, fields with a comma, quote, CR
    /// or LF quoted, quotes doubled), UTF-8. Times are ISO 8601 in UTC, days ISO dates, amounts
    /// decimal strings with 12 decimals in the row's currency (exact); unknown amounts are empty.
    QByteArray toCsv() const;
    static QByteArray toCsv(const QList<CostRow> &rows);
    /// One CSV field, quoted when it needs to be.
    static QString csvField(const QString &value);
    /// A free-text CSV field: as csvField(), and a value a spreadsheet would run as a formula
    /// (starting with =, +, -, @, tab or CR) gets a leading apostrophe.
    static QString csvTextField(const QString &value);

private:
    QTimeZone m_zone;
    QList<CostRow> m_rows;
    mantle::CostLedger m_ledger;
};

/// Adds `other` to `total` (for totals from several ledgers).
void addCostTotal(mantle::CostTotal &total, const mantle::CostTotal &other);

} // namespace mantle::sessions
