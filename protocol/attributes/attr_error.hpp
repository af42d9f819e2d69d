// Why an attribute value did not decode. The message decoder checks framing;
// these are the per-attribute checks on top.
#pragma once

#include <cstdint>
#include <string_view>

namespace turn::proto {

enum class AttrError : std::uint8_t {
    Missing,        // the message has no such attribute
    BadLength,      // the value's length is not what the attribute's format allows
    BadFamily,      // an address family octet other than 0x01 or 0x02
    BadValue,       // a field out of its range (e.g. ERROR-CODE class 7)
    TooLong,        // a text value over its byte or character limit
    InvalidUtf8,    // a text value that is not UTF-8
    TooManyValues,  // a list longer than this codec holds
};

std::string_view attr_error_name(AttrError e);

}  // namespace turn::proto
