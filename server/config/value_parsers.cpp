#include "value_parsers.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace turn::config {
namespace {

// inet_pton() wants a NUL-terminated string and no address is this long; the
// bound also keeps a hostile value from costing a large copy.
constexpr std::size_t kMaxAddressText = 64;
// "0x" then 32 hex digits: the 16 bytes of an MD5 key.
constexpr std::string_view kHexKeyPrefix = "0x";
constexpr std::size_t kHexKeyDigits = 32;

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Parsed<Md5Key> parse_hex_key(std::string_view digits) {
  if (digits.size() != kHexKeyDigits) {
    return Refusal{"a hex key must have exactly 32 hex digits"};
  }
  Md5Key key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    int high = hex_digit(digits[2 * i]);
    int low = hex_digit(digits[2 * i + 1]);
    if (high < 0 || low < 0) return Refusal{"a hex key must have only hex digits"};
    key[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return key;
}

std::string to_hex(const Md5Key& key) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t byte : key) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

}  // namespace

Parsed<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t min,
                                     std::uint64_t max) {
  if (text.empty()) return Refusal{"empty, a number is needed"};
  if (text.front() == '-') return Refusal{"must not be negative"};
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) return Refusal{"number too large"};
  if (error != std::errc{} || end != text.data() + text.size()) {
    return Refusal{"not a number"};
  }
  if (value < min || value > max) {
    return Refusal{"out of range " + std::to_string(min) + ".." + std::to_string(max)};
  }
  return value;
}

Parsed<std::uint16_t> parse_port(std::string_view text, bool allow_zero) {
  auto number = parse_unsigned(text, allow_zero ? 0 : 1, 65535);
  if (!number.ok()) return Refusal{"not a port: " + number.reason()};
  return static_cast<std::uint16_t>(number.value());
}

Parsed<bool> parse_bool(std::string_view text) {
  for (std::string_view yes : {"1", "yes", "true", "on"}) {
    if (iequals(text, yes)) return true;
  }
  for (std::string_view no : {"0", "no", "false", "off"}) {
    if (iequals(text, no)) return false;
  }
  return Refusal{"not a boolean (use true/false, yes/no, on/off, 1/0)"};
}

Parsed<IpAddress> parse_ip(std::string_view text) {
  if (text.empty()) return Refusal{"empty, an IP address is needed"};
  if (text.size() > kMaxAddressText) return Refusal{"not an IP address"};
  std::string terminated(text);
  IpAddress ip{terminated, IpFamily::V4, {}};
  if (inet_pton(AF_INET, terminated.c_str(), ip.bytes.data()) == 1) return ip;
  ip.family = IpFamily::V6;
  if (inet_pton(AF_INET6, terminated.c_str(), ip.bytes.data()) == 1) return ip;
  return Refusal{"not an IPv4 or IPv6 address"};
}

Parsed<ExternalIp> parse_external_ip(std::string_view text) {
  auto slash = text.find('/');
  auto public_ip = parse_ip(text.substr(0, slash));
  if (!public_ip.ok()) return Refusal{"public address: " + public_ip.reason()};
  if (slash == std::string_view::npos) return ExternalIp{public_ip.value(), std::nullopt};
  auto private_ip = parse_ip(text.substr(slash + 1));
  if (!private_ip.ok()) return Refusal{"private address: " + private_ip.reason()};
  return ExternalIp{public_ip.value(), private_ip.value()};
}

Parsed<PeerRange> parse_peer_range(std::string_view text) {
  // IPv6 text never holds '-', so the dash splits a range unambiguously.
  auto dash = text.find('-');
  auto first = parse_ip(text.substr(0, dash));
  if (!first.ok()) return Refusal{first.reason()};
  if (dash == std::string_view::npos) return PeerRange{first.value(), first.value()};
  auto last = parse_ip(text.substr(dash + 1));
  if (!last.ok()) return Refusal{"range end: " + last.reason()};
  if (first.value().family != last.value().family) {
    return Refusal{"range mixes IPv4 and IPv6"};
  }
  if (first.value().bytes > last.value().bytes) {
    return Refusal{"range start is above range end"};
  }
  return PeerRange{first.value(), last.value()};
}

Parsed<User> parse_user(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return Refusal{"expected name:password"};
  User user{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1)), {}};
  if (user.name.empty()) return Refusal{"empty user name"};
  if (user.password.empty()) return Refusal{"empty password"};
  std::string_view secret = text.substr(colon + 1);
  if (secret.starts_with(kHexKeyPrefix)) {
    auto key = parse_hex_key(secret.substr(kHexKeyPrefix.size()));
    if (!key.ok()) return Refusal{key.reason()};
    user.key = key.value();
    user.password.clear();
  }
  return user;
}

namespace {

// The address and the port text ("" when there is none) of ip:port,
// [ip]:port, [ip] or a bare IPv6 address.
Parsed<std::pair<std::string_view, std::string_view>> split_endpoint(std::string_view text) {
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return Refusal{"no ']' after the IPv6 address"};
    const auto rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return Refusal{"expected ':' and a port after ']'"};
    return std::pair{text.substr(1, close - 1), rest.empty() ? rest : rest.substr(1)};
  }
  const auto colon = text.find(':');
  // More than one ':' without brackets: an IPv6 address and no port.
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
    return std::pair{text, std::string_view{}};
  return std::pair{text.substr(0, colon), text.substr(colon + 1)};
}

}  // namespace

Parsed<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port) {
  auto parts = split_endpoint(text);
  if (!parts.ok()) return Refusal{parts.reason()};
  auto [address, port_text] = parts.value();
  auto ip = parse_ip(address);
  if (!ip.ok()) return Refusal{ip.reason()};
  if (port_text.empty() && text.ends_with(':')) return Refusal{"empty port after ':'"};
  if (port_text.empty()) {
    if (default_port == 0) return Refusal{"a port is needed: ip:port or [ipv6]:port"};
    return Endpoint{ip.value(), default_port};
  }
  auto port = parse_port(port_text, false);
  if (!port.ok()) return Refusal{port.reason()};
  return Endpoint{ip.value(), port.value()};
}

Parsed<std::string> parse_domain(std::string_view text) {
  constexpr std::size_t kMaxDomain = 255;
  if (text.empty()) return Refusal{"empty, a domain name is needed"};
  if (text.size() > kMaxDomain) return Refusal{"longer than 255 bytes"};
  const bool valid = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
  if (!valid) return Refusal{"not a domain name (letters, digits, '-' and '.')"};
  return std::string(text);
}

std::string format_endpoint(const Endpoint& endpoint) {
  const std::string port = std::to_string(endpoint.port);
  if (endpoint.ip.family == IpFamily::V6) return "[" + endpoint.ip.text + "]:" + port;
  return endpoint.ip.text + ":" + port;
}

std::string format_external_ip(const ExternalIp& ip) {
  if (!ip.private_ip) return ip.public_ip.text;
  return ip.public_ip.text + "/" + ip.private_ip->text;
}

std::string format_peer_range(const PeerRange& range) {
  if (range.first == range.last) return range.first.text;
  return range.first.text + "-" + range.last.text;
}

std::string format_user(const User& user) {
  if (user.key) return user.name + ":" + std::string(kHexKeyPrefix) + to_hex(*user.key);
  return user.name + ":" + user.password;
}

}  // namespace turn::config

namespace turn::config {
namespace {

constexpr std::size_t kMaxHttpPath = 256;
constexpr std::size_t kMaxSocketPath = 107;  // sizeof(sockaddr_un::sun_path) - 1 on Linux
constexpr std::string_view kSha256HashPrefix = "$5$";
constexpr std::size_t kSaltDigits = 16;
constexpr std::size_t kDigestDigits = 64;

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

Parsed<std::string> parse_http_path(std::string_view text) {
  if (text.empty() || text.front() != '/') return Refusal{"must start with '/'"};
  if (text.size() > kMaxHttpPath) return Refusal{"is longer than 256 characters"};
  // RFC 3986 path characters without escapes: what a scraper sends as is.
  const auto bad = std::find_if(text.begin(), text.end(), [](char c) {
    return c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '%' || c == '\\';
  });
  if (bad != text.end()) return Refusal{"may hold only visible ASCII, without '?', '#', '%' or '\\'"};
  return std::string(text);
}

Parsed<std::string> parse_password_hash(std::string_view text) {
  const std::string_view expected = "must be a hashed password as turnadmin -P prints it: $5$<16 hex digits>$<64 hex digits>";
  if (text.substr(0, kSha256HashPrefix.size()) != kSha256HashPrefix) return Refusal{std::string(expected)};
  const std::string_view rest = text.substr(kSha256HashPrefix.size());
  if (rest.size() != kSaltDigits + 1 + kDigestDigits || rest[kSaltDigits] != '$' ||
      !all_hex(rest.substr(0, kSaltDigits)) || !all_hex(rest.substr(kSaltDigits + 1)))
    return Refusal{std::string(expected)};
  return std::string(text);
}

Parsed<std::string> parse_socket_path(std::string_view text) {
  if (text.empty() || text.front() != '/') return Refusal{"must be an absolute path"};
  if (text.size() > kMaxSocketPath) return Refusal{"is longer than a Unix socket path may be (107 bytes)"};
  if (text.find('\0') != std::string_view::npos) return Refusal{"must not contain NUL"};
  return std::string(text);
}

}  // namespace turn::config
