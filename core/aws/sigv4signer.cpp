#include "sigv4signer.h"

#include "sha256.h"
#include "uriencoding.h"

#include <QDate>
#include <QTime>

#include <openssl/crypto.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

namespace mantle::aws {

namespace {

constexpr QByteArrayView kAlgorithm = "AWS4-HMAC-SHA256";
constexpr QByteArrayView kEmptyBodyHash
    = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr int kMaxCachedKeys = 8;

/// The two forms of the time SigV4 uses: "20150830" and "20150830T123600Z".
struct SigningTime
{
    char date[9];
    char dateTime[17];
};

void writeDigits(char *out, int value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
}

SigningTime signingTime(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    SigningTime st{};
    writeDigits(st.date, d.year(), 4);
    writeDigits(st.date + 4, d.month(), 2);
    writeDigits(st.date + 6, d.day(), 2);
    std::copy_n(st.date, 8, st.dateTime);
    st.dateTime[8] = 'T';
    writeDigits(st.dateTime + 9, t.hour(), 2);
    writeDigits(st.dateTime + 11, t.minute(), 2);
    writeDigits(st.dateTime + 13, t.second(), 2);
    st.dateTime[15] = 'Z';
    return st;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/// Header values: leading and trailing white space removed, inner runs collapsed to one space.
void appendCanonicalHeaderValue(QByteArray &out, QByteArrayView value)
{
    bool pendingSpace = false;
    bool any = false;
    for (char c : value) {
        if (isSpace(c)) {
            pendingSpace = any;
            continue;
        }
        if (pendingSpace)
            out.append(' ');
        pendingSpace = false;
        any = true;
        out.append(c);
    }
}

struct CanonicalHeader
{
    QByteArray name; // lower case
    QByteArray value;
};

struct QueryPair
{
    QByteArray key; // encoded
    QByteArray value; // encoded
};

/// Sorted by name; repeated names keep their order and are merged with commas.
std::vector<CanonicalHeader> canonicalHeaders(const HeaderList &given, const QByteArray &host,
                                              const QList<QPair<QByteArray, QByteArray>> &added)
{
    std::vector<CanonicalHeader> headers;
    headers.reserve(size_t(given.size() + added.size()) + 1);
    headers.push_back({QByteArrayLiteral("host"), QByteArray()});
    appendCanonicalHeaderValue(headers.back().value, host);
    for (const auto &[name, value] : given) {
        CanonicalHeader h{name.trimmed().toLower(), QByteArray()};
        if (h.name == "host")
            continue; // the host is always the request's own
        appendCanonicalHeaderValue(h.value, value);
        headers.push_back(std::move(h));
    }
    for (const auto &[name, value] : added)
        headers.push_back({name, value});
    std::stable_sort(
        headers.begin(), headers.end(),
        [](const CanonicalHeader &a, const CanonicalHeader &b) { return a.name < b.name; });
    std::vector<CanonicalHeader> merged;
    merged.reserve(headers.size());
    for (auto &h : headers) {
        if (!merged.empty() && merged.back().name == h.name) {
            merged.back().value.append(',').append(h.value);
        } else {
            merged.push_back(std::move(h));
        }
    }
    return merged;
}

QByteArray canonicalQuery(std::vector<QueryPair> &pairs)
{
    std::sort(pairs.begin(), pairs.end(), [](const QueryPair &a, const QueryPair &b) {
        return a.key < b.key || (a.key == b.key && a.value < b.value);
    });
    QByteArray out;
    for (const auto &p : pairs) {
        if (!out.isEmpty())
            out.append('&');
        out.append(p.key).append('=').append(p.value);
    }
    return out;
}

std::vector<QueryPair> encodedQuery(const QueryList &query)
{
    std::vector<QueryPair> pairs;
    pairs.reserve(size_t(query.size()) + 7);
    for (const auto &[key, value] : query)
        pairs.push_back({uriEncode(key), uriEncode(value)});
    return pairs;
}

} // namespace

struct SigV4Signer::Private
{
    struct CachedKey
    {
        QString accessKeyId;
        SecretString secret;
        QByteArray scope; // date/region/service
        Sha256Digest key;
    };

    mutable std::mutex mutex;
    mutable std::vector<CachedKey> cache; // most recently used last
    mutable int derived = 0;

    Sha256Digest signingKey(const Credentials &credentials, QByteArrayView date,
                            QByteArrayView region, QByteArrayView service) const;

    SignedRequest signCommon(const SigningRequest &request, const Credentials &credentials,
                             const SigningOptions &options, const QDateTime &time,
                             int presignExpiry) const;
};

Sha256Digest SigV4Signer::Private::signingKey(const Credentials &credentials, QByteArrayView date,
                                              QByteArrayView region, QByteArrayView service) const
{
    QByteArray scope;
    scope.reserve(date.size() + region.size() + service.size() + 2);
    scope.append(date).append('/').append(region).append('/').append(service);
    {
        std::lock_guard lock(mutex);
        for (auto it = cache.begin(); it != cache.end(); ++it) {
            if (it->scope == scope && it->accessKeyId == credentials.accessKeyId
                && it->secret == credentials.secretAccessKey) {
                const Sha256Digest key = it->key;
                if (it + 1 != cache.end())
                    std::rotate(it, it + 1, cache.end());
                return key;
            }
        }
    }
    // kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
    std::string seed = "AWS4";
    seed.append(credentials.secretAccessKey.view());
    Sha256Digest k = hmacSha256(QByteArrayView(seed.data(), qsizetype(seed.size())), date);
    OPENSSL_cleanse(seed.data(), seed.size());
    k = hmacSha256(digestView(k), region);
    k = hmacSha256(digestView(k), service);
    k = hmacSha256(digestView(k), "aws4_request");

    std::lock_guard lock(mutex);
    ++derived;
    if (cache.size() >= size_t(kMaxCachedKeys))
        cache.erase(cache.begin());
    cache.push_back({credentials.accessKeyId, credentials.secretAccessKey, scope, k});
    return k;
}

SignedRequest SigV4Signer::Private::signCommon(const SigningRequest &request,
                                               const Credentials &credentials,
                                               const SigningOptions &options, const QDateTime &time,
                                               int presignExpiry) const
{
    const bool presigning = presignExpiry > 0;
    const SigningTime st = signingTime(time);
    const QByteArrayView date(st.date, 8);
    const QByteArrayView dateTime(st.dateTime, 16);

    QByteArray payloadHash = request.payloadHash;
    if (payloadHash.isEmpty())
        payloadHash = request.body.isEmpty() ? QByteArray(kEmptyBodyHash.data(), 64)
                                             : toHex(sha256(request.body));

    QByteArray scope;
    scope.reserve(64);
    scope.append(date).append('/').append(options.region).append('/').append(options.service);
    scope.append("/aws4_request");

    const QByteArray sessionToken(credentials.sessionToken.view().data(),
                                  qsizetype(credentials.sessionToken.size()));
    const bool withToken = !sessionToken.isEmpty();

    // Headers the signer adds itself (lower-case names for the canonical form).
    QList<QPair<QByteArray, QByteArray>> added;
    if (!presigning) {
        added.append({QByteArrayLiteral("x-amz-date"), dateTime.toByteArray()});
        if (withToken && options.signSessionToken)
            added.append({QByteArrayLiteral("x-amz-security-token"), sessionToken});
        if (options.addContentSha256)
            added.append({QByteArrayLiteral("x-amz-content-sha256"), payloadHash});
    }
    const std::vector<CanonicalHeader> headers
        = canonicalHeaders(request.headers, request.host, added);

    SignedRequest out;
    for (const auto &h : headers) {
        if (!out.signedHeaders.isEmpty())
            out.signedHeaders.append(';');
        out.signedHeaders.append(h.name);
    }

    std::vector<QueryPair> query = encodedQuery(request.query);
    if (presigning) {
        QByteArray credential = credentials.accessKeyId.toUtf8();
        credential.append('/').append(scope);
        query.push_back({"X-Amz-Algorithm", kAlgorithm.toByteArray()});
        query.push_back({"X-Amz-Credential", uriEncode(credential)});
        query.push_back({"X-Amz-Date", dateTime.toByteArray()});
        query.push_back({"X-Amz-Expires", QByteArray::number(presignExpiry)});
        if (withToken && options.signSessionToken)
            query.push_back({"X-Amz-Security-Token", uriEncode(sessionToken)});
        query.push_back({"X-Amz-SignedHeaders", uriEncode(out.signedHeaders)});
    }
    const QByteArray canonicalQueryString = canonicalQuery(query);

    const QByteArray normalized
        = options.normalizePath ? normalizePath(request.path) : request.path;
    QByteArray &cr = out.canonicalRequest;
    cr.reserve(256 + request.body.size() / 64);
    cr.append(request.method.toUpper()).append('\n');
    appendUriEncoded(cr, normalized.isEmpty() ? QByteArrayView("/") : QByteArrayView(normalized),
                     true);
    cr.append('\n').append(canonicalQueryString).append('\n');
    for (const auto &h : headers)
        cr.append(h.name).append(':').append(h.value).append('\n');
    cr.append('\n').append(out.signedHeaders).append('\n').append(payloadHash);

    QByteArray &sts = out.stringToSign;
    sts.reserve(kAlgorithm.size() + dateTime.size() + scope.size() + 67);
    sts.append(kAlgorithm).append('\n').append(dateTime).append('\n').append(scope).append('\n');
    appendHex(sts, sha256(cr));

    const Sha256Digest key = signingKey(credentials, date, options.region, options.service);
    appendHex(out.signature, hmacSha256(digestView(key), sts));

    QByteArray &wire = out.pathAndQuery;
    wire = request.path.isEmpty() ? QByteArrayLiteral("/") : request.path;
    if (!canonicalQueryString.isEmpty())
        wire.append('?').append(canonicalQueryString);

    if (presigning) {
        if (withToken && !options.signSessionToken)
            wire.append("&X-Amz-Security-Token=").append(uriEncode(sessionToken));
        wire.append("&X-Amz-Signature=").append(out.signature);
        return out;
    }

    out.authorization.reserve(160 + out.signedHeaders.size());
    out.authorization.append(kAlgorithm)
        .append(" Credential=")
        .append(credentials.accessKeyId.toUtf8())
        .append('/')
        .append(scope)
        .append(", SignedHeaders=")
        .append(out.signedHeaders)
        .append(", Signature=")
        .append(out.signature);

    out.headersToAdd.append({QByteArrayLiteral("X-Amz-Date"), dateTime.toByteArray()});
    if (withToken)
        out.headersToAdd.append({QByteArrayLiteral("X-Amz-Security-Token"), sessionToken});
    if (options.addContentSha256)
        out.headersToAdd.append({QByteArrayLiteral("x-amz-content-sha256"), payloadHash});
    out.headersToAdd.append({QByteArrayLiteral("Authorization"), out.authorization});
    return out;
}

SigV4Signer::SigV4Signer()
    : d(std::make_unique<Private>())
{ }

SigV4Signer::~SigV4Signer() = default;

SignedRequest SigV4Signer::sign(const SigningRequest &request, const Credentials &credentials,
                                const SigningOptions &options, const QDateTime &time) const
{
    return d->signCommon(request, credentials, options, time, 0);
}

SignedRequest SigV4Signer::presign(const SigningRequest &request, const Credentials &credentials,
                                   const SigningOptions &options, const QDateTime &time,
                                   int expiresInSeconds) const
{
    return d->signCommon(request, credentials, options, time,
                         std::clamp(expiresInSeconds, 1, 604800));
}

int SigV4Signer::derivedKeyCount() const
{
    std::lock_guard lock(d->mutex);
    return d->derived;
}

} // namespace mantle::aws
