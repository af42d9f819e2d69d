#include "auth/bytes.hpp"

#include <charconv>

namespace turn::auth {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

std::optional<std::uint8_t> hex_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
    return std::nullopt;
}

}  // namespace

std::string hex_encode(std::span<const std::uint8_t> bytes) {
    std::string s;
    s.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        s += kDigits[b >> 4];
        s += kDigits[b & 0x0F];
    }
    return s;
}

bool hex_decode(std::string_view hex, std::span<std::uint8_t> out) {
    if (hex.size() != out.size() * 2) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto hi = hex_value(hex[2 * i]);
        const auto lo = hex_value(hex[2 * i + 1]);
        if (!hi || !lo) return false;
        out[i] = static_cast<std::uint8_t>((*hi << 4) | *lo);
    }
    return true;
}

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace turn::auth
