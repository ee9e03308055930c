#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mantle::schema {

namespace {

QString escaped(QString token)
{
    // RFC 6901, section 3: "~" first, so that the "~1" made for "/" is not escaped again.
    token.replace(QLatin1Char('~'), QLatin1String("~0"));
    token.replace(QLatin1Char('/'), QLatin1String("~1"));
    return token;
}

QString unescaped(QString token)
{
    // Section 4: "~1" first, then "~0", so that "~01" becomes "~1" and not "/".
    token.replace(QLatin1String("~1"), QLatin1String("/"));
    token.replace(QLatin1String("~0"), QLatin1String("~"));
    return token;
}

std::optional<qsizetype> arrayIndex(const QString &token, qsizetype size)
{
    bool ok = false;
    const qsizetype index = token.toLongLong(&ok);
    // Section 4: an index is "0" or digits without a leading zero.
    if (!ok || token.isEmpty() || token.startsWith(QLatin1Char('+'))
        || token.startsWith(QLatin1Char('-')) || (token.size() > 1 && token.front() == u'0'))
        return std::nullopt;
    if (index < 0 || index >= size)
        return std::nullopt;
    return index;
}

QJsonValue editedAt(const QJsonValue &value, const QStringList &tokens, qsizetype at,
                    const std::function<QJsonValue(const QJsonValue &)> &edit)
{
    if (at == tokens.size())
        return edit(value);
    const QString &token = tokens.at(at);
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        const auto it = object.find(token);
        if (it == object.end())
            return value;
        *it = editedAt(*it, tokens, at + 1, edit);
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        const std::optional<qsizetype> index = arrayIndex(token, array.size());
        if (!index)
            return value;
        array.replace(*index, editedAt(array.at(*index), tokens, at + 1, edit));
        return array;
    }
    return value;
}

} // namespace

QString JsonPointer::fromTokens(const QStringList &tokens)
{
    QString pointer;
    for (const QString &token : tokens)
        pointer += QLatin1Char('/') + escaped(token);
    return pointer;
}

std::optional<QStringList> JsonPointer::toTokens(const QString &pointer)
{
    if (pointer.isEmpty())
        return QStringList();
    if (!pointer.startsWith(QLatin1Char('/')))
        return std::nullopt;
    QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString &token : tokens)
        token = unescaped(token);
    return tokens;
}

QString JsonPointer::append(const QString &pointer, const QString &token)
{
    return pointer + QLatin1Char('/') + escaped(token);
}

QString JsonPointer::append(const QString &pointer, qsizetype index)
{
    return pointer + QLatin1Char('/') + QString::number(index);
}

std::optional<QJsonValue> JsonPointer::valueAt(const QJsonValue &document, const QString &pointer)
{
    const std::optional<QStringList> tokens = toTokens(pointer);
    if (!tokens)
        return std::nullopt;
    QJsonValue value = document;
    for (const QString &token : *tokens) {
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd())
                return std::nullopt;
            value = *it;
        } else if (value.isArray()) {
            const QJsonArray array = value.toArray();
            const std::optional<qsizetype> index = arrayIndex(token, array.size());
            if (!index)
                return std::nullopt;
            value = array.at(*index);
        } else {
            return std::nullopt;
        }
    }
    return value;
}

QJsonValue JsonPointer::edited(const QJsonValue &document, const QString &pointer,
                               const std::function<QJsonValue(const QJsonValue &)> &edit)
{
    const std::optional<QStringList> tokens = toTokens(pointer);
    if (!tokens)
        return document;
    return editedAt(document, *tokens, 0, edit);
}

} // namespace mantle::schema
