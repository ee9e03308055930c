#include "bedrocktoken.h"

#include "credentials.h"
#include "uriencoding.h"

#include <QCoreApplication>
#include <QTimeZone>

#include <optional>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::BedrockToken)
};

constexpr QByteArrayView kAlgorithm = "AWS4-HMAC-SHA256";

Error invalidKey(const QString &why)
{
    Error e = makeError(Error::Kind::InvalidInput,
                        Tr::tr("This is not a short-term Bedrock API key: %1").arg(why),
                        Tr::tr("A short-term key starts with “bedrock-api-key-” followed by "
                               "base64; long-term keys (“ABSK…”) cannot be read back."));
    e.code = QStringLiteral("InvalidShortTermKey");
    return e;
}

/// A region code as AWS writes them: lower-case letters, digits and dashes.
bool isRegionCode(const QString &region)
{
    if (region.isEmpty() || region.size() > 32 || region.startsWith(QLatin1Char('-')))
        return false;
    for (const QChar c : region) {
        if (!(c.isDigit() || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
              || c == QLatin1Char('-')))
            return false;
    }
    return true;
}

/// SigV4's basic ISO 8601 form, "20261125T101500Z".
std::optional<QDateTime> parseAwsTime(QByteArrayView text)
{
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
        return std::nullopt;
    const QDateTime time = QDateTime::fromString(QString::fromLatin1(text.first(15)),
                                                 QStringLiteral("yyyyMMdd'T'HHmmss"));
    if (!time.isValid())
        return std::nullopt;
    return QDateTime(time.date(), time.time(), QTimeZone::utc()).toUTC();
}

} // namespace

QByteArray ShortTermKeyUrl::value(QByteArrayView name) const
{
    for (const auto &[key, v] : query) {
        if (key == name)
            return v;
    }
    return {};
}

bool ShortTermKeyUrl::has(QByteArrayView name) const
{
    for (const auto &item : query) {
        if (item.first == name)
            return true;
    }
    return false;
}

Result<ShortTermKey> BedrockToken::generate(const SigV4Signer &signer,
                                            const Credentials &credentials, const QString &region,
                                            const QDateTime &now, int lifetimeSeconds)
{
    if (!credentials.isValid()) {
        return makeError(Error::Kind::Auth,
                         Tr::tr("A short-term API key needs an access key id and a secret access "
                                "key."));
    }
    if (!isRegionCode(region)) {
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("“%1” is not a region code.").arg(region),
                         Tr::tr("Give a region such as us-east-1."));
    }
    if (lifetimeSeconds < kMinLifetimeSeconds || lifetimeSeconds > kMaxLifetimeSeconds) {
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("A short-term API key lives from %1 to %2 seconds, not %3.")
                             .arg(kMinLifetimeSeconds)
                             .arg(kMaxLifetimeSeconds)
                             .arg(lifetimeSeconds));
    }
    // Whole seconds: the signature's X-Amz-Date has no fraction.
    QDateTime issued = now.toUTC();
    issued.setTime(QTime(issued.time().hour(), issued.time().minute(), issued.time().second()));
    if (credentials.isExpiredAt(issued)) {
        return makeError(Error::Kind::Auth, Tr::tr("The credentials have expired."),
                         Tr::tr("Renew them, then generate the key again."));
    }
    ShortTermKey out;
    out.lifetimeSeconds = lifetimeSeconds;
    if (credentials.expires()) {
        // A key cannot outlive the session it was made from (AWS user guide, "api-keys").
        const qint64 left = issued.secsTo(credentials.expiration.toUTC());
        if (left < lifetimeSeconds) {
            out.lifetimeSeconds = int(std::max<qint64>(left, 1));
            out.cappedByCredentials = true;
        }
    }

    SigningRequest request;
    request.method = "POST";
    request.host = kHost.toByteArray();
    request.path = "/";
    request.query = {{"Action", kAction.toByteArray()}};
    // No body: the payload hash is that of the empty string. Both AWS generators sign it so
    // (botocore's SigV4QueryAuth and @smithy/signature-v4 hash an absent body), not
    // "UNSIGNED-PAYLOAD", and the cross-check with botocore holds us to it.
    SigningOptions options;
    options.region = region.toLatin1();
    options.service = kService.toByteArray();
    options.addContentSha256 = false;
    const SignedRequest signedRequest
        = signer.presign(request, credentials, options, issued, out.lifetimeSeconds);

    // The URL in botocore's order: operation parameters, then the authentication parameters
    // (the session token after SignedHeaders), then the signature.
    const QByteArray date = issued.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
    const QByteArray credential = credentials.accessKeyId.toUtf8() + '/' + date.left(8) + '/'
        + options.region + '/' + options.service + "/aws4_request";
    std::string url;
    url.reserve(512 + credentials.sessionToken.size() * 3);
    auto append = [&url](QByteArrayView bytes) {
        url.append(bytes.data(), size_t(bytes.size()));
    };
    append(kHost);
    append("/?Action=");
    append(kAction);
    append("&X-Amz-Algorithm=");
    append(kAlgorithm);
    append("&X-Amz-Credential=");
    append(uriEncode(credential));
    append("&X-Amz-Date=");
    append(date);
    append("&X-Amz-Expires=");
    append(QByteArray::number(out.lifetimeSeconds));
    append("&X-Amz-SignedHeaders=");
    append(uriEncode(signedRequest.signedHeaders));
    if (credentials.isTemporary()) {
        append("&X-Amz-Security-Token=");
        append(uriEncode(QByteArrayView(credentials.sessionToken.view().data(),
                                        qsizetype(credentials.sessionToken.size()))));
    }
    append("&X-Amz-Signature=");
    append(signedRequest.signature);
    append("&Version=");
    append(kVersion);

    QByteArray encoded
        = QByteArray::fromRawData(url.data(), qsizetype(url.size())).toBase64().prepend(kPrefix);
    out.key = SecretString(encoded);
    encoded.fill('\0');
    std::fill(url.begin(), url.end(), '\0');
    out.region = region;
    out.issuedAt = issued;
    out.expiresAt = issued.addSecs(out.lifetimeSeconds);
    return out;
}

bool BedrockToken::hasPrefix(QByteArrayView key)
{
    return key.startsWith(kPrefix);
}

Result<ShortTermKeyUrl> BedrockToken::decodeUrl(QByteArrayView key)
{
    if (!hasPrefix(key))
        return invalidKey(Tr::tr("it does not start with “bedrock-api-key-”."));
    const QByteArrayView body = key.sliced(kPrefix.size());
    if (body.isEmpty())
        return invalidKey(Tr::tr("nothing follows the prefix."));
    const auto decoded = QByteArray::fromBase64Encoding(body.toByteArray(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return invalidKey(Tr::tr("what follows the prefix is not base64."));
    const QByteArray &url = *decoded;
    const qsizetype slash = url.indexOf('/');
    const qsizetype question = url.indexOf('?');
    if (slash <= 0 || question < slash)
        return invalidKey(Tr::tr("it does not hold a presigned URL."));
    ShortTermKeyUrl out;
    out.host = url.left(slash);
    out.path = url.mid(slash, question - slash);
    for (const QByteArray &item : url.mid(question + 1).split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype equals = item.indexOf('=');
        if (equals < 0)
            out.query.append({percentDecode(item), QByteArray()});
        else
            out.query.append(
                {percentDecode(item.left(equals)), percentDecode(item.mid(equals + 1))});
    }
    for (const QByteArrayView needed :
         {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
          "X-Amz-SignedHeaders", "X-Amz-Signature"}) {
        if (!out.has(needed))
            return invalidKey(Tr::tr("its URL has no %1.").arg(QString::fromLatin1(needed)));
    }
    if (out.value("X-Amz-Algorithm") != kAlgorithm)
        return invalidKey(Tr::tr("it is not signed with AWS4-HMAC-SHA256."));
    return out;
}

Result<ShortTermKeyInfo> BedrockToken::inspect(const SecretString &key)
{
    const Result<ShortTermKeyUrl> url
        = decodeUrl(QByteArrayView(key.view().data(), qsizetype(key.size())));
    if (!url)
        return url.error();
    ShortTermKeyInfo info;
    info.host = url->host;
    info.action = url->value("Action");
    info.version = url->value("Version");
    info.signedHeaders = url->value("X-Amz-SignedHeaders");
    info.hasSessionToken = url->has("X-Amz-Security-Token");
    for (const auto &item : url->query) {
        if (item.first != "X-Amz-Signature" && item.first != "X-Amz-Security-Token")
            info.parameters.append(item);
    }
    // Credential = AKID/YYYYMMDD/REGION/SERVICE/aws4_request
    const QList<QByteArray> scope = url->value("X-Amz-Credential").split('/');
    if (scope.size() != 5 || scope[4] != "aws4_request" || scope[0].isEmpty())
        return invalidKey(Tr::tr("its credential scope is malformed."));
    info.accessKeyId = QString::fromUtf8(scope[0]);
    info.region = QString::fromUtf8(scope[2]);
    info.service = QString::fromUtf8(scope[3]);
    const std::optional<QDateTime> issued = parseAwsTime(url->value("X-Amz-Date"));
    if (!issued || scope[1] != url->value("X-Amz-Date").left(8))
        return invalidKey(Tr::tr("its X-Amz-Date is malformed."));
    bool numeric = false;
    const int lifetime = url->value("X-Amz-Expires").toInt(&numeric);
    if (!numeric || lifetime <= 0)
        return invalidKey(Tr::tr("its X-Amz-Expires is not a positive number of seconds."));
    info.issuedAt = *issued;
    info.lifetimeSeconds = lifetime;
    info.expiresAt = issued->addSecs(lifetime);
    return info;
}

} // namespace mantle::aws
