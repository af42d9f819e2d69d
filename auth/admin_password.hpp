// coturn's stored form of an admin (web admin / CLI) password, as
// `turnadmin -P` prints it and `turnadmin -A` stores it:
//
//   $5$<salt: 16 hex digits>$<SHA-256(salt bytes || password): 64 hex digits>
//
// "5" is the algorithm id for SHA-256 (the crypt(3) convention). The hash is
// over the 8 salt bytes the 16 digits encode, then the password.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace turn::auth {

using PasswordSalt = std::array<std::uint8_t, 8>;

std::string encrypt_admin_password(std::string_view password, const PasswordSalt& salt);

// With a fresh random salt; nullopt-free: an RNG failure yields "".
std::string encrypt_admin_password(std::string_view password);

// Whether `stored` (the $5$ form) is `password`.
bool check_admin_password(std::string_view stored, std::string_view password);

}  // namespace turn::auth
