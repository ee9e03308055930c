#pragma once

#include "api/turn.h"
#include "common/result.h"

#include <QByteArrayView>
#include <QJsonObject>

namespace mantle::api::responses {

/// Reads a non-streamed Responses answer: a `response` object (output items, status, usage,
/// error) or an OpenAI error envelope, into the same Turn a stream gives. A body that is not a
/// JSON object is a Parse error; anything else is read leniently.
class ResponsesResponseParser
{
public:
    static Result<Turn> parse(QByteArrayView body);

    /// The Responses usage object (`input_tokens`, `output_tokens`, `input_tokens_details.
    /// cached_tokens`, `output_tokens_details.reasoning_tokens`) in the neutral shape.
    static Usage usageFromJson(const QJsonObject &usage);

    /// The error of a failed response (`{"code","message"}`): Responses names it by its code
    /// (its type when there is no code); a failure without either gets a type and message of ours.
    static TurnError failureFromJson(const QJsonObject &error);
    static TurnError failure(const QString &code, const QString &type, const QString &message);
};

} // namespace mantle::api::responses
