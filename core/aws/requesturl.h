#pragma once

#include "common/result.h"
#include "sigv4signer.h"

#include <QByteArray>
#include <QString>

namespace mantle::aws {

/// A URL taken apart the way the signer needs it: the host header, the strict path to send and
/// the decoded query parameters. Unlike QUrl, it never re-encodes the path or query behind our
/// back.
struct RequestUrl
{
    QByteArray scheme; ///< "https" or "http", lower case
    QByteArray host; ///< lower case; IPv6 addresses in brackets
    int port = -1; ///< -1 when the URL gives none
    QByteArray hostHeader; ///< host, plus ":port" when it is not the scheme's default
    QByteArray path; ///< strictly percent-encoded, never empty
    QueryList query; ///< decoded, in order

    int effectivePort() const { return port >= 0 ? port : (scheme == "http" ? 80 : 443); }
};

/// Parses an absolute http or https URL. Fails with a message naming what is wrong (no scheme,
/// another scheme, no host, a bad port, white space or control characters in the host).
Result<RequestUrl> parseRequestUrl(const QString &url);

} // namespace mantle::aws
