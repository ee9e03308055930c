#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace mantle {
class JsonFieldReader;
}

namespace mantle::pipeline {

/// One server-sent event as it arrived, with its time since the request was sent.
struct RecordedEvent
{
    qint64 atMs = 0;
    QString event; ///< the `event:` field; empty for Chat's unnamed events
    QByteArray data;

    bool operator==(const RecordedEvent &) const = default;
};

/// What the request inspector shows for one answer: the exact request that was sent (URL,
/// headers of the last attempt with every secret replaced, body), what came back (status,
/// headers, the events with their times or the JSON body), attempts, route and timings.
///
/// Plain data with a JSON form (sessions keep it). It never holds a secret: the TurnCall that
/// makes it redacts `authorization`, `x-api-key`, `x-amz-security-token` and the signature
/// before anything is stored. Events and body are capped (kMaxEvents, kMaxBodyBytes); `truncated`
/// says when something was left out.
struct RequestRecord
{
    static constexpr int kMaxEvents = 20000;
    static constexpr qint64 kMaxBodyBytes = 4 * 1024 * 1024;

    QByteArray method;
    QString url;
    QList<QPair<QByteArray, QByteArray>> requestHeaders;
    QByteArray requestBody;
    int httpStatus = 0; ///< 0 when no answer arrived
    QList<QPair<QByteArray, QByteArray>> responseHeaders;
    bool streamed = false;
    QList<RecordedEvent> events; ///< a streamed answer
    QByteArray responseBody; ///< a JSON answer
    bool truncated = false;
    int attempts = 0;
    QString routePrefix; ///< "/v1", "/openai/v1" or "/anthropic/v1"
    bool switchedPrefix = false;
    std::optional<qint64> timeToFirstByteMs;
    std::optional<qint64> timeToFirstTokenMs;
    qint64 totalMs = 0;
    std::optional<double> tokensPerSecond;
    QString error; ///< the failure as the user saw it; empty on success

    QJsonObject toJson() const;
    static Result<RequestRecord> fromJson(const QJsonObject &json);
    /// fromJson() for a record inside another file: a problem is recorded in `reader` with the
    /// field's full path ("entries[3].request.events[2].data").
    static RequestRecord fromJson(JsonFieldReader &reader);

    bool operator==(const RequestRecord &) const = default;
};

} // namespace mantle::pipeline
