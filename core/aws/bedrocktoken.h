#pragma once

#include "common/result.h"
#include "common/secretstring.h"
#include "sigv4signer.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace mantle::aws {

/// A short-term Bedrock API key made from SigV4 credentials, with what a person needs to know
/// about it. The key itself is a SecretString.
struct ShortTermKey
{
    SecretString key; ///< "bedrock-api-key-…", the Bearer token
    QString region;
    QDateTime issuedAt; ///< UTC, whole seconds (the signature's X-Amz-Date)
    QDateTime expiresAt; ///< UTC
    int lifetimeSeconds = 0; ///< X-Amz-Expires
    /// The lifetime asked for was longer than the credentials had left: the key lives only as
    /// long as the temporary credentials it was made from.
    bool cappedByCredentials = false;
};

/// What a short-term key says about itself, without its secret parts (the signature and the
/// session token): what `mantle token` and the app may show.
struct ShortTermKeyInfo
{
    QString region;
    QString accessKeyId;
    QString service;
    QByteArray host;
    QByteArray action;
    QByteArray version;
    QByteArray signedHeaders;
    QDateTime issuedAt; ///< UTC
    QDateTime expiresAt; ///< UTC
    int lifetimeSeconds = 0;
    bool hasSessionToken = false;
    /// Every decoded query parameter in token order, except X-Amz-Signature and
    /// X-Amz-Security-Token.
    QueryList parameters;
};

/// The presigned URL inside a short-term key, decoded: host, path and every query parameter
/// (secret ones included), in the order the key carries them. For verifiers (the emulator).
struct ShortTermKeyUrl
{
    QByteArray host;
    QByteArray path;
    QueryList query; ///< decoded names and values
    QByteArray value(QByteArrayView name) const;
    bool has(QByteArrayView name) const;
};

/// Short-term Bedrock API keys: the token format of AWS's token generators
/// (aws-bedrock-token-generator for Python and JavaScript). A key is "bedrock-api-key-" followed
/// by the standard base64 of a SigV4 presigned URL without its scheme, plus "&Version=1":
/// `POST https://bedrock.amazonaws.com/?Action=CallWithBearerToken`, service `bedrock`, only
/// `host` signed, the payload hash that of the empty body (as both generators sign it),
/// X-Amz-Expires the lifetime (at most 12 hours).
/// The query parameters follow botocore's order (the action, then the X-Amz-* parameters with the
/// session token after SignedHeaders, then the signature).
///
/// It makes keys locally (no network) and reads them back; it does not check a signature (that
/// needs the secret: the emulator re-signs) and holds no state.
class BedrockToken
{
public:
    static constexpr QByteArrayView kPrefix = "bedrock-api-key-";
    static constexpr QByteArrayView kHost = "bedrock.amazonaws.com";
    static constexpr QByteArrayView kService = "bedrock";
    static constexpr QByteArrayView kAction = "CallWithBearerToken";
    static constexpr QByteArrayView kVersion = "1";
    static constexpr int kMinLifetimeSeconds = 15 * 60;
    static constexpr int kMaxLifetimeSeconds = 12 * 60 * 60;
    static constexpr int kDefaultLifetimeSeconds = kMaxLifetimeSeconds;

    /// Makes a key from `credentials` for `region`, issued at `now`, valid `lifetimeSeconds`
    /// (kMinLifetimeSeconds .. kMaxLifetimeSeconds). Temporary credentials that expire sooner cap
    /// the lifetime to what they have left (cappedByCredentials). Fails for incomplete or expired
    /// credentials, a malformed region or a lifetime out of range.
    static Result<ShortTermKey> generate(const SigV4Signer &signer, const Credentials &credentials,
                                         const QString &region, const QDateTime &now,
                                         int lifetimeSeconds = kDefaultLifetimeSeconds);

    /// True when `key` starts with the short-term key prefix (says nothing about its validity).
    static bool hasPrefix(QByteArrayView key);

    /// Decodes the presigned URL of a key. Fails with a clear message for anything that is not a
    /// short-term key (no prefix, not base64, not a URL of the expected shape).
    static Result<ShortTermKeyUrl> decodeUrl(QByteArrayView key);

    /// Reads a key back: region, access key id, issue time, expiry and the URL's parts, without
    /// the secret parts.
    static Result<ShortTermKeyInfo> inspect(const SecretString &key);
};

} // namespace mantle::aws
