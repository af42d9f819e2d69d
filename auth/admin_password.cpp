#include "auth/admin_password.hpp"

#include <openssl/rand.h>

#include "auth/bytes.hpp"
#include "protocol/digest.hpp"

namespace turn::auth {
namespace {
constexpr std::string_view kPrefix = "$5$";
constexpr std::size_t kSaltDigits = 16;
}  // namespace

std::string encrypt_admin_password(std::string_view password, const PasswordSalt& salt) {
    const auto digest = proto::hash(proto::HashAlgorithm::Sha256, {salt, bytes_of(password)});
    return std::string(kPrefix) + hex_encode(salt) + "$" + hex_encode(digest.view());
}

std::string encrypt_admin_password(std::string_view password) {
    PasswordSalt salt{};
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) return {};
    return encrypt_admin_password(password, salt);
}

bool check_admin_password(std::string_view stored, std::string_view password) {
    if (stored.size() != kPrefix.size() + kSaltDigits + 1 + 64 || !stored.starts_with(kPrefix)) return false;
    PasswordSalt salt{};
    if (!hex_decode(stored.substr(kPrefix.size(), kSaltDigits), salt)) return false;
    const std::string expected = encrypt_admin_password(password, salt);
    return proto::equal_constant_time(bytes_of(expected), bytes_of(stored));
}

}  // namespace turn::auth
