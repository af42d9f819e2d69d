#include "signaling/origin_policy.hpp"

#include <algorithm>

#include "server/http_request.hpp"

namespace turn::signaling {
namespace {

std::string normalized(std::string_view origin) {
    std::string out(origin);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    while (!out.empty() && out.back() == '/') out.pop_back();
    return out;
}

// "host:443" and "host" are the same for https, "host:80" and "host" for http.
std::string without_default_port(std::string authority, std::string_view scheme) {
    const std::string_view port = scheme == "https" ? ":443" : ":80";
    if (authority.ends_with(port)) authority.resize(authority.size() - port.size());
    return authority;
}

}  // namespace

OriginPolicy::OriginPolicy(std::vector<std::string> allowed) {
    for (const auto& a : allowed) {
        if (a == "*") any_ = true;
        allowed_.push_back(normalized(a));
    }
}

bool same_host(std::string_view origin, std::string_view host) {
    const std::string o = normalized(origin);
    const auto sep = o.find("://");
    if (sep == std::string::npos) return false;
    const std::string_view scheme = std::string_view(o).substr(0, sep);
    if (scheme != "http" && scheme != "https") return false;
    const std::string authority = o.substr(sep + 3);
    if (authority.empty() || authority.find('/') != std::string::npos) return false;
    return without_default_port(authority, scheme) == without_default_port(normalized(host), scheme);
}

bool OriginPolicy::listed(std::string_view origin) const {
    return any_ || std::find(allowed_.begin(), allowed_.end(), normalized(origin)) != allowed_.end();
}

bool OriginPolicy::allows(std::optional<std::string_view> origin, std::string_view host) const {
    if (!origin) return true;
    if (*origin == "null") return any_;
    if (allowed_.empty()) return same_host(*origin, host);
    return listed(*origin) || same_host(*origin, host);
}

bool OriginPolicy::cross_origin(std::optional<std::string_view> origin, std::string_view host) const {
    return origin && *origin != "null" && !same_host(*origin, host) && allows(origin, host);
}

}  // namespace turn::signaling
