#pragma once

#include "apisurface.h"
#include "common/result.h"
#include "costcalculator.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::api {
struct Usage;
}

namespace mantle::mantle {

/// The running total of some requests: their cost in pico-dollars, how many there were, how
/// many had no known price (their cost is missing from `pico`), and their tokens.
struct CostTotal
{
    qint64 pico = 0;
    qint64 requests = 0;
    qint64 unpricedRequests = 0;
    qint64 inputTokens = 0; ///< as reported (Messages' cache reads and writes added)
    qint64 outputTokens = 0;

    bool operator==(const CostTotal &) const = default;
};

/// Totals of what requests cost, per conversation, per account and per day, in one currency
/// (USD, the catalogue's). A value type with a JSON form (the history stores it); it keeps
/// totals, not the requests themselves, so it stays small.
///
/// It does not price requests (CostCalculator does) and it does not choose the day: the caller
/// passes the local date the request was made on.
class CostLedger
{
public:
    static constexpr char kCurrency[] = "USD";

    /// Adds one request made on `surface`. `cost` is empty when the model has no known prices;
    /// that request, and one whose currency is not kCurrency, counts as unpriced. `usage` gives
    /// the tokens.
    void record(const QString &account, const QString &conversationId, const QDate &day,
                ApiSurface surface, const api::Usage &usage,
                const std::optional<RequestCost> &cost);

    CostTotal conversationTotal(const QString &conversationId) const;
    CostTotal accountTotal(const QString &account) const;
    CostTotal dayTotal(const QDate &day) const;
    CostTotal total() const { return m_total; }

    QStringList conversations() const { return m_conversations.keys(); }
    QStringList accounts() const { return m_accounts.keys(); }
    QList<QDate> days() const { return m_days.keys(); }

    /// `{currency, total, conversations:{id: total}, accounts:{name: total}, days:{"YYYY-MM-DD":
    /// total}}`; each total is `{pico, requests, unpricedRequests, inputTokens, outputTokens}`
    /// with `pico` as a decimal string (exact beyond 2^53).
    QJsonObject toJson() const;
    /// The inverse of toJson(); fails on another currency, a malformed day or amount.
    static Result<CostLedger> fromJson(const QJsonObject &json);

    bool operator==(const CostLedger &) const = default;

private:
    CostTotal m_total;
    QMap<QString, CostTotal> m_conversations;
    QMap<QString, CostTotal> m_accounts;
    QMap<QDate, CostTotal> m_days;
};

} // namespace mantle::mantle
