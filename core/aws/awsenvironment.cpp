#include "awsenvironment.h"

#include "mantle/regions.h"

#include <QCoreApplication>
#include <QDir>

#include <algorithm>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::AwsEnvironment)
};

constexpr qsizetype kMinAccessKeyIdLength = 3;
constexpr qsizetype kMaxAccessKeyIdLength = 128;

struct Variable
{
    QString name; ///< empty when none of the candidates is set
    QString value; ///< trimmed
};

/// The first of `names` that is set to something other than blanks.
Variable firstSet(const QProcessEnvironment &env, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString n = QLatin1String(name);
        QString v = env.value(n).trimmed();
        if (!v.isEmpty())
            return {n, std::move(v)};
    }
    return {};
}

bool isQuote(QChar c)
{
    switch (c.unicode()) {
    case u'"':
    case u'\'':
    case u'`':
    case u'\u2018':
    case u'\u2019':
    case u'\u201C':
    case u'\u201D':
        return true;
    default:
        return false;
    }
}

bool isAsciiAlphanumeric(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
}

template<typename Predicate> bool containsAny(const QString &text, Predicate predicate)
{
    for (const QChar c : text) {
        if (predicate(c))
            return true;
    }
    return false;
}

Error configError(QString message, QString hint)
{
    return makeError(Error::Kind::Config, std::move(message), std::move(hint));
}

QString expandHome(const QString &path, const QString &home)
{
    if (path == QLatin1String("~"))
        return home;
    if (path.startsWith(QLatin1String("~/")))
        return home + path.mid(1);
    return path;
}

} // namespace

Status checkAccessKeyId(const QString &value, const QString &name)
{
    const QString copyPasteHint = Tr::tr(
        "An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check "
        "for a copy-and-paste mistake.");
    if (containsAny(value,
                    [](QChar c) { return c.isSpace() || c.category() == QChar::Other_Control; }))
        return configError(Tr::tr("%1 contains a blank or a line break.").arg(name), copyPasteHint);
    if (containsAny(value, isQuote))
        return configError(Tr::tr("%1 contains quotation marks.").arg(name),
                           Tr::tr("Remove the quotes: they are not part of the key ID."));
    if (containsAny(value, [](QChar c) { return c == u'/' || c == u'+'; }))
        return configError(
            Tr::tr("%1 contains “/” or “+”, which access key IDs never hold.").arg(name),
            Tr::tr("It may be the secret access key: check that the key ID and the secret were "
                   "not swapped."));
    if (!std::all_of(value.cbegin(), value.cend(), isAsciiAlphanumeric))
        return configError(
            Tr::tr("%1 contains characters other than the letters A to Z and the digits 0 to 9.")
                .arg(name),
            copyPasteHint);
    if (value.size() < kMinAccessKeyIdLength)
        return configError(Tr::tr("%1 is too short to be an access key ID.").arg(name),
                           Tr::tr("AWS access key IDs are 16 to 128 characters long."));
    if (value.size() > kMaxAccessKeyIdLength)
        return configError(Tr::tr("%1 is too long to be an access key ID.").arg(name),
                           Tr::tr("AWS access key IDs are 16 to 128 characters long."));
    return {};
}

Status checkSecretValue(const QString &value, const QString &name)
{
    const QString hint = Tr::tr("Check for a copy-and-paste mistake: secrets are one word.");
    if (containsAny(value, [](QChar c) {
            return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
        }))
        return configError(
            Tr::tr("%1 contains a line break, a tab or another invisible character.").arg(name),
            hint);
    if (containsAny(value, [](QChar c) { return c.isSpace(); }))
        return configError(Tr::tr("%1 contains a blank.").arg(name), hint);
    if (value.size() >= 2 && isQuote(value.front()) && isQuote(value.back()))
        return configError(Tr::tr("%1 is wrapped in quotation marks.").arg(name),
                           Tr::tr("Remove the quotes: they are not part of the secret."));
    return {};
}

Result<AwsEnvironment> readAwsEnvironment(const QProcessEnvironment &environment)
{
    AwsEnvironment out;

    const Variable keyId = firstSet(environment, {"AWS_ACCESS_KEY_ID"});
    const Variable secret = firstSet(environment, {"AWS_SECRET_ACCESS_KEY"});
    const Variable token = firstSet(environment, {"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"});
    if (keyId.value.isEmpty() != secret.value.isEmpty()) {
        const auto missing = keyId.value.isEmpty() ? QStringLiteral("AWS_ACCESS_KEY_ID")
                                                   : QStringLiteral("AWS_SECRET_ACCESS_KEY");
        const auto present = keyId.value.isEmpty() ? QStringLiteral("AWS_SECRET_ACCESS_KEY")
                                                   : QStringLiteral("AWS_ACCESS_KEY_ID");
        return configError(Tr::tr("%1 is set but %2 is not.").arg(present, missing),
                           Tr::tr("Set both variables, or neither."));
    }
    if (keyId.value.isEmpty() && !token.value.isEmpty())
        return configError(
            Tr::tr("%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.")
                .arg(token.name),
            Tr::tr("A session token belongs to temporary keys: set all three variables, or unset "
                   "%1.")
                .arg(token.name));
    if (!keyId.value.isEmpty()) {
        if (Status s = checkAccessKeyId(keyId.value, keyId.name); !s)
            return s.error();
        if (Status s = checkSecretValue(secret.value, secret.name); !s)
            return s.error();
        if (!token.value.isEmpty()) {
            if (Status s = checkSecretValue(token.value, token.name); !s)
                return s.error();
        }
        Credentials c;
        c.accessKeyId = keyId.value;
        c.secretAccessKey = SecretString(secret.value.toUtf8());
        c.sessionToken = SecretString(token.value.toUtf8());
        const Variable expiry = firstSet(environment, {"AWS_CREDENTIAL_EXPIRATION"});
        if (!expiry.value.isEmpty()) {
            c.expiration = QDateTime::fromString(expiry.value, Qt::ISODateWithMs);
            if (!c.expiration.isValid())
                return configError(Tr::tr("%1 is not an ISO 8601 date and time.").arg(expiry.name),
                                   Tr::tr("Write it like 2025-01-31T12:00:00Z, or unset it."));
            c.expiration = c.expiration.toUTC();
        }
        out.credentials = std::move(c);
    }

    const Variable bearer = firstSet(environment, {"AWS_BEARER_TOKEN_BEDROCK"});
    if (!bearer.value.isEmpty()) {
        if (bearer.value.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
            return configError(Tr::tr("%1 starts with “Bearer ”.").arg(bearer.name),
                               Tr::tr("Set it to the API key alone; the word Bearer is added "
                                      "when the request is sent."));
        if (Status s = checkSecretValue(bearer.value, bearer.name); !s)
            return s.error();
        out.bearerToken = SecretString(bearer.value.toUtf8());
    }

    const Variable profile = firstSet(environment, {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"});
    if (containsAny(profile.value, [](QChar c) { return c.category() == QChar::Other_Control; }))
        return configError(
            Tr::tr("%1 contains a line break or another control character.").arg(profile.name),
            Tr::tr("Set it to the name of a profile in your AWS config files."));
    if (profile.value.size() >= 2 && isQuote(profile.value.front())
        && isQuote(profile.value.back()))
        return configError(Tr::tr("%1 is wrapped in quotation marks.").arg(profile.name),
                           Tr::tr("Remove the quotes: they are not part of the profile name."));
    out.profile = profile.value;
    out.profileVariable = profile.name;

    const Variable region = firstSet(environment, {"AWS_REGION", "AWS_DEFAULT_REGION"});
    if (!region.value.isEmpty() && !::mantle::mantle::looksLikeRegionCode(region.value))
        return configError(
            Tr::tr("%1 is not an AWS region code.").arg(region.name),
            Tr::tr("Set it to a region code such as us-east-1 (not a region's name, and not an "
                   "Availability Zone such as us-east-1a)."));
    out.region = region.value;
    out.regionVariable = region.name;

    const QString home = environment.value(QStringLiteral("HOME"), QDir::homePath());
    const Variable configFile = firstSet(environment, {"AWS_CONFIG_FILE"});
    out.configFile = configFile.value.isEmpty() ? home + QLatin1String("/.aws/config")
                                                : expandHome(configFile.value, home);
    const Variable credentialsFile = firstSet(environment, {"AWS_SHARED_CREDENTIALS_FILE"});
    out.credentialsFile = credentialsFile.value.isEmpty()
        ? home + QLatin1String("/.aws/credentials")
        : expandHome(credentialsFile.value, home);
    return out;
}

} // namespace mantle::aws
