#include "sseframe.h"

#include <QJsonDocument>

namespace mantle::emulator {

QByteArray SseFrame::named(QByteArrayView name, const QJsonObject &data)
{
    return "event: " + name.toByteArray()
        + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray SseFrame::unnamed(const QJsonObject &data)
{
    return "data: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray SseFrame::done()
{
    return QByteArrayLiteral("data: [DONE]\n\n");
}

} // namespace mantle::emulator
