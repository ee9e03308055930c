#include "codehighlighter.h"

#include "syntaxcolours.h"

#include <QGuiApplication>
#include <QTextDocument>

namespace mantle::ui {

namespace {

/// The block states: what is still open at the end of a line.
enum State {
    Plain = 0,
    InSingleQuote, // shell ' ... '
    InDoubleQuote, // shell " ... "
    InTemplate, // JavaScript ` ... `
    InTripleDouble, // Python """ ... """
    InTripleSingle, // Python ''' ... '''
    InBlockComment, // JavaScript /* ... */
};

QString quoteOf(int state)
{
    switch (state) {
    case InSingleQuote:
        return QStringLiteral("'");
    case InDoubleQuote:
        return QStringLiteral("\"");
    case InTemplate:
        return QStringLiteral("`");
    case InTripleDouble:
        return QStringLiteral("\"\"\"");
    case InTripleSingle:
        return QStringLiteral("'''");
    default:
        return {};
    }
}

int stateOf(const QString &quote)
{
    if (quote == QLatin1String("'"))
        return InSingleQuote;
    if (quote == QLatin1String("\""))
        return InDoubleQuote;
    if (quote == QLatin1String("`"))
        return InTemplate;
    if (quote == QLatin1String("\"\"\""))
        return InTripleDouble;
    return InTripleSingle;
}

QStringList keywordsOf(CodeHighlighter::Language language)
{
    switch (language) {
    case CodeHighlighter::Language::Python:
        return {QStringLiteral("False"),  QStringLiteral("None"),     QStringLiteral("True"),
                QStringLiteral("and"),    QStringLiteral("as"),       QStringLiteral("assert"),
                QStringLiteral("async"),  QStringLiteral("await"),    QStringLiteral("break"),
                QStringLiteral("class"),  QStringLiteral("continue"), QStringLiteral("def"),
                QStringLiteral("del"),    QStringLiteral("elif"),     QStringLiteral("else"),
                QStringLiteral("except"), QStringLiteral("finally"),  QStringLiteral("for"),
                QStringLiteral("from"),   QStringLiteral("global"),   QStringLiteral("if"),
                QStringLiteral("import"), QStringLiteral("in"),       QStringLiteral("is"),
                QStringLiteral("lambda"), QStringLiteral("nonlocal"), QStringLiteral("not"),
                QStringLiteral("or"),     QStringLiteral("pass"),     QStringLiteral("raise"),
                QStringLiteral("return"), QStringLiteral("try"),      QStringLiteral("while"),
                QStringLiteral("with"),   QStringLiteral("yield")};
    case CodeHighlighter::Language::JavaScript:
        return {
            QStringLiteral("async"),    QStringLiteral("await"),      QStringLiteral("break"),
            QStringLiteral("case"),     QStringLiteral("catch"),      QStringLiteral("class"),
            QStringLiteral("const"),    QStringLiteral("continue"),   QStringLiteral("default"),
            QStringLiteral("delete"),   QStringLiteral("do"),         QStringLiteral("else"),
            QStringLiteral("export"),   QStringLiteral("extends"),    QStringLiteral("false"),
            QStringLiteral("finally"),  QStringLiteral("for"),        QStringLiteral("from"),
            QStringLiteral("function"), QStringLiteral("if"),         QStringLiteral("import"),
            QStringLiteral("in"),       QStringLiteral("instanceof"), QStringLiteral("let"),
            QStringLiteral("new"),      QStringLiteral("null"),       QStringLiteral("of"),
            QStringLiteral("return"),   QStringLiteral("super"),      QStringLiteral("switch"),
            QStringLiteral("this"),     QStringLiteral("throw"),      QStringLiteral("true"),
            QStringLiteral("try"),      QStringLiteral("typeof"),     QStringLiteral("undefined"),
            QStringLiteral("var"),      QStringLiteral("void"),       QStringLiteral("while"),
            QStringLiteral("yield")};
    case CodeHighlighter::Language::Shell:
        return {QStringLiteral("if"),     QStringLiteral("then"),     QStringLiteral("else"),
                QStringLiteral("elif"),   QStringLiteral("fi"),       QStringLiteral("for"),
                QStringLiteral("while"),  QStringLiteral("until"),    QStringLiteral("do"),
                QStringLiteral("done"),   QStringLiteral("case"),     QStringLiteral("esac"),
                QStringLiteral("in"),     QStringLiteral("function"), QStringLiteral("set"),
                QStringLiteral("export"), QStringLiteral("echo"),     QStringLiteral("exit"),
                QStringLiteral("curl"),   QStringLiteral("read"),     QStringLiteral("local"),
                QStringLiteral("return")};
    }
    return {};
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

} // namespace

CodeHighlighter::CodeHighlighter(QTextDocument *document, Language language)
    : QSyntaxHighlighter(document)
    , m_language(language)
    , m_keywords(keywordsOf(language))
    , m_palette(QGuiApplication::palette())
{
    updateFormats();
}

CodeHighlighter::~CodeHighlighter() = default;

void CodeHighlighter::setLanguage(Language language)
{
    if (language == m_language)
        return;
    m_language = language;
    m_keywords = keywordsOf(language);
    rehighlight();
}

void CodeHighlighter::setPalette(const QPalette &palette)
{
    m_palette = palette;
    updateFormats();
    rehighlight();
}

QTextCharFormat CodeHighlighter::format(Token token) const
{
    switch (token) {
    case Token::Keyword:
        return m_keyword;
    case Token::String:
        return m_string;
    case Token::Comment:
        return m_comment;
    case Token::Number:
        return m_number;
    }
    return {};
}

void CodeHighlighter::updateFormats()
{
    const SyntaxColours colours(m_palette);
    m_keyword = QTextCharFormat();
    m_keyword.setForeground(colours.keyword());
    m_keyword.setFontWeight(QFont::DemiBold);
    m_string = QTextCharFormat();
    m_string.setForeground(colours.string());
    m_number = QTextCharFormat();
    m_number.setForeground(colours.number());
    m_comment = QTextCharFormat();
    m_comment.setForeground(colours.faded(0.45));
    m_comment.setFontItalic(true);
}

qsizetype CodeHighlighter::stringEnd(const QString &text, qsizetype start,
                                     const QString &quote) const
{
    // Shell single quotes have no escapes; everywhere else a backslash escapes the next character.
    const bool escapes = !(m_language == Language::Shell && quote == QLatin1String("'"));
    qsizetype i = start;
    while (i < text.size()) {
        if (escapes && text.at(i) == QLatin1Char('\\')) {
            i += 2;
            continue;
        }
        if (QStringView(text).mid(i).startsWith(quote))
            return i + quote.size();
        ++i;
    }
    return -1;
}

void CodeHighlighter::highlightBlock(const QString &text)
{
    const qsizetype size = text.size();
    qsizetype i = 0;
    setCurrentBlockState(Plain);

    // What the previous line left open.
    const int previous = previousBlockState();
    if (previous == InBlockComment) {
        const qsizetype close = text.indexOf(QLatin1String("*/"));
        if (close < 0) {
            setFormat(0, int(size), m_comment);
            setCurrentBlockState(InBlockComment);
            return;
        }
        setFormat(0, int(close + 2), m_comment);
        i = close + 2;
    } else if (const QString quote = quoteOf(previous); !quote.isEmpty()) {
        const qsizetype end = stringEnd(text, 0, quote);
        if (end < 0) {
            setFormat(0, int(size), m_string);
            setCurrentBlockState(previous);
            return;
        }
        setFormat(0, int(end), m_string);
        i = end;
    }

    while (i < size) {
        const QChar c = text.at(i);
        const QStringView rest = QStringView(text).mid(i);
        // Comments.
        const bool hashComment = c == QLatin1Char('#')
            && (m_language == Language::Python
                || (m_language == Language::Shell && (i == 0 || text.at(i - 1).isSpace())));
        if (hashComment
            || (m_language == Language::JavaScript && rest.startsWith(QLatin1String("//")))) {
            setFormat(int(i), int(size - i), m_comment);
            return;
        }
        if (m_language == Language::JavaScript && rest.startsWith(QLatin1String("/*"))) {
            const qsizetype close = text.indexOf(QLatin1String("*/"), i + 2);
            if (close < 0) {
                setFormat(int(i), int(size - i), m_comment);
                setCurrentBlockState(InBlockComment);
                return;
            }
            setFormat(int(i), int(close + 2 - i), m_comment);
            i = close + 2;
            continue;
        }
        // Strings.
        QString quote;
        if (m_language == Language::Python
            && (rest.startsWith(QLatin1String("\"\"\"")) || rest.startsWith(QLatin1String("'''"))))
            quote = rest.first(3).toString();
        else if (c == QLatin1Char('"') || c == QLatin1Char('\'')
                 || (c == QLatin1Char('`') && m_language == Language::JavaScript))
            quote = QString(c);
        if (!quote.isEmpty()) {
            const qsizetype end = stringEnd(text, i + quote.size(), quote);
            // Only the shell's quotes, JavaScript templates and Python's triple quotes span
            // lines; another unclosed string ends with its line.
            const bool spans
                = m_language == Language::Shell || quote.size() == 3 || quote == QLatin1String("`");
            if (end < 0) {
                setFormat(int(i), int(size - i), m_string);
                if (spans)
                    setCurrentBlockState(stateOf(quote));
                return;
            }
            setFormat(int(i), int(end - i), m_string);
            i = end;
            continue;
        }
        // Words and numbers.
        if (isWordChar(c)) {
            qsizetype end = i + 1;
            while (end < size && isWordChar(text.at(end)))
                ++end;
            const QString word = text.mid(i, end - i);
            const bool wordStart = i == 0 || !(isWordChar(text.at(i - 1)));
            if (wordStart && c.isDigit())
                setFormat(int(i), int(end - i), m_number);
            else if (wordStart && m_keywords.contains(word))
                setFormat(int(i), int(end - i), m_keyword);
            i = end;
            continue;
        }
        ++i;
    }
}

} // namespace mantle::ui
