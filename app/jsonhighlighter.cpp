#include "jsonhighlighter.h"

#include "conversationstyle.h"
#include "syntaxcolours.h"

#include <QGuiApplication>
#include <QTextBlock>
#include <QTextDocument>

#include <algorithm>

namespace mantle::ui {

namespace {

bool isNumberChar(QChar c)
{
    return c.isDigit() || c == QLatin1Char('-') || c == QLatin1Char('+') || c == QLatin1Char('.')
        || c == QLatin1Char('e') || c == QLatin1Char('E');
}

bool isPunctuation(QChar c)
{
    return c == QLatin1Char('{') || c == QLatin1Char('}') || c == QLatin1Char('[')
        || c == QLatin1Char(']') || c == QLatin1Char(':') || c == QLatin1Char(',');
}

} // namespace

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_palette(QGuiApplication::palette())
{
    updateFormats();
}

JsonHighlighter::~JsonHighlighter() = default;

void JsonHighlighter::setPalette(const QPalette &palette)
{
    m_palette = palette;
    updateFormats();
    rehighlight();
}

QTextCharFormat JsonHighlighter::format(Token token) const
{
    switch (token) {
    case Token::Key:
        return m_key;
    case Token::String:
        return m_string;
    case Token::Number:
        return m_number;
    case Token::Keyword:
        return m_keyword;
    case Token::Punctuation:
        return m_punctuation;
    case Token::Error:
        return m_error;
    }
    return {};
}

void JsonHighlighter::setErrorPosition(int position)
{
    const int newPosition = position < 0 ? -1 : position;
    if (newPosition == m_errorPosition)
        return;
    const int oldPosition = m_errorPosition;
    m_errorPosition = newPosition;
    if (oldPosition >= 0)
        rehighlightAt(oldPosition);
    if (newPosition >= 0)
        rehighlightAt(newPosition);
}

void JsonHighlighter::rehighlightAt(int position)
{
    QTextDocument *doc = document();
    if (!doc)
        return;
    QTextBlock block = doc->findBlock(position);
    if (!block.isValid())
        block = doc->lastBlock();
    if (block.isValid())
        rehighlightBlock(block);
}

void JsonHighlighter::updateFormats()
{
    const SyntaxColours colours(m_palette);
    const bool darkBase = colours.darkBase;
    m_key = QTextCharFormat();
    m_key.setForeground(colours.key());
    m_string = QTextCharFormat();
    m_string.setForeground(colours.string());
    m_number = QTextCharFormat();
    m_number.setForeground(colours.number());
    m_keyword = QTextCharFormat();
    m_keyword.setForeground(colours.keyword());
    m_keyword.setFontWeight(QFont::DemiBold);
    m_punctuation = QTextCharFormat();
    m_punctuation.setForeground(colours.faded(0.35));
    // No palette role holds an error colour: a red that contrasts with the base.
    m_error = QTextCharFormat();
    m_error.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    m_error.setUnderlineColor(darkBase ? QColor(255, 110, 110) : QColor(200, 30, 30));
    m_error.setBackground(
        ConversationStyle::mix(colours.base, QColor(220, 40, 40), darkBase ? 0.35 : 0.18));
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    const qsizetype size = text.size();
    qsizetype i = 0;
    while (i < size) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            qsizetype end = i + 1;
            while (end < size && text.at(end) != QLatin1Char('"'))
                end += text.at(end) == QLatin1Char('\\') ? 2 : 1;
            end = std::min(end + 1, size);
            qsizetype next = end;
            while (next < size && text.at(next).isSpace())
                ++next;
            const bool isKey = next < size && text.at(next) == QLatin1Char(':');
            setFormat(int(i), int(end - i), isKey ? m_key : m_string);
            i = end;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype end = i + 1;
            while (end < size && isNumberChar(text.at(end)))
                ++end;
            setFormat(int(i), int(end - i), m_number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < size && text.at(end).isLetterOrNumber())
                ++end;
            const QStringView word = QStringView(text).mid(i, end - i);
            if (word == QLatin1String("true") || word == QLatin1String("false")
                || word == QLatin1String("null"))
                setFormat(int(i), int(end - i), m_keyword);
            i = end;
        } else {
            if (isPunctuation(c))
                setFormat(int(i), 1, m_punctuation);
            ++i;
        }
    }

    if (m_errorPosition < 0)
        return;
    const int blockStart = currentBlock().position();
    int at = m_errorPosition - blockStart;
    // An error at the end of a line or of the text (Qt's offsets point past the bad token)
    // marks the line's last character.
    if (at == int(size) || (at > int(size) && !currentBlock().next().isValid()))
        at = int(size) - 1;
    if (at < 0 || at >= int(size))
        return;
    QTextCharFormat marked = QSyntaxHighlighter::format(at);
    marked.merge(m_error);
    setFormat(at, 1, marked);
}

} // namespace mantle::ui
