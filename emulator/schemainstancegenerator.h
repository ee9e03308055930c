#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace mantle::emulator {

/// Makes one JSON value that satisfies a JSON Schema, filled from a prompt where it can: the
/// emulator's tool-call arguments and structured answers.
///
/// Covers what tool and output schemas use: `type` (also as a list), `properties`, `required`,
/// `additionalProperties` (false: only declared properties; a schema: used for extra required
/// names), `minProperties`/`maxProperties`, `enum` (the member the prompt mentions, else the
/// first), `const`, arrays (`items`, `prefixItems` and draft-4 tuple `items`, `minItems`,
/// `maxItems`, `uniqueItems` by varying the items), strings (`minLength`, `maxLength`, common
/// `format`s; a `pattern` is tried against a few candidates, not solved), numbers and integers
/// (`minimum`, `maximum`, both `exclusive` forms, `multipleOf`), `boolean`, `null`, `anyOf` and
/// `oneOf` (the first branch that is not only null), `allOf` (merged), and `$ref` to any JSON
/// pointer in the root (`#/$defs/…`, `#/definitions/…`, `#`). Recursive schemas stop adding
/// optional properties and items after a few levels.
///
/// Values come from the prompt: `city is Paris` / `city: Paris` for a property named city, the
/// prompt's proper nouns and numbers in order, else a default by property name, else an excerpt
/// of the prompt. It makes at most a few thousand values, whatever the schema asks. Not a
/// validator: `not`, `if`/`then`/`else`, `dependencies` and `patternProperties` are ignored, and a
/// `oneOf` whose branches overlap may be matched twice.
class SchemaInstanceGenerator
{
public:
    /// `root` is the schema (and the document `$ref`s point into); `prompt` the text to take
    /// values from (most relevant first); `prose` what prose properties (summary, answer, …)
    /// say, by default the first line of `prompt`.
    SchemaInstanceGenerator(QJsonObject root, QString prompt, QString prose = {});

    /// An instance of the root schema.
    QJsonValue generate();

private:
    QJsonValue instance(const QJsonValue &schema, const QString &name, int depth, int variant);
    QJsonObject resolved(const QJsonObject &schema, int depth) const;
    QJsonValue pointer(const QString &reference) const;
    QJsonValue objectFor(const QJsonObject &schema, int depth);
    QJsonValue arrayFor(const QJsonObject &schema, const QString &name, int depth);
    QJsonValue stringFor(const QJsonObject &schema, const QString &name, int variant);
    QJsonValue numberFor(const QJsonObject &schema, const QString &name, int variant, bool integer);
    QString stringHint(const QString &name);
    QString explicitValue(const QString &name) const;

    QJsonObject m_root;
    QString m_prompt;
    QString m_prose;
    QStringList m_properNouns;
    QList<double> m_numbers;
    qsizetype m_nextNoun = 0;
    qsizetype m_nextNumber = 0;
    int m_valuesLeft = 0;
};

} // namespace mantle::emulator
