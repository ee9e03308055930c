#pragma once

#include <QPalette>
#include <QStringList>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QTextDocument;

namespace mantle::ui {

/// Colours exported code (a snippet of the code export dialog) in a QTextDocument: keywords,
/// string literals, comments and numbers of Python, JavaScript/TypeScript or POSIX shell. Strings
/// may span lines (a shell word in single quotes, a JavaScript template, a Python triple-quoted
/// string); the state carries over from block to block.
///
/// A light lexer for reading, not a parser: it does not check the code, and it does not know
/// every corner of the three grammars (shell here-documents and `$(...)` are left plain). The
/// colours come from a palette (the application's by default; pass the editor's with
/// setPalette()), so light and dark themes both read well.
class CodeHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodeHighlighter)

public:
    enum class Language { Python, JavaScript, Shell };
    /// What a character of the text is.
    enum class Token { Keyword, String, Comment, Number };

    explicit CodeHighlighter(QTextDocument *document, Language language = Language::Python);
    ~CodeHighlighter() override;

    Language language() const { return m_language; }
    /// Switches the grammar and highlights again.
    void setLanguage(Language language);
    /// Derives the colours from `palette` (its Text and Base colours) and highlights again.
    void setPalette(const QPalette &palette);
    /// The format used for `token` with the current palette.
    QTextCharFormat format(Token token) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    void updateFormats();
    /// From `start`, the end of the string opened by `quote` (past its closing quote), or -1
    /// when it runs past the end of the line.
    qsizetype stringEnd(const QString &text, qsizetype start, const QString &quote) const;

    Language m_language;
    QStringList m_keywords;
    QPalette m_palette;
    QTextCharFormat m_keyword;
    QTextCharFormat m_string;
    QTextCharFormat m_comment;
    QTextCharFormat m_number;
};

} // namespace mantle::ui
