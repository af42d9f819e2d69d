#include "protocol/attributes/attr_error.hpp"

namespace turn::proto {

std::string_view attr_error_name(AttrError e) {
    switch (e) {
        case AttrError::Missing: return "attribute missing";
        case AttrError::BadLength: return "bad attribute length";
        case AttrError::BadFamily: return "bad address family";
        case AttrError::BadValue: return "attribute value out of range";
        case AttrError::TooLong: return "attribute text too long";
        case AttrError::InvalidUtf8: return "attribute text is not UTF-8";
        case AttrError::TooManyValues: return "too many values in attribute";
    }
    return "unknown attribute error";
}

}  // namespace turn::proto
