#include "bench/forwarder/setup_message.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace turn::bench::floor {

namespace {

std::string_view as_text(std::span<const std::uint8_t> d) { return {reinterpret_cast<const char*>(d.data()), d.size()}; }

}  // namespace

std::string format_address(const sockaddr_in& a) {
    char ip[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &a.sin_addr, ip, sizeof ip);
    return std::string(ip) + ":" + std::to_string(ntohs(a.sin_port));
}

std::string format_hello(const sockaddr_in& peer) { return std::string(kHello) + format_address(peer); }
std::string format_relay(const sockaddr_in& relay) { return std::string(kRelay) + format_address(relay); }
std::string format_error(std::string_view reason) { return std::string(kError) + std::string(reason); }

std::optional<sockaddr_in> parse_ipv4_port(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) return std::nullopt;
    const std::string ip(text.substr(0, colon));
    const auto port_text = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
        return std::nullopt;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) return std::nullopt;
    return a;
}

bool is_hello(std::span<const std::uint8_t> datagram) { return as_text(datagram).starts_with(kHello); }

std::optional<sockaddr_in> parse_hello(std::span<const std::uint8_t> datagram) {
    if (!is_hello(datagram)) return std::nullopt;
    return parse_ipv4_port(as_text(datagram).substr(kHello.size()));
}

SetupReply parse_reply(std::span<const std::uint8_t> datagram) {
    const auto text = as_text(datagram);
    if (text.starts_with(kRelay)) {
        if (auto a = parse_ipv4_port(text.substr(kRelay.size()))) return {a, {}};
        return {std::nullopt, "malformed FLOOR-RELAY reply"};
    }
    if (text.starts_with(kError)) return {std::nullopt, std::string(text.substr(kError.size()))};
    return {std::nullopt, "not a floor setup reply"};
}

}  // namespace turn::bench::floor
