#include "strictmodecheck.h"

#include "jsonpointer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace mantle::schema {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::schema::StrictModeCheck)
};

using Fix = StrictModeFinding::Fix;

QLatin1String key(const char *name)
{
    return QLatin1String(name);
}

// OpenAI, "Structured Outputs", section "Supported schemas".
const QSet<QString> &supportedTypes()
{
    static const QSet<QString> types{QStringLiteral("string"),  QStringLiteral("number"),
                                     QStringLiteral("integer"), QStringLiteral("boolean"),
                                     QStringLiteral("object"),  QStringLiteral("array"),
                                     QStringLiteral("null")};
    return types;
}

const QSet<QString> &supportedFormats()
{
    static const QSet<QString> formats{
        QStringLiteral("date-time"), QStringLiteral("time"),  QStringLiteral("date"),
        QStringLiteral("duration"),  QStringLiteral("email"), QStringLiteral("hostname"),
        QStringLiteral("ipv4"),      QStringLiteral("ipv6"),  QStringLiteral("uuid")};
    return formats;
}

/// Keywords strict mode takes: the structure, the documented constraints (string: pattern,
/// format; number: multipleOf, minimum, maximum and the exclusive ones; array: minItems,
/// maxItems), definitions with local references, and annotations.
const QSet<QString> &supportedKeywords()
{
    static const QSet<QString> keywords{QStringLiteral("type"),
                                        QStringLiteral("properties"),
                                        QStringLiteral("required"),
                                        QStringLiteral("additionalProperties"),
                                        QStringLiteral("items"),
                                        QStringLiteral("enum"),
                                        QStringLiteral("const"),
                                        QStringLiteral("anyOf"),
                                        QStringLiteral("$ref"),
                                        QStringLiteral("$defs"),
                                        QStringLiteral("definitions"),
                                        QStringLiteral("description"),
                                        QStringLiteral("title"),
                                        QStringLiteral("$schema"),
                                        QStringLiteral("$comment"),
                                        QStringLiteral("pattern"),
                                        QStringLiteral("format"),
                                        QStringLiteral("multipleOf"),
                                        QStringLiteral("minimum"),
                                        QStringLiteral("maximum"),
                                        QStringLiteral("exclusiveMinimum"),
                                        QStringLiteral("exclusiveMaximum"),
                                        QStringLiteral("minItems"),
                                        QStringLiteral("maxItems")};
    return keywords;
}

QStringList typesOf(const QJsonObject &schema)
{
    const QJsonValue type = schema.value(key("type"));
    QStringList types;
    for (const QJsonValue &entry : type.isArray() ? type.toArray() : QJsonArray{type}) {
        if (entry.isString())
            types.append(entry.toString());
    }
    return types;
}

bool isObjectSchema(const QJsonObject &schema)
{
    const QStringList types = typesOf(schema);
    return types.contains(QLatin1String("object"))
        || (!schema.contains(key("type")) && schema.contains(key("properties")));
}

class Walker
{
public:
    QList<StrictModeFinding> findings;

    void add(const QString &pointer, const QString &message, Fix fix = Fix::None,
             const QString &detail = {})
    {
        findings.append({pointer, message, fix, detail});
    }

    void checkRoot(const QJsonObject &root)
    {
        if (root.contains(key("anyOf")) && !isObjectSchema(root)) {
            add({},
                Tr::tr("The root of the schema must be an object, not \"anyOf\": make the "
                       "root an object and put the alternatives in one of its properties."));
        } else if (!isObjectSchema(root)) {
            add({}, Tr::tr("The root of the schema must be an object (\"type\": \"object\")."));
        } else if (!root.contains(key("type"))) {
            add({}, Tr::tr("The root of the schema must say \"type\": \"object\"."),
                Fix::AddObjectType);
        }
        visit(root, QString(), 0);
        for (const QLatin1String defs : {key("$defs"), key("definitions")}) {
            const QJsonObject definitions = root.value(defs).toObject();
            for (auto it = definitions.begin(); it != definitions.end(); ++it) {
                m_stringLength += it.key().size();
                visitValue(it.value(), JsonPointer::append(JsonPointer::append({}, defs), it.key()),
                           0);
            }
        }
        checkTotals();
    }

private:
    int m_properties = 0;
    int m_enumValues = 0;
    qsizetype m_stringLength = 0;
    bool m_reportedDepth = false;

    void visitValue(const QJsonValue &value, const QString &pointer, int depth)
    {
        if (value.isObject())
            visit(value.toObject(), pointer, depth);
        else
            add(pointer,
                Tr::tr("Strict mode does not take true or false as a schema: write the "
                       "schema out (with a \"type\")."));
    }

    void visit(const QJsonObject &schema, const QString &pointer, int depth)
    {
        checkKeywords(schema, pointer);
        checkType(schema, pointer);
        if (isObjectSchema(schema))
            checkObject(schema, pointer, depth + 1);

        const QJsonValue items = schema.value(key("items"));
        if (items.isArray())
            add(pointer,
                Tr::tr("Strict mode does not take a list of schemas in \"items\" "
                       "(a tuple): give one schema that every item follows."));
        else if (!items.isUndefined())
            visitValue(items, JsonPointer::append(pointer, key("items")), depth);

        const QJsonArray anyOf = schema.value(key("anyOf")).toArray();
        for (qsizetype i = 0; i < anyOf.size(); ++i)
            visitValue(anyOf.at(i),
                       JsonPointer::append(JsonPointer::append(pointer, key("anyOf")), i), depth);

        checkValues(schema, pointer);
    }

    void checkKeywords(const QJsonObject &schema, const QString &pointer)
    {
        for (auto it = schema.begin(); it != schema.end(); ++it) {
            const QString &keyword = it.key();
            if (keyword == QLatin1String("$defs") || keyword == QLatin1String("definitions")) {
                if (!pointer.isEmpty())
                    add(pointer,
                        Tr::tr("Put \"%1\" at the root of the schema; strict mode does not "
                               "read definitions further in.")
                            .arg(keyword));
                continue;
            }
            if (keyword == QLatin1String("format")) {
                const QString format = it.value().toString();
                if (!supportedFormats().contains(format))
                    add(pointer,
                        Tr::tr("The format \"%1\" is not supported in strict mode (supported: "
                               "date-time, time, date, duration, email, hostname, ipv4, ipv6, "
                               "uuid).")
                            .arg(format),
                        Fix::RemoveKeyword, keyword);
                continue;
            }
            if (keyword == QLatin1String("$ref")) {
                if (!it.value().toString().startsWith(QLatin1Char('#')))
                    add(pointer,
                        Tr::tr("Strict mode only follows references within the schema "
                               "(\"#/$defs/...\"), not \"%1\".")
                            .arg(it.value().toString()));
                continue;
            }
            if (supportedKeywords().contains(keyword))
                continue;
            if (keyword == QLatin1String("oneOf")) {
                if (schema.contains(key("anyOf")))
                    add(pointer,
                        Tr::tr("Strict mode does not support \"oneOf\"; merge it with "
                               "the \"anyOf\" next to it by hand."));
                else
                    add(pointer,
                        Tr::tr("Strict mode does not support \"oneOf\"; \"anyOf\" is the "
                               "alternative it takes."),
                        Fix::ReplaceOneOfWithAnyOf, keyword);
            } else if (keyword == QLatin1String("allOf")) {
                add(pointer,
                    Tr::tr("Strict mode does not support \"allOf\": merge its schemas "
                           "into one by hand."));
            } else {
                add(pointer,
                    Tr::tr("Strict mode does not support the keyword \"%1\": the request would "
                           "be refused. Removing it loosens the schema; answers are still "
                           "checked against it here.")
                        .arg(keyword),
                    Fix::RemoveKeyword, keyword);
            }
        }
    }

    void checkType(const QJsonObject &schema, const QString &pointer)
    {
        const QJsonValue type = schema.value(key("type"));
        if (type.isUndefined()) {
            if (!schema.contains(key("anyOf")) && !schema.contains(key("$ref"))
                && !schema.contains(key("enum")) && !schema.contains(key("const"))
                && !schema.contains(key("properties")) && !schema.contains(key("oneOf"))
                && !schema.contains(key("allOf")))
                add(pointer,
                    Tr::tr("Strict mode needs a \"type\" here (or \"anyOf\", \"enum\", "
                           "\"const\" or \"$ref\"): a schema that allows anything is "
                           "not supported."));
            return;
        }
        const QStringList types = typesOf(schema);
        if (types.isEmpty()) {
            add(pointer, Tr::tr("\"type\" must be a type name or a list of them."));
            return;
        }
        for (const QString &name : types) {
            if (!supportedTypes().contains(name))
                add(pointer,
                    Tr::tr("\"%1\" is not a type strict mode supports (string, number, "
                           "integer, boolean, object, array, null).")
                        .arg(name));
        }
    }

    void checkObject(const QJsonObject &schema, const QString &pointer, int depth)
    {
        if (!pointer.isEmpty() && !schema.contains(key("type")))
            add(pointer,
                Tr::tr("This schema has properties but no \"type\": strict mode needs "
                       "\"type\": \"object\"."),
                Fix::AddObjectType);
        if (depth > StrictModeCheck::kMaxNestingDepth && !m_reportedDepth) {
            m_reportedDepth = true;
            add(pointer,
                Tr::tr("Objects are nested %1 levels deep here; strict mode allows at "
                       "most %2.")
                    .arg(depth)
                    .arg(StrictModeCheck::kMaxNestingDepth));
        }
        if (schema.value(key("additionalProperties")) != QJsonValue(false))
            add(pointer,
                Tr::tr("Strict mode needs \"additionalProperties\": false on every object, so "
                       "that the answer has exactly the properties listed."),
                Fix::SetAdditionalPropertiesFalse);

        const QJsonObject properties = schema.value(key("properties")).toObject();
        QSet<QString> required;
        for (const QJsonValue &name : schema.value(key("required")).toArray())
            required.insert(name.toString());
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            if (!required.contains(it.key()))
                add(pointer,
                    Tr::tr("Strict mode needs every property in \"required\"; \"%1\" is not. "
                           "An optional property is written as required and nullable (its "
                           "type allows null).")
                        .arg(it.key()),
                    Fix::AddToRequired, it.key());
        }
        m_properties += int(properties.size());
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            m_stringLength += it.key().size();
            visitValue(
                it.value(),
                JsonPointer::append(JsonPointer::append(pointer, key("properties")), it.key()),
                depth);
        }
    }

    void checkValues(const QJsonObject &schema, const QString &pointer)
    {
        const QJsonValue constant = schema.value(key("const"));
        if (constant.isString())
            m_stringLength += constant.toString().size();
        const QJsonArray values = schema.value(key("enum")).toArray();
        m_enumValues += int(values.size());
        int strings = 0;
        qsizetype length = 0;
        for (const QJsonValue &value : values) {
            if (value.isString()) {
                ++strings;
                length += value.toString().size();
            }
        }
        m_stringLength += length;
        if (strings > StrictModeCheck::kLargeEnumValueCount
            && length > StrictModeCheck::kMaxLargeEnumStringLength)
            add(pointer,
                Tr::tr("This enum has %1 values of %2 characters in all; with more than "
                       "%3 values strict mode allows at most %4 characters.")
                    .arg(strings)
                    .arg(length)
                    .arg(StrictModeCheck::kLargeEnumValueCount)
                    .arg(StrictModeCheck::kMaxLargeEnumStringLength));
    }

    void checkTotals()
    {
        if (m_properties > StrictModeCheck::kMaxObjectProperties)
            add({},
                Tr::tr("The schema has %1 object properties; strict mode allows at most %2.")
                    .arg(m_properties)
                    .arg(StrictModeCheck::kMaxObjectProperties));
        if (m_enumValues > StrictModeCheck::kMaxEnumValues)
            add({},
                Tr::tr("The schema has %1 enum values; strict mode allows at most %2.")
                    .arg(m_enumValues)
                    .arg(StrictModeCheck::kMaxEnumValues));
        if (m_stringLength > StrictModeCheck::kMaxTotalStringLength)
            add({},
                Tr::tr("Property names, definition names, enum and const values come to %1 "
                       "characters; strict mode allows at most %2.")
                    .arg(m_stringLength)
                    .arg(StrictModeCheck::kMaxTotalStringLength));
    }
};

QJsonValue withNull(const QJsonValue &value)
{
    if (!value.isObject())
        return value;
    QJsonObject schema = value.toObject();
    const QJsonValue nullType = QJsonObject{{key("type"), key("null")}};
    bool changed = false;
    if (schema.contains(key("type"))) {
        QStringList types = typesOf(schema);
        if (!types.contains(QLatin1String("null"))) {
            types.append(QStringLiteral("null"));
            schema.insert(key("type"), QJsonArray::fromStringList(types));
        }
        changed = true;
    }
    if (schema.contains(key("enum"))) {
        QJsonArray values = schema.value(key("enum")).toArray();
        if (!values.contains(QJsonValue(QJsonValue::Null)))
            values.append(QJsonValue(QJsonValue::Null));
        schema.insert(key("enum"), values);
        changed = true;
    }
    if (changed)
        return schema;
    if (schema.contains(key("anyOf"))) {
        QJsonArray branches = schema.value(key("anyOf")).toArray();
        if (!branches.contains(nullType))
            branches.append(nullType);
        schema.insert(key("anyOf"), branches);
        return schema;
    }
    // "$ref" or "const": a union with null around it (draft 7 ignores a "$ref"'s siblings).
    return QJsonObject{{key("anyOf"), QJsonArray{schema, nullType}}};
}

QJsonObject fixed(QJsonObject schema, const StrictModeFinding &finding)
{
    switch (finding.fix) {
    case Fix::None:
        break;
    case Fix::SetAdditionalPropertiesFalse:
        schema.insert(key("additionalProperties"), false);
        break;
    case Fix::AddToRequired: {
        QJsonObject properties = schema.value(key("properties")).toObject();
        if (!properties.contains(finding.detail))
            break;
        QJsonArray required = schema.value(key("required")).toArray();
        if (!required.contains(QJsonValue(finding.detail)))
            required.append(finding.detail);
        properties.insert(finding.detail, withNull(properties.value(finding.detail)));
        schema.insert(key("required"), required);
        schema.insert(key("properties"), properties);
        break;
    }
    case Fix::RemoveKeyword:
        schema.remove(finding.detail);
        break;
    case Fix::ReplaceOneOfWithAnyOf:
        if (!schema.contains(key("anyOf")) && schema.contains(key("oneOf")))
            schema.insert(key("anyOf"), schema.take(key("oneOf")));
        break;
    case Fix::AddObjectType:
        schema.insert(key("type"), key("object"));
        break;
    }
    return schema;
}

} // namespace

QList<StrictModeFinding> StrictModeCheck::check(const QJsonObject &schema)
{
    Walker walker;
    walker.checkRoot(schema);
    return walker.findings;
}

QJsonObject StrictModeCheck::applyFix(const QJsonObject &schema, const StrictModeFinding &finding)
{
    if (!finding.fixable())
        return schema;
    const QJsonValue result
        = JsonPointer::edited(schema, finding.pointer, [&finding](const QJsonValue &node) {
              return node.isObject() ? QJsonValue(fixed(node.toObject(), finding)) : node;
          });
    return result.toObject();
}

QJsonObject StrictModeCheck::applyAllFixes(const QJsonObject &schema)
{
    // Each fix can move what the next finding points at (a "$ref" made nullable is wrapped in
    // anyOf), so the schema is checked again after every fix. Every fix removes its finding
    // and adds none, so this ends; the bound only guards against a bug.
    // Keywords are put right before optional properties are made nullable, so that a "oneOf"
    // becomes an "anyOf" that takes the null branch, not one wrapped in another.
    const auto rank = [](Fix fix) {
        switch (fix) {
        case Fix::ReplaceOneOfWithAnyOf:
        case Fix::RemoveKeyword:
            return 0;
        case Fix::AddObjectType:
        case Fix::SetAdditionalPropertiesFalse:
            return 1;
        case Fix::AddToRequired:
            return 2;
        case Fix::None:
            break;
        }
        return 3;
    };
    QJsonObject current = schema;
    for (int round = 0; round < 100000; ++round) {
        QList<StrictModeFinding> findings = check(current);
        std::stable_sort(findings.begin(), findings.end(),
                         [&rank](const StrictModeFinding &a, const StrictModeFinding &b) {
                             return rank(a.fix) < rank(b.fix);
                         });
        bool changed = false;
        for (const StrictModeFinding &finding : std::as_const(findings)) {
            if (!finding.fixable())
                continue;
            const QJsonObject next = applyFix(current, finding);
            if (next != current) {
                current = next;
                changed = true;
                break;
            }
        }
        if (!changed)
            break;
    }
    return current;
}

} // namespace mantle::schema
