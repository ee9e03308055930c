#include "jsonrequestbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace mantle::emulator {

namespace {

const QString kPrefix
    = QStringLiteral("Failed to deserialize the JSON body into the target type: ");

/// serde's "at line L column C" for a byte offset (line and column count from 1; the column of
/// the byte at `offset`).
QString position(QByteArrayView body, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, body.size());
    qsizetype line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (body[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return QStringLiteral(" at line %1 column %2").arg(line).arg(offset - lineStart);
}

/// Where serde stands when the whole object has been read: just after its last byte.
qsizetype endOfValue(QByteArrayView body)
{
    qsizetype end = body.size();
    while (end > 0
           && (body[end - 1] == ' ' || body[end - 1] == '\n' || body[end - 1] == '\r'
               || body[end - 1] == '\t'))
        --end;
    return end;
}

QString syntaxReason(const QJsonParseError &error, QByteArrayView body)
{
    if (endOfValue(body) == 0)
        return QStringLiteral("EOF while parsing a value");
    if (error.offset >= endOfValue(body)) {
        switch (error.error) {
        case QJsonParseError::UnterminatedObject:
            return QStringLiteral("EOF while parsing an object");
        case QJsonParseError::UnterminatedArray:
            return QStringLiteral("EOF while parsing a list");
        case QJsonParseError::UnterminatedString:
            return QStringLiteral("EOF while parsing a string");
        default:
            return QStringLiteral("EOF while parsing a value");
        }
    }
    switch (error.error) {
    case QJsonParseError::MissingNameSeparator:
        return QStringLiteral("expected `:`");
    case QJsonParseError::UnterminatedObject:
    case QJsonParseError::MissingValueSeparator:
        return QStringLiteral("expected `,` or `}`");
    case QJsonParseError::UnterminatedArray:
        return QStringLiteral("expected `,` or `]`");
    case QJsonParseError::IllegalEscapeSequence:
        return QStringLiteral("invalid escape");
    case QJsonParseError::IllegalUTF8String:
        return QStringLiteral("invalid unicode code point");
    case QJsonParseError::GarbageAtEnd:
        return QStringLiteral("trailing characters");
    case QJsonParseError::DeepNesting:
        return QStringLiteral("recursion limit exceeded");
    case QJsonParseError::UnterminatedString:
        return QStringLiteral("EOF while parsing a string");
    case QJsonParseError::IllegalNumber:
        return QStringLiteral("invalid number");
    default:
        return QStringLiteral("expected value");
    }
}

Error validationError(const QString &message)
{
    Error error = makeError(Error::Kind::InvalidInput, message);
    error.code = QString::fromLatin1(JsonRequestBody::kValidationError);
    error.httpStatus = 400;
    return error;
}

} // namespace

Result<QJsonObject> JsonRequestBody::parse(QByteArrayView body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt's offset is just past the byte it stopped at: serde's 1-based column of that byte.
        const qsizetype end = endOfValue(body);
        const qsizetype at = end == 0 ? 0 : std::clamp<qsizetype>(parseError.offset, 1, end);
        return validationError(kPrefix + syntaxReason(parseError, body) + position(body, at));
    }
    if (!document.isObject()) {
        return validationError(kPrefix
                               + QStringLiteral("invalid type: sequence, expected a JSON object")
                               + position(body, endOfValue(body)));
    }
    return document.object();
}

Error JsonRequestBody::missingField(QByteArrayView body, QStringView field)
{
    return validationError(kPrefix + QStringLiteral("missing field `%1`").arg(field)
                           + position(body, endOfValue(body)));
}

Error JsonRequestBody::invalidType(QByteArrayView body, QStringView field, const QJsonValue &value,
                                   QStringView expected)
{
    return validationError(
        kPrefix
        + QStringLiteral("%1: invalid type: %2, expected %3").arg(field, describe(value), expected)
        + position(body, endOfValue(body)));
}

Result<QString> JsonRequestBody::requiredString(QByteArrayView body, const QJsonObject &object,
                                                QStringView field)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return missingField(body, field);
    if (!value.isString())
        return invalidType(body, field, value, u"a string");
    return value.toString();
}

Result<QJsonArray> JsonRequestBody::requiredArray(QByteArrayView body, const QJsonObject &object,
                                                  QStringView field)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return missingField(body, field);
    if (!value.isArray())
        return invalidType(body, field, value, u"a sequence");
    return value.toArray();
}

Result<std::optional<qint64>> JsonRequestBody::optionalCount(QByteArrayView body,
                                                             const QJsonObject &object,
                                                             QStringView field, qint64 minimum)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::optional<qint64>();
    const double number = value.toDouble(-1.5);
    if (!value.isDouble() || number != double(qint64(number)))
        return invalidType(body, field, value, u"u32");
    if (qint64(number) < minimum) {
        return validation(QStringLiteral("Invalid '%1': integer below minimum value. Expected a "
                                         "value >= %2, but got %3 instead.")
                              .arg(field)
                              .arg(minimum)
                              .arg(qint64(number)));
    }
    return std::optional<qint64>(qint64(number));
}

Result<bool> JsonRequestBody::optionalBool(QByteArrayView body, const QJsonObject &object,
                                           QStringView field, bool fallback)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool())
        return invalidType(body, field, value, u"a boolean");
    return value.toBool();
}

Error JsonRequestBody::validation(const QString &message)
{
    return validationError(message);
}

QString JsonRequestBody::contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    if (content.isObject())
        return contentText(QJsonArray{content});
    QStringList texts;
    for (const QJsonValue &value : content.toArray()) {
        if (value.isString()) {
            texts.append(value.toString());
            continue;
        }
        const QJsonObject part = value.toObject();
        const QString type = part.value(QLatin1String("type")).toString();
        if (part.value(QLatin1String("text")).isString())
            texts.append(part.value(QLatin1String("text")).toString());
        else if (type.contains(QLatin1String("image")))
            texts.append(QStringLiteral("[image]"));
        else if (type.contains(QLatin1String("file")) || type.contains(QLatin1String("document")))
            texts.append(QStringLiteral("[document]"));
        else if (type.contains(QLatin1String("audio")))
            texts.append(QStringLiteral("[audio]"));
    }
    return texts.join(QLatin1Char('\n'));
}

QString JsonRequestBody::describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean `%1`")
            .arg(value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == double(qint64(number)))
            return QStringLiteral("integer `%1`").arg(qint64(number));
        return QStringLiteral("floating point `%1`").arg(number);
    }
    case QJsonValue::String:
        return QStringLiteral("string \"%1\"").arg(value.toString());
    case QJsonValue::Array:
        return QStringLiteral("sequence");
    case QJsonValue::Object:
        return QStringLiteral("map");
    }
    return {};
}

Result<Conversation::ToolChoice> JsonRequestBody::toolChoiceMode(QByteArrayView body,
                                                                 const QJsonValue &choice)
{
    const QString mode = choice.toString();
    if (mode == QLatin1String("none"))
        return Conversation::ToolChoice::None;
    if (mode == QLatin1String("required"))
        return Conversation::ToolChoice::Required;
    if (mode == QLatin1String("auto"))
        return Conversation::ToolChoice::Auto;
    return invalidType(body, u"tool_choice", choice, u"none, auto or required");
}

} // namespace mantle::emulator
