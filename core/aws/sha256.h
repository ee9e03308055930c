#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace mantle::aws {

using Sha256Digest = std::array<unsigned char, 32>;

/// SHA-256 of `data`, with OpenSSL's EVP interface (algorithm fetched once, contexts reused).
Sha256Digest sha256(QByteArrayView data);

/// HMAC-SHA-256 of `data` under `key` (RFC 2104 over the SHA-256 above).
Sha256Digest hmacSha256(QByteArrayView key, QByteArrayView data);

/// Appends the digest as 64 lower-case hex digits.
void appendHex(QByteArray &out, const Sha256Digest &digest);

inline QByteArray toHex(const Sha256Digest &digest)
{
    QByteArray out;
    out.reserve(64);
    appendHex(out, digest);
    return out;
}

inline QByteArrayView digestView(const Sha256Digest &digest)
{
    return QByteArrayView(reinterpret_cast<const char *>(digest.data()), qsizetype(digest.size()));
}

} // namespace mantle::aws
