#include "awsconfigfile.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringDecoder>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::AwsConfigFile)
};

// A binary file read by mistake would otherwise produce one diagnostic per line; past this many
// the rest are summed up in one.
constexpr int kMaxDiagnostics = 50;
constexpr qsizetype kMaxPrintableKeyLength = 64;

bool isCommentStart(QChar c)
{
    return c == QLatin1Char('#') || c == QLatin1Char(';');
}

qsizetype indentationOf(const QString &line)
{
    qsizetype i = 0;
    while (i < line.size() && line.at(i).isSpace())
        ++i;
    return i;
}

bool containsSpace(const QString &text)
{
    for (const QChar c : text) {
        if (c.isSpace())
            return true;
    }
    return false;
}

} // namespace

QString AwsConfigDiagnostic::toDisplayString() const
{
    return QStringLiteral("%1:%2: %3").arg(file, QString::number(line), message);
}

bool isPrintableAwsConfigKey(const QString &key)
{
    if (key.isEmpty() || key.size() > kMaxPrintableKeyLength)
        return false;
    bool hasUnderscore = false;
    bool hasUpper = false;
    for (const QChar c : key) {
        const char16_t u = c.unicode();
        const bool lower = u >= u'a' && u <= u'z';
        const bool upper = u >= u'A' && u <= u'Z';
        const bool digit = u >= u'0' && u <= u'9';
        if (!lower && !upper && !digit && u != u'_' && u != u'-' && u != u'.')
            return false;
        hasUnderscore = hasUnderscore || u == u'_';
        hasUpper = hasUpper || upper;
    }
    // Setting names are lower case or snake_case; a mixed-case run of letters and digits with no
    // underscore is more likely a secret pasted without its key, so it is never echoed.
    return hasUnderscore || !hasUpper;
}

/// The line-by-line state machine behind AwsConfigFile::parse.
class AwsConfigFile::Parser
{
public:
    explicit Parser(AwsConfigFile &out)
        : m_out(out)
    { }

    void run(QByteArrayView text)
    {
        static constexpr char kBom[] = "\xEF\xBB\xBF";
        if (text.startsWith(QByteArrayView(kBom, 3)))
            text = text.sliced(3);
        int lineNumber = 0;
        qsizetype start = 0;
        const qsizetype size = text.size();
        while (start < size) {
            qsizetype end = start;
            while (end < size && text.at(end) != '\n' && text.at(end) != '\r')
                ++end;
            ++lineNumber;
            parseLine(lineNumber, text.sliced(start, end - start));
            if (end < size && text.at(end) == '\r' && end + 1 < size && text.at(end + 1) == '\n')
                ++end;
            start = end + 1;
        }
        if (m_suppressed > 0) {
            AwsConfigDiagnostic d;
            d.file = m_out.m_fileName;
            d.line = m_firstSuppressedLine;
            d.message = Tr::tr("More lines from this one on (%1 in all) also have problems and "
                               "were ignored; fix the ones reported above first.")
                            .arg(m_suppressed);
            m_out.m_diagnostics.append(d);
        }
    }

private:
    void report(int line, const QString &key, const QString &message)
    {
        if (m_out.m_diagnostics.size() >= kMaxDiagnostics) {
            if (m_suppressed++ == 0)
                m_firstSuppressedLine = line;
            return;
        }
        AwsConfigDiagnostic d;
        d.file = m_out.m_fileName;
        d.line = line;
        d.key = isPrintableAwsConfigKey(key) ? key : QString();
        d.message = message;
        m_out.m_diagnostics.append(d);
    }

    void forgetKey()
    {
        m_key.clear();
        m_keyLine = 0;
        m_keyIndent = 0;
        m_keyValueEmpty = false;
    }

    void ignoreSection()
    {
        m_current = -1;
        m_ignoring = true;
        forgetKey();
    }

    void parseLine(int lineNumber, QByteArrayView bytes)
    {
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString line = decoder.decode(bytes);
        if (decoder.hasError()) {
            report(lineNumber, {},
                   Tr::tr("This line is not valid UTF-8 text and is ignored. Save the file as "
                          "UTF-8."));
            return;
        }
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || isCommentStart(trimmed.front()))
            return;
        if (trimmed.front() == QLatin1Char('[')) {
            parseHeader(lineNumber, trimmed);
            return;
        }
        const qsizetype indent = indentationOf(line);
        if (!m_key.isEmpty() && indent > m_keyIndent) {
            parseContinuation(lineNumber, trimmed);
            return;
        }
        parseSetting(lineNumber, trimmed, indent);
    }

    void parseHeader(int lineNumber, const QString &trimmed)
    {
        const qsizetype close = trimmed.indexOf(QLatin1Char(']'));
        if (close < 0) {
            report(lineNumber, {},
                   Tr::tr("This section header has no closing “]”; it and the settings under it "
                          "are ignored."));
            ignoreSection();
            return;
        }
        const QString after = trimmed.mid(close + 1).trimmed();
        if (!after.isEmpty() && !isCommentStart(after.front())) {
            report(lineNumber, {},
                   Tr::tr("This section header has text after its closing “]”; it and the "
                          "settings under it are ignored."));
            ignoreSection();
            return;
        }
        const QString name = trimmed.mid(1, close - 1).trimmed();
        if (name.isEmpty()) {
            report(lineNumber, {},
                   Tr::tr("This section header is empty; it and the settings under it are "
                          "ignored. Write [default] or [profile NAME]."));
            ignoreSection();
            return;
        }
        QString profileName;
        if (m_out.m_kind == Kind::Credentials) {
            profileName = name; // the CLI takes [profile x] literally here
        } else if (name == QLatin1String("default")) {
            profileName = name;
        } else if (name == QLatin1String("profile")) {
            report(lineNumber, {},
                   Tr::tr("This [profile] header has no profile name; it and the settings under "
                          "it are ignored. Write [profile NAME]."));
            ignoreSection();
            return;
        } else if (name.startsWith(QLatin1String("profile")) && name.at(7).isSpace()) {
            profileName = name.mid(7).trimmed();
            if (containsSpace(profileName)) {
                report(lineNumber, {},
                       Tr::tr("This profile name contains a space, which profile names cannot "
                              "hold; the section and the settings under it are ignored."));
                ignoreSection();
                return;
            }
        }
        enterSection(lineNumber, name, profileName);
    }

    void enterSection(int lineNumber, const QString &name, const QString &profileName)
    {
        m_ignoring = false;
        forgetKey();
        QHash<QString, int> &index = profileName.isEmpty() ? m_otherIndex : m_profileIndex;
        const QString &id = profileName.isEmpty() ? name : profileName;
        const auto it = index.constFind(id);
        if (it != index.constEnd()) {
            m_current = *it;
            return;
        }
        AwsConfigSection section;
        section.name = name;
        section.profileName = profileName;
        section.line = lineNumber;
        m_current = int(m_out.m_sections.size());
        m_out.m_sections.append(section);
        index.insert(id, m_current);
    }

    void parseSetting(int lineNumber, const QString &trimmed, qsizetype indent)
    {
        forgetKey();
        if (m_ignoring)
            return; // the broken header was reported once, for all its settings
        const qsizetype eq = trimmed.indexOf(QLatin1Char('='));
        const QString key = eq < 0 ? QString() : trimmed.left(eq).trimmed();
        if (m_current < 0) {
            report(lineNumber, key,
                   isPrintableAwsConfigKey(key)
                       ? Tr::tr("The setting “%1” comes before any section header, so it belongs "
                                "to no profile and is ignored. Put it under [default] or "
                                "[profile NAME].")
                             .arg(key)
                       : Tr::tr("This setting comes before any section header, so it belongs to "
                                "no profile and is ignored. Put it under [default] or "
                                "[profile NAME]."));
            return;
        }
        if (eq < 0) {
            report(lineNumber, {},
                   Tr::tr("This line is not a “key = value” setting, a [section] header or a "
                          "comment, and is ignored."));
            return;
        }
        if (key.isEmpty()) {
            report(lineNumber, {},
                   Tr::tr("This line has “=” but no key before it, and is ignored."));
            return;
        }
        const QString value = trimmed.mid(eq + 1).trimmed();
        m_out.m_sections[m_current].values.insert(key, AwsConfigEntry{value, lineNumber});
        m_key = key;
        m_keyLine = lineNumber;
        m_keyIndent = indent;
        m_keyValueEmpty = value.isEmpty();
    }

    void parseContinuation(int lineNumber, const QString &trimmed)
    {
        if (!m_keyValueEmpty) {
            report(lineNumber, m_key,
                   Tr::tr("This line is indented more than the setting “%1” on line %2, so it "
                          "would continue that value over several lines, which is not "
                          "supported; it is ignored. Remove the indentation.")
                       .arg(isPrintableAwsConfigKey(m_key) ? m_key : Tr::tr("(unnamed)"))
                       .arg(m_keyLine));
            return;
        }
        const qsizetype eq = trimmed.indexOf(QLatin1Char('='));
        const QString key = eq < 0 ? QString() : trimmed.left(eq).trimmed();
        if (key.isEmpty()) {
            report(lineNumber, m_key,
                   Tr::tr("This line among the nested settings of “%1” is not a “key = value” "
                          "setting and is ignored.")
                       .arg(isPrintableAwsConfigKey(m_key) ? m_key : Tr::tr("(unnamed)")));
            return;
        }
        m_out.m_sections[m_current].subsections[m_key].insert(
            key, AwsConfigEntry{trimmed.mid(eq + 1).trimmed(), lineNumber});
    }

    AwsConfigFile &m_out;
    QHash<QString, int> m_profileIndex;
    QHash<QString, int> m_otherIndex;
    int m_current = -1; ///< index of the section being read, -1 before any or after a broken one
    bool m_ignoring = false; ///< after a broken header, up to the next header
    QString m_key; ///< the last setting read in this section, for nested and continued lines
    int m_keyLine = 0;
    qsizetype m_keyIndent = 0;
    bool m_keyValueEmpty = false;
    int m_suppressed = 0;
    int m_firstSuppressedLine = 0;
};

AwsConfigFile AwsConfigFile::parse(QByteArrayView text, Kind kind, const QString &fileName)
{
    AwsConfigFile file;
    file.m_kind = kind;
    file.m_fileName = fileName;
    Parser(file).run(text);
    return file;
}

const AwsConfigSection *AwsConfigFile::section(const QString &name) const
{
    for (const AwsConfigSection &s : m_sections) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

const AwsConfigSection *AwsConfigFile::profile(const QString &profileName) const
{
    if (profileName.isEmpty())
        return nullptr;
    for (const AwsConfigSection &s : m_sections) {
        if (s.profileName == profileName)
            return &s;
    }
    return nullptr;
}

QStringList AwsConfigFile::profileNames() const
{
    QStringList names;
    for (const AwsConfigSection &s : m_sections) {
        if (s.isProfile())
            names.append(s.profileName);
    }
    return names;
}

} // namespace mantle::aws
