// Standard base64 (RFC 4648 §4) with a strict decoder.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "auth/base64.hpp"
#include "auth/bytes.hpp"

using namespace turn::auth;

TEST_CASE("base64 encodes the RFC 4648 §10 test vectors") {
    const std::pair<std::string_view, std::string_view> vectors[] = {
        {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},     {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        INFO(plain);
        CHECK(base64_encode(bytes_of(plain)) == encoded);
        const auto decoded = base64_decode(encoded);
        REQUIRE(decoded.ok());
        CHECK(std::string(decoded->begin(), decoded->end()) == plain);
    }
}

TEST_CASE("base64 round-trips every byte value and length") {
    std::vector<std::uint8_t> bytes;
    for (int i = 0; i < 300; ++i) {
        const auto decoded = base64_decode(base64_encode(bytes));
        REQUIRE(decoded.ok());
        CHECK(*decoded == bytes);
        bytes.push_back(static_cast<std::uint8_t>(i * 7 + 3));
    }
}

TEST_CASE("base64 decoding is strict") {
    const std::pair<std::string_view, Base64Error> cases[] = {
        {"Zg=", Base64Error::BadLength},
        {"Zm9vY", Base64Error::BadLength},
        {"Zm9v\n", Base64Error::BadLength},
        {" Zg=", Base64Error::BadCharacter},
        {"Zm9\n", Base64Error::BadCharacter},
        {"Zm-_", Base64Error::BadCharacter},  // base64url is another alphabet
        {std::string_view("Zm\0v", 4), Base64Error::BadCharacter},
        {"Z===", Base64Error::BadPadding},
        {"====", Base64Error::BadPadding},
        {"Zg==Zm9v", Base64Error::BadPadding},
        {"Z=9v", Base64Error::BadPadding},
        {"Zh==", Base64Error::BadPadding},  // pad bits set: "f" is only Zg==
        {"Zm9=", Base64Error::BadPadding},
    };
    for (const auto& [text, error] : cases) {
        INFO(std::string(text));
        const auto r = base64_decode(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == error);
    }
}

TEST_CASE("base64 encodes inputs longer than one internal chunk in one piece") {
    std::vector<std::uint8_t> bytes(3 * 1024 * 1024 + 4);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 31);
    const std::string text = base64_encode(bytes);
    CHECK(text.size() == 4 * ((bytes.size() + 2) / 3));
    CHECK(text.find('=') == text.size() - 2);
    const auto decoded = base64_decode(text);
    REQUIRE(decoded.ok());
    CHECK(*decoded == bytes);
}
