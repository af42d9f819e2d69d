#include "protocol/attributes/text_attributes.hpp"

#include "protocol/utf8.hpp"

namespace turn::proto {

Result<std::string_view, AttrError> decode_text(std::span<const std::uint8_t> v, TextLimits limits) {
    if (v.size() > limits.max_bytes) return unexpected(AttrError::TooLong);
    const std::string_view text(reinterpret_cast<const char*>(v.data()), v.size());
    const auto chars = utf8_length(text);
    if (!chars) return unexpected(AttrError::InvalidUtf8);
    if (*chars > limits.max_chars) return unexpected(AttrError::TooLong);
    return text;
}

}  // namespace turn::proto
