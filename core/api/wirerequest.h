#pragma once

#include "mantle/apisurface.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace mantle::api {

/// One HTTP request as a surface's request builder made it: method, the resource path after the
/// route prefix ("chat/completions", "responses", "messages", "messages/count_tokens"), the
/// headers to send besides authentication, and the exact JSON body.
///
/// What the signer signs, the HTTP client sends and the inspector shows. It holds no URL (the
/// RouteResolver adds prefix and host) and no credentials (auth adds them).
struct WireRequest
{
    QByteArray method = QByteArrayLiteral("POST");
    QString path;
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;
    QList<QPair<QByteArray, QByteArray>> headers; ///< lower-case names, in sending order
    QByteArray body;

    /// A POST of `body` as compact JSON (QJsonDocument sorts the keys, so the bytes are stable),
    /// with `content-type: application/json` and, for a stream, `accept: text/event-stream`.
    static WireRequest postJson(mantle::ApiSurface surface, const QString &path,
                                const QJsonObject &body, bool stream)
    {
        WireRequest request;
        request.surface = surface;
        request.path = path;
        request.headers.append(
            {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
        if (stream)
            request.headers.append(
                {QByteArrayLiteral("accept"), QByteArrayLiteral("text/event-stream")});
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return request;
    }

    /// The value of the first header with that (lower-case) name; empty when there is none.
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &header : headers) {
            if (header.first == name)
                return header.second;
        }
        return {};
    }

    bool operator==(const WireRequest &) const = default;
};

} // namespace mantle::api
