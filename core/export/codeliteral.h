#pragma once

#include <QJsonValue>
#include <QString>

namespace mantle::codeexport {

/// Writes JSON values and strings as source text of the snippet languages: Python literals
/// (True/False/None), JavaScript object literals, POSIX shell single-quoted words and one-line
/// comments. Strings keep their JSON escapes, which Python and JavaScript read the same.
///
/// Pure text functions; it knows nothing of requests or SDKs.
class CodeLiteral
{
public:
    /// A Python literal; nested lines are indented by `indent` + 4 spaces per level.
    static QString python(const QJsonValue &value, int indent = 0);
    /// A JavaScript (and TypeScript) literal; identifier keys unquoted, 2 spaces per level.
    static QString javaScript(const QJsonValue &value, int indent = 0);
    /// A double-quoted string literal with JSON escapes (valid Python and JavaScript).
    static QString quoted(const QString &text);
    /// A POSIX shell word in single quotes that stands for exactly `text`.
    static QString shellQuoted(const QString &text);
    /// `text` on one line (line breaks become spaces), for a comment.
    static QString commentText(const QString &text);
    /// True when `key` can be written unquoted as a JavaScript property name.
    static bool isIdentifier(const QString &key);
};

} // namespace mantle::codeexport
