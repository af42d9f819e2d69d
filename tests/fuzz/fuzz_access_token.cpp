// libFuzzer target: RFC 7635 access tokens (auth/access_token.hpp) from
// hostile bytes. The first byte says what the rest is:
//   0: a whole ACCESS-TOKEN value, opened with coturn's example AS-RS key
//      for "example.com" (the seeds are tokens coturn's turnutils_oauth made)
//   1: an encrypted block's clear text, parsed as is
//   2: a clear block, sealed properly with that key and then opened: what a
//      hostile authorization server could send, past the tag check
// Nothing may crash or read out of bounds; a token that decodes must encode
// back to the same bytes under its own nonce.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "auth/access_token.hpp"
#include "auth/bytes.hpp"
#include "protocol/byte_order.hpp"

namespace {

using namespace turn;

constexpr std::string_view kServer = "example.com";

auth::GcmKey fuzz_key() {
    // coturn's examples/scripts/oauth.sh: base64 SEdrajMyS0pHaXV5MDk4c2RmYXFiTmpPaWF6NzE5MjM=
    constexpr std::string_view ikm = "HGkj32KJGiuy098sdfaqbNjOiaz71923";
    auth::GcmKey k{auth::GcmAlgorithm::Aes256, {}};
    std::copy(ikm.begin(), ikm.end(), k.bytes.begin());
    return k;
}

void require_round_trip(std::span<const std::uint8_t> token, const auth::GcmKey& key) {
    const auto decoded = auth::decode_access_token(token, key, kServer);
    if (!decoded) return;
    if (decoded->mac_key.size != auth::kMacKeySha1 && decoded->mac_key.size != auth::kMacKeySha256)
        __builtin_trap();
    const auth::GcmNonce nonce(token.data() + 2, auth::kGcmNonceSize);
    const auto again = auth::encode_access_token(*decoded, key, kServer, nonce);
    if (!again || !std::ranges::equal(*again, token)) __builtin_trap();
}

// Mode 2: `block` sealed under a fixed nonce into a well-formed token.
std::vector<std::uint8_t> seal(std::span<const std::uint8_t> block, const auth::GcmKey& key) {
    constexpr std::array<std::uint8_t, auth::kGcmNonceSize> nonce{'f', 'u', 'z', 'z', '-', 'n', 'o', 'n', 'c', 'e', 0, 1};
    std::vector<std::uint8_t> token(2 + nonce.size() + block.size() + auth::kGcmTagSize);
    proto::store_be16(token.data(), static_cast<std::uint16_t>(nonce.size()));
    std::copy(nonce.begin(), nonce.end(), token.begin() + 2);
    auth::GcmTag tag;
    const std::span<std::uint8_t> out(token.data() + 2 + nonce.size(), block.size());
    if (!auth::gcm_seal(key, nonce, auth::bytes_of(kServer), block, out, tag)) __builtin_trap();
    std::copy(tag.begin(), tag.end(), token.end() - static_cast<std::ptrdiff_t>(tag.size()));
    return token;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Tokens ride in one STUN attribute: never more than 64 KiB.
    if (size == 0 || size > 0x10000) return 0;
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    static const auth::GcmKey key = fuzz_key();
    switch (data[0] % 3) {
        case 0: require_round_trip(rest, key); break;
        case 1: {
            const auto t = auth::parse_token_block(rest);
            if (t && t->mac_key.size + 14 != rest.size()) __builtin_trap();
            break;
        }
        default: require_round_trip(seal(rest, key), key); break;
    }
    return 0;
}
