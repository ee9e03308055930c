#include "jsonfieldreader.h"

#include <QCoreApplication>

#include <cmath>

namespace mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::JsonFieldReader)
};

// Doubles hold integers exactly up to 2^53.
constexpr double kMaxExactInteger = 9007199254740992.0;

/// The text of `bytes` when it is valid UTF-8 that converts back to the very same bytes (no
/// replacement characters, no byte-order mark dropped), else nothing.
std::optional<QString> exactUtf8(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes)
        return std::nullopt;
    return text;
}

std::optional<QByteArray> fromBase64(const QString &text)
{
    auto decoded
        = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

} // namespace

JsonFieldReader::JsonFieldReader(const QJsonObject &object, QString path,
                                 std::optional<Error> *firstError)
    : m_object(object)
    , m_path(std::move(path))
    , m_firstError(firstError)
{ }

JsonFieldReader JsonFieldReader::child(QLatin1String key)
{
    return JsonFieldReader(jsonObject(key), fieldPath(key), m_firstError);
}

JsonFieldReader JsonFieldReader::element(QLatin1String key, const QJsonArray &array,
                                         qsizetype index)
{
    const QString path = QStringLiteral("%1[%2]").arg(fieldPath(key)).arg(index);
    const QJsonValue value = array.at(index);
    if (!value.isObject())
        fail(path, Tr::tr("a JSON object"));
    return JsonFieldReader(value.toObject(), path, m_firstError);
}

QString JsonFieldReader::fieldPath(QLatin1String key) const
{
    return m_path.isEmpty() ? QString(key) : m_path + QLatin1Char('.') + key;
}

bool JsonFieldReader::has(QLatin1String key) const
{
    const QJsonValue value = m_object.value(key);
    return !value.isUndefined() && !value.isNull();
}

void JsonFieldReader::fail(const QString &path, const QString &expected)
{
    if (m_firstError->has_value())
        return;
    *m_firstError
        = makeError(Error::Kind::Parse,
                    Tr::tr("The field \"%1\" is invalid: expected %2.").arg(path, expected));
}

QString JsonFieldReader::string(QLatin1String key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isString())
        return value.toString();
    if (!value.isUndefined() && !value.isNull())
        failField(key, Tr::tr("a string"));
    return {};
}

bool JsonFieldReader::boolean(QLatin1String key, bool fallback)
{
    return optionalBoolean(key).value_or(fallback);
}

std::optional<bool> JsonFieldReader::optionalBoolean(QLatin1String key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isBool())
        return value.toBool();
    if (!value.isUndefined() && !value.isNull())
        failField(key, Tr::tr("true or false"));
    return std::nullopt;
}

std::optional<qint64> JsonFieldReader::optionalInteger(QLatin1String key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    const double number = value.toDouble();
    if (value.isDouble() && std::trunc(number) == number && std::abs(number) <= kMaxExactInteger)
        return static_cast<qint64>(number);
    failField(key, Tr::tr("a whole number"));
    return std::nullopt;
}

std::optional<double> JsonFieldReader::optionalNumber(QLatin1String key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isDouble())
        return value.toDouble();
    if (!value.isUndefined() && !value.isNull())
        failField(key, Tr::tr("a number"));
    return std::nullopt;
}

QJsonObject JsonFieldReader::jsonObject(QLatin1String key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isObject())
        return value.toObject();
    if (!value.isUndefined() && !value.isNull())
        failField(key, Tr::tr("a JSON object"));
    return {};
}

QJsonArray JsonFieldReader::array(QLatin1String key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isArray())
        return value.toArray();
    if (!value.isUndefined() && !value.isNull())
        failField(key, Tr::tr("a list"));
    return {};
}

QDateTime JsonFieldReader::time(QLatin1String key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return {};
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!value.isString() || !time.isValid()) {
        failField(
            key,
            Tr::tr("a date and time such as %1").arg(QStringLiteral("2026-01-31T12:00:00.000Z")));
        return {};
    }
    return time.toUTC();
}

QByteArray JsonFieldReader::bytes(QLatin1String key, QLatin1String base64Key)
{
    if (has(key))
        return string(key).toUtf8();
    if (!has(base64Key))
        return {};
    const QJsonValue value = m_object.value(base64Key);
    std::optional<QByteArray> decoded;
    if (value.isString())
        decoded = fromBase64(value.toString());
    if (!decoded) {
        failField(base64Key, Tr::tr("base64 text"));
        return {};
    }
    return *decoded;
}

QJsonValue JsonFieldReader::bytesToJsonValue(const QByteArray &bytes)
{
    if (std::optional<QString> text = exactUtf8(bytes))
        return *text;
    return QJsonObject{{QStringLiteral("base64"), QString::fromLatin1(bytes.toBase64())}};
}

std::optional<QByteArray> JsonFieldReader::bytesFromJsonValue(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toUtf8();
    const QJsonValue base64 = value.toObject().value(QLatin1String("base64"));
    if (!base64.isString())
        return std::nullopt;
    return fromBase64(base64.toString());
}

void JsonFieldReader::putBytes(QJsonObject &json, QLatin1String key, QLatin1String base64Key,
                               const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (std::optional<QString> text = exactUtf8(bytes))
        json.insert(key, *text);
    else
        json.insert(base64Key, QString::fromLatin1(bytes.toBase64()));
}

QJsonValue JsonFieldReader::toIsoTime(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue(QJsonValue::Null);
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace mantle
