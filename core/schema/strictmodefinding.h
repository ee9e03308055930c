#pragma once

#include <QString>

namespace mantle::schema {

/// One place where a schema breaks the strict structured-output rules: where (an RFC 6901
/// pointer into the schema: the subschema concerned, "" for the root), why (the rule, in words
/// for a user) and, when there is one, the fix StrictModeCheck::applyFix() can make. It is not
/// a violation of the schema by a value (SchemaViolation is).
struct StrictModeFinding
{
    enum class Fix {
        None, ///< the user has to change the schema by hand
        SetAdditionalPropertiesFalse, ///< "additionalProperties": false on the object
        AddToRequired, ///< `detail` into "required", its schema made nullable (still optional)
        RemoveKeyword, ///< drop the keyword `detail`
        ReplaceOneOfWithAnyOf, ///< "oneOf" renamed "anyOf"
        AddObjectType, ///< "type": "object" on a schema that has "properties"
    };

    QString pointer;
    QString message;
    Fix fix = Fix::None;
    /// The property (AddToRequired) or keyword (RemoveKeyword) the fix is about.
    QString detail;

    bool fixable() const { return fix != Fix::None; }
    /// What the fix does, for a button's tooltip ("Add \"age\" to required"); empty when none.
    QString fixDescription() const;

    bool operator==(const StrictModeFinding &) const = default;
};

} // namespace mantle::schema
