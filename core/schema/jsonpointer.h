#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace mantle::schema {

/// JSON Pointers (RFC 6901): "" is the whole document, "/items/0/name" a value inside it.
///
/// Builds and splits pointers (with the "~0"/"~1" escapes), reads the value a pointer names and
/// rewrites a document at a pointer. It is not a JSON Patch implementation and knows nothing of
/// schemas.
class JsonPointer
{
public:
    /// The pointer made of these reference tokens (each one escaped).
    static QString fromTokens(const QStringList &tokens);
    /// The pointer's reference tokens, unescaped; nullopt when it is not a pointer (no leading
    /// "/" on a non-empty string).
    static std::optional<QStringList> toTokens(const QString &pointer);
    /// `pointer` with one more token.
    static QString append(const QString &pointer, const QString &token);
    static QString append(const QString &pointer, qsizetype index);
    /// The value `pointer` names in `document`; nullopt when there is none.
    static std::optional<QJsonValue> valueAt(const QJsonValue &document, const QString &pointer);
    /// `document` with the value at `pointer` replaced by `edit(value)`; the document unchanged
    /// when the pointer names no value.
    static QJsonValue edited(const QJsonValue &document, const QString &pointer,
                             const std::function<QJsonValue(const QJsonValue &)> &edit);
};

} // namespace mantle::schema
