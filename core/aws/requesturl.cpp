#include "requesturl.h"

#include "uriencoding.h"

#include <QCoreApplication>
#include <QUrl>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::RequestUrl)
};

Error urlError(const QString &message)
{
    return makeError(Error::Kind::InvalidInput, message,
                     Tr::tr("Give a full URL such as "
                            "https://bedrock-mantle.us-east-1.api.aws/v1/models."));
}

/// The common case without QUrl (which costs more than a signature): a host of ASCII letters,
/// digits, '-' and '.', and an optional port of 1 to 5 digits up to 65535. Anything else
/// (IPv6, international names, odd ports) returns false and goes the long way.
bool parsePlainAuthority(QByteArrayView authority, RequestUrl &out)
{
    const qsizetype colon = authority.indexOf(':');
    const QByteArrayView host = colon < 0 ? authority : authority.first(colon);
    if (host.isEmpty() || host.front() == '.' || host.front() == '-')
        return false;
    for (char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.';
        if (!ok)
            return false;
    }
    int port = -1;
    if (colon >= 0) {
        const QByteArrayView digits = authority.sliced(colon + 1);
        if (digits.isEmpty() || digits.size() > 5)
            return false;
        port = 0;
        for (char c : digits) {
            if (c < '0' || c > '9')
                return false;
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535)
            return false;
    }
    out.host = host.toByteArray().toLower();
    out.port = port;
    return true;
}

} // namespace

Result<RequestUrl> parseRequestUrl(const QString &url)
{
    const QByteArray bytes = url.trimmed().toUtf8();
    const qsizetype schemeEnd = bytes.indexOf("://");
    if (schemeEnd <= 0)
        return urlError(Tr::tr("“%1” is not a URL: it has no scheme (https://).").arg(url));

    RequestUrl out;
    out.scheme = bytes.left(schemeEnd).toLower();
    if (out.scheme != "https" && out.scheme != "http")
        return urlError(Tr::tr("“%1” uses the scheme “%2”; only https and http are supported.")
                            .arg(url, QString::fromUtf8(out.scheme)));

    const qsizetype authorityStart = schemeEnd + 3;
    qsizetype authorityEnd = authorityStart;
    while (authorityEnd < bytes.size() && bytes[authorityEnd] != '/' && bytes[authorityEnd] != '?'
           && bytes[authorityEnd] != '#')
        ++authorityEnd;
    const QByteArray authority = bytes.mid(authorityStart, authorityEnd - authorityStart);
    if (authority.contains('@'))
        return urlError(Tr::tr("“%1” carries a user name or password; credentials never go in "
                               "a URL.")
                            .arg(url));

    if (!parsePlainAuthority(authority, out)) {
        // Not a plain name[:port]: let QUrl judge it (IDNA, IPv6 brackets, bad ports), but
        // never the path or query.
        const QUrl authorityUrl(QString::fromUtf8(out.scheme + "://" + authority),
                                QUrl::StrictMode);
        if (!authorityUrl.isValid() || authorityUrl.host().isEmpty())
            return urlError(Tr::tr("“%1” has no valid host name.").arg(url));
        const QString host = authorityUrl.host(QUrl::FullyEncoded).toLower();
        out.host = host.contains(QLatin1Char(':')) ? "[" + host.toUtf8() + "]" : host.toUtf8();
        out.port = authorityUrl.port(-1);
    }
    if (authority.endsWith(':') || (out.port == 0))
        return urlError(Tr::tr("“%1” has an invalid port.").arg(url));
    const int defaultPort = out.scheme == "http" ? 80 : 443;
    out.hostHeader = out.host;
    if (out.port >= 0 && out.port != defaultPort)
        out.hostHeader += ':' + QByteArray::number(out.port);

    qsizetype end = bytes.indexOf('#', authorityEnd);
    if (end < 0)
        end = bytes.size();
    qsizetype queryStart = bytes.indexOf('?', authorityEnd);
    if (queryStart < 0 || queryStart > end)
        queryStart = end;
    out.path = strictPath(QByteArrayView(bytes).sliced(authorityEnd, queryStart - authorityEnd));
    if (out.path.isEmpty())
        out.path = "/";

    if (queryStart < end) {
        const QByteArrayView query
            = QByteArrayView(bytes).sliced(queryStart + 1, end - queryStart - 1);
        qsizetype start = 0;
        while (start <= query.size()) {
            qsizetype amp = query.indexOf('&', start);
            if (amp < 0)
                amp = query.size();
            const QByteArrayView piece = query.sliced(start, amp - start);
            if (!piece.isEmpty()) {
                const qsizetype eq = piece.indexOf('=');
                if (eq < 0)
                    out.query.append({percentDecode(piece), QByteArray()});
                else
                    out.query.append(
                        {percentDecode(piece.first(eq)), percentDecode(piece.sliced(eq + 1))});
            }
            start = amp + 1;
        }
    }
    return out;
}

} // namespace mantle::aws
