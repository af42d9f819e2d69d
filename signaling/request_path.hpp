// From a request's path to a file name under the web root, refusing every
// form of escape before the file system is asked: percent-decoding first
// (RFC 3986 §2.1), then "." and ".." segments, empty segments, backslashes
// and control characters are errors, and names starting with "." (.git,
// .htpasswd) are never served. The result is relative: it has no leading
// "/", and the web root opens it beneath itself (web_root.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/result.hpp"

namespace turn::signaling {

enum class PathError : std::uint8_t {
    NotAbsolute,   // 400: does not start with "/"
    BadEncoding,   // 400: "%" not followed by two hex digits
    BadCharacter,  // 400: NUL, a control character or "\" (decoded)
    DotSegment,    // 400: a "." or ".." segment (RFC 3986 §3.3)
    EmptySegment,  // 400: "//" inside the path
    Hidden,        // 404: a segment starting with "."
};

int status_for(PathError e);
std::string_view path_error_name(PathError e);

// "/" -> "index.html", "/css/app.css" -> "css/app.css", "/docs/" -> "docs/index.html".
Result<std::string, PathError> resolve_request_path(std::string_view path);

// The percent-decoded path (RFC 3986 §2.1); BadEncoding for a broken escape.
Result<std::string, PathError> percent_decode(std::string_view path);

}  // namespace turn::signaling
