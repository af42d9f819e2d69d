#include "protocol/digest.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

namespace turn::proto {
namespace {

const char* digest_name(HashAlgorithm alg) {
    switch (alg) {
        case HashAlgorithm::Md5: return "MD5";
        case HashAlgorithm::Sha1: return "SHA1";
        case HashAlgorithm::Sha256: return "SHA256";
    }
    return "SHA256";
}

const EVP_MD* digest_of(HashAlgorithm alg) {
    switch (alg) {
        case HashAlgorithm::Md5: return EVP_md5();
        case HashAlgorithm::Sha1: return EVP_sha1();
        case HashAlgorithm::Sha256: return EVP_sha256();
    }
    return EVP_sha256();
}

// Fetched once per process and never changed: an immutable algorithm handle,
// not shared state (OpenSSL documents fetched objects as thread-safe).
EVP_MAC* hmac_algorithm() {
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct MacCtxFree {
    void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

}  // namespace

Digest hash(HashAlgorithm alg, ByteRanges parts) {
    Digest d;
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    unsigned int len = 0;
    if (ctx && EVP_DigestInit_ex(ctx.get(), digest_of(alg), nullptr) == 1) {
        for (auto p : parts) EVP_DigestUpdate(ctx.get(), p.data(), p.size());
        if (EVP_DigestFinal_ex(ctx.get(), d.bytes.data(), &len) == 1) d.size = len;
    }
    return d;
}

Digest hmac(HashAlgorithm alg, std::span<const std::uint8_t> key, ByteRanges parts) {
    Digest d;
    std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(hmac_algorithm()));
    if (!ctx) return d;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest_name(alg)), 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1) return d;
    for (auto p : parts) EVP_MAC_update(ctx.get(), p.data(), p.size());
    std::size_t len = 0;
    if (EVP_MAC_final(ctx.get(), d.bytes.data(), &len, d.bytes.size()) == 1) d.size = len;
    return d;
}

bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace turn::proto
