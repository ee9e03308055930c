#pragma once

#include "mantle/endpoint.h"
#include "mantle/routeresolver.h"
#include "net/httprequest.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace mantle::pipeline {

/// Where and as whom a request goes: the account (its name, for learned routes and messages),
/// the region, an optional endpoint override, how it authenticates, which models need which
/// prefix, and the timeouts and retries. Filled by the CLI from flags and the environment, and by
/// the app from an account. Plain data; it holds an API key, so do not log it.
struct CallTarget
{
    QString account; ///< empty for credentials from the environment
    QString region;
    std::optional<mantle::Endpoint> endpoint;
    /// Bearer (a Bedrock API key) or SigV4; for Bearer, requests to /anthropic/v1 use the header
    /// anthropicKeyHeader says.
    net::HttpAuth auth;
    /// How an API key goes to the Anthropic route: `x-api-key` (as Anthropic's Python client
    /// for Mantle sends it) or `Authorization: Bearer` (as its TypeScript client does). Mantle
    /// accepts both (FACTS.md).
    enum class AnthropicKeyHeader { XApiKey, Bearer };
    AnthropicKeyHeader anthropicKeyHeader = AnthropicKeyHeader::XApiKey;
    /// The built-in prefix list plus the environment's and the user's; learned routes are added
    /// on top by the RouteMemory.
    mantle::RouteResolver routes;
    net::HttpOptions options;
    /// Headers sent with every request to this target, after the surface's own (lower-case
    /// names; with SigV4 they are signed like the others): e.g. a gateway's routing header, or
    /// the local emulator's `x-emulator-fault` in tests. Not for credentials: `auth` adds those.
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
};

} // namespace mantle::pipeline
