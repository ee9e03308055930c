#include "sha256.h"

#include <QtGlobal>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

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

EVP_MAC *hmacAlgorithm()
{
    static EVP_MAC *const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct MacCtxFree
{
    void operator()(EVP_MAC_CTX *ctx) const { EVP_MAC_CTX_free(ctx); }
};

EVP_MD_CTX *threadDigestContext()
{
    thread_local std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    return ctx.get();
}

EVP_MAC_CTX *threadHmacContext()
{
    thread_local std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx = [] {
        std::unique_ptr<EVP_MAC_CTX, MacCtxFree> c(EVP_MAC_CTX_new(hmacAlgorithm()));
        char digestName[] = "SHA256";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
            OSSL_PARAM_construct_end(),
        };
        if (!c || EVP_MAC_CTX_set_params(c.get(), params) != 1)
            c.reset();
        return c;
    }();
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
    Sha256Digest out{};
    EVP_MAC_CTX *ctx = threadHmacContext();
    size_t len = 0;
    if (!ctx
        || EVP_MAC_init(ctx, reinterpret_cast<const unsigned char *>(key.data()),
                        size_t(key.size()), nullptr)
            != 1
        || EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(data.data()),
                          size_t(data.size()))
            != 1
        || EVP_MAC_final(ctx, out.data(), &len, out.size()) != 1 || len != out.size())
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
