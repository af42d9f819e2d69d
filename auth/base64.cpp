#include "auth/base64.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <climits>

#include "auth/bytes.hpp"

namespace turn::auth {
namespace {

// The value of a base64 digit, or -1.
int digit_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// The checks EVP_DecodeBlock does not make: it skips leading and trailing
// whitespace, and treats '=' as a zero digit anywhere, so pad characters and
// the bits they hide must be checked here. Returns the number of '=' on success.
Result<std::size_t, Base64Error> check_encoding(std::string_view text) {
    if (text.size() % 4 != 0 || text.size() > INT_MAX) return unexpected(Base64Error::BadLength);
    std::size_t pad = 0;
    while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
    const std::string_view digits = text.substr(0, text.size() - pad);
    for (char c : digits) {
        if (c == '=') return unexpected(Base64Error::BadPadding);
        if (digit_value(c) < 0) return unexpected(Base64Error::BadCharacter);
    }
    if (pad > 0) {
        // RFC 4648 §3.5: the bits of the last digit that fall in the padding are zero.
        const int unused_mask = pad == 2 ? 0x0F : 0x03;
        if ((digit_value(digits.back()) & unused_mask) != 0) return unexpected(Base64Error::BadPadding);
    }
    return pad;
}

}  // namespace

std::string_view base64_error_name(Base64Error e) {
    switch (e) {
        case Base64Error::BadLength: return "length is not a multiple of 4";
        case Base64Error::BadCharacter: return "character outside the base64 alphabet";
        case Base64Error::BadPadding: return "misplaced padding or non-zero pad bits";
    }
    return "invalid base64";
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
    // EVP_EncodeBlock takes an int length, so feed it whole 3-byte groups in
    // chunks that always fit; only the last chunk may end with padding.
    constexpr std::size_t kChunk = 3 * 1024 * 1024;
    std::string out;
    out.reserve(4 * ((bytes.size() + 2) / 3));
    for (std::size_t at = 0; at < bytes.size(); at += kChunk) {
        const auto part = bytes.subspan(at, std::min(kChunk, bytes.size() - at));
        std::string block(4 * ((part.size() + 2) / 3) + 1, '\0');  // + the NUL it writes
        const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(block.data()), part.data(),
                                      static_cast<int>(part.size()));
        out.append(block.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
    }
    return out;
}

Result<std::vector<std::uint8_t>, Base64Error> base64_decode(std::string_view text) {
    const auto pad = check_encoding(text);
    if (!pad) return unexpected(pad.error());
    if (text.empty()) return std::vector<std::uint8_t>{};
    std::vector<std::uint8_t> out(text.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), bytes_of(text).data(), static_cast<int>(text.size()));
    if (n < 0) return unexpected(Base64Error::BadCharacter);
    // EVP_DecodeBlock counts the pad characters as zero bytes: drop them.
    out.resize(static_cast<std::size_t>(n) - *pad);
    return out;
}

}  // namespace turn::auth
