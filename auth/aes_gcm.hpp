// AES-GCM (NIST SP 800-38D) through OpenSSL's EVP interface: the AEAD that
// RFC 7635 §6.2 access tokens are sealed with, under the JOSE names A128GCM
// and A256GCM (RFC 7518 §5.3). Only what RFC 5116 §5.1-5.2 defines as
// AEAD_AES_128_GCM and AEAD_AES_256_GCM: 12-byte nonces, 16-byte tags.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

namespace turn::auth {

enum class GcmAlgorithm : std::uint8_t {
    Aes128,  // A128GCM: 16-byte key
    Aes256,  // A256GCM: 32-byte key
};

inline constexpr std::size_t kGcmNonceSize = 12;
inline constexpr std::size_t kGcmTagSize = 16;

constexpr std::size_t gcm_key_size(GcmAlgorithm a) { return a == GcmAlgorithm::Aes128 ? 16 : 32; }

// A key and the algorithm it is for; only the first gcm_key_size() bytes count.
struct GcmKey {
    GcmAlgorithm algorithm = GcmAlgorithm::Aes256;
    std::array<std::uint8_t, 32> bytes{};

    std::span<const std::uint8_t> view() const { return {bytes.data(), gcm_key_size(algorithm)}; }
    friend bool operator==(const GcmKey& a, const GcmKey& b) {
        if (a.algorithm != b.algorithm) return false;
        const auto x = a.view();
        const auto y = b.view();
        return std::equal(x.begin(), x.end(), y.begin());
    }
};

using GcmNonce = std::span<const std::uint8_t, kGcmNonceSize>;
using GcmTag = std::array<std::uint8_t, kGcmTagSize>;

// Encrypts `plaintext` into `out` (the same size) under `aad`, and returns the
// tag; false only when OpenSSL fails or out.size() != plaintext.size().
[[nodiscard]] bool gcm_seal(const GcmKey& key, GcmNonce nonce, std::span<const std::uint8_t> aad,
                            std::span<const std::uint8_t> plaintext, std::span<std::uint8_t> out, GcmTag& tag);

// Decrypts `ciphertext` into `out` (the same size) and checks `tag` over it
// and `aad`. False when the tag does not match (or OpenSSL fails, or the sizes
// differ); `out` is then zeroed, so no unauthenticated plaintext is left.
[[nodiscard]] bool gcm_open(const GcmKey& key, GcmNonce nonce, std::span<const std::uint8_t> aad,
                            std::span<const std::uint8_t> ciphertext, const GcmTag& tag, std::span<std::uint8_t> out);

}  // namespace turn::auth
