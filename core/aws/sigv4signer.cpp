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
    char date[8];
    char dateTime[16];
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

/// A piece of the scratch buffer. Offsets, not pointers: the buffer may grow.
struct Piece
{
    qsizetype offset = 0;
    qsizetype size = 0;
};

/// Everything one signature needs to write down, in one buffer, so that signing allocates a
/// handful of times rather than once per header and query parameter.
class Scratch
{
public:
    explicit Scratch(qsizetype reserve) { m_bytes.reserve(reserve); }

    QByteArrayView view(Piece p) const { return QByteArrayView(m_bytes).sliced(p.offset, p.size); }

    Piece lowerCase(QByteArrayView text)
    {
        text = text.trimmed();
        const Piece p = begin();
        char *w = grow(text.size());
        for (char c : text)
            *w++ = c >= 'A' && c <= 'Z' ? char(c + 32) : c;
        return end(p);
    }

    /// Header values: leading and trailing white space removed, inner runs collapsed to one space.
    Piece headerValue(QByteArrayView value)
    {
        const Piece p = begin();
        char *const start = grow(value.size());
        char *w = start;
        bool pendingSpace = false;
        for (char c : value) {
            if (isSpace(c)) {
                pendingSpace = w != start;
                continue;
            }
            if (pendingSpace)
                *w++ = ' ';
            pendingSpace = false;
            *w++ = c;
        }
        m_bytes.truncate(p.offset + (w - start));
        return end(p);
    }

    Piece verbatim(QByteArrayView text)
    {
        const Piece p = begin();
        m_bytes.append(text);
        return end(p);
    }

    Piece encoded(QByteArrayView text)
    {
        const Piece p = begin();
        appendUriEncoded(m_bytes, text);
        return end(p);
    }

private:
    /// Makes room for n more bytes and returns where they start.
    char *grow(qsizetype n)
    {
        const qsizetype at = m_bytes.size();
        m_bytes.resize(at + n);
        return m_bytes.data() + at;
    }
    Piece begin() const { return {m_bytes.size(), 0}; }
    Piece end(Piece p) const { return {p.offset, m_bytes.size() - p.offset}; }

    QByteArray m_bytes;
};

struct HeaderEntry
{
    Piece name;
    Piece value;
};

struct QueryEntry
{
    Piece key;
    Piece value;
};

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

    Sha256Digest signingKey(const Credentials &credentials, QByteArrayView scope,
                            QByteArrayView date, QByteArrayView region,
                            QByteArrayView service) const;

    SignedRequest signCommon(const SigningRequest &request, const Credentials &credentials,
                             const SigningOptions &options, const QDateTime &time,
                             int presignExpiry) const;
};

Sha256Digest SigV4Signer::Private::signingKey(const Credentials &credentials, QByteArrayView scope,
                                              QByteArrayView date, QByteArrayView region,
                                              QByteArrayView service) const
{
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
    cache.push_back({credentials.accessKeyId, credentials.secretAccessKey, scope.toByteArray(), k});
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
    const QByteArrayView sessionToken(credentials.sessionToken.view().data(),
                                      qsizetype(credentials.sessionToken.size()));
    const bool withToken = !sessionToken.isEmpty();
    const QByteArray accessKeyId = credentials.accessKeyId.toUtf8();

    char payloadHex[64];
    QByteArrayView payloadHash = request.payloadHash;
    if (payloadHash.isEmpty()) {
        if (request.body.isEmpty()) {
            payloadHash = kEmptyBodyHash;
        } else {
            QByteArray hex;
            appendHex(hex, sha256(request.body));
            std::copy_n(hex.constData(), 64, payloadHex);
            payloadHash = QByteArrayView(payloadHex, 64);
        }
    }

    // scope: date/region/service/aws4_request; the key cache is keyed by its first three parts.
    QByteArray scope;
    scope.reserve(date.size() + options.region.size() + options.service.size() + 16);
    scope.append(date).append('/').append(options.region).append('/').append(options.service);
    const qsizetype keyScopeSize = scope.size();
    scope.append("/aws4_request");

    qsizetype estimate = 64 + request.host.size() + sessionToken.size() * 2 + request.path.size();
    for (const auto &[name, value] : request.headers)
        estimate += name.size() + value.size();
    for (const auto &[key, value] : request.query)
        estimate += 3 * (key.size() + value.size()) + 2;
    Scratch scratch(estimate + 256);

    // The headers to sign: host, the caller's, then those the signer adds itself.
    std::vector<HeaderEntry> headers;
    headers.reserve(size_t(request.headers.size()) + 4);
    headers.push_back({scratch.verbatim("host"), scratch.headerValue(request.host)});
    for (const auto &[name, value] : request.headers) {
        const Piece lower = scratch.lowerCase(name);
        if (scratch.view(lower) == "host")
            continue; // the host is always the request's own
        headers.push_back({lower, scratch.headerValue(value)});
    }
    if (!presigning) {
        headers.push_back({scratch.verbatim("x-amz-date"), scratch.verbatim(dateTime)});
        if (withToken && options.signSessionToken)
            headers.push_back(
                {scratch.verbatim("x-amz-security-token"), scratch.verbatim(sessionToken)});
        if (options.addContentSha256)
            headers.push_back(
                {scratch.verbatim("x-amz-content-sha256"), scratch.verbatim(payloadHash)});
    }
    // Sorted by name; repeated names keep their order (stable) and are joined with commas.
    // (An insertion sort: a request has a handful of headers.)
    for (size_t i = 1; i < headers.size(); ++i) {
        const HeaderEntry entry = headers[i];
        size_t j = i;
        for (; j > 0 && scratch.view(entry.name) < scratch.view(headers[j - 1].name); --j)
            headers[j] = headers[j - 1];
        headers[j] = entry;
    }

    SignedRequest out;
    out.signedHeaders.reserve(qsizetype(headers.size()) * 16);
    for (size_t i = 0; i < headers.size(); ++i) {
        if (i > 0 && scratch.view(headers[i].name) == scratch.view(headers[i - 1].name))
            continue;
        if (!out.signedHeaders.isEmpty())
            out.signedHeaders.append(';');
        out.signedHeaders.append(scratch.view(headers[i].name));
    }

    std::vector<QueryEntry> query;
    query.reserve(size_t(request.query.size()) + 6);
    for (const auto &[key, value] : request.query)
        query.push_back({scratch.encoded(key), scratch.encoded(value)});
    if (presigning) {
        QByteArray credential = accessKeyId;
        credential.append('/').append(scope);
        query.push_back({scratch.verbatim("X-Amz-Algorithm"), scratch.verbatim(kAlgorithm)});
        query.push_back({scratch.verbatim("X-Amz-Credential"), scratch.encoded(credential)});
        query.push_back({scratch.verbatim("X-Amz-Date"), scratch.verbatim(dateTime)});
        query.push_back({scratch.verbatim("X-Amz-Expires"),
                         scratch.verbatim(QByteArray::number(presignExpiry))});
        if (withToken && options.signSessionToken)
            query.push_back(
                {scratch.verbatim("X-Amz-Security-Token"), scratch.encoded(sessionToken)});
        query.push_back(
            {scratch.verbatim("X-Amz-SignedHeaders"), scratch.encoded(out.signedHeaders)});
    }
    std::sort(query.begin(), query.end(), [&](const QueryEntry &a, const QueryEntry &b) {
        const QByteArrayView ak = scratch.view(a.key), bk = scratch.view(b.key);
        return ak < bk || (ak == bk && scratch.view(a.value) < scratch.view(b.value));
    });

    const QByteArray normalized
        = options.normalizePath ? normalizePath(request.path) : request.path;
    QByteArray &cr = out.canonicalRequest;
    cr.reserve(estimate + normalized.size() * 2 + 256);
    cr.append(request.method);
    for (char &c : cr) {
        if (c >= 'a' && c <= 'z')
            c = char(c - 32);
    }
    cr.append('\n');
    appendUriEncoded(cr, normalized.isEmpty() ? QByteArrayView("/") : QByteArrayView(normalized),
                     true);
    cr.append('\n');
    const qsizetype queryStart = cr.size();
    for (size_t i = 0; i < query.size(); ++i) {
        if (i)
            cr.append('&');
        cr.append(scratch.view(query[i].key)).append('=').append(scratch.view(query[i].value));
    }
    const qsizetype querySize = cr.size() - queryStart;
    cr.append('\n');
    for (size_t i = 0; i < headers.size(); ++i) {
        const bool repeated
            = i > 0 && scratch.view(headers[i].name) == scratch.view(headers[i - 1].name);
        if (repeated) {
            cr.chop(1); // the newline of the previous value with the same name
            cr.append(',');
        } else {
            cr.append(scratch.view(headers[i].name)).append(':');
        }
        cr.append(scratch.view(headers[i].value)).append('\n');
    }
    cr.append('\n').append(out.signedHeaders).append('\n').append(payloadHash);

    QByteArray &sts = out.stringToSign;
    sts.reserve(kAlgorithm.size() + dateTime.size() + scope.size() + 67);
    sts.append(kAlgorithm).append('\n').append(dateTime).append('\n').append(scope).append('\n');
    appendHex(sts, sha256(cr));

    const Sha256Digest key = signingKey(credentials, QByteArrayView(scope).first(keyScopeSize),
                                        date, options.region, options.service);
    out.signature.reserve(64);
    appendHex(out.signature, hmacSha256(digestView(key), sts));

    QByteArray &wire = out.pathAndQuery;
    wire.reserve(request.path.size() + querySize + 160);
    wire.append(request.path.isEmpty() ? QByteArrayView("/") : QByteArrayView(request.path));
    if (querySize > 0)
        wire.append('?').append(QByteArrayView(cr).sliced(queryStart, querySize));

    if (presigning) {
        if (withToken && !options.signSessionToken)
            wire.append("&X-Amz-Security-Token=").append(uriEncode(sessionToken));
        wire.append("&X-Amz-Signature=").append(out.signature);
        return out;
    }

    out.authorization.reserve(kAlgorithm.size() + accessKeyId.size() + scope.size()
                              + out.signedHeaders.size() + 64 + 40);
    out.authorization.append(kAlgorithm)
        .append(" Credential=")
        .append(accessKeyId)
        .append('/')
        .append(scope)
        .append(", SignedHeaders=")
        .append(out.signedHeaders)
        .append(", Signature=")
        .append(out.signature);

    out.headersToAdd.reserve(4);
    out.headersToAdd.append({QByteArrayLiteral("X-Amz-Date"), dateTime.toByteArray()});
    if (withToken)
        out.headersToAdd.append(
            {QByteArrayLiteral("X-Amz-Security-Token"), sessionToken.toByteArray()});
    if (options.addContentSha256)
        out.headersToAdd.append(
            {QByteArrayLiteral("x-amz-content-sha256"), payloadHash.toByteArray()});
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
