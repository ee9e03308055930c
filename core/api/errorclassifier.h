#pragma once

#include "common/error.h"
#include "mantle/apisurface.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace mantle::api {

/// Everything known about one call that the server refused: where it went, how it was signed,
/// and what came back. Plain data; the caller fills it from the request and the QNetworkReply.
struct FailedCall
{
    enum class Auth {
        SigV4, ///< signed with AWS credentials (service bedrock-mantle)
        ApiKey, ///< a Bedrock API key as a bearer token
    };

    ::mantle::mantle::ApiSurface surface = ::mantle::mantle::ApiSurface::ChatCompletions;
    QString account; ///< the account's name in the app; empty for environment credentials
    QString region;
    QString model; ///< empty for calls that name no model (the model list)
    QString routePrefix; ///< "/v1", "/openai/v1" or "/anthropic/v1"
    Auth auth = Auth::SigV4;
    int httpStatus = 0;
    QList<QPair<QByteArray, QByteArray>> headers; ///< as QNetworkReply::rawHeaderPairs()
    QByteArray body;
    /// This computer's time when the answer arrived: the reference for a Retry-After date when
    /// the answer has no Date header, and for the clock offset. May be invalid.
    QDateTime receivedAtUtc;
};

/// A classified failure: the Error to show, and what a caller may do about it on its own.
struct ClassifiedError
{
    Error error;
    /// Worth retrying as it is (429, 5xx, 529, overloaded_error, ThrottlingException,
    /// ServiceUnavailable).
    bool retryable = false;
    std::optional<int> retryAfterSeconds; ///< from Retry-After (seconds or an HTTP date)
    /// The model is served under the other OpenAI prefix: retry once there (alternatePrefix())
    /// and remember it for the model.
    bool wrongPrefix = false;
    /// The model does not offer this surface (e.g. no Responses): use the one the hint names.
    bool unsupportedSurface = false;
    /// The SigV4 signature time is outside the server's window: this computer's clock is off.
    bool clockSkew = false;
    /// Server time minus this computer's time, in seconds, from the Date header and
    /// FailedCall::receivedAtUtc (set with clockSkew when both are known).
    std::optional<qint64> clockOffsetSeconds;
    /// The temporary credentials (session token) have expired: refresh them and retry.
    bool expiredCredentials = false;

    bool operator==(const ClassifiedError &) const = default;
};

/// Turns a refused call (status, headers, body, and where it went) into an Error that says what
/// happened where and what fixes it, plus the flags a caller acts on (retry, other prefix, other
/// surface, clock skew, expired credentials). Reads OpenAI and Anthropic error envelopes
/// (through ErrorEnvelope), AWS-style `{"message"}` bodies with x-amzn-errortype, HTML pages
/// from proxies and empty bodies.
///
/// It does not retry, sign or remember anything, and it never puts the body (beyond the
/// server's own message, shortened, with anything that looks like a key redacted) or a secret
/// into a message.
class ErrorClassifier
{
public:
    /// The longest server message quoted in an Error message.
    static constexpr qsizetype kMaxQuotedLength = 300;

    /// The error of a call that failed (any status; a 2xx is read as its body says).
    static ClassifiedError classify(const FailedCall &call);

    /// The error a successful (2xx) answer carries in its body as an error envelope, or nothing
    /// when the body is not one.
    static std::optional<ClassifiedError> classifySuccessBody(const FailedCall &call);

    /// Retry-After as seconds from `now`: a non-negative integer, or an HTTP date (a date in the
    /// past gives 0). Nothing for a malformed value, or for a date when `now` is invalid.
    static std::optional<int> parseRetryAfter(const QByteArray &value, const QDateTime &now);

    /// The other OpenAI prefix: "/openai/v1" for "/v1" and the reverse; empty for others.
    static QString alternatePrefix(const QString &prefix);

    /// The value of a header (case-insensitive name), or empty; the first one wins.
    static QByteArray headerValue(const QList<QPair<QByteArray, QByteArray>> &headers,
                                  const QByteArray &name);
};

} // namespace mantle::api
