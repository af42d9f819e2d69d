#include "relay/ip_range.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <span>

namespace turn::relay {
namespace {

bool less_equal(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b, std::size_t n) {
    return !std::lexicographical_compare(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n), a.begin(),
                                         a.begin() + static_cast<std::ptrdiff_t>(n));
}

std::size_t ip_size(proto::AddressFamily f) { return f == proto::AddressFamily::IPv4 ? 4 : 16; }

}  // namespace

std::optional<IpRange> IpRange::cidr(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto base = proto::TransportAddress::parse(text.substr(0, slash), 0);
    if (!base) return std::nullopt;
    unsigned bits = 0;
    const auto len = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), bits);
    const std::size_t size = ip_size(base->family);
    if (ec != std::errc{} || end != len.data() + len.size() || bits > size * 8) return std::nullopt;
    IpRange r{base->family, base->ip, base->ip};
    for (std::size_t i = 0; i < size; ++i) {
        // How many bits of byte i belong to the prefix (0..8).
        const unsigned keep = bits > i * 8 ? std::min(8u, bits - static_cast<unsigned>(i * 8)) : 0;
        const auto mask = static_cast<std::uint8_t>(keep == 0 ? 0 : 0xFF << (8 - keep));
        r.first[i] = base->ip[i] & mask;
        r.last[i] = static_cast<std::uint8_t>(r.first[i] | static_cast<std::uint8_t>(~mask));
    }
    return r;
}

std::optional<IpRange> IpRange::parse(std::string_view text) {
    const auto dash = text.find('-');
    const auto a = proto::TransportAddress::parse(text.substr(0, dash), 0);
    if (!a) return std::nullopt;
    const auto b = dash == std::string_view::npos ? a : proto::TransportAddress::parse(text.substr(dash + 1), 0);
    if (!b || b->family != a->family || !less_equal(a->ip, b->ip, a->ip_size())) return std::nullopt;
    return IpRange{a->family, a->ip, b->ip};
}

bool IpRange::contains(const proto::TransportAddress& a) const {
    if (a.family != family) return false;
    const std::size_t n = ip_size(family);
    return less_equal(first, a.ip, n) && less_equal(a.ip, last, n);
}

namespace {

constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
constexpr std::uint8_t kNat64Prefix[12] = {0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
constexpr std::uint8_t k6to4Prefix[2] = {0x20, 0x02};

bool has_prefix(const proto::TransportAddress& a, std::span<const std::uint8_t> prefix) {
    return a.family == proto::AddressFamily::IPv6 && std::equal(prefix.begin(), prefix.end(), a.ip.begin());
}

// The IPv4 address in bytes [at, at + 4) of an IPv6 address.
proto::TransportAddress ipv4_at(const proto::TransportAddress& a, std::size_t at) {
    return proto::TransportAddress::v4({a.ip[at], a.ip[at + 1], a.ip[at + 2], a.ip[at + 3]}, a.port);
}

}  // namespace

proto::TransportAddress unmap_ipv4(const proto::TransportAddress& a) {
    return has_prefix(a, kMappedPrefix) ? ipv4_at(a, 12) : a;
}

proto::TransportAddress map_ipv4(const proto::TransportAddress& a) {
    if (a.family != proto::AddressFamily::IPv4) return a;
    std::array<std::uint8_t, 16> ip{};
    std::copy(std::begin(kMappedPrefix), std::end(kMappedPrefix), ip.begin());
    std::copy_n(a.ip.begin(), 4, ip.begin() + 12);
    return proto::TransportAddress::v6(ip, a.port);
}

std::optional<proto::TransportAddress> translated_ipv4(const proto::TransportAddress& a) {
    if (has_prefix(a, kNat64Prefix)) return ipv4_at(a, 12);
    if (has_prefix(a, k6to4Prefix)) return ipv4_at(a, 2);  // 2002:AABB:CCDD::/48 carries A.B.C.D
    return std::nullopt;
}

}  // namespace turn::relay
