#pragma once

#include "common/result.h"
#include "schemaviolation.h"

#include <QJsonValue>
#include <QList>

#include <memory>

namespace mantle::schema {

/// Checks JSON values against a JSON Schema (draft 7) with valijson, the maintained library the
/// project relies on (its behaviour is checked against the official JSON-Schema-Test-Suite in
/// tests/tst_schemavalidator).
///
/// compile() parses the schema once; validate() then lists every violation with the JSON
/// pointer of the failing value and a message for a user. Only local references ("#/...") are
/// followed: nothing is fetched. valijson's exceptions stay inside this class. It does not know
/// the strict structured-output rules (StrictModeCheck does).
class SchemaValidator
{
public:
    SchemaValidator();
    ~SchemaValidator();
    SchemaValidator(SchemaValidator &&) noexcept;
    SchemaValidator &operator=(SchemaValidator &&) noexcept;
    SchemaValidator(const SchemaValidator &) = delete;
    SchemaValidator &operator=(const SchemaValidator &) = delete;

    /// Parses `schema` (an object, or true/false). On failure the error says what is wrong in
    /// the schema and the validator holds no schema.
    Status compile(const QJsonValue &schema);
    bool isCompiled() const;

    /// Every violation of the compiled schema by `instance`; empty when it conforms. Without a
    /// compiled schema, one violation at the root says so.
    QList<SchemaViolation> validate(const QJsonValue &instance) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> m_compiled;
};

} // namespace mantle::schema
