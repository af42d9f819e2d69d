#include "relay/ip_range.hpp"

#include <algorithm>
#include <charconv>

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

proto::TransportAddress unmap_ipv4(const proto::TransportAddress& a) {
    static constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (a.family != proto::AddressFamily::IPv6 || !std::equal(kMappedPrefix, kMappedPrefix + 12, a.ip.begin()))
        return a;
    return proto::TransportAddress::v4({a.ip[12], a.ip[13], a.ip[14], a.ip[15]}, a.port);
}

}  // namespace turn::relay
