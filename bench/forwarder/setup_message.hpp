// The floor forwarder's setup exchange: one datagram each way on its
// client-facing socket, in place of TURN's Allocate and ChannelBind.
//
//   client -> floor   "FLOOR-HELLO 127.0.0.1:40000"   the peer this flow sends to
//   floor  -> client  "FLOOR-RELAY 127.0.0.1:11000"   the flow's relay socket
//                 or  "FLOOR-ERROR <reason>"
//
// A flow is keyed by the client's source address; a HELLO from a known
// source is answered again with the same relay address (a lost reply is
// simply asked for again). Everything else a known source sends is payload.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace turn::bench::floor {

inline constexpr std::string_view kHello = "FLOOR-HELLO ";
inline constexpr std::string_view kRelay = "FLOOR-RELAY ";
inline constexpr std::string_view kError = "FLOOR-ERROR ";

// "a.b.c.d:port"
std::string format_address(const sockaddr_in& a);
std::string format_hello(const sockaddr_in& peer);
std::string format_relay(const sockaddr_in& relay);
std::string format_error(std::string_view reason);

// "a.b.c.d:port" with a port of 1..65535; nullopt for anything else.
std::optional<sockaddr_in> parse_ipv4_port(std::string_view text);

// Whether a datagram is meant as a HELLO (it may still be malformed).
bool is_hello(std::span<const std::uint8_t> datagram);
// The peer address of a well-formed HELLO.
std::optional<sockaddr_in> parse_hello(std::span<const std::uint8_t> datagram);

// The floor's answer to a HELLO: the relay address, or the reason it refused.
struct SetupReply {
    std::optional<sockaddr_in> relay;
    std::string error;  // set when `relay` is not
};
SetupReply parse_reply(std::span<const std::uint8_t> datagram);

}  // namespace turn::bench::floor
