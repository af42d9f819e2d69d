#include "signaling/request_path.hpp"

#include <optional>

namespace turn::signaling {
namespace {

constexpr std::string_view kIndex = "index.html";

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool forbidden_byte(char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F || c == '\\';
}

// One segment between slashes; `last` says whether nothing follows it.
std::optional<PathError> check_segment(std::string_view segment, bool last) {
    if (segment == "." || segment == "..") return PathError::DotSegment;
    if (segment.empty()) return last ? std::nullopt : std::optional(PathError::EmptySegment);
    if (segment.front() == '.') return PathError::Hidden;
    return std::nullopt;
}

}  // namespace

int status_for(PathError e) { return e == PathError::Hidden ? 404 : 400; }

std::string_view path_error_name(PathError e) {
    switch (e) {
        case PathError::NotAbsolute: return "path does not start with /";
        case PathError::BadEncoding: return "malformed percent-encoding";
        case PathError::BadCharacter: return "control character or backslash in the path";
        case PathError::DotSegment: return "'.' or '..' in the path";
        case PathError::EmptySegment: return "empty segment in the path";
        case PathError::Hidden: return "hidden file";
    }
    return "bad path";
}

Result<std::string, PathError> percent_decode(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] != '%') {
            out += path[i];
            continue;
        }
        const int hi = i + 2 < path.size() ? hex_digit(path[i + 1]) : -1;
        const int lo = i + 2 < path.size() ? hex_digit(path[i + 2]) : -1;
        if (hi < 0 || lo < 0) return unexpected(PathError::BadEncoding);
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

Result<std::string, PathError> resolve_request_path(std::string_view path) {
    if (!path.starts_with('/')) return unexpected(PathError::NotAbsolute);
    auto decoded = percent_decode(path);
    if (!decoded) return decoded;
    const std::string_view rest = std::string_view(*decoded).substr(1);
    for (char c : rest)
        if (forbidden_byte(c)) return unexpected(PathError::BadCharacter);
    std::size_t at = 0;
    for (;;) {
        const auto slash = rest.find('/', at);
        const bool last = slash == std::string_view::npos;
        if (auto problem = check_segment(rest.substr(at, last ? std::string_view::npos : slash - at), last))
            return unexpected(*problem);
        if (last) break;
        at = slash + 1;
    }
    std::string relative(rest);
    if (relative.empty() || relative.back() == '/') relative += kIndex;
    return relative;
}

}  // namespace turn::signaling
