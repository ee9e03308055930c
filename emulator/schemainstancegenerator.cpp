#include "schemainstancegenerator.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mantle::emulator {

namespace {

constexpr int kMaxDepth = 24; ///< deeper than this the instance is null (a runaway schema)
constexpr int kOptionalDepth = 4; ///< from here on: required properties and minItems only
constexpr int kMaxReferenceDepth = 32;
constexpr qint64 kMaxItems = 1000;
constexpr qsizetype kMaxExcerpt = 60;
constexpr int kMaxValues = 5000; ///< values made per generate(), whatever the schema asks

QString typeOf(const QJsonObject &schema)
{
    const QJsonValue type = schema.value(QLatin1String("type"));
    if (type.isString())
        return type.toString();
    if (type.isArray()) {
        const QJsonArray types = type.toArray();
        for (const QJsonValue &t : types) {
            if (t.toString() != QLatin1String("null"))
                return t.toString();
        }
        if (!types.isEmpty())
            return QStringLiteral("null");
    }
    const auto has = [&](const char *key) {
        return schema.contains(QLatin1String(key));
    };
    if (has("properties") || has("required") || has("additionalProperties") || has("minProperties"))
        return QStringLiteral("object");
    if (has("items") || has("prefixItems") || has("minItems") || has("maxItems"))
        return QStringLiteral("array");
    if (has("minimum") || has("maximum") || has("exclusiveMinimum") || has("exclusiveMaximum")
        || has("multipleOf"))
        return QStringLiteral("number");
    return QStringLiteral("string");
}

QStringList typeList(const QJsonValue &type)
{
    if (type.isString())
        return {type.toString()};
    QStringList list;
    for (const QJsonValue &t : type.toArray())
        list.append(t.toString());
    return list;
}

/// Adds the constraints of `part` to `target` (allOf, $ref beside other keywords): both hold.
void mergeInto(QJsonObject &target, const QJsonObject &part)
{
    static const QSet<QString> kLowerBounds{QStringLiteral("minimum"), QStringLiteral("minLength"),
                                            QStringLiteral("minItems"),
                                            QStringLiteral("minProperties")};
    static const QSet<QString> kUpperBounds{QStringLiteral("maximum"), QStringLiteral("maxLength"),
                                            QStringLiteral("maxItems"),
                                            QStringLiteral("maxProperties")};
    for (auto it = part.begin(); it != part.end(); ++it) {
        const QString key = it.key();
        if (!target.contains(key)) {
            target.insert(key, it.value());
            continue;
        }
        const QJsonValue mine = target.value(key);
        if (key == QLatin1String("properties")) {
            QJsonObject merged = mine.toObject();
            const QJsonObject theirs = it.value().toObject();
            for (auto p = theirs.begin(); p != theirs.end(); ++p) {
                if (merged.contains(p.key())) {
                    merged.insert(p.key(),
                                  QJsonObject{{QStringLiteral("allOf"),
                                               QJsonArray{merged.value(p.key()), p.value()}}});
                } else {
                    merged.insert(p.key(), p.value());
                }
            }
            target.insert(key, merged);
        } else if (key == QLatin1String("required")) {
            QJsonArray merged = mine.toArray();
            for (const QJsonValue &name : it.value().toArray()) {
                if (!merged.contains(name))
                    merged.append(name);
            }
            target.insert(key, merged);
        } else if (kLowerBounds.contains(key) && mine.isDouble() && it.value().isDouble()) {
            target.insert(key, std::max(mine.toDouble(), it.value().toDouble()));
        } else if (kUpperBounds.contains(key) && mine.isDouble() && it.value().isDouble()) {
            target.insert(key, std::min(mine.toDouble(), it.value().toDouble()));
        } else if (key == QLatin1String("additionalProperties")) {
            if (it.value().isBool() && !it.value().toBool())
                target.insert(key, false);
        } else if (key == QLatin1String("enum")) {
            QJsonArray both;
            const QJsonArray theirs = it.value().toArray();
            for (const QJsonValue &value : mine.toArray()) {
                if (theirs.contains(value))
                    both.append(value);
            }
            if (!both.isEmpty())
                target.insert(key, both);
        } else if (key == QLatin1String("type")) {
            const QStringList theirs = typeList(it.value());
            QStringList both;
            for (const QString &type : typeList(mine)) {
                // An integer is a number: {number} and {integer} leave integer.
                if (theirs.contains(type))
                    both.append(type);
                else if (type == QLatin1String("number")
                         && theirs.contains(QLatin1String("integer")))
                    both.append(QStringLiteral("integer"));
                else if (type == QLatin1String("integer")
                         && theirs.contains(QLatin1String("number")))
                    both.append(type);
            }
            if (!both.isEmpty())
                target.insert(key, QJsonArray::fromStringList(both));
        }
    }
}

bool isOnlyNull(const QJsonValue &schema)
{
    const QJsonObject object = schema.toObject();
    if (object.contains(QLatin1String("const")))
        return object.value(QLatin1String("const")).isNull();
    const QStringList types = typeList(object.value(QLatin1String("type")));
    return types.size() == 1 && types.first() == QLatin1String("null");
}

qsizetype codePoints(const QString &text)
{
    return text.toUcs4().size();
}

QString firstCodePoints(const QString &text, qsizetype count)
{
    const QList<uint> ucs4 = text.toUcs4();
    if (ucs4.size() <= count)
        return text;
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(ucs4.constData()), count);
}

QString formatted(const QString &format, int variant)
{
    if (format == QLatin1String("date"))
        return QStringLiteral("2025-01-%1").arg(1 + variant % 28, 2, 10, QLatin1Char('0'));
    if (format == QLatin1String("date-time"))
        return QStringLiteral("2025-01-%1T12:00:00Z")
            .arg(1 + variant % 28, 2, 10, QLatin1Char('0'));
    if (format == QLatin1String("time"))
        return QStringLiteral("12:%1:00Z").arg(variant % 60, 2, 10, QLatin1Char('0'));
    if (format == QLatin1String("email") || format == QLatin1String("idn-email"))
        return variant == 0 ? QStringLiteral("alex@example.com")
                            : QStringLiteral("alex%1@example.com").arg(variant + 1);
    if (format == QLatin1String("hostname") || format == QLatin1String("idn-hostname"))
        return variant == 0 ? QStringLiteral("example.com")
                            : QStringLiteral("host%1.example.com").arg(variant + 1);
    if (format == QLatin1String("ipv4"))
        return QStringLiteral("192.0.2.%1").arg(1 + variant % 254);
    if (format == QLatin1String("ipv6"))
        return QStringLiteral("2001:db8::%1").arg(1 + variant % 0xfff, 0, 16);
    if (format == QLatin1String("uri") || format == QLatin1String("iri")
        || format == QLatin1String("uri-reference") || format == QLatin1String("iri-reference")
        || format == QLatin1String("url"))
        return variant == 0 ? QStringLiteral("https://example.com/")
                            : QStringLiteral("https://example.com/%1").arg(variant + 1);
    if (format == QLatin1String("uuid"))
        return QStringLiteral("123e4567-e89b-42d3-a456-%1")
            .arg(426614174000LL + variant, 12, 10, QLatin1Char('0'));
    if (format == QLatin1String("duration"))
        return QStringLiteral("P%1D").arg(1 + variant);
    if (format == QLatin1String("json-pointer"))
        return QStringLiteral("/%1").arg(variant);
    return {};
}

/// Property names whose value is prose: they get an excerpt of the prompt.
bool isProse(const QString &lowerName)
{
    static const QStringList kProse{
        QStringLiteral("summary"),     QStringLiteral("answer"),      QStringLiteral("text"),
        QStringLiteral("description"), QStringLiteral("content"),     QStringLiteral("message"),
        QStringLiteral("reason"),      QStringLiteral("explanation"), QStringLiteral("query"),
        QStringLiteral("question"),    QStringLiteral("prompt"),      QStringLiteral("body"),
        QStringLiteral("comment"),     QStringLiteral("note"),        QStringLiteral("details"),
        QStringLiteral("response"),    QStringLiteral("reply"),       QStringLiteral("input"),
    };
    for (const QString &word : kProse) {
        if (lowerName == word || lowerName.endsWith(QLatin1Char('_') + word))
            return true;
    }
    return false;
}

/// A plausible value for a property name the prompt says nothing about.
QString defaultByName(const QString &lowerName)
{
    static const QList<std::pair<QLatin1String, QLatin1String>> kDefaults{
        {QLatin1String("city"), QLatin1String("Paris")},
        {QLatin1String("location"), QLatin1String("Paris")},
        {QLatin1String("place"), QLatin1String("Paris")},
        {QLatin1String("country"), QLatin1String("France")},
        {QLatin1String("first_name"), QLatin1String("Alex")},
        {QLatin1String("last_name"), QLatin1String("Smith")},
        {QLatin1String("name"), QLatin1String("Alex")},
        {QLatin1String("language"), QLatin1String("English")},
        {QLatin1String("colour"), QLatin1String("blue")},
        {QLatin1String("color"), QLatin1String("blue")},
        {QLatin1String("currency"), QLatin1String("EUR")},
        {QLatin1String("timezone"), QLatin1String("Europe/Paris")},
        {QLatin1String("tz"), QLatin1String("Europe/Paris")},
        {QLatin1String("unit"), QLatin1String("celsius")},
        {QLatin1String("units"), QLatin1String("celsius")},
        {QLatin1String("title"), QLatin1String("Example")},
        {QLatin1String("id"), QLatin1String("1")},
    };
    for (const auto &[key, value] : kDefaults) {
        if (lowerName == key || lowerName.endsWith(QLatin1Char('_') + key)
            || lowerName.startsWith(key + QLatin1Char('_')))
            return value;
    }
    return {};
}

double defaultNumber(const QString &lowerName)
{
    if (lowerName.contains(QLatin1String("year")))
        return 2025;
    if (lowerName.contains(QLatin1String("age")))
        return 30;
    if (lowerName.contains(QLatin1String("count")) || lowerName.contains(QLatin1String("limit"))
        || lowerName.contains(QLatin1String("quantity")) || lowerName == QLatin1String("n"))
        return 3;
    return 1;
}

QStringList properNouns(const QString &prompt)
{
    // "<word> is Alex", "I am Alex": a value given for something, not a free-standing name.
    static const QRegularExpression kStated(
        QStringLiteral("\\b(?:is|am|are|was|called|named)\\s+([A-Z][\\w'-]*)"));
    QSet<QString> stated;
    for (auto it = kStated.globalMatch(prompt); it.hasNext();)
        stated.insert(it.next().captured(1));

    // Words and punctuation; a name is a run of capitalised words that does not start a
    // sentence ("Weather in New York?" gives "New York").
    static const QRegularExpression kToken(QStringLiteral("[\\w'-]+|\\n|[^\\w\\s'-]"));
    QStringList nouns;
    QString current;
    bool sentenceStart = true;
    const auto flush = [&] {
        if (!current.isEmpty() && !nouns.contains(current))
            nouns.append(current);
        current.clear();
    };
    for (auto it = kToken.globalMatch(prompt); it.hasNext();) {
        QString word = it.next().captured(0);
        if (!word.front().isLetterOrNumber() && word.front() != QLatin1Char('_')) {
            flush();
            sentenceStart = word == QLatin1String(".") || word == QLatin1String("!")
                || word == QLatin1String("?") || word == QLatin1String("\n");
            continue;
        }
        if (word.endsWith(QLatin1String("'s")))
            word.chop(2);
        // "I", "A": capitalised for grammar, not names.
        const bool capitalised
            = word.front().isUpper() && word.size() > 1 && !word.startsWith(QLatin1String("I'"));
        if (capitalised && !sentenceStart && !stated.contains(word))
            current = current.isEmpty() ? word : current + QLatin1Char(' ') + word;
        else
            flush();
        sentenceStart = false;
    }
    if (!current.isEmpty() && !nouns.contains(current))
        nouns.append(current);
    return nouns;
}

QList<double> numbersIn(const QString &prompt)
{
    static const QRegularExpression kNumber(
        QStringLiteral("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?![\\w])"));
    QList<double> numbers;
    for (auto it = kNumber.globalMatch(prompt); it.hasNext();)
        numbers.append(it.next().captured(0).toDouble());
    return numbers;
}

} // namespace

SchemaInstanceGenerator::SchemaInstanceGenerator(QJsonObject root, QString prompt, QString prose)
    : m_root(std::move(root))
    , m_prompt(std::move(prompt))
    , m_prose(prose.isEmpty() ? m_prompt.section(QLatin1Char('\n'), 0, 0) : std::move(prose))
    , m_properNouns(properNouns(m_prompt))
    , m_numbers(numbersIn(m_prompt))
{ }

QJsonValue SchemaInstanceGenerator::generate()
{
    m_nextNoun = 0;
    m_nextNumber = 0;
    m_valuesLeft = kMaxValues;
    return instance(m_root, QString(), 0, 0);
}

QJsonValue SchemaInstanceGenerator::pointer(const QString &reference) const
{
    if (!reference.startsWith(QLatin1Char('#')))
        return QJsonObject(); // remote references are not followed
    const QString fragment = QUrl::fromPercentEncoding(reference.mid(1).toUtf8());
    QJsonValue current = m_root;
    if (fragment.isEmpty())
        return current;
    if (!fragment.startsWith(QLatin1Char('/')))
        return QJsonObject(); // anchors are not looked up
    const QStringList parts = fragment.mid(1).split(QLatin1Char('/'));
    for (QString part : parts) {
        part.replace(QLatin1String("~1"), QLatin1String("/"));
        part.replace(QLatin1String("~0"), QLatin1String("~"));
        if (current.isObject()) {
            current = current.toObject().value(part);
        } else if (current.isArray()) {
            bool ok = false;
            const int index = part.toInt(&ok);
            current = ok ? current.toArray().at(index) : QJsonValue();
        } else {
            return QJsonObject();
        }
    }
    return current.isUndefined() ? QJsonValue(QJsonObject()) : current;
}

QJsonObject SchemaInstanceGenerator::resolved(const QJsonObject &schema, int depth) const
{
    if (depth > kMaxReferenceDepth)
        return {};
    QJsonObject result = schema;
    QJsonArray parts;
    if (result.contains(QLatin1String("$ref")))
        parts.append(pointer(result.take(QLatin1String("$ref")).toString()));
    if (result.value(QLatin1String("allOf")).isArray()) {
        for (const QJsonValue &part : result.take(QLatin1String("allOf")).toArray())
            parts.append(part);
    }
    for (const QJsonValue &part : parts) {
        if (part.isObject())
            mergeInto(result, resolved(part.toObject(), depth + 1));
    }
    return result;
}

QJsonValue SchemaInstanceGenerator::instance(const QJsonValue &schemaValue, const QString &name,
                                             int depth, int variant)
{
    if (depth > kMaxDepth || --m_valuesLeft < 0)
        return QJsonValue(QJsonValue::Null);
    if (schemaValue.isBool())
        return schemaValue.toBool() ? QJsonValue(stringHint(name)) : QJsonValue(QJsonValue::Null);
    const QJsonObject schema = resolved(schemaValue.toObject(), 0);

    if (schema.contains(QLatin1String("const")))
        return schema.value(QLatin1String("const"));
    const QJsonArray values = schema.value(QLatin1String("enum")).toArray();
    if (!values.isEmpty()) {
        if (variant == 0) {
            for (const QJsonValue &value : values) {
                const QString text = value.toString();
                if (text.size() > 1 && m_prompt.contains(text, Qt::CaseInsensitive))
                    return value;
            }
        }
        return values.at(variant % values.size());
    }
    for (const QLatin1String key : {QLatin1String("anyOf"), QLatin1String("oneOf")}) {
        const QJsonArray options = schema.value(key).toArray();
        if (options.isEmpty())
            continue;
        QJsonValue chosen = options.first();
        for (const QJsonValue &option : options) {
            if (!isOnlyNull(option)) {
                chosen = option;
                break;
            }
        }
        QJsonObject rest = schema;
        rest.remove(QLatin1String("anyOf"));
        rest.remove(QLatin1String("oneOf"));
        if (chosen.isObject())
            mergeInto(rest, resolved(chosen.toObject(), 0));
        return instance(rest, name, depth + 1, variant);
    }

    const QString type = typeOf(schema);
    if (type == QLatin1String("object"))
        return objectFor(schema, depth);
    if (type == QLatin1String("array"))
        return arrayFor(schema, name, depth);
    if (type == QLatin1String("integer") || type == QLatin1String("number"))
        return numberFor(schema, name, variant, type == QLatin1String("integer"));
    if (type == QLatin1String("boolean"))
        return variant % 2 == 0;
    if (type == QLatin1String("null"))
        return QJsonValue(QJsonValue::Null);
    return stringFor(schema, name, variant);
}

QJsonValue SchemaInstanceGenerator::objectFor(const QJsonObject &schema, int depth)
{
    QJsonObject result;
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    QStringList required;
    for (const QJsonValue &value : schema.value(QLatin1String("required")).toArray())
        required.append(value.toString());
    const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
    const bool closed = additional.isBool() && !additional.toBool();
    const QJsonValue extraSchema = additional.isObject() ? additional : QJsonValue(QJsonObject());
    const bool onlyRequired = depth >= kOptionalDepth;

    for (auto it = properties.begin(); it != properties.end(); ++it) {
        if (!onlyRequired || required.contains(it.key()))
            result.insert(it.key(), instance(it.value(), it.key(), depth + 1, 0));
    }
    for (const QString &name : std::as_const(required)) {
        if (!result.contains(name))
            result.insert(name, instance(extraSchema, name, depth + 1, 0));
    }
    const qint64 minProperties = schema.value(QLatin1String("minProperties")).toInteger(0);
    for (auto it = properties.begin(); it != properties.end() && result.size() < minProperties;
         ++it) {
        if (!result.contains(it.key()))
            result.insert(it.key(), instance(it.value(), it.key(), depth + 1, 0));
    }
    for (int extra = 1; result.size() < minProperties && !closed && extra < kMaxItems; ++extra) {
        const QString name = QStringLiteral("property_%1").arg(extra);
        if (!result.contains(name))
            result.insert(name, instance(extraSchema, name, depth + 1, 0));
    }
    const QJsonValue maxProperties = schema.value(QLatin1String("maxProperties"));
    if (maxProperties.isDouble()) {
        const QStringList keys = result.keys();
        for (auto key = keys.crbegin();
             key != keys.crend() && result.size() > maxProperties.toInteger(); ++key) {
            if (!required.contains(*key))
                result.remove(*key);
        }
    }
    return result;
}

QJsonValue SchemaInstanceGenerator::arrayFor(const QJsonObject &schema, const QString &name,
                                             int depth)
{
    QJsonArray prefix = schema.value(QLatin1String("prefixItems")).toArray();
    QJsonValue items = schema.value(QLatin1String("items"));
    if (items.isArray()) { // draft 4 to 2019-09 tuples
        prefix = items.toArray();
        items = schema.value(QLatin1String("additionalItems"));
    }
    const bool closed = items.isBool() && !items.toBool();
    const qint64 minItems
        = std::min(schema.value(QLatin1String("minItems")).toInteger(0), kMaxItems);
    qint64 count = depth >= kOptionalDepth ? minItems : std::max<qint64>(minItems, 1);
    count = std::max<qint64>(count, depth >= kOptionalDepth ? 0 : prefix.size());
    if (closed)
        count = std::min<qint64>(count, prefix.size());
    const QJsonValue maxItems = schema.value(QLatin1String("maxItems"));
    if (maxItems.isDouble())
        count = std::min(count, maxItems.toInteger());

    QJsonArray result;
    for (qint64 i = 0; i < count; ++i) {
        const QJsonValue itemSchema = i < prefix.size()
            ? prefix.at(i)
            : (items.isUndefined() || items.isNull() ? QJsonValue(QJsonObject()) : items);
        result.append(instance(itemSchema, name, depth + 1, int(i)));
    }
    return result;
}

QJsonValue SchemaInstanceGenerator::stringFor(const QJsonObject &schema, const QString &name,
                                              int variant)
{
    QString value = formatted(schema.value(QLatin1String("format")).toString(), variant);
    if (value.isEmpty()) {
        value = stringHint(name);
        if (variant > 0)
            value += QLatin1Char(' ') + QString::number(variant + 1);
    }
    const QString pattern = schema.value(QLatin1String("pattern")).toString();
    if (!pattern.isEmpty()) {
        const QRegularExpression expression(pattern);
        if (expression.isValid() && !expression.match(value).hasMatch()) {
            static const QStringList kCandidates{
                QStringLiteral("example"),
                QStringLiteral("Example"),
                QStringLiteral("a"),
                QStringLiteral("A"),
                QStringLiteral("0"),
                QStringLiteral("abc"),
                QStringLiteral("ABC"),
                QStringLiteral("123"),
                QStringLiteral("a1"),
                QStringLiteral("A1"),
                QStringLiteral("abc-123"),
                QStringLiteral("ABC-123"),
                QStringLiteral("alex@example.com"),
                QStringLiteral("https://example.com/"),
                QStringLiteral("2025-01-01"),
                QStringLiteral("+15555550100"),
                QStringLiteral("12345"),
            };
            for (const QString &candidate : kCandidates) {
                if (expression.match(candidate).hasMatch()) {
                    value = candidate;
                    break;
                }
            }
        }
    }
    const QJsonValue maxLength = schema.value(QLatin1String("maxLength"));
    if (maxLength.isDouble())
        value = firstCodePoints(value, std::max<qint64>(0, maxLength.toInteger()));
    const qint64 minLength
        = std::min(schema.value(QLatin1String("minLength")).toInteger(0), qint64(10000));
    while (codePoints(value) < minLength)
        value.append(QLatin1Char('x'));
    return value;
}

QJsonValue SchemaInstanceGenerator::numberFor(const QJsonObject &schema, const QString &name,
                                              int variant, bool integer)
{
    double value = m_nextNumber < m_numbers.size() ? m_numbers.at(m_nextNumber++)
                                                   : defaultNumber(name.toLower());
    value += variant;
    if (integer)
        value = std::round(value);

    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    double low = -kInfinity, high = kInfinity;
    bool lowExclusive = false, highExclusive = false;
    const QJsonValue minimum = schema.value(QLatin1String("minimum"));
    const QJsonValue maximum = schema.value(QLatin1String("maximum"));
    const QJsonValue exclusiveMinimum = schema.value(QLatin1String("exclusiveMinimum"));
    const QJsonValue exclusiveMaximum = schema.value(QLatin1String("exclusiveMaximum"));
    if (minimum.isDouble()) {
        low = minimum.toDouble();
        lowExclusive = exclusiveMinimum.isBool() && exclusiveMinimum.toBool(); // draft 4
    }
    if (exclusiveMinimum.isDouble() && exclusiveMinimum.toDouble() >= low) {
        low = exclusiveMinimum.toDouble();
        lowExclusive = true;
    }
    if (maximum.isDouble()) {
        high = maximum.toDouble();
        highExclusive = exclusiveMaximum.isBool() && exclusiveMaximum.toBool();
    }
    if (exclusiveMaximum.isDouble() && exclusiveMaximum.toDouble() <= high) {
        high = exclusiveMaximum.toDouble();
        highExclusive = true;
    }
    const auto tooLow = [&](double v) {
        return lowExclusive ? v <= low : v < low;
    };
    const auto tooHigh = [&](double v) {
        return highExclusive ? v >= high : v > high;
    };
    if (tooLow(value)) {
        if (integer)
            value = lowExclusive ? std::floor(low) + 1 : std::ceil(low);
        else
            value = !lowExclusive ? low : std::isfinite(high) ? (low + high) / 2 : low + 1;
    }
    if (tooHigh(value)) {
        if (integer)
            value = highExclusive ? std::ceil(high) - 1 : std::floor(high);
        else
            value = !highExclusive ? high : std::isfinite(low) ? (low + high) / 2 : high - 1;
    }
    const double multipleOf = schema.value(QLatin1String("multipleOf")).toDouble(0);
    if (multipleOf > 0) {
        double candidate = std::ceil(value / multipleOf) * multipleOf;
        if (tooHigh(candidate))
            candidate = std::floor(value / multipleOf) * multipleOf;
        value = candidate;
    }
    if (integer && std::abs(value) < 9.0e15)
        return qint64(value);
    return value;
}

QString SchemaInstanceGenerator::explicitValue(const QString &name) const
{
    if (name.isEmpty())
        return {};
    QStringList keys{name};
    QString spaced = name;
    spaced.replace(QLatin1Char('_'), QLatin1Char(' '));
    spaced.replace(QLatin1Char('-'), QLatin1Char(' '));
    if (spaced != name)
        keys.append(spaced);
    for (const QString &key : std::as_const(keys)) {
        // The value: its first word, and the capitalised words after it ("New York").
        const QRegularExpression expression(
            QStringLiteral("\\b(?i:%1\\s*(?:is|=|:))\\s*[\"']?"
                           "([^\\s.,;!?\"']+(?:\\s+[A-Z0-9][^\\s.,;!?\"']*)*)")
                .arg(QRegularExpression::escape(key)));
        const QRegularExpressionMatch match = expression.match(m_prompt);
        if (match.hasMatch())
            return match.captured(1).left(kMaxExcerpt);
    }
    return {};
}

QString SchemaInstanceGenerator::stringHint(const QString &name)
{
    const QString lower = name.toLower();
    const auto excerpt = [&] {
        QString text = m_prose.simplified();
        if (text.size() > kMaxExcerpt) {
            const qsizetype space = text.lastIndexOf(QLatin1Char(' '), kMaxExcerpt);
            text.truncate(space > 0 ? space : kMaxExcerpt);
        }
        return text.isEmpty() ? QStringLiteral("example") : text;
    };
    if (isProse(lower))
        return excerpt();
    if (const QString stated = explicitValue(name); !stated.isEmpty())
        return stated;
    if (m_nextNoun < m_properNouns.size())
        return m_properNouns.at(m_nextNoun++);
    if (const QString fallback = defaultByName(lower); !fallback.isEmpty())
        return fallback;
    return excerpt();
}

} // namespace mantle::emulator
