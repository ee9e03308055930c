#include "responsestore.h"

#include <QJsonArray>

namespace mantle::emulator {

QString StoredResponse::status() const
{
    return current().value(QLatin1String("status")).toString();
}

void ResponseStore::insert(const QByteArray &region, const QString &id, StoredResponse response)
{
    m_regions[region].insert(id, std::move(response));
}

const StoredResponse *ResponseStore::find(const QByteArray &region, const QString &id) const
{
    const auto regionIt = m_regions.constFind(region);
    if (regionIt == m_regions.constEnd())
        return nullptr;
    const auto it = regionIt->constFind(id);
    return it == regionIt->constEnd() ? nullptr : &*it;
}

std::optional<QJsonObject> ResponseStore::retrieve(const QByteArray &region, const QString &id)
{
    const auto regionIt = m_regions.find(region);
    if (regionIt == m_regions.end())
        return std::nullopt;
    const auto it = regionIt->find(id);
    if (it == regionIt->end())
        return std::nullopt;
    if (it->stage + 1 < it->stages.size())
        ++it->stage;
    return it->current();
}

bool ResponseStore::remove(const QByteArray &region, const QString &id)
{
    const auto regionIt = m_regions.find(region);
    return regionIt != m_regions.end() && regionIt->remove(id) > 0;
}

ResponseStore::CancelOutcome ResponseStore::cancel(const QByteArray &region, const QString &id,
                                                   QJsonObject &response)
{
    const auto regionIt = m_regions.find(region);
    if (regionIt == m_regions.end())
        return CancelOutcome::NotFound;
    const auto it = regionIt->find(id);
    if (it == regionIt->end())
        return CancelOutcome::NotFound;
    if (!it->background)
        return CancelOutcome::NotBackground;
    const QString status = it->status();
    if (status == QLatin1String("cancelled")) {
        response = it->current();
        return CancelOutcome::Cancelled;
    }
    if (status != QLatin1String("queued") && status != QLatin1String("in_progress"))
        return CancelOutcome::AlreadyFinished;
    QJsonObject cancelled = it->current();
    cancelled.insert(QStringLiteral("status"), QStringLiteral("cancelled"));
    cancelled.insert(QStringLiteral("output"), QJsonArray());
    cancelled.insert(QStringLiteral("usage"), QJsonValue(QJsonValue::Null));
    it->stages = {cancelled};
    it->stage = 0;
    response = cancelled;
    return CancelOutcome::Cancelled;
}

QList<Conversation::Message> ResponseStore::history(const StoredResponse &response) const
{
    QList<Conversation::Message> messages = response.input;
    if (response.status() != QLatin1String("cancelled"))
        messages.append(response.answer);
    return messages;
}

qsizetype ResponseStore::size() const
{
    qsizetype count = 0;
    for (const auto &region : m_regions)
        count += region.size();
    return count;
}

} // namespace mantle::emulator
