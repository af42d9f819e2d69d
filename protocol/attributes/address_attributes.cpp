#include "protocol/attributes/address_attributes.hpp"

#include "protocol/byte_order.hpp"

namespace turn::proto {
namespace {

constexpr std::size_t kFamilyPortSize = 4;

// The 16-byte XOR mask: magic cookie then transaction ID (RFC 8489 §14.2).
std::array<std::uint8_t, 16> xor_mask(const TransactionId& tid) {
    std::array<std::uint8_t, 16> mask{};
    store_be32(mask.data(), kMagicCookie);
    std::copy(tid.bytes.begin(), tid.bytes.end(), mask.begin() + 4);
    return mask;
}

}  // namespace

std::size_t address_value_size(const TransportAddress& a) { return kFamilyPortSize + a.ip_size(); }

void encode_address(std::span<std::uint8_t> out, const TransportAddress& a, bool xored,
                    const TransactionId& tid) {
    const auto mask = xor_mask(tid);
    out[0] = 0;
    out[1] = static_cast<std::uint8_t>(a.family);
    const std::uint16_t port = xored ? static_cast<std::uint16_t>(a.port ^ (kMagicCookie >> 16)) : a.port;
    store_be16(out.data() + 2, port);
    for (std::size_t i = 0; i < a.ip_size(); ++i)
        out[kFamilyPortSize + i] = xored ? static_cast<std::uint8_t>(a.ip[i] ^ mask[i]) : a.ip[i];
}

Result<TransportAddress, AttrError> decode_address(std::span<const std::uint8_t> v, bool xored,
                                                   const TransactionId& tid) {
    if (v.size() < kFamilyPortSize) return unexpected(AttrError::BadLength);
    TransportAddress a;
    if (v[1] == static_cast<std::uint8_t>(AddressFamily::IPv4)) {
        a.family = AddressFamily::IPv4;
    } else if (v[1] == static_cast<std::uint8_t>(AddressFamily::IPv6)) {
        a.family = AddressFamily::IPv6;
    } else {
        return unexpected(AttrError::BadFamily);
    }
    if (v.size() != kFamilyPortSize + a.ip_size()) return unexpected(AttrError::BadLength);
    const auto mask = xor_mask(tid);
    const std::uint16_t port = load_be16(v.data() + 2);
    a.port = xored ? static_cast<std::uint16_t>(port ^ (kMagicCookie >> 16)) : port;
    for (std::size_t i = 0; i < a.ip_size(); ++i)
        a.ip[i] = xored ? static_cast<std::uint8_t>(v[kFamilyPortSize + i] ^ mask[i]) : v[kFamilyPortSize + i];
    return a;
}

}  // namespace turn::proto
