// A transport address (IP and port) as plain bytes: the codec's view of an
// address, independent of sockaddr (conversions live in server/).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace turn::proto {

// The family octet of the address attributes (RFC 8489 §14.1) and of
// REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.8).
enum class AddressFamily : std::uint8_t {
    IPv4 = 0x01,
    IPv6 = 0x02,
};

struct TransportAddress {
    AddressFamily family = AddressFamily::IPv4;
    std::uint16_t port = 0;
    std::array<std::uint8_t, 16> ip{};  // IPv4 uses the first 4 bytes; the rest stay zero

    std::size_t ip_size() const { return family == AddressFamily::IPv4 ? 4 : 16; }

    static TransportAddress v4(std::array<std::uint8_t, 4> ip, std::uint16_t port);
    static TransportAddress v6(const std::array<std::uint8_t, 16>& ip, std::uint16_t port);
    // "192.0.2.1" or "2001:db8::1" (no brackets); nullopt if not an IP literal.
    static std::optional<TransportAddress> parse(std::string_view ip, std::uint16_t port);

    std::string ip_string() const;
    // "192.0.2.1:3478" or "[2001:db8::1]:3478".
    std::string to_string() const;

    friend bool operator==(const TransportAddress&, const TransportAddress&) = default;
};

}  // namespace turn::proto
