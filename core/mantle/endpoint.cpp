#include "endpoint.h"

#include "regions.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QStringList>

#include <array>

namespace mantle::mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::Endpoint)
};

// The route prefixes RouteResolver appends; a root URL that already ends with one would give
// ".../v1/v1/...".
constexpr std::array<const char *, 3> kRoutePrefixes{"/openai/v1", "/anthropic/v1", "/v1"};

QString rootUrlHint()
{
    return Tr::tr("Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as "
                  "https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local "
                  "emulator.");
}

QString schemeHint()
{
    return Tr::tr("Start it with https:// (or http:// for a local emulator on this computer).");
}

Error endpointError(const QString &message, const QString &hint = rootUrlHint())
{
    return makeError(Error::Kind::InvalidInput, message, hint);
}

// The part of the authority before any '/', '?' or '#', taken from the text as typed (QUrl
// drops an empty user info such as "https://@host").
QStringView rawAuthority(QStringView url, qsizetype schemeEnd)
{
    const QStringView rest = url.sliced(schemeEnd + 3);
    qsizetype end = 0;
    while (end < rest.size() && rest[end] != QLatin1Char('/') && rest[end] != QLatin1Char('?')
           && rest[end] != QLatin1Char('#'))
        ++end;
    return rest.first(end);
}

// The URL as it may appear in a message: without a query or fragment, which can carry tokens.
QString shownUrl(const QString &url)
{
    qsizetype end = url.indexOf(QLatin1Char('?'));
    const qsizetype hash = url.indexOf(QLatin1Char('#'));
    if (end < 0 || (hash >= 0 && hash < end))
        end = hash;
    return end < 0 ? url : url.left(end);
}

} // namespace

Result<Endpoint> Endpoint::parse(const QString &url)
{
    const QString text = url.trimmed();
    if (text.isEmpty())
        return endpointError(Tr::tr("No endpoint URL is given."));
    const QString shown = shownUrl(text);

    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    if (schemeEnd <= 0)
        return endpointError(Tr::tr("“%1” has no scheme.").arg(shown), schemeHint());
    // Checked before anything else so that a password never appears in a message.
    if (rawAuthority(text, schemeEnd).contains(QLatin1Char('@')))
        return endpointError(Tr::tr("The endpoint URL contains a user name or password (the part "
                                    "before “@”)."),
                             Tr::tr("Remove it: credentials belong in the account or the "
                                    "environment, never in the URL."));

    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        return endpointError(Tr::tr("“%1” is not a valid URL.").arg(shown));

    const QString scheme = parsed.scheme();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return endpointError(
            Tr::tr("“%1” uses the scheme “%2”, which an endpoint cannot use.").arg(shown, scheme),
            schemeHint());
    const QString host = parsed.host();
    if (host.isEmpty())
        return endpointError(Tr::tr("“%1” has no host name.").arg(shown));
    if (rawAuthority(text, schemeEnd).endsWith(QLatin1Char(':')) || parsed.port() == 0)
        return endpointError(Tr::tr("“%1” has an invalid port.").arg(shown),
                             Tr::tr("Give a port from 1 to 65535, or none for the scheme's "
                                    "default."));
    if (parsed.hasQuery())
        return endpointError(
            Tr::tr("“%1” has a query (“?…”), which an endpoint cannot have.").arg(shown));
    if (parsed.hasFragment())
        return endpointError(
            Tr::tr("“%1” has a fragment (“#…”), which an endpoint cannot have.").arg(shown));
    if (scheme == QLatin1String("http") && !isLoopbackHost(host))
        return endpointError(Tr::tr("“%1” uses plain http to %2, which is not this computer: "
                                    "credentials and prompts would travel unencrypted.")
                                 .arg(shown, host),
                             Tr::tr("Use https://. Plain http:// is only for a local emulator on "
                                    "127.0.0.1, ::1 or localhost."));

    QString path = parsed.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QStringList segments = path.split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        if (segment == QLatin1String(".") || segment == QLatin1String(".."))
            return endpointError(Tr::tr("“%1” has “.” or “..” in its path.").arg(shown),
                                 Tr::tr("Write the path prefix out in full, such as "
                                        "https://gateway.example.com/mantle."));
    }

    QUrl root;
    root.setScheme(scheme);
    root.setHost(host);
    root.setPort(parsed.port());
    for (const char *prefix : kRoutePrefixes) {
        if (path.endsWith(QLatin1String(prefix))) {
            root.setPath(path.chopped(QLatin1String(prefix).size()), QUrl::TolerantMode);
            return endpointError(
                Tr::tr("“%1” already ends with the route “%2”, which is added to every request.")
                    .arg(shown, QLatin1String(prefix)),
                Tr::tr("Give the root URL without it: %1").arg(root.toString(QUrl::FullyEncoded)));
        }
    }
    root.setPath(path, QUrl::TolerantMode);
    return Endpoint(std::move(root));
}

Result<Endpoint> Endpoint::forRegion(const QString &region)
{
    const QString valid = mantleRegionCodes();
    if (region.isEmpty())
        return makeError(
            Error::Kind::InvalidInput, Tr::tr("No region is set."),
            Tr::tr("Choose one of the regions that serve Bedrock Mantle: %1.").arg(valid));
    if (!isMantleRegion(region)) {
        const QString message = looksLikeRegionCode(region)
            ? Tr::tr("The region “%1” does not serve Bedrock Mantle.").arg(region)
            : Tr::tr("“%1” is not an AWS region code.").arg(region);
        return makeError(
            Error::Kind::InvalidInput, message,
            Tr::tr("Use one of the regions that serve Bedrock Mantle: %1.").arg(valid));
    }
    QUrl root;
    root.setScheme(QStringLiteral("https"));
    root.setHost(QStringLiteral("bedrock-mantle.%1.api.aws").arg(region));
    return Endpoint(std::move(root));
}

bool Endpoint::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QString literal = host;
    if (literal.startsWith(QLatin1Char('[')) && literal.endsWith(QLatin1Char(']')))
        literal = literal.mid(1, literal.size() - 2);
    // QHostAddress accepts only address literals, so "127.0.0.1.example.com" fails here.
    QHostAddress address;
    return address.setAddress(literal) && address.isLoopback();
}

QUrl Endpoint::urlWithPath(const QString &path) const
{
    QUrl out = m_url;
    out.setPath(pathPrefix() + path, QUrl::TolerantMode);
    return out;
}

} // namespace mantle::mantle
