#pragma once

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace mantle::aws {

/// One problem with one line of an AWS config or credentials file. It names the file, the line and,
/// where it is safe, the key; it never holds a value, since values may be secrets.
struct AwsConfigDiagnostic
{
    QString file;
    int line = 0; ///< 1-based
    QString key; ///< the key the line is about; empty when unknown or when it might be a secret
    QString message; ///< translated, one or two sentences, no value

    /// "FILE:LINE: MESSAGE", the way compilers report.
    QString toDisplayString() const;

    bool operator==(const AwsConfigDiagnostic &) const = default;
};

/// One `key = value` setting and the line it was read from.
struct AwsConfigEntry
{
    QString value;
    int line = 0;

    bool operator==(const AwsConfigEntry &) const = default;
};

/// One section of a config or credentials file, after repeated sections were merged.
struct AwsConfigSection
{
    QString name; ///< the header text, trimmed: "default", "profile dev", "sso-session corp"
    QString profileName; ///< the profile the section defines; empty when it defines none
    int line = 0; ///< the line of its first header
    QMap<QString, AwsConfigEntry> values; ///< keys are case-sensitive and trimmed
    /// Nested settings (`s3 =` followed by indented `key = value` lines), by parent key.
    QMap<QString, QMap<QString, AwsConfigEntry>> subsections;

    bool isProfile() const { return !profileName.isEmpty(); }
    /// The value of `key`, or an empty string when the section does not set it.
    QString value(const QString &key) const { return values.value(key).value; }
    bool contains(const QString &key) const { return values.contains(key); }

    bool operator==(const AwsConfigSection &) const = default;
};

/// The parsed text of an AWS shared config file (~/.aws/config) or shared credentials file
/// (~/.aws/credentials), read the way the AWS CLI reads them.
///
/// It is a pure parser: bytes in, sections and diagnostics out. It never reads files (see
/// AwsProfileResolver), never fails and never stops at a broken line: such a line is skipped and
/// reported as an AwsConfigDiagnostic. Work is linear in the input, so any bytes are safe to feed
/// it. It does not know what the keys mean; AwsProfile does.
///
/// The rules: `[default]` and `[profile NAME]` headers name profiles in the config file, `[NAME]`
/// in the credentials file (where `[profile x]` is the literal profile "profile x", as in the
/// CLI); `key = value` lines, key and value trimmed, keys case-sensitive; full-line comments with
/// `#` or `;` (never inline, since a secret may hold either character); a key with an empty value
/// followed by more-indented `key = value` lines holds nested settings; CRLF, CR or LF line ends;
/// an optional UTF-8 byte order mark. Repeated sections merge, later keys winning.
class AwsConfigFile
{
public:
    enum class Kind {
        Config, ///< ~/.aws/config: `[default]`, `[profile NAME]`, other sections are not profiles
        Credentials, ///< ~/.aws/credentials: every `[NAME]` is a profile
    };

    AwsConfigFile() = default;

    /// Parses `text`. `fileName` is only used to label diagnostics.
    static AwsConfigFile parse(QByteArrayView text, Kind kind, const QString &fileName = {});

    Kind kind() const { return m_kind; }
    QString fileName() const { return m_fileName; }

    /// All sections in the order of their first header, repeated ones merged.
    const QList<AwsConfigSection> &sections() const { return m_sections; }
    /// The section with this header text (e.g. "sso-session corp"), or nullptr.
    const AwsConfigSection *section(const QString &name) const;
    /// The section that defines this profile, or nullptr.
    const AwsConfigSection *profile(const QString &profileName) const;
    /// The profiles the file defines, in the order of their first header.
    QStringList profileNames() const;

    /// The lines that were skipped and why, in line order.
    const QList<AwsConfigDiagnostic> &diagnostics() const { return m_diagnostics; }

private:
    class Parser;

    Kind m_kind = Kind::Config;
    QString m_fileName;
    QList<AwsConfigSection> m_sections;
    QList<AwsConfigDiagnostic> m_diagnostics;
};

/// True when `key` may be shown in a message: it is shaped like a setting name
/// (`aws_access_key_id`, `region`) rather than like a secret pasted on the wrong line.
bool isPrintableAwsConfigKey(const QString &key);

} // namespace mantle::aws
