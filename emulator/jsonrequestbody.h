#pragma once

#include "common/result.h"
#include "conversation.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace mantle::emulator {

/// Reads a request body as one JSON object, and words what is wrong with a body the way Mantle
/// (a Rust service that deserialises with serde) does: 400, code `validation_error`, "Failed to
/// deserialize the JSON body into the target type: missing field `model` at line 1 column 42".
///
/// The errors are mantle::Error values with httpStatus 400 and code "validation_error"; which
/// envelope carries them is the caller's business (ErrorReplies).
class JsonRequestBody
{
public:
    static constexpr char kValidationError[] = "validation_error";

    /// The body as an object, or the syntax error ("expected value at line 1 column 3").
    static Result<QJsonObject> parse(QByteArrayView body);

    /// "… missing field `name` at line L column C" (the position is the end of the body, where
    /// serde notices).
    static Error missingField(QByteArrayView body, QStringView field);
    /// "… field: invalid type: string "x", expected a sequence at line L column C".
    static Error invalidType(QByteArrayView body, QStringView field, const QJsonValue &value,
                             QStringView expected);
    /// `object[field]` as a string; an error when it is missing or not a string.
    static Result<QString> requiredString(QByteArrayView body, const QJsonObject &object,
                                          QStringView field);
    /// `object[field]` as an array; an error when it is missing or not an array.
    static Result<QJsonArray> requiredArray(QByteArrayView body, const QJsonObject &object,
                                            QStringView field);
    /// `object[field]` as a whole number of at least `minimum`; nothing when it is absent or
    /// null; an error when it is something else ("Invalid 'max_tokens': integer below minimum
    /// value. Expected a value >= 1, but got 0 instead.").
    static Result<std::optional<qint64>> optionalCount(QByteArrayView body,
                                                       const QJsonObject &object, QStringView field,
                                                       qint64 minimum);
    /// `object[field]` as a boolean, `fallback` when absent or null, an error otherwise.
    static Result<bool> optionalBool(QByteArrayView body, const QJsonObject &object,
                                     QStringView field, bool fallback);

    /// An OpenAI `tool_choice` given as a string ("none", "auto", "required") as the
    /// conversation's choice; an error naming the field for any other string.
    static Result<Conversation::ToolChoice> toolChoiceMode(QByteArrayView body,
                                                           const QJsonValue &choice);

    /// A 400 validation_error with exactly this message.
    static Error validation(const QString &message);

    /// The text of a message's content: a string, or the `text` of its parts joined with
    /// newlines (an image part reads "[image]", a file or document "[document]").
    static QString contentText(const QJsonValue &content);

    /// "A string", "A sequence", …: what serde calls a JSON value's kind, for invalidType().
    static QString describe(const QJsonValue &value);
};

} // namespace mantle::emulator
