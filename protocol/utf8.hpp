// UTF-8 validation for the text attributes and for credentials.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace turn::proto {

// The number of code points in `s`, or nullopt if `s` is not well-formed UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::optional<std::size_t> utf8_length(std::string_view s);

}  // namespace turn::proto
