#pragma once

#include "api/errorclassifier.h"
#include "aws/credentialprovider.h"
#include "common/secretstring.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QUrl>

#include <chrono>

namespace mantle::net {

/// How a request authenticates, applied by HttpClient when it sends (and again on every retry).
struct HttpAuth
{
    enum class Kind {
        None,
        Bearer, ///< `Authorization: Bearer <key>` (a Bedrock API key on the OpenAI routes)
        ApiKeyHeader, ///< `x-api-key: <key>` (a Bedrock API key on the Anthropic route)
        SigV4, ///< AWS Signature Version 4 with credentials from `credentials`
    };

    Kind kind = Kind::None;
    SecretString apiKey; ///< for Bearer and ApiKeyHeader
    /// For SigV4: asked for credentials before every attempt. Not owned; when it is destroyed
    /// before answering, the call fails with an Auth error.
    QPointer<aws::CredentialProvider> credentials;
    QByteArray region; ///< for SigV4
    QByteArray service = "bedrock-mantle"; ///< for SigV4
};

/// Timeouts and retries of one request.
struct HttpOptions
{
    /// From sending until the request has been written to a connection (DNS, TCP, TLS).
    std::chrono::milliseconds connectTimeout{15000};
    /// The longest silence between two pieces of the answer once the request was sent.
    std::chrono::milliseconds idleTimeout{120000};
    /// Further attempts after the first for 429, 5xx and other retryable failures.
    int maxRetries = 2;
    /// The first backoff; each retry doubles it, with jitter.
    std::chrono::milliseconds baseBackoff{500};
    /// The longest wait before a retry, whatever Retry-After asks for.
    std::chrono::milliseconds maxRetryDelay{30000};
};

/// One request for HttpClient: where it goes (the full URL from the RouteResolver), what it
/// carries (method, headers besides authentication, body), how it authenticates and its
/// timeouts and retries, plus the context the ErrorClassifier needs to name the call in
/// messages. Plain data; it holds an API key, so do not log it.
struct HttpRequest
{
    QUrl url;
    QByteArray method = "POST";
    QList<QPair<QByteArray, QByteArray>> headers; ///< lower-case names, in sending order
    QByteArray body;
    HttpAuth auth;
    HttpOptions options;
    /// Surface, account, region, model and route prefix, for error messages. The client fills
    /// in auth, status, headers, body and the time of the answer itself.
    api::FailedCall errorContext;
};

} // namespace mantle::net
