// Standard base64 (RFC 4648 §4, with '=' padding): the encoding of TURN REST
// API passwords, and of anything later code needs to carry as text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"

namespace turn::auth {

enum class Base64Error : std::uint8_t {
    BadLength,     // not a multiple of 4 characters, or too long to decode
    BadCharacter,  // outside the RFC 4648 §4 alphabet (whitespace included)
    BadPadding,    // '=' other than as the last one or two characters, or non-zero pad bits
};

std::string_view base64_error_name(Base64Error e);

// Padded, no line breaks.
std::string base64_encode(std::span<const std::uint8_t> bytes);

// Strict: the exact inverse of base64_encode, so every byte string has one
// accepted encoding (RFC 4648 §3.5 lets decoders reject non-zero pad bits).
Result<std::vector<std::uint8_t>, Base64Error> base64_decode(std::string_view text);

}  // namespace turn::auth
