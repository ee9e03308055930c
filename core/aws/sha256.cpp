#include "sha256.h"

#include <QtGlobal>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace mantle::aws {

namespace {

// OpenSSL 3 looks an algorithm up on every implicit use (EVP_sha256(), HMAC()); fetching once and
// keeping a context per thread makes a signature several times cheaper.
const EVP_MD *sha256Algorithm()
{
    static EVP_MD *const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
EVP_MD_CTX *threadDigestContext()
{
    thread_local std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    return ctx.get();
}

[[noreturn]] void cryptoFailure(const char *what)
{
    // Only reachable when OpenSSL itself is broken (no default provider): nothing can be signed
    // or verified, and going on would send unsigned requests.
    qFatal("%s: the OpenSSL installation has no usable default provider", what);
}

} // namespace

Sha256Digest sha256(QByteArrayView data)
{
    Sha256Digest out{};
    EVP_MD_CTX *ctx = threadDigestContext();
    unsigned int len = 0;
    if (!ctx || !sha256Algorithm() || EVP_DigestInit_ex2(ctx, sha256Algorithm(), nullptr) != 1
        || EVP_DigestUpdate(ctx, data.data(), size_t(data.size())) != 1
        || EVP_DigestFinal_ex(ctx, out.data(), &len) != 1 || len != out.size())
        cryptoFailure("OpenSSL SHA-256 failed");
    return out;
}

Sha256Digest hmacSha256(QByteArrayView key, QByteArrayView data)
{
    // HMAC (RFC 2104) over the SHA-256 digest above. OpenSSL 3's EVP_MAC re-initialises three
    // digest contexts on every new key, which made key derivation cost more than the rest of a
    // signature; two passes over one reused context do the same work.
    constexpr size_t kBlock = 64;
    unsigned char block[kBlock] = {};
    if (size_t(key.size()) > kBlock) {
        const Sha256Digest hashed = sha256(key);
        std::memcpy(block, hashed.data(), hashed.size());
    } else if (!key.isEmpty()) {
        std::memcpy(block, key.data(), size_t(key.size()));
    }
    unsigned char pad[kBlock];
    Sha256Digest inner{};
    Sha256Digest out{};
    EVP_MD_CTX *ctx = threadDigestContext();
    const EVP_MD *md = sha256Algorithm();
    unsigned int len = 0;
    bool ok = ctx && md;
    for (size_t i = 0; i < kBlock; ++i)
        pad[i] = block[i] ^ 0x36;
    ok = ok && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 && EVP_DigestUpdate(ctx, pad, kBlock) == 1
        && EVP_DigestUpdate(ctx, data.data(), size_t(data.size())) == 1
        && EVP_DigestFinal_ex(ctx, inner.data(), &len) == 1;
    for (size_t i = 0; i < kBlock; ++i)
        pad[i] = block[i] ^ 0x5c;
    ok = ok && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 && EVP_DigestUpdate(ctx, pad, kBlock) == 1
        && EVP_DigestUpdate(ctx, inner.data(), inner.size()) == 1
        && EVP_DigestFinal_ex(ctx, out.data(), &len) == 1;
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
    OPENSSL_cleanse(inner.data(), inner.size());
    if (!ok)
        cryptoFailure("OpenSSL HMAC-SHA-256 failed");
    return out;
}

void appendHex(QByteArray &out, const Sha256Digest &digest)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const qsizetype at = out.size();
    out.resize(at + 64);
    char *p = out.data() + at;
    for (unsigned char b : digest) {
        *p++ = kHex[b >> 4];
        *p++ = kHex[b & 0xf];
    }
}

} // namespace mantle::aws
