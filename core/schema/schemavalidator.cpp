#include "schemavalidator.h"

#include "jsonpointer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <exception>
#include <string>
#include <vector>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace mantle::schema {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::schema::SchemaValidator)
};

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// ---- the schema that applies at an instance location (for the words of a message) ----------

/// `schema` with local "$ref"s followed (draft 7: a "$ref" replaces its siblings); nullopt for
/// true/false schemas, remote references and loops.
std::optional<QJsonObject> resolved(const QJsonValue &root, QJsonValue schema)
{
    for (int hops = 0; hops < 32 && schema.isObject(); ++hops) {
        const QJsonObject object = schema.toObject();
        const QJsonValue ref = object.value(QLatin1String("$ref"));
        if (!ref.isString())
            return object;
        const QString target = ref.toString();
        if (!target.startsWith(QLatin1Char('#')))
            return std::nullopt;
        const std::optional<QJsonValue> next
            = JsonPointer::valueAt(root, QUrl::fromPercentEncoding(target.mid(1).toUtf8()));
        if (!next)
            return std::nullopt;
        schema = *next;
    }
    return std::nullopt;
}

QString jsonTypeOf(const QJsonValue &value)
{
    if (value.isObject())
        return QStringLiteral("object");
    if (value.isArray())
        return QStringLiteral("array");
    return {};
}

/// `schema`, or the one anyOf/oneOf/allOf branch that can hold a value of `value`'s type when
/// `schema` itself says nothing about properties or items.
std::optional<QJsonObject> narrowed(const QJsonValue &root, std::optional<QJsonObject> schema,
                                    const QJsonValue &value)
{
    const QString type = jsonTypeOf(value);
    for (int depth = 0; depth < 8 && schema; ++depth) {
        if (schema->contains(QLatin1String("properties"))
            || schema->contains(QLatin1String("items")))
            return schema;
        std::optional<QJsonObject> only;
        int candidates = 0;
        for (const QLatin1String keyword :
             {QLatin1String("anyOf"), QLatin1String("oneOf"), QLatin1String("allOf")}) {
            for (const QJsonValue &branch : schema->value(keyword).toArray()) {
                const std::optional<QJsonObject> b = resolved(root, branch);
                if (!b)
                    continue;
                const QJsonValue branchType = b->value(QLatin1String("type"));
                const QJsonArray types
                    = branchType.isArray() ? branchType.toArray() : QJsonArray{branchType};
                const bool fits = branchType.isUndefined()
                    ? (b->contains(QLatin1String("properties"))
                       || b->contains(QLatin1String("items")))
                    : types.contains(QJsonValue(type));
                if (fits) {
                    ++candidates;
                    only = b;
                }
            }
        }
        if (candidates != 1)
            return schema;
        schema = only;
    }
    return schema;
}

/// The one subschema that governs the value at `tokens` when it can be told without running the
/// validator (properties, additionalProperties, items); nullopt when it is ambiguous.
std::optional<QJsonObject> schemaAt(const QJsonValue &root, const QJsonValue &instance,
                                    const QStringList &tokens)
{
    std::optional<QJsonObject> schema = resolved(root, root);
    QJsonValue value = instance;
    for (const QString &token : tokens) {
        schema = narrowed(root, schema, value);
        if (!schema)
            return std::nullopt;
        QJsonValue next;
        if (value.isArray()) {
            const qsizetype index = token.toLongLong();
            const QJsonValue items = schema->value(QLatin1String("items"));
            if (items.isArray())
                next = index < items.toArray().size()
                    ? items.toArray().at(index)
                    : schema->value(QLatin1String("additionalItems"));
            else
                next = items;
            value = value.toArray().at(index);
        } else if (value.isObject()) {
            const QJsonObject properties = schema->value(QLatin1String("properties")).toObject();
            if (properties.contains(token))
                next = properties.value(token);
            else if (!schema->value(QLatin1String("patternProperties")).toObject().isEmpty())
                return std::nullopt;
            else
                next = schema->value(QLatin1String("additionalProperties"));
            value = value.toObject().value(token);
        } else {
            return std::nullopt;
        }
        schema = resolved(root, next);
    }
    return schema;
}

// ---- words --------------------------------------------------------------------------------

QString typeName(const QString &type)
{
    if (type == QLatin1String("integer"))
        return Tr::tr("an integer");
    if (type == QLatin1String("number"))
        return Tr::tr("a number");
    if (type == QLatin1String("string"))
        return Tr::tr("a string");
    if (type == QLatin1String("boolean"))
        return Tr::tr("a boolean");
    if (type == QLatin1String("null"))
        return Tr::tr("null");
    if (type == QLatin1String("array"))
        return Tr::tr("an array");
    if (type == QLatin1String("object"))
        return Tr::tr("an object");
    return Tr::tr("\"%1\"").arg(type);
}

QString typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return typeName(QStringLiteral("null"));
    case QJsonValue::Bool:
        return typeName(QStringLiteral("boolean"));
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const bool whole = number == double(qint64(number));
        return typeName(whole ? QStringLiteral("integer") : QStringLiteral("number"));
    }
    case QJsonValue::String:
        return typeName(QStringLiteral("string"));
    case QJsonValue::Array:
        return typeName(QStringLiteral("array"));
    case QJsonValue::Object:
        return typeName(QStringLiteral("object"));
    case QJsonValue::Undefined:
        break;
    }
    return Tr::tr("nothing");
}

QString orList(const QStringList &items)
{
    if (items.isEmpty())
        return {};
    QString text = items.front();
    for (qsizetype i = 1; i < items.size(); ++i)
        text = Tr::tr("%1 or %2").arg(text, items.at(i));
    return text;
}

void addTypes(const QJsonValue &type, QStringList *types)
{
    const QJsonArray list = type.isArray() ? type.toArray() : QJsonArray{type};
    for (const QJsonValue &entry : list) {
        if (entry.isString() && !types->contains(entry.toString()))
            types->append(entry.toString());
    }
}

/// The types a schema admits, from "type" or, without one, from its anyOf/oneOf branches.
QStringList allowedTypes(const QJsonValue &root, const QJsonObject &schema)
{
    QStringList types;
    if (schema.contains(QLatin1String("type"))) {
        addTypes(schema.value(QLatin1String("type")), &types);
        return types;
    }
    for (const QLatin1String keyword : {QLatin1String("anyOf"), QLatin1String("oneOf")}) {
        for (const QJsonValue &branch : schema.value(keyword).toArray()) {
            const std::optional<QJsonObject> resolvedBranch = resolved(root, branch);
            if (!resolvedBranch || !resolvedBranch->contains(QLatin1String("type")))
                return {};
            addTypes(resolvedBranch->value(QLatin1String("type")), &types);
        }
    }
    return types;
}

QString compact(const QJsonValue &value)
{
    if (value.isString())
        return QStringLiteral("\"%1\"").arg(value.toString());
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    return QStringLiteral("null");
}

/// valijson writes bounds with std::to_string ("5.000000"): shown as 5.
QString number(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok ? QString::number(value, 'g', 15) : text;
}

enum class Kind {
    Plain,
    Type, ///< the value's type is not allowed
    Wrapper, ///< "a child failed": says nothing a deeper violation does not say better
    NoAlternative, ///< anyOf/oneOf: no branch matched
};

struct Described
{
    Described(Kind k, QString m, QString c = {})
        : kind(k)
        , message(std::move(m))
        , child(std::move(c))
    { }

    Kind kind = Kind::Plain;
    QString message;
    /// The property or index of the child the error is about, when its text names one.
    QString child;
};

/// A user's words for one valijson error about `value` (governed by `schema` when known).
Described describe(const std::string &rawText, const QJsonValue &value, const QJsonValue &root,
                   const std::optional<QJsonObject> &schema)
{
    const QString raw = fromStd(rawText);
    const auto match = [&raw](const char *pattern) {
        return QRegularExpression(QString::fromLatin1(pattern)).match(raw);
    };
    const auto schemaValue = [&schema](const char *keyword) {
        return schema ? schema->value(QLatin1String(keyword)) : QJsonValue(QJsonValue::Undefined);
    };
    QRegularExpressionMatch m;

    if (raw.startsWith(QLatin1String("Value type not permitted"))) {
        const QStringList types = schema ? allowedTypes(root, *schema) : QStringList();
        QStringList names;
        for (const QString &type : types)
            names.append(typeName(type));
        if (names.isEmpty())
            return {Kind::Type, Tr::tr("%1 is not allowed here").arg(typeOf(value))};
        return {Kind::Type, Tr::tr("expected %1, got %2").arg(orList(names), typeOf(value))};
    }
    if ((m = match("^Missing required property '(.*)'\\.$")).hasMatch())
        return {Kind::Plain, Tr::tr("the required property \"%1\" is missing").arg(m.captured(1))};
    if ((m = match("^Object contains a property that could not be validated .*: '(.*)'\\.$"))
            .hasMatch())
        return {
            Kind::Plain,
            Tr::tr("the property \"%1\" is not allowed (additionalProperties)").arg(m.captured(1)),
            m.captured(1)};
    if (raw.startsWith(QLatin1String("Failed to match against any enum values"))) {
        const QJsonValue allowed = schemaValue("enum");
        if (allowed.isArray())
            return {Kind::Plain,
                    Tr::tr("%1 is not one of the allowed values %2")
                        .arg(compact(value), compact(allowed))};
        return {Kind::Plain, Tr::tr("%1 is not one of the allowed values").arg(compact(value))};
    }
    if (raw.startsWith(QLatin1String("Failed to match expected value set by 'const'"))
        || raw.startsWith(QLatin1String("Target value and comparison value are not equal"))) {
        const QJsonValue expected = schemaValue("const");
        if (!expected.isUndefined())
            return {Kind::Plain,
                    Tr::tr("expected %1, got %2").arg(compact(expected), compact(value))};
        return {Kind::Plain, Tr::tr("%1 is not the expected value").arg(compact(value))};
    }
    if ((m = match("^Expected number less than or equal to (\\S+)")).hasMatch())
        return {Kind::Plain,
                Tr::tr("%1 is above the maximum %2").arg(compact(value), number(m.captured(1)))};
    if ((m = match("^Expected number less than (\\S+)")).hasMatch())
        return {Kind::Plain,
                Tr::tr("%1 must be less than %2").arg(compact(value), number(m.captured(1)))};
    if ((m = match("^Expected number greater than or equal to (\\S+)")).hasMatch())
        return {Kind::Plain,
                Tr::tr("%1 is below the minimum %2").arg(compact(value), number(m.captured(1)))};
    if ((m = match("^Expected number greater than (\\S+)")).hasMatch())
        return {Kind::Plain,
                Tr::tr("%1 must be greater than %2").arg(compact(value), number(m.captured(1)))};
    if ((m = match("^Value should be a multiple of (\\S+)")).hasMatch())
        return {Kind::Plain,
                Tr::tr("%1 is not a multiple of %2").arg(compact(value), number(m.captured(1)))};
    if ((m = match("^Array should contain no more than (\\d+) elements")).hasMatch())
        return {Kind::Plain,
                Tr::tr("has %1 items, at most %2 allowed")
                    .arg(value.toArray().size())
                    .arg(m.captured(1))};
    if ((m = match("^Array should contain no fewer than (\\d+) elements")).hasMatch())
        return {Kind::Plain,
                Tr::tr("has %1 items, at least %2 needed")
                    .arg(value.toArray().size())
                    .arg(m.captured(1))};
    if ((m = match("^String should be no more than (\\d+) characters")).hasMatch())
        return {Kind::Plain, Tr::tr("the text is longer than %1 characters").arg(m.captured(1))};
    if ((m = match("^String should be no fewer than (\\d+) characters")).hasMatch())
        return {Kind::Plain, Tr::tr("the text is shorter than %1 characters").arg(m.captured(1))};
    if ((m = match("^Object should have no more than (\\d+) properties")).hasMatch())
        return {Kind::Plain, Tr::tr("has more than %1 properties").arg(m.captured(1))};
    if ((m = match("^Object should have no fewer than (\\d+) properties")).hasMatch())
        return {Kind::Plain, Tr::tr("has fewer than %1 properties").arg(m.captured(1))};
    if (raw.startsWith(QLatin1String("Failed to match regex specified by 'pattern'"))) {
        const QJsonValue pattern = schemaValue("pattern");
        if (pattern.isString())
            return {
                Kind::Plain,
                Tr::tr("%1 does not match the pattern %2").arg(compact(value), compact(pattern))};
        return {Kind::Plain, Tr::tr("%1 does not match the pattern").arg(compact(value))};
    }
    if ((m = match("^Elements at indexes #(\\d+) and #(\\d+) violate uniqueness")).hasMatch())
        return {Kind::Plain,
                Tr::tr("items %1 and %2 are equal, but the items must be unique")
                    .arg(m.captured(1), m.captured(2))};
    if ((m = match("^Missing dependency '(.*)'\\.$")).hasMatch())
        return {Kind::Plain,
                Tr::tr("the property \"%1\" is missing (dependencies)").arg(m.captured(1))};
    if (raw.startsWith(QLatin1String("Failed to validate against any schemas allowed by anyOf")))
        return {Kind::NoAlternative, Tr::tr("matches none of the schemas in anyOf")};
    if (raw.startsWith(
            QLatin1String("Failed to validate against any child schemas allowed by oneOf")))
        return {Kind::NoAlternative, Tr::tr("matches none of the schemas in oneOf")};
    if (raw.startsWith(QLatin1String("Failed to validate against exactly one child schema")))
        return {Kind::Plain, Tr::tr("matches more than one of the schemas in oneOf")};
    if (raw.startsWith(
            QLatin1String("Target should not validate against schema specified in 'not'")))
        return {Kind::Plain, Tr::tr("matches the schema in \"not\"")};
    if (raw.startsWith(QLatin1String("Failed to validate against a conditional schema")))
        return {Kind::Plain, Tr::tr("does not satisfy the if/then/else condition")};
    if (raw.startsWith(QLatin1String("Array contains more items than allowed"))
        || raw.startsWith(QLatin1String("Cannot validate item #")))
        return {Kind::Plain, Tr::tr("has more items than the schema allows")};
    if (raw.startsWith(QLatin1String("Failed to any values against subschema in 'contains'")))
        return {Kind::Plain, Tr::tr("has no item that matches \"contains\"")};
    if ((m = match("^String should be a valid (\\S+)$")).hasMatch())
        return {Kind::Plain, Tr::tr("%1 is not a valid %2").arg(compact(value), m.captured(1))};
    if ((m = match("^Failed to validate against schema associated with property name '(.*)'\\.$"))
            .hasMatch())
        return {Kind::Wrapper, Tr::tr("is not allowed by the schema"), m.captured(1)};
    if ((m = match("^Failed to validate item #(\\d+) in array\\.$")).hasMatch())
        return {Kind::Wrapper, Tr::tr("is not allowed by the schema"), m.captured(1)};
    if (raw.startsWith(QLatin1String("Failed to validate against schema associated with"))
        || raw.startsWith(QLatin1String("Failed to validate item #"))
        || raw.startsWith(QLatin1String("Failed to validate against additional properties"))
        || raw.startsWith(QLatin1String("Failed to validate against child schema #"))
        || raw.startsWith(QLatin1String("Failed to validate against dependent schema")))
        return {Kind::Wrapper, Tr::tr("does not match its schema")};
    if (raw == QLatin1String("Validation failed."))
        return {Kind::Wrapper, Tr::tr("does not match the schema")};
    return {Kind::Plain, raw};
}

/// valijson's error context ("<root>", "[name]", "[0]"...) as reference tokens, telling
/// indexes from property names by walking `instance`.
QStringList tokensOf(const std::vector<std::string> &context, const QJsonValue &instance)
{
    QStringList tokens;
    QJsonValue value = instance;
    for (std::size_t i = 1; i < context.size(); ++i) {
        QString part = fromStd(context[i]);
        if (part.size() >= 2 && part.startsWith(QLatin1Char('['))
            && part.endsWith(QLatin1Char(']')))
            part = part.mid(1, part.size() - 2);
        tokens.append(part);
        if (value.isArray())
            value = value.toArray().at(part.toLongLong());
        else
            value = value.toObject().value(part);
    }
    return tokens;
}

bool isAtOrBelow(const QString &pointer, const QString &ancestor)
{
    return pointer == ancestor || pointer.startsWith(ancestor + QLatin1Char('/'));
}

struct Found
{
    QString pointer;
    Described described;
};

} // namespace

struct SchemaValidator::Compiled
{
    QJsonValue document;
    valijson::Schema schema;
};

SchemaValidator::SchemaValidator() = default;
SchemaValidator::~SchemaValidator() = default;
SchemaValidator::SchemaValidator(SchemaValidator &&) noexcept = default;
SchemaValidator &SchemaValidator::operator=(SchemaValidator &&) noexcept = default;

Status SchemaValidator::compile(const QJsonValue &schema)
{
    m_compiled.reset();
    if (!schema.isObject() && !schema.isBool())
        return makeError(
            Error::Kind::InvalidInput,
            Tr::tr("A schema is a JSON object (or true or false), not %1.").arg(typeOf(schema)));
    auto compiled = std::make_unique<Compiled>();
    compiled->document = schema;
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        const valijson::adapters::QtJsonAdapter adapter(compiled->document);
        parser.populateSchema(adapter, compiled->schema);
    } catch (const std::exception &e) {
        const QString reason = fromStd(e.what());
        if (reason.contains(QLatin1String("remote JSON References")))
            return makeError(Error::Kind::InvalidInput,
                             Tr::tr("The schema refers to another document; only local "
                                    "references (\"#/...\") are supported."));
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("The schema is not valid: %1").arg(reason));
    } catch (...) {
        return makeError(Error::Kind::InvalidInput, Tr::tr("The schema is not valid."));
    }
    m_compiled = std::move(compiled);
    return {};
}

bool SchemaValidator::isCompiled() const
{
    return m_compiled != nullptr;
}

QList<SchemaViolation> SchemaValidator::validate(const QJsonValue &instance) const
{
    if (!m_compiled)
        return {{QString(), Tr::tr("there is no valid schema to check against")}};

    valijson::ValidationResults results;
    try {
        valijson::Validator validator;
        const valijson::adapters::QtJsonAdapter target(instance);
        if (validator.validate(m_compiled->schema, target, &results))
            return {};
    } catch (const std::exception &e) {
        return {{QString(), Tr::tr("the value could not be checked: %1").arg(fromStd(e.what()))}};
    } catch (...) {
        return {{QString(), Tr::tr("the value could not be checked")}};
    }

    QList<Found> found;
    for (const valijson::ValidationResults::Error &error : results) {
        const QStringList tokens = tokensOf(error.context, instance);
        const QString pointer = JsonPointer::fromTokens(tokens);
        const QJsonValue value = JsonPointer::valueAt(instance, pointer).value_or(QJsonValue());
        const Described described = describe(error.description, value, m_compiled->document,
                                             schemaAt(m_compiled->document, instance, tokens));
        // An error that names the failing child (a wrapper, an extra property) is about it.
        found.append(
            {described.child.isEmpty() ? pointer : JsonPointer::append(pointer, described.child),
             described});
    }

    // A wrapper ("item #1 failed") goes when a real violation at or below it says why; the type
    // violations of an anyOf/oneOf's other branches go when a deeper violation explains the
    // branch that fits the value's type.
    const auto explainedAtOrBelow = [&found](const QString &pointer, bool strictlyBelow) {
        for (const Found &f : found) {
            if (f.described.kind == Kind::Wrapper || !isAtOrBelow(f.pointer, pointer))
                continue;
            if (!strictlyBelow || f.pointer != pointer)
                return true;
        }
        return false;
    };
    QList<SchemaViolation> violations;
    for (const Found &f : found) {
        if (f.described.kind == Kind::Wrapper && explainedAtOrBelow(f.pointer, false))
            continue;
        if (f.described.kind == Kind::Type) {
            bool branchTypeMiss = false;
            for (const Found &other : found) {
                if (other.described.kind == Kind::NoAlternative && other.pointer == f.pointer)
                    branchTypeMiss = explainedAtOrBelow(f.pointer, true);
            }
            if (branchTypeMiss)
                continue;
        }
        const SchemaViolation violation{f.pointer, f.described.message};
        if (!violations.contains(violation))
            violations.append(violation);
    }
    // A false schema fails without a word from valijson.
    if (violations.isEmpty())
        violations.append({QString(), Tr::tr("the schema allows no value here")});
    return violations;
}

} // namespace mantle::schema
