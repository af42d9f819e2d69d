#include "protocol/utf8.hpp"

#include <cstdint>

namespace turn::proto {
namespace {

// Length of the sequence a lead byte starts, and the smallest code point that
// length may encode (anything smaller is an overlong form).
struct Lead {
    std::size_t length;
    char32_t min;
    char32_t bits;
};

std::optional<Lead> classify(std::uint8_t b) {
    if (b < 0x80) return Lead{1, 0, b};
    if ((b & 0xE0) == 0xC0) return Lead{2, 0x80, char32_t{b & 0x1Fu}};
    if ((b & 0xF0) == 0xE0) return Lead{3, 0x800, char32_t{b & 0x0Fu}};
    if ((b & 0xF8) == 0xF0) return Lead{4, 0x10000, char32_t{b & 0x07u}};
    return std::nullopt;
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++count) {
        const auto lead = classify(static_cast<std::uint8_t>(s[i]));
        if (!lead || lead->length > s.size() - i) return std::nullopt;
        char32_t cp = lead->bits;
        for (std::size_t k = 1; k < lead->length; ++k) {
            const auto c = static_cast<std::uint8_t>(s[i + k]);
            if ((c & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (c & 0x3Fu);
        }
        if (cp < lead->min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        i += lead->length;
    }
    return count;
}

}  // namespace turn::proto
