#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QTextDocument;

namespace mantle::ui {

/// Colours JSON text in a QTextDocument (a QPlainTextEdit's or QTextEdit's document): object
/// keys, string values, numbers, `true`/`false`/`null` and punctuation, and underlines one error
/// position (a parse error's offset) when given one.
///
/// The colours come from a palette (the application's by default; pass the editor's with
/// setPalette(), e.g. on QEvent::PaletteChange), so light and dark themes both read well. It
/// only colours: it does not parse the document as a whole or say whether it is valid JSON (a
/// string cannot span lines in JSON, so each line is coloured on its own).
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonHighlighter)

public:
    /// What a character of the text is.
    enum class Token { Key, String, Number, Keyword, Punctuation, Error };

    explicit JsonHighlighter(QTextDocument *document);
    ~JsonHighlighter() override;

    /// Derives the colours from `palette` (its Text and Base colours) and highlights again.
    void setPalette(const QPalette &palette);
    /// The format used for `token` with the current palette.
    QTextCharFormat format(Token token) const;

    /// Underlines the character at `position` (a character offset in the document, as
    /// QJsonParseError::offset gives it once mapped to characters); a negative position clears
    /// it. Highlights again only the lines concerned.
    void setErrorPosition(int position);
    int errorPosition() const { return m_errorPosition; }

protected:
    void highlightBlock(const QString &text) override;

private:
    void updateFormats();
    void rehighlightAt(int position);

    QPalette m_palette;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_keyword;
    QTextCharFormat m_punctuation;
    QTextCharFormat m_error;
    int m_errorPosition = -1;
};

} // namespace mantle::ui
