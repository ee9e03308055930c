#include "requestrecord.h"

#include "common/jsonfieldreader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>

namespace mantle::pipeline {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::pipeline::RequestRecord)
};

QJsonArray headersToJson(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers) {
        array.append(QJsonArray{JsonFieldReader::bytesToJsonValue(name),
                                JsonFieldReader::bytesToJsonValue(value)});
    }
    return array;
}

QList<QPair<QByteArray, QByteArray>> headersFromJson(JsonFieldReader &reader, QLatin1String key)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QJsonArray array = reader.array(key);
    headers.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonArray pair = array.at(i).toArray();
        std::optional<QByteArray> name;
        std::optional<QByteArray> value;
        if (pair.size() == 2) {
            name = JsonFieldReader::bytesFromJsonValue(pair.at(0));
            value = JsonFieldReader::bytesFromJsonValue(pair.at(1));
        }
        if (!name || !value) {
            reader.fail(QStringLiteral("%1[%2]").arg(reader.fieldPath(key)).arg(i),
                        Tr::tr("a [name, value] pair"));
            break;
        }
        headers.append({*name, *value});
    }
    return headers;
}

} // namespace

QJsonObject RequestRecord::toJson() const
{
    QJsonObject json{
        {QStringLiteral("method"), QString::fromLatin1(method)},
        {QStringLiteral("url"), url},
        {QStringLiteral("request_headers"), headersToJson(requestHeaders)},
        {QStringLiteral("http_status"), httpStatus},
        {QStringLiteral("response_headers"), headersToJson(responseHeaders)},
        {QStringLiteral("streamed"), streamed},
        {QStringLiteral("truncated"), truncated},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("route_prefix"), routePrefix},
        {QStringLiteral("switched_prefix"), switchedPrefix},
        {QStringLiteral("total_ms"), totalMs},
    };
    JsonFieldReader::putBytes(json, QLatin1String("request_body"),
                              QLatin1String("request_body_base64"), requestBody);
    JsonFieldReader::putBytes(json, QLatin1String("response_body"),
                              QLatin1String("response_body_base64"), responseBody);
    if (!events.isEmpty()) {
        QJsonArray eventArray;
        for (const RecordedEvent &recorded : events) {
            QJsonObject eventJson{{QStringLiteral("at_ms"), recorded.atMs}};
            if (!recorded.event.isEmpty())
                eventJson.insert(QStringLiteral("event"), recorded.event);
            JsonFieldReader::putBytes(eventJson, QLatin1String("data"),
                                      QLatin1String("data_base64"), recorded.data);
            eventArray.append(eventJson);
        }
        json.insert(QStringLiteral("events"), eventArray);
    }
    if (timeToFirstByteMs)
        json.insert(QStringLiteral("time_to_first_byte_ms"), *timeToFirstByteMs);
    if (timeToFirstTokenMs)
        json.insert(QStringLiteral("time_to_first_token_ms"), *timeToFirstTokenMs);
    if (tokensPerSecond)
        json.insert(QStringLiteral("tokens_per_second"), *tokensPerSecond);
    if (!error.isEmpty())
        json.insert(QStringLiteral("error"), error);
    return json;
}

RequestRecord RequestRecord::fromJson(JsonFieldReader &reader)
{
    RequestRecord record;
    record.method = reader.string(QLatin1String("method")).toLatin1();
    record.url = reader.string(QLatin1String("url"));
    record.requestHeaders = headersFromJson(reader, QLatin1String("request_headers"));
    record.requestBody
        = reader.bytes(QLatin1String("request_body"), QLatin1String("request_body_base64"));
    record.httpStatus = int(reader.optionalInteger(QLatin1String("http_status")).value_or(0));
    record.responseHeaders = headersFromJson(reader, QLatin1String("response_headers"));
    record.streamed = reader.boolean(QLatin1String("streamed"));
    const QLatin1String eventsKey("events");
    const QJsonArray eventArray = reader.array(eventsKey);
    record.events.reserve(eventArray.size());
    for (qsizetype i = 0; i < eventArray.size() && !reader.failed(); ++i) {
        JsonFieldReader eventReader = reader.element(eventsKey, eventArray, i);
        RecordedEvent recorded;
        recorded.atMs = eventReader.optionalInteger(QLatin1String("at_ms")).value_or(0);
        recorded.event = eventReader.string(QLatin1String("event"));
        recorded.data = eventReader.bytes(QLatin1String("data"), QLatin1String("data_base64"));
        record.events.append(std::move(recorded));
    }
    record.responseBody
        = reader.bytes(QLatin1String("response_body"), QLatin1String("response_body_base64"));
    record.truncated = reader.boolean(QLatin1String("truncated"));
    record.attempts = int(reader.optionalInteger(QLatin1String("attempts")).value_or(0));
    record.routePrefix = reader.string(QLatin1String("route_prefix"));
    record.switchedPrefix = reader.boolean(QLatin1String("switched_prefix"));
    record.timeToFirstByteMs = reader.optionalInteger(QLatin1String("time_to_first_byte_ms"));
    record.timeToFirstTokenMs = reader.optionalInteger(QLatin1String("time_to_first_token_ms"));
    record.totalMs = reader.optionalInteger(QLatin1String("total_ms")).value_or(0);
    record.tokensPerSecond = reader.optionalNumber(QLatin1String("tokens_per_second"));
    record.error = reader.string(QLatin1String("error"));
    return record;
}

Result<RequestRecord> RequestRecord::fromJson(const QJsonObject &json)
{
    std::optional<Error> error;
    JsonFieldReader reader(json, {}, &error);
    RequestRecord record = fromJson(reader);
    if (error)
        return *error;
    return record;
}

} // namespace mantle::pipeline
