// Long-term keys (RFC 8489 §9.2.2), USERHASH (§14.4) and the credential text
// checks done before hashing.
#include <catch2/catch.hpp>

#include "protocol/credentials.hpp"

using namespace turn::proto;

namespace {

std::string hex(std::span<const std::uint8_t> b) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (auto c : b) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s;
}

}  // namespace

TEST_CASE("the MD5 key is MD5 of user:realm:password") {
    // Expected values computed independently: printf %s user:realm:pass | md5sum
    const auto k = derive_long_term_key(PasswordAlgorithmId::Md5, "user", "realm", "pass");
    CHECK(k.size == 16);
    CHECK(hex(k.view()) == "8493fbc53ba582fb4c044c456bdc40eb");
}

TEST_CASE("the SHA-256 key is SHA-256 of user:realm:password") {
    const auto k = derive_long_term_key(PasswordAlgorithmId::Sha256, "user", "realm", "pass");
    CHECK(k.size == 32);
    CHECK(hex(k.view()) == "07e934117abd40836e7c6329b54731b2b2d2a5f9a71f544922d75e0730d8251b");
}

TEST_CASE("USERHASH is SHA-256 of user:realm") {
    CHECK(hex(compute_userhash("user", "realm")) ==
          "6a3029116b47aa98bcaa325399733dc1a23cd57e26b81bef3ff6531ce624e2da");
}

TEST_CASE("credential text must be non-empty UTF-8 without control characters") {
    CHECK(check_credential_text("alice").ok());
    CHECK(check_credential_text("\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9").ok());
    CHECK(check_credential_text("1700000000:alice").ok());
    CHECK(check_credential_text("").error() == CredentialError::Empty);
    CHECK(check_credential_text("al\xffice").error() == CredentialError::InvalidUtf8);
    CHECK(check_credential_text("\xc0\xaf").error() == CredentialError::InvalidUtf8);
    CHECK(check_credential_text(std::string_view("a\0b", 3)).error() == CredentialError::ControlCharacter);
    CHECK(check_credential_text("a\nb").error() == CredentialError::ControlCharacter);
    CHECK(check_credential_text("a\x7f").error() == CredentialError::ControlCharacter);
    CHECK(check_credential_text("a\xc2\x85").error() == CredentialError::ControlCharacter);  // U+0085
    CHECK(check_credential_text(std::string(513, 'x')).error() == CredentialError::TooLong);
}
