#include "costledger.h"

#include "api/turn.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace mantle::mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::CostLedger)
};

void add(CostTotal &total, const CostTotal &request)
{
    total.pico += request.pico;
    total.requests += request.requests;
    total.unpricedRequests += request.unpricedRequests;
    total.inputTokens += request.inputTokens;
    total.outputTokens += request.outputTokens;
}

QJsonObject totalToJson(const CostTotal &total)
{
    return QJsonObject{{QStringLiteral("pico"), QString::number(total.pico)},
                       {QStringLiteral("requests"), total.requests},
                       {QStringLiteral("unpricedRequests"), total.unpricedRequests},
                       {QStringLiteral("inputTokens"), total.inputTokens},
                       {QStringLiteral("outputTokens"), total.outputTokens}};
}

Result<CostTotal> totalFromJson(const QJsonValue &value)
{
    const QJsonObject json = value.toObject();
    bool ok = false;
    CostTotal total;
    total.pico = json.value(QLatin1String("pico")).toString().toLongLong(&ok);
    if (!value.isObject() || !ok)
        return makeError(Error::Kind::Parse, Tr::tr("A cost total has no valid amount."));
    total.requests = json.value(QLatin1String("requests")).toInteger();
    total.unpricedRequests = json.value(QLatin1String("unpricedRequests")).toInteger();
    total.inputTokens = json.value(QLatin1String("inputTokens")).toInteger();
    total.outputTokens = json.value(QLatin1String("outputTokens")).toInteger();
    return total;
}

template<typename Key>
QJsonObject mapToJson(const QMap<Key, CostTotal> &map, QString (*keyName)(const Key &))
{
    QJsonObject json;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        json.insert(keyName(it.key()), totalToJson(it.value()));
    return json;
}

QString identity(const QString &key)
{
    return key;
}

QString isoDate(const QDate &day)
{
    return day.toString(Qt::ISODate);
}

} // namespace

void CostLedger::record(const QString &account, const QString &conversationId, const QDate &day,
                        ApiSurface surface, const api::Usage &usage,
                        const std::optional<RequestCost> &cost)
{
    CostTotal request;
    request.requests = 1;
    const bool priced = cost && cost->currency == QLatin1String(kCurrency);
    if (priced)
        request.pico = cost->totalPico();
    else
        request.unpricedRequests = 1;
    request.inputTokens = usage.inputTokens;
    // Messages reports cache reads and writes apart from input_tokens (see CostCalculator).
    if (surface == ApiSurface::Messages || surface == ApiSurface::CountTokens)
        request.inputTokens
            += usage.cachedInputTokens.value_or(0) + usage.cacheCreationInputTokens.value_or(0);
    request.outputTokens = usage.outputTokens;

    add(m_total, request);
    add(m_conversations[conversationId], request);
    add(m_accounts[account], request);
    add(m_days[day], request);
}

CostTotal CostLedger::conversationTotal(const QString &conversationId) const
{
    return m_conversations.value(conversationId);
}

CostTotal CostLedger::accountTotal(const QString &account) const
{
    return m_accounts.value(account);
}

CostTotal CostLedger::dayTotal(const QDate &day) const
{
    return m_days.value(day);
}

QJsonObject CostLedger::toJson() const
{
    return QJsonObject{
        {QStringLiteral("currency"), QString::fromLatin1(kCurrency)},
        {QStringLiteral("total"), totalToJson(m_total)},
        {QStringLiteral("conversations"), mapToJson<QString>(m_conversations, &identity)},
        {QStringLiteral("accounts"), mapToJson<QString>(m_accounts, &identity)},
        {QStringLiteral("days"), mapToJson<QDate>(m_days, &isoDate)},
    };
}

Result<CostLedger> CostLedger::fromJson(const QJsonObject &json)
{
    if (json.value(QLatin1String("currency")).toString() != QLatin1String(kCurrency))
        return makeError(Error::Kind::Parse,
                         Tr::tr("The cost ledger is not in %1.").arg(QLatin1String(kCurrency)));
    CostLedger ledger;
    Result<CostTotal> total = totalFromJson(json.value(QLatin1String("total")));
    if (!total)
        return total.error();
    ledger.m_total = *total;

    for (const auto &[name, target] :
         {std::pair{QStringLiteral("conversations"), &ledger.m_conversations},
          std::pair{QStringLiteral("accounts"), &ledger.m_accounts}}) {
        const QJsonObject map = json.value(name).toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            Result<CostTotal> entry = totalFromJson(it.value());
            if (!entry)
                return entry.error();
            target->insert(it.key(), *entry);
        }
    }
    const QJsonObject days = json.value(QLatin1String("days")).toObject();
    for (auto it = days.begin(); it != days.end(); ++it) {
        const QDate day = QDate::fromString(it.key(), Qt::ISODate);
        Result<CostTotal> entry = totalFromJson(it.value());
        if (!day.isValid())
            return makeError(Error::Kind::Parse,
                             Tr::tr("The cost ledger has an invalid day \"%1\".").arg(it.key()));
        if (!entry)
            return entry.error();
        ledger.m_days.insert(day, *entry);
    }
    return ledger;
}

} // namespace mantle::mantle
