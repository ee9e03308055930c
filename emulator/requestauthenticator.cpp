#include "requestauthenticator.h"

#include "errorreplies.h"

#include "aws/bedrocktoken.h"
#include "aws/credentials.h"
#include "aws/sha256.h"
#include "aws/uriencoding.h"
#include "common/clock.h"
#include "mantle/regions.h"

#include <QTimeZone>

#include <openssl/crypto.h>

#include <optional>

namespace mantle::emulator {

namespace {

constexpr QByteArrayView kAlgorithm = "AWS4-HMAC-SHA256";
constexpr QByteArrayView kMantleService = "bedrock-mantle";
constexpr QByteArrayView kBedrockService = "bedrock";
constexpr QByteArrayView kTerminator = "aws4_request";

// The messages AWS and Mantle answer with (FACTS.md, "Observed on the wire"; AWS's SigV4 errors).
constexpr QByteArrayView kInvalidToken = "The security token included in the request is invalid.";
constexpr QByteArrayView kSignatureMismatch
    = "The request signature we calculated does not match the signature you provided. Check your "
      "AWS Secret Access Key and signing method. Consult the service documentation for details.";
constexpr QByteArrayView kInvalidBearer = "Invalid bearer token";
constexpr QByteArrayView kMissingAuthorization = "Authorization header is missing";
constexpr QByteArrayView kExpiredBearer = "The bearer token included in the request has expired.";

/// A refusal in the envelope of the request's route. 401 is an authentication failure
/// (`authentication_error` in both envelopes), 403 a refused signature (`permission_denied_error`
/// for OpenAI's routes, `permission_error` for Anthropic's).
Authentication refuse(const QByteArray &path, int status, QByteArrayView code,
                      const QString &message)
{
    Authentication a;
    a.accepted = false;
    const bool unauthenticated = status == 401;
    a.refusal = ErrorReplies::forPath(path, status, QString::fromLatin1(code),
                                      unauthenticated ? QStringLiteral("authentication_error")
                                                      : QStringLiteral("permission_denied_error"),
                                      unauthenticated ? QStringLiteral("authentication_error")
                                                      : QStringLiteral("permission_error"),
                                      message);
    return a;
}

Authentication refuse(const QByteArray &path, int status, QByteArrayView code,
                      QByteArrayView message)
{
    return refuse(path, status, code, QString::fromUtf8(message));
}

Authentication accept(EmulatorAuth method, QByteArray region = {})
{
    Authentication a;
    a.accepted = true;
    a.method = method;
    a.region = std::move(region);
    return a;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

/// SigV4's basic ISO 8601 form, "20261125T101500Z".
QString awsTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

std::optional<QDateTime> parseAwsTime(QByteArrayView text)
{
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
        return std::nullopt;
    int numbers[6] = {};
    const int offsets[6] = {0, 4, 6, 9, 11, 13};
    const int widths[6] = {4, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; ++i) {
        for (int j = 0; j < widths[i]; ++j) {
            const char c = text[offsets[i] + j];
            if (c < '0' || c > '9')
                return std::nullopt;
            numbers[i] = numbers[i] * 10 + (c - '0');
        }
    }
    const QDate date(numbers[0], numbers[1], numbers[2]);
    const QTime time(numbers[3], numbers[4], numbers[5]);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, QTimeZone::utc());
}

/// The region of a `bedrock-mantle.{region}.api.aws` Host header, else empty.
QByteArray regionOfHost(QByteArrayView host)
{
    const qsizetype colon = host.lastIndexOf(':');
    if (colon >= 0 && !host.contains(']'))
        host = host.first(colon);
    constexpr QByteArrayView prefix = "bedrock-mantle.";
    constexpr QByteArrayView suffix = ".api.aws";
    if (host.size() <= prefix.size() + suffix.size() || !host.startsWith(prefix)
        || !host.endsWith(suffix))
        return {};
    return host.sliced(prefix.size(), host.size() - prefix.size() - suffix.size())
        .toByteArray()
        .toLower();
}

aws::QueryList decodedQuery(QByteArrayView rawQuery)
{
    aws::QueryList query;
    for (const QByteArray &item : rawQuery.toByteArray().split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype equals = item.indexOf('=');
        if (equals < 0)
            query.append({aws::percentDecode(item), QByteArray()});
        else
            query.append(
                {aws::percentDecode(item.left(equals)), aws::percentDecode(item.mid(equals + 1))});
    }
    return query;
}

struct AuthorizationParameters
{
    QByteArray credential;
    QByteArray signedHeaders;
    QByteArray signature;
};

AuthorizationParameters parseParameters(QByteArrayView text)
{
    AuthorizationParameters p;
    for (const QByteArray &rawItem : text.toByteArray().split(',')) {
        const QByteArray item = rawItem.trimmed();
        const qsizetype equals = item.indexOf('=');
        if (equals < 0)
            continue;
        const QByteArray name = item.left(equals).trimmed();
        const QByteArray value = item.mid(equals + 1).trimmed();
        if (name == "Credential")
            p.credential = value;
        else if (name == "SignedHeaders")
            p.signedHeaders = value;
        else if (name == "Signature")
            p.signature = value;
    }
    return p;
}

} // namespace

RequestAuthenticator::RequestAuthenticator(const Clock &clock)
    : m_clock(clock)
{ }

Authentication RequestAuthenticator::authenticate(const ReceivedRequest &request) const
{
    const QByteArray path = aws::percentDecode(request.rawPath);
    const QByteArray authorization = request.header("authorization");
    if (!authorization.isNull()) {
        if (authorization.startsWith(kAlgorithm)
            && (authorization.size() == kAlgorithm.size()
                || authorization.at(kAlgorithm.size()) == ' '))
            return verifySigV4(request, path,
                               QByteArrayView(authorization).sliced(kAlgorithm.size()));
        const qsizetype space = authorization.indexOf(' ');
        const QByteArray scheme = authorization.left(space).toLower();
        const QByteArray token = space < 0 ? QByteArray() : authorization.mid(space + 1).trimmed();
        if (scheme == "bearer" && constantTimeEquals(token, kApiKey))
            return accept(EmulatorAuth::Bearer);
        if (scheme == "bearer" && aws::BedrockToken::hasPrefix(token))
            return verifyShortTermKey(path, token, EmulatorAuth::Bearer);
        return refuse(path, 401, "invalid_api_key", kInvalidBearer);
    }
    // Mantle reads x-api-key on the Anthropic route only (FACTS.md, "Authentication").
    const QByteArray apiKey = request.header("x-api-key");
    if (!apiKey.isNull() && ErrorReplies::isAnthropicPath(path)) {
        if (constantTimeEquals(apiKey, kApiKey))
            return accept(EmulatorAuth::ApiKeyHeader);
        if (aws::BedrockToken::hasPrefix(apiKey))
            return verifyShortTermKey(path, apiKey, EmulatorAuth::ApiKeyHeader);
        return refuse(path, 401, "invalid_api_key", kInvalidBearer);
    }
    // No credentials at all. Mantle answers the authentication failures it meets before any
    // signature or IAM check (an unknown bearer token, a signature scoped to another service)
    // with 401, as the OpenAI and Anthropic APIs it imitates do for a missing key.
    return refuse(path, 401, {}, kMissingAuthorization);
}

Authentication RequestAuthenticator::verifySigV4(const ReceivedRequest &request,
                                                 const QByteArray &path,
                                                 QByteArrayView authorization) const
{
    constexpr QByteArrayView incomplete = "IncompleteSignatureException";
    constexpr QByteArrayView invalidSignature = "InvalidSignatureException";

    const AuthorizationParameters p = parseParameters(authorization);
    QStringList missing;
    if (p.credential.isEmpty())
        missing << QStringLiteral("Authorization header requires 'Credential' parameter.");
    if (p.signature.isEmpty())
        missing << QStringLiteral("Authorization header requires 'Signature' parameter.");
    if (p.signedHeaders.isEmpty())
        missing << QStringLiteral("Authorization header requires 'SignedHeaders' parameter.");
    if (!missing.isEmpty())
        return refuse(path, 403, incomplete, missing.join(QLatin1Char(' ')));

    // Credential=AKID/YYYYMMDD/REGION/SERVICE/aws4_request
    const QList<QByteArray> scope = p.credential.split('/');
    if (scope.size() != 5 || scope[4] != kTerminator) {
        return refuse(path, 403, incomplete,
                      QStringLiteral("Credential should be scoped with a valid terminator: "
                                     "'aws4_request', not '%1'.")
                          .arg(QString::fromUtf8(scope.last())));
    }
    const QByteArray &scopeDate = scope[1];
    const QByteArray &region = scope[2];
    const QByteArray &service = scope[3];
    // Mantle accepts `bedrock` as well as its own name (FACTS.md, "Observed on the wire").
    if (service != kMantleService && service != kBedrockService) {
        return refuse(path, 401, {},
                      QStringLiteral("Credential should be scoped to correct service: '%1'.")
                          .arg(QString::fromLatin1(kMantleService)));
    }
    const QByteArray hostRegion = regionOfHost(request.header("host"));
    if (!::mantle::mantle::isMantleRegion(QString::fromUtf8(region))
        || (!hostRegion.isEmpty() && hostRegion != region)) {
        return refuse(path, 401, {},
                      QStringLiteral("Credential should be scoped to a valid region, not '%1'.")
                          .arg(QString::fromUtf8(region)));
    }
    if (!constantTimeEquals(scope[0], kAccessKeyId))
        return refuse(path, 403, "UnrecognizedClientException", kInvalidToken);

    const QByteArray amzDate = request.header("x-amz-date");
    if (amzDate.isNull()) {
        return refuse(path, 403, incomplete,
                      QByteArrayView("Authorization header requires existence of either a "
                                     "'X-Amz-Date' or a 'Date' header."));
    }
    const std::optional<QDateTime> signedAt = parseAwsTime(amzDate);
    if (!signedAt) {
        return refuse(path, 403, incomplete,
                      QStringLiteral("Date must be in ISO-8601 'basic format'. Got '%1'.")
                          .arg(QString::fromUtf8(amzDate)));
    }
    if (scopeDate != amzDate.left(8)) {
        return refuse(path, 403, invalidSignature,
                      QStringLiteral("Date in Credential scope does not match YYYYMMDD from "
                                     "ISO-8601 version of date from HTTP: '%1' != '%2', from "
                                     "'%3'.")
                          .arg(QString::fromUtf8(scopeDate), QString::fromUtf8(amzDate.left(8)),
                               QString::fromUtf8(amzDate)));
    }
    const QDateTime now = m_clock.nowUtc().toUTC();
    if (*signedAt < now.addSecs(-kAllowedSkewSeconds)) {
        return refuse(
            path, 403, invalidSignature,
            QStringLiteral("Signature expired: %1 is now earlier than %2 (%3 - 5 min.)")
                .arg(awsTime(*signedAt), awsTime(now.addSecs(-kAllowedSkewSeconds)), awsTime(now)));
    }
    if (*signedAt > now.addSecs(kAllowedSkewSeconds)) {
        return refuse(
            path, 403, invalidSignature,
            QStringLiteral("Signature not yet current: %1 is still later than %2 (%3 + "
                           "5 min.)")
                .arg(awsTime(*signedAt), awsTime(now.addSecs(kAllowedSkewSeconds)), awsTime(now)));
    }

    // The payload hash is always that of the body received (as AWS's non-S3 services do): a
    // changed body, or an x-amz-content-sha256 header that does not describe it, fails the check.
    const QByteArray bodyHash = aws::toHex(aws::sha256(request.body));
    const QByteArray contentHash = request.header("x-amz-content-sha256");
    if (!contentHash.isNull() && contentHash.toLower() != bodyHash)
        return refuse(path, 403, "SignatureDoesNotMatch", kSignatureMismatch);

    aws::SigningRequest toSign;
    toSign.method = request.method;
    toSign.host = request.header("host");
    toSign.path = request.rawPath;
    toSign.query = decodedQuery(request.rawQuery);
    toSign.payloadHash = bodyHash;
    aws::SigningOptions options;
    options.region = region;
    options.service = service;
    options.addContentSha256 = false;
    options.signSessionToken = false;
    aws::Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(kAccessKeyId);
    credentials.secretAccessKey = SecretString(kSecretAccessKey.toByteArray());
    // The signer adds host, x-amz-date, x-amz-security-token and x-amz-content-sha256 itself;
    // every other header the client signed is taken as received, repeated names in order.
    for (const QByteArray &name : p.signedHeaders.split(';')) {
        if (!request.hasHeader(name))
            return refuse(path, 403, "SignatureDoesNotMatch", kSignatureMismatch);
        if (name == "host" || name == "x-amz-date")
            continue;
        if (name == "x-amz-content-sha256") {
            options.addContentSha256 = true;
            continue;
        }
        if (name == "x-amz-security-token") {
            options.signSessionToken = true;
            continue;
        }
        for (const auto &[headerName, value] : request.headers) {
            if (headerName == name)
                toSign.headers.append({headerName, value});
        }
    }
    const QByteArray sessionToken = request.header("x-amz-security-token");
    if (!sessionToken.isEmpty())
        credentials.sessionToken = SecretString(sessionToken);

    const aws::SignedRequest expected = m_signer.sign(toSign, credentials, options, *signedAt);
    if (expected.signedHeaders != p.signedHeaders
        || !constantTimeEquals(expected.signature, p.signature))
        return refuse(path, 403, "SignatureDoesNotMatch", kSignatureMismatch);
    return accept(EmulatorAuth::SigV4, region);
}

Authentication RequestAuthenticator::verifyShortTermKey(const QByteArray &path, QByteArrayView key,
                                                        EmulatorAuth method) const
{
    // A key that is not one, or not for this service, is refused as an unknown key is.
    const auto invalid = [&path] {
        return refuse(path, 401, "invalid_api_key", kInvalidBearer);
    };
    const Result<aws::ShortTermKeyUrl> url = aws::BedrockToken::decodeUrl(key);
    if (!url)
        return invalid();
    const QList<QByteArray> scope = url->value("X-Amz-Credential").split('/');
    const QByteArray amzDate = url->value("X-Amz-Date");
    const std::optional<QDateTime> signedAt = parseAwsTime(amzDate);
    bool numeric = false;
    const int lifetime = url->value("X-Amz-Expires").toInt(&numeric);
    if (url->host != aws::BedrockToken::kHost || url->path != "/"
        || url->value("Action") != aws::BedrockToken::kAction
        || url->value("Version") != aws::BedrockToken::kVersion
        || url->value("X-Amz-SignedHeaders") != "host" || scope.size() != 5
        || scope[3] != aws::BedrockToken::kService || scope[4] != kTerminator
        || !::mantle::mantle::isMantleRegion(QString::fromUtf8(scope[2])) || !signedAt
        || scope[1] != amzDate.left(8) || !numeric || lifetime < 1
        || lifetime > aws::BedrockToken::kMaxLifetimeSeconds
        || !constantTimeEquals(scope[0], kAccessKeyId))
        return invalid();

    // Sign the same URL again: the operation's parameters (everything but the X-Amz-* ones and
    // the Version appended after signing), at the key's time, with the test credentials.
    aws::SigningRequest toSign;
    toSign.method = "POST";
    toSign.host = url->host;
    toSign.path = url->path;
    for (const auto &[name, value] : url->query) {
        if (!name.startsWith("X-Amz-") && name != "Version")
            toSign.query.append({name, value});
    }
    // No payload hash: the empty body's, as AWS's token generators sign it.
    aws::SigningOptions options;
    options.region = scope[2];
    options.service = scope[3];
    options.addContentSha256 = false;
    aws::Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(kAccessKeyId);
    credentials.secretAccessKey = SecretString(kSecretAccessKey.toByteArray());
    if (const QByteArray token = url->value("X-Amz-Security-Token"); !token.isEmpty())
        credentials.sessionToken = SecretString(token);
    const aws::SignedRequest expected
        = m_signer.presign(toSign, credentials, options, *signedAt, lifetime);
    if (!constantTimeEquals(expected.signature, url->value("X-Amz-Signature")))
        return invalid();

    const QDateTime now = m_clock.nowUtc().toUTC();
    if (*signedAt > now.addSecs(kAllowedSkewSeconds))
        return invalid();
    if (now >= signedAt->addSecs(lifetime))
        return refuse(path, 403, "ExpiredTokenException", kExpiredBearer);
    return accept(method, scope[2]);
}

} // namespace mantle::emulator
