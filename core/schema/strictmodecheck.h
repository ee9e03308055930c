#pragma once

#include "strictmodefinding.h"

#include <QJsonObject>
#include <QList>

namespace mantle::schema {

/// Lints a JSON Schema against the rules of OpenAI-style strict structured outputs
/// (`"strict": true`), as OpenAI documents them ("Structured Outputs: supported schemas"): the
/// root is an object and not anyOf; every object has "additionalProperties": false; every
/// property is in "required" (optional ones are written as a union with null); only the
/// supported types and keywords; local "$ref"s only; at most 5,000 object properties, 10
/// levels of nested objects, 1,000 enum values and 120,000 characters of names and values.
///
/// Each finding says where and why and, where a mechanical change keeps the schema's intent,
/// which fix applyFix() makes. A schema after applyAllFixes() has no fixable finding left. It
/// does not validate values (SchemaValidator does) and does not call any server: what a given
/// model accepts may differ, and the server has the last word.
class StrictModeCheck
{
public:
    static constexpr int kMaxObjectProperties = 5000;
    static constexpr int kMaxNestingDepth = 10;
    static constexpr int kMaxEnumValues = 1000;
    static constexpr int kMaxTotalStringLength = 120000;
    static constexpr int kLargeEnumValueCount = 250;
    static constexpr int kMaxLargeEnumStringLength = 15000;

    /// Every finding, in schema order (the root's first).
    static QList<StrictModeFinding> check(const QJsonObject &schema);
    /// `schema` with the fix of `finding` made; unchanged when the finding has no fix or does
    /// not apply to this schema.
    static QJsonObject applyFix(const QJsonObject &schema, const StrictModeFinding &finding);
    /// `schema` with every fixable finding fixed, checked again after each fix.
    static QJsonObject applyAllFixes(const QJsonObject &schema);
};

} // namespace mantle::schema
