#include "codeliteral.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace mantle::codeexport {

namespace {

enum class Dialect { Python, JavaScript };

/// A scalar exactly as the compact JSON of the request body writes it.
QString jsonScalar(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString literal(const QJsonValue &value, int indent, Dialect dialect)
{
    const int step = dialect == Dialect::Python ? 4 : 2;
    const QString inner(indent + step, QLatin1Char(' '));
    const QString outer(indent, QLatin1Char(' '));
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return dialect == Dialect::Python ? QStringLiteral("None") : QStringLiteral("null");
    case QJsonValue::Bool:
        if (dialect == Dialect::Python)
            return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
    case QJsonValue::String:
        return jsonScalar(value);
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty())
            return QStringLiteral("[]");
        QStringList items;
        for (const QJsonValue &item : array)
            items.append(inner + literal(item, indent + step, dialect));
        return QStringLiteral("[\n") + items.join(QStringLiteral(",\n")) + QLatin1Char('\n') + outer
            + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty())
            return QStringLiteral("{}");
        QStringList items;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString key
                = dialect == Dialect::JavaScript && CodeLiteral::isIdentifier(it.key())
                ? it.key()
                : CodeLiteral::quoted(it.key());
            items.append(inner + key + QStringLiteral(": ")
                         + literal(it.value(), indent + step, dialect));
        }
        return QStringLiteral("{\n") + items.join(QStringLiteral(",\n")) + QLatin1Char('\n') + outer
            + QLatin1Char('}');
    }
    }
    return {};
}

} // namespace

QString CodeLiteral::python(const QJsonValue &value, int indent)
{
    return literal(value, indent, Dialect::Python);
}

QString CodeLiteral::javaScript(const QJsonValue &value, int indent)
{
    return literal(value, indent, Dialect::JavaScript);
}

QString CodeLiteral::quoted(const QString &text)
{
    return jsonScalar(QJsonValue(text));
}

QString CodeLiteral::shellQuoted(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString CodeLiteral::commentText(const QString &text)
{
    static const QRegularExpression lineBreaks(QStringLiteral("[\\r\\n\\x{2028}\\x{2029}]+"));
    return QString(text).replace(lineBreaks, QStringLiteral(" "));
}

bool CodeLiteral::isIdentifier(const QString &key)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
    return identifier.match(key).hasMatch();
}

} // namespace mantle::codeexport
