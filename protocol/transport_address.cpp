#include "protocol/transport_address.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace turn::proto {

TransportAddress TransportAddress::v4(std::array<std::uint8_t, 4> ip, std::uint16_t port) {
    TransportAddress a;
    a.family = AddressFamily::IPv4;
    a.port = port;
    std::copy(ip.begin(), ip.end(), a.ip.begin());
    return a;
}

TransportAddress TransportAddress::v6(const std::array<std::uint8_t, 16>& ip, std::uint16_t port) {
    TransportAddress a;
    a.family = AddressFamily::IPv6;
    a.port = port;
    a.ip = ip;
    return a;
}

std::optional<TransportAddress> TransportAddress::parse(std::string_view text, std::uint16_t port) {
    // inet_pton needs a terminated string; anything longer than the longest
    // IPv6 literal cannot be an address.
    char buf[INET6_ADDRSTRLEN + 1] = {};
    if (text.empty() || text.size() >= sizeof(buf)) return std::nullopt;
    std::copy(text.begin(), text.end(), buf);
    TransportAddress a;
    a.port = port;
    if (inet_pton(AF_INET, buf, a.ip.data()) == 1) {
        a.family = AddressFamily::IPv4;
        return a;
    }
    if (inet_pton(AF_INET6, buf, a.ip.data()) == 1) {
        a.family = AddressFamily::IPv6;
        return a;
    }
    return std::nullopt;
}

std::string TransportAddress::ip_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    const int af = family == AddressFamily::IPv4 ? AF_INET : AF_INET6;
    if (inet_ntop(af, ip.data(), buf, sizeof(buf)) == nullptr) return "?";
    return buf;
}

std::string TransportAddress::to_string() const {
    if (family == AddressFamily::IPv6) return "[" + ip_string() + "]:" + std::to_string(port);
    return ip_string() + ":" + std::to_string(port);
}

}  // namespace turn::proto
