#pragma once

// Internal to mantle_core (simdjson is linked PRIVATE): include only from core .cpp files.

#include "common/result.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>

#include <optional>
#include <string_view>

#include <simdjson.h>

namespace mantle::api {

/// Small, lenient readers over simdjson On-Demand values, shared by the accumulators and the
/// body parsers.
///
/// A value of an unexpected type (a null, a number where a string was expected) reads as absent
/// and is not an error: unknown or odd fields must never make an event unreadable. Only broken
/// JSON returns an error code. Strings are views into the parser's buffers, valid until the
/// next parse.
class JsonValueReader
{
public:
    using Value = simdjson::ondemand::value;
    using Key = simdjson::ondemand::raw_json_string;

    /// A string value into `out`; any other type leaves `out` as it was.
    static simdjson::error_code string(Value &value, std::string_view &out);
    /// A number (integer or not: counts are parsed leniently) into `out`, rounded.
    static simdjson::error_code integer(Value &value, std::optional<qint64> &out);
    /// An object's JSON text as sent, into `out`.
    static simdjson::error_code rawObject(Value &value, std::string_view &out);
    /// A string's text, or a number's or boolean's JSON token (for error codes such as 429).
    static simdjson::error_code scalarText(Value &value, std::string_view &out);

    /// Calls `onField(key, value)` for every field of an object value, in document order; a value
    /// that is not an object is skipped. The callback returns an error code to stop.
    template<typename OnField>
    static simdjson::error_code forEachField(Value &value, OnField &&onField)
    {
        simdjson::ondemand::json_type type;
        if (auto error = value.type().get(type))
            return error;
        if (type != simdjson::ondemand::json_type::object)
            return simdjson::SUCCESS;
        simdjson::ondemand::object object;
        if (auto error = value.get_object().get(object))
            return error;
        return forEachField(object, onField);
    }

    template<typename OnField>
    static simdjson::error_code forEachField(simdjson::ondemand::object &object, OnField &&onField)
    {
        for (auto result : object) {
            simdjson::ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            if (auto error = onField(field.key(), field.value()))
                return error;
        }
        return simdjson::SUCCESS;
    }

    /// Calls `onElement(value)` for every element of an array value; other types are skipped.
    template<typename OnElement>
    static simdjson::error_code forEachElement(Value &value, OnElement &&onElement)
    {
        simdjson::ondemand::json_type type;
        if (auto error = value.type().get(type))
            return error;
        if (type != simdjson::ondemand::json_type::array)
            return simdjson::SUCCESS;
        simdjson::ondemand::array array;
        if (auto error = value.get_array().get(array))
            return error;
        for (auto result : array) {
            Value element;
            if (auto error = std::move(result).get(element))
                return error;
            if (auto error = onElement(element))
                return error;
        }
        return simdjson::SUCCESS;
    }

    /// The document's root object, field by field; a root that is not an object is an error
    /// (INCORRECT_TYPE), as is anything but white space after it.
    template<typename OnField>
    static simdjson::error_code forEachRootField(simdjson::ondemand::document &document,
                                                 OnField &&onField)
    {
        simdjson::ondemand::object object;
        if (auto error = document.get_object().get(object))
            return error;
        if (auto error = forEachField(object, onField))
            return error;
        return trailingContent(document);
    }

    /// Appends UTF-8 text (already validated by simdjson) to `target` without a temporary
    /// QString for the common all-ASCII delta.
    static void appendUtf8(QString &target, std::string_view utf8);
    static QString toQString(std::string_view utf8);
    /// A JSON object from its text (as rawObject() gave it); empty when it is not one.
    static QJsonObject toJsonObject(std::string_view json);

    /// A whole answer body as a JSON object (QJsonDocument: bodies are not the hot path), or a
    /// Parse error that says why not.
    static Result<QJsonObject> bodyObject(QByteArrayView body);
    /// A count in a QJsonObject (a number, rounded), or nothing.
    static std::optional<qint64> count(const QJsonObject &object, QLatin1String key);

private:
    static simdjson::error_code trailingContent(simdjson::ondemand::document &document);
};

} // namespace mantle::api
