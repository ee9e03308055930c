#pragma once

#include "common/result.h"

#include <QString>
#include <QUrl>

namespace mantle::mantle {

/// The root URL that requests go to, to which a route prefix (/v1, /openai/v1, /anthropic/v1)
/// and a resource path are appended: Mantle's regional host, or an endpoint override (a custom
/// or VPC endpoint, a gateway with a path prefix, the local emulator).
///
/// An Endpoint is always valid and safe to send credentials to: https anywhere, plain http only
/// to this computer (127.0.0.0/8, ::1, localhost). It holds no user info, query or fragment and
/// its path never ends with '/'. It does not pick routes (RouteResolver does) nor check that
/// anything answers there.
class Endpoint
{
public:
    /// Parses a user-given root URL such as "https://vpce-1.example.com/mantle" or
    /// "http://127.0.0.1:8080". Fails with a message naming the problem and the fix: not a URL,
    /// no scheme, a scheme other than https/http, no host, a bad port, user info, a query or
    /// fragment, "." or ".." in the path, a path that already ends with a route prefix, or plain
    /// http to a host that is not this computer.
    static Result<Endpoint> parse(const QString &url);

    /// Mantle's own endpoint for the region: https://bedrock-mantle.{region}.api.aws. Fails,
    /// naming the region and listing the valid ones, for a region that does not serve Mantle.
    static Result<Endpoint> forRegion(const QString &region);

    /// True for "localhost" and for IPv4 127.0.0.0/8 and IPv6 ::1 (also written as
    /// ::ffff:127.x.y.z) literals, i.e. hosts whose traffic never leaves this computer. Names
    /// that merely start like an address ("127.0.0.1.example.com") are not loopback.
    static bool isLoopbackHost(const QString &host);

    /// The root URL, e.g. https://bedrock-mantle.us-east-1.api.aws or https://gw.example/mantle.
    QUrl url() const { return m_url; }
    /// The root URL as text, without a trailing slash.
    QString toString() const { return m_url.toString(QUrl::FullyEncoded); }

    QString scheme() const { return m_url.scheme(); }
    /// Lower case; IPv6 addresses without brackets.
    QString host() const { return m_url.host(); }
    /// -1 when the URL gives none (the scheme's default).
    int port() const { return m_url.port(); }
    /// The path before the route, percent-encoded: "" or e.g. "/mantle".
    QString pathPrefix() const { return m_url.path(QUrl::FullyEncoded); }
    bool isLoopback() const { return isLoopbackHost(host()); }

    /// This root with `path` (percent-encoded, starting with '/') appended to the path prefix.
    QUrl urlWithPath(const QString &path) const;

    bool operator==(const Endpoint &other) const { return m_url == other.m_url; }

private:
    explicit Endpoint(QUrl url)
        : m_url(std::move(url))
    { }

    QUrl m_url;
};

} // namespace mantle::mantle
