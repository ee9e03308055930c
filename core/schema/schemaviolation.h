#pragma once

#include <QString>

namespace mantle::schema {

/// One way in which a JSON value breaks a schema: where (the failing value's RFC 6901 pointer,
/// "" for the whole value) and what is wrong, in words for a user. Not a schema error: a schema
/// that cannot be compiled is an Error from SchemaValidator::compile().
struct SchemaViolation
{
    QString pointer;
    QString message;

    /// "/age: expected an integer, got a string" ("(root)" for the whole value).
    QString toDisplayString() const;

    bool operator==(const SchemaViolation &) const = default;
};

} // namespace mantle::schema
