#include "jsonvaluereader.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>
#include <limits>

namespace mantle::api {

namespace od = simdjson::ondemand;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::JsonValueReader)
};

} // namespace

simdjson::error_code JsonValueReader::string(Value &value, std::string_view &out)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    if (type != od::json_type::string)
        return simdjson::SUCCESS;
    return value.get_string().get(out);
}

simdjson::error_code JsonValueReader::integer(Value &value, std::optional<qint64> &out)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    if (type != od::json_type::number)
        return simdjson::SUCCESS;
    od::number number;
    if (auto error = value.get_number().get(number))
        return error;
    switch (number.get_number_type()) {
    case od::number_type::signed_integer:
        out = number.get_int64();
        break;
    case od::number_type::unsigned_integer:
        out = std::numeric_limits<qint64>::max();
        break;
    case od::number_type::floating_point_number: {
        const double d = number.get_double();
        if (std::isfinite(d) && std::fabs(d) < 9.0e18)
            out = qint64(std::llround(d));
        break;
    }
    default:
        break;
    }
    return simdjson::SUCCESS;
}

simdjson::error_code JsonValueReader::rawObject(Value &value, std::string_view &out)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    if (type != od::json_type::object)
        return simdjson::SUCCESS;
    od::object object;
    if (auto error = value.get_object().get(object))
        return error;
    return object.raw_json().get(out);
}

simdjson::error_code JsonValueReader::scalarText(Value &value, std::string_view &out)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    switch (type) {
    case od::json_type::string:
        return value.get_string().get(out);
    case od::json_type::number:
    case od::json_type::boolean: {
        // The token runs up to the next structural character: drop trailing white space.
        std::string_view token = value.raw_json_token();
        while (!token.empty()
               && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n'
                   || token.back() == '\r'))
            token.remove_suffix(1);
        out = token;
        return simdjson::SUCCESS;
    }
    default:
        return simdjson::SUCCESS;
    }
}

simdjson::error_code JsonValueReader::trailingContent(od::document &document)
{
    // simdjson answers OUT_OF_BOUNDS when nothing but white space follows the root value.
    const char *location = nullptr;
    if (document.current_location().get(location) == simdjson::SUCCESS)
        return simdjson::TRAILING_CONTENT;
    return simdjson::SUCCESS;
}

void JsonValueReader::appendUtf8(QString &target, std::string_view utf8)
{
    const qsizetype length = qsizetype(utf8.size());
    if (length == 0)
        return;
    for (const char c : utf8) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            target.append(QString::fromUtf8(utf8.data(), length));
            return;
        }
    }
    const qsizetype oldSize = target.size();
    target.resize(oldSize + length);
    QChar *out = target.data() + oldSize;
    for (qsizetype i = 0; i < length; ++i)
        out[i] = QLatin1Char(utf8[std::size_t(i)]);
}

QString JsonValueReader::toQString(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

QJsonObject JsonValueReader::toJsonObject(std::string_view json)
{
    if (json.empty())
        return {};
    return QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), qsizetype(json.size())))
        .object();
}

Result<QJsonObject> JsonValueReader::bodyObject(QByteArrayView body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return makeError(Error::Kind::Parse,
                         Tr::tr("The answer is not valid JSON (%1 at byte %2).")
                             .arg(parseError.errorString())
                             .arg(parseError.offset));
    }
    if (!document.isObject()) {
        return makeError(Error::Kind::Parse,
                         Tr::tr("The answer is JSON but not an object, as an answer body is."));
    }
    return document.object();
}

std::optional<qint64> JsonValueReader::count(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::fabs(d) >= 9.0e18)
        return std::nullopt;
    return qint64(std::llround(d));
}

} // namespace mantle::api
