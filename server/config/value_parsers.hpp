// Parsers from option text to typed values.
//
// Each returns Parsed<T>: the value, or the reason the text was refused. The
// reason never repeats the text itself: the caller names the option and value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "config.hpp"

namespace turn::config {

struct Refusal {
  std::string reason;
};

template <class T>
class Parsed {
 public:
  Parsed(T value) : state_(std::move(value)) {}  // NOLINT: implicit on purpose
  Parsed(Refusal refusal) : state_(std::move(refusal)) {}

  bool ok() const { return state_.index() == 0; }
  const T& value() const { return std::get<0>(state_); }
  const std::string& reason() const { return std::get<1>(state_).reason; }

 private:
  std::variant<T, Refusal> state_;
};

// A decimal number in [min, max]; no sign, no spaces, overflow refused.
Parsed<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t min,
                                     std::uint64_t max);
Parsed<std::uint16_t> parse_port(std::string_view text, bool allow_zero);
// 1/0, yes/no, true/false, on/off, any case: coturn's spellings of a flag.
Parsed<bool> parse_bool(std::string_view text);

Parsed<IpAddress> parse_ip(std::string_view text);
Parsed<ExternalIp> parse_external_ip(std::string_view text);  // public[/private]
Parsed<PeerRange> parse_peer_range(std::string_view text);     // ip or ip1-ip2
Parsed<User> parse_user(std::string_view text);                // name:pwd | name:0xKEY
// ip:port, [ipv6]:port; with a default port (not 0) also ip, [ipv6] and a
// bare IPv6 address, as coturn reads alternate-server.
Parsed<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port);

// An absolute HTTP path for prometheus-path: "/" then visible ASCII, no
// query or fragment, at most 256 characters.
Parsed<std::string> parse_http_path(std::string_view text);
// An admin password in coturn's stored form, "$5$" + 16 hex digits + "$" +
// 64 hex digits (what turnadmin -P prints); never a clear-text password.
Parsed<std::string> parse_password_hash(std::string_view text);
// An absolute path for a Unix-domain socket (sun_path holds 107 bytes).
Parsed<std::string> parse_socket_path(std::string_view text);

// The reverse of parse_external_ip / parse_peer_range / parse_user, for
// --print-config: format(parse(x)) parses back to the same value.
std::string format_external_ip(const ExternalIp& ip);
std::string format_peer_range(const PeerRange& range);
// A DNS name (letters, digits, '-', '.'; at most 255 bytes, RFC 8489 §14.16).
Parsed<std::string> parse_domain(std::string_view text);

std::string format_user(const User& user);
std::string format_endpoint(const Endpoint& endpoint);  // always with the port

}  // namespace turn::config
