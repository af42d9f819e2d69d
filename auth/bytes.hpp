// Byte-level helpers shared by the auth files: viewing text as bytes, and
// lowercase hex (nonces are hex; static users may give their key as hex),
// and decimal numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace turn::auth {

inline std::span<const std::uint8_t> bytes_of(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Lowercase hex, two digits a byte.
std::string hex_encode(std::span<const std::uint8_t> bytes);

// Decodes exactly out.size() bytes from 2 * out.size() hex digits (either case).
// Returns false, with `out` unspecified, on any other length or a non-hex digit.
bool hex_decode(std::string_view hex, std::span<std::uint8_t> out);

// A whole string of decimal digits that fits in 64 bits (no sign, no spaces),
// as realm options are stored and turnadmin takes them.
std::optional<std::uint64_t> parse_decimal(std::string_view s);

}  // namespace turn::auth
