#include "auth/aes_gcm.hpp"

#include <openssl/evp.h>

#include <climits>
#include <memory>

namespace turn::auth {
namespace {

struct CtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const EVP_CIPHER* cipher_of(GcmAlgorithm a) {
    return a == GcmAlgorithm::Aes128 ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
}

// EVP takes int lengths; every STUN attribute is far below INT_MAX, but a
// caller's span is checked rather than trusted.
bool fits_int(std::size_t n) { return n <= static_cast<std::size_t>(INT_MAX); }

// A context set up for one operation with `key` and `nonce` (12 bytes is
// GCM's default IV length, so no EVP_CTRL_GCM_SET_IVLEN is needed).
Ctx start(bool encrypt, const GcmKey& key, GcmNonce nonce) {
    Ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return nullptr;
    const int ok = EVP_CipherInit_ex(ctx.get(), cipher_of(key.algorithm), nullptr, key.bytes.data(), nonce.data(),
                                     encrypt ? 1 : 0);
    return ok == 1 ? std::move(ctx) : nullptr;
}

// Feeds the AAD, then `in` into `out`; in GCM (a stream mode) every byte
// comes out of the update call, none is held back for the final one.
bool update(EVP_CIPHER_CTX* ctx, std::span<const std::uint8_t> aad, std::span<const std::uint8_t> in,
            std::span<std::uint8_t> out) {
    int n = 0;
    if (!aad.empty() && EVP_CipherUpdate(ctx, nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1)
        return false;
    if (in.empty()) return true;
    return EVP_CipherUpdate(ctx, out.data(), &n, in.data(), static_cast<int>(in.size())) == 1 &&
           static_cast<std::size_t>(n) == in.size();
}

}  // namespace

bool gcm_seal(const GcmKey& key, GcmNonce nonce, std::span<const std::uint8_t> aad,
              std::span<const std::uint8_t> plaintext, std::span<std::uint8_t> out, GcmTag& tag) {
    if (out.size() != plaintext.size() || !fits_int(plaintext.size()) || !fits_int(aad.size())) return false;
    const Ctx ctx = start(true, key, nonce);
    if (!ctx || !update(ctx.get(), aad, plaintext, out)) return false;
    int n = 0;
    std::uint8_t none[16];
    if (EVP_EncryptFinal_ex(ctx.get(), none, &n) != 1 || n != 0) return false;
    return EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag.size()), tag.data()) == 1;
}

bool gcm_open(const GcmKey& key, GcmNonce nonce, std::span<const std::uint8_t> aad,
              std::span<const std::uint8_t> ciphertext, const GcmTag& tag, std::span<std::uint8_t> out) {
    if (out.size() != ciphertext.size() || !fits_int(ciphertext.size()) || !fits_int(aad.size())) return false;
    const Ctx ctx = start(false, key, nonce);
    bool ok = ctx && update(ctx.get(), aad, ciphertext, out);
    // EVP_CTRL_GCM_SET_TAG takes a non-const pointer but only reads it.
    GcmTag expected = tag;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(expected.size()),
                                   expected.data()) == 1;
    int n = 0;
    std::uint8_t none[16];
    // The final call compares the tag (in constant time, inside OpenSSL).
    ok = ok && EVP_DecryptFinal_ex(ctx.get(), none, &n) == 1 && n == 0;
    if (!ok) std::fill(out.begin(), out.end(), std::uint8_t{0});
    return ok;
}

}  // namespace turn::auth
