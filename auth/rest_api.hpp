// TURN REST API credentials (draft-uberti-behave-turn-rest-00 §2.2), as coturn
// checks them under use-auth-secret / static-auth-secret:
//
//   username = <expiry> <separator> <user>      or just <expiry>
//   password = base64(HMAC-SHA1(shared secret, username))
//
// <expiry> is a UNIX timestamp in decimal; <separator> is ':' unless the
// operator set coturn's -C / --rest-api-separator. The password is standard,
// padded base64, as coturn and WebRTC applications compute it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/result.hpp"

namespace turn::auth {

inline constexpr char kDefaultRestSeparator = ':';

struct RestUsername {
    std::int64_t expiry = 0;  // seconds since the epoch; the username is refused after it
    std::string_view user;    // after the separator, into the parsed string; empty if none
};

enum class RestError : std::uint8_t {
    Empty,       // the username is empty
    NotNumeric,  // the expiry is empty or has a character other than a decimal digit
    Overflow,    // the expiry does not fit in 64 signed bits
    Negative,    // the expiry has a minus sign
};

std::string_view rest_error_name(RestError e);

// Splits at the first `separator`. Expiry is checked only for form here; the
// Authenticator compares it with the clock.
Result<RestUsername, RestError> parse_rest_username(std::string_view username, char separator);

// base64(HMAC-SHA1(secret, username)).
std::string rest_password(std::string_view secret, std::string_view username);

// "<expiry><separator><user>", or "<expiry>" when `user` is empty. For tests
// and tools; the signaling service hands out the same format.
std::string make_rest_username(std::int64_t expiry, std::string_view user, char separator);

}  // namespace turn::auth
