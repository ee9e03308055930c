#pragma once

#include "credentials.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

#include <memory>

namespace mantle::aws {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;
using QueryList = QList<QPair<QByteArray, QByteArray>>;

/// One HTTP request as the signer sees it. The signer signs exactly these fields and nothing else:
/// there is no "sign whatever headers are present".
struct SigningRequest
{
    QByteArray method = "GET";
    /// The Host header value: the host, plus ":port" when the port is not the scheme's default.
    QByteArray host;
    /// The path exactly as it is sent on the wire (already percent-encoded, e.g. by
    /// `uriEncodePath`). Non-S3 rules: the canonical URI is this path, normalised, encoded again.
    QByteArray path = "/";
    /// Query parameters, decoded (plain bytes), in the order they are sent.
    QueryList query;
    /// The headers to sign besides host, x-amz-date, x-amz-security-token and
    /// x-amz-content-sha256 (which the signer adds itself). Names in any case; repeated names
    /// are joined with commas in order, as AWS specifies.
    HeaderList headers;
    /// The body, hashed for the canonical request. Ignored when payloadHash is set.
    QByteArray body;
    /// A precomputed lower-case hex SHA-256 of the body (or "UNSIGNED-PAYLOAD").
    QByteArray payloadHash;
};

/// How to sign.
struct SigningOptions
{
    QByteArray region;
    QByteArray service = "bedrock-mantle";
    /// Add and sign `x-amz-content-sha256` (what AWS's own SDKs and Mantle's clients do).
    bool addContentSha256 = true;
    /// Normalise the path (remove dot segments and repeated slashes): true for every service but
    /// S3.
    bool normalizePath = true;
    /// Sign the session token (false only for the services that want it added after signing).
    bool signSessionToken = true;
};

/// What signing produced: the intermediate texts (for the inspector, `mantle sign` and tests)
/// and what to put on the wire.
struct SignedRequest
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature; ///< lower-case hex
    QByteArray authorization; ///< the Authorization header value (header signing only)
    QByteArray signedHeaders; ///< "host;x-amz-date;..."
    /// Headers to add to the request, in this order (X-Amz-Date, X-Amz-Security-Token,
    /// x-amz-content-sha256, Authorization).
    HeaderList headersToAdd;
    /// The strictly encoded path and query to send ("/v1/x?a=b"). For presigned URLs the query
    /// carries the X-Amz-* parameters and the signature.
    QByteArray pathAndQuery;
};

/// AWS Signature Version 4, with OpenSSL's SHA-256 and HMAC.
///
/// Builds the canonical request (AWS's non-S3 rules by default), the string to sign and the
/// signature; derives the signing key once per (secret, date, region, service) and keeps it.
/// Signs with an Authorization header or as a presigned URL (query-string authentication).
/// It does not send anything and holds no credentials of its own. Thread-safe.
class SigV4Signer
{
public:
    SigV4Signer();
    ~SigV4Signer();
    SigV4Signer(const SigV4Signer &) = delete;
    SigV4Signer &operator=(const SigV4Signer &) = delete;
    SigV4Signer(SigV4Signer &&) = delete;
    SigV4Signer &operator=(SigV4Signer &&) = delete;

    /// Signs with the Authorization header.
    SignedRequest sign(const SigningRequest &request, const Credentials &credentials,
                       const SigningOptions &options, const QDateTime &time) const;

    /// Signs as a presigned URL valid for `expiresInSeconds` (1 to 604800).
    SignedRequest presign(const SigningRequest &request, const Credentials &credentials,
                          const SigningOptions &options, const QDateTime &time,
                          int expiresInSeconds) const;

    /// How many signing keys were derived (not taken from the cache); for tests.
    int derivedKeyCount() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace mantle::aws
