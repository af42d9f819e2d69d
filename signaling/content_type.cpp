#include "signaling/content_type.hpp"

#include <array>
#include <utility>

#include "server/http_request.hpp"

namespace turn::signaling {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes{{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"map", "application/json"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"wasm", "application/wasm"},
    {"woff2", "font/woff2"},
}};

}  // namespace

std::string_view content_type_for(std::string_view file_name) {
    const auto slash = file_name.rfind('/');
    const std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
    const auto dot = base.rfind('.');
    if (dot != std::string_view::npos) {
        const std::string_view ext = base.substr(dot + 1);
        for (const auto& [known, type] : kTypes)
            if (http::iequals(ext, known)) return type;
    }
    return "application/octet-stream";
}

}  // namespace turn::signaling
