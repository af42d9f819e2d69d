#include "protocol/credentials.hpp"

#include "protocol/digest.hpp"
#include "protocol/utf8.hpp"

namespace turn::proto {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

constexpr std::uint8_t kColon[] = {':'};
constexpr std::size_t kMaxCredentialBytes = 512;

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Decodes one code point known to be well formed (utf8_length already passed).
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<std::uint8_t>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : b & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<std::uint8_t>(s[i + k]) & 0x3Fu);
    i += len;
    return cp;
}

}  // namespace

LongTermKey derive_long_term_key(PasswordAlgorithmId alg, std::string_view username, std::string_view realm,
                                 std::string_view password) {
    const HashAlgorithm h = alg == PasswordAlgorithmId::Sha256 ? HashAlgorithm::Sha256 : HashAlgorithm::Md5;
    const Digest d = hash(h, {bytes_of(username), kColon, bytes_of(realm), kColon, bytes_of(password)});
    LongTermKey k;
    std::copy_n(d.bytes.begin(), d.size, k.bytes.begin());
    k.size = d.size;
    return k;
}

std::array<std::uint8_t, 32> compute_userhash(std::string_view username, std::string_view realm) {
    const Digest d = hash(HashAlgorithm::Sha256, {bytes_of(username), kColon, bytes_of(realm)});
    std::array<std::uint8_t, 32> out{};
    std::copy_n(d.bytes.begin(), out.size(), out.begin());
    return out;
}

Result<void, CredentialError> check_credential_text(std::string_view s) {
    if (s.empty()) return unexpected(CredentialError::Empty);
    if (s.size() > kMaxCredentialBytes) return unexpected(CredentialError::TooLong);
    if (!utf8_length(s)) return unexpected(CredentialError::InvalidUtf8);
    for (std::size_t i = 0; i < s.size();)
        if (is_control(next_code_point(s, i))) return unexpected(CredentialError::ControlCharacter);
    return {};
}

std::string_view credential_error_name(CredentialError e) {
    switch (e) {
        case CredentialError::Empty: return "empty";
        case CredentialError::TooLong: return "longer than 512 bytes";
        case CredentialError::InvalidUtf8: return "not valid UTF-8";
        case CredentialError::ControlCharacter: return "contains a control character";
    }
    return "invalid";
}

}  // namespace turn::proto
