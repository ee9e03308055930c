#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1String>
#include <QString>

#include <optional>

namespace mantle {

/// Reads the typed fields of one JSON object of a file we wrote ourselves (sessions, request
/// records), leniently: a missing or null field keeps its default. A field of the wrong type
/// records the first problem as a Parse error that names the field by its full path
/// ("entries[3].usage"); reading goes on so that callers can check once at the end.
///
/// It is not a schema validator and not the lenient reader of server answers (api/jsonvaluereader).
class JsonFieldReader
{
public:
    JsonFieldReader(const QJsonObject &object, QString path, std::optional<Error> *firstError);

    /// The reader of the object at `key` (an empty object when missing).
    JsonFieldReader child(QLatin1String key);
    /// The reader of the object `array[index]` taken from the field `key`.
    JsonFieldReader element(QLatin1String key, const QJsonArray &array, qsizetype index);

    QString fieldPath(QLatin1String key) const;
    bool has(QLatin1String key) const;
    const QJsonObject &object() const { return m_object; }

    QString string(QLatin1String key);
    bool boolean(QLatin1String key, bool fallback = false);
    std::optional<bool> optionalBoolean(QLatin1String key);
    std::optional<qint64> optionalInteger(QLatin1String key);
    std::optional<double> optionalNumber(QLatin1String key);
    QJsonObject jsonObject(QLatin1String key);
    QJsonArray array(QLatin1String key);
    /// An ISO 8601 time with milliseconds (see toIsoTime); an invalid QDateTime when missing.
    QDateTime time(QLatin1String key);
    /// Bytes written by putBytes(): text under `key`, or base64 under `base64Key`.
    QByteArray bytes(QLatin1String key, QLatin1String base64Key);

    void fail(const QString &path, const QString &expected);
    void failField(QLatin1String key, const QString &expected) { fail(fieldPath(key), expected); }
    bool failed() const { return m_firstError->has_value(); }
    std::optional<Error> *errorSlot() const { return m_firstError; }

    /// A byte array as a JSON value: the text when the bytes are valid UTF-8, else an object
    /// `{"base64": "..."}` (for values that are not given their own keys, e.g. header values).
    static QJsonValue bytesToJsonValue(const QByteArray &bytes);
    /// The inverse of bytesToJsonValue(); nothing when the value is neither form.
    static std::optional<QByteArray> bytesFromJsonValue(const QJsonValue &value);
    /// Stores `bytes` under `key` as text when they are valid UTF-8, else as base64 under
    /// `base64Key`; nothing when empty.
    static void putBytes(QJsonObject &json, QLatin1String key, QLatin1String base64Key,
                         const QByteArray &bytes);
    /// "2026-11-29T05:28:35.123Z"; null for an invalid time.
    static QJsonValue toIsoTime(const QDateTime &time);

private:
    QJsonObject m_object;
    QString m_path;
    std::optional<Error> *m_firstError;
};

} // namespace mantle
