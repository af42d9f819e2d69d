#include "protocol/integrity.hpp"

#include <algorithm>

#include "protocol/byte_order.hpp"

namespace turn::proto {
namespace {

IntegrityStatus verify_attr(const StunMessage& m, AttrType type, HashAlgorithm alg,
                            std::span<const std::uint8_t> key) {
    const RawAttribute* a = m.find(type);
    if (a == nullptr) return IntegrityStatus::Missing;
    // The length as if this attribute ended the message (RFC 8489 §14.5).
    const auto adjusted = static_cast<std::uint16_t>(a->offset - kHeaderSize + kAttrHeaderSize + a->length);
    const Digest d = integrity_hmac(alg, key, m.bytes(), a->offset, adjusted);
    // SHA-256 values may be truncated to 16..32 bytes (§14.6); compare that prefix.
    const auto received = m.value_of(*a);
    if (d.size < received.size()) return IntegrityStatus::Invalid;
    return equal_constant_time(d.view().first(received.size()), received) ? IntegrityStatus::Valid
                                                                          : IntegrityStatus::Invalid;
}

}  // namespace

Digest integrity_hmac(HashAlgorithm alg, std::span<const std::uint8_t> key,
                      std::span<const std::uint8_t> message, std::size_t attr_offset,
                      std::uint16_t adjusted_length) {
    std::array<std::uint8_t, kHeaderSize> header{};
    std::copy_n(message.begin(), kHeaderSize, header.begin());
    store_be16(header.data() + 2, adjusted_length);
    return hmac(alg, key, {header, message.subspan(kHeaderSize, attr_offset - kHeaderSize)});
}

IntegrityStatus verify_message_integrity(const StunMessage& m, std::span<const std::uint8_t> key) {
    return verify_attr(m, AttrType::MessageIntegrity, HashAlgorithm::Sha1, key);
}

IntegrityStatus verify_message_integrity_sha256(const StunMessage& m, std::span<const std::uint8_t> key) {
    return verify_attr(m, AttrType::MessageIntegritySha256, HashAlgorithm::Sha256, key);
}

IntegrityStatus verify_integrity(const StunMessage& m, std::span<const std::uint8_t> key) {
    if (m.has(AttrType::MessageIntegritySha256)) return verify_message_integrity_sha256(m, key);
    return verify_message_integrity(m, key);
}

}  // namespace turn::proto
