#include "server/http_request.hpp"

#include <algorithm>
#include <charconv>

namespace turn::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kEndOfHead = "\r\n\r\n";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 9110 §5.6.2 tchar.
bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Field values: visible ASCII, obs-text, space and tab (RFC 9110 §5.5); no
// CR, LF or NUL, which is what request smuggling is made of.
bool is_field_value(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b == '\t' || (b >= 0x20 && b != 0x7F);
    });
}

// Origin-form (RFC 9112 §3.2.1): "/" and then visible ASCII, no spaces.
bool is_origin_form(std::string_view target) {
    if (target.empty() || target.front() != '/') return false;
    return std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

Result<Request, RequestError> parse_request_line(std::string_view line) {
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return unexpected(RequestError::BadRequestLine);
    Request r;
    r.method = std::string(line.substr(0, sp1));
    r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    const std::string_view version = line.substr(sp2 + 1);
    if (!is_token(r.method) || !is_origin_form(r.target)) return unexpected(RequestError::BadRequestLine);
    if (version.size() != 8 || !version.starts_with("HTTP/")) return unexpected(RequestError::BadRequestLine);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") return unexpected(RequestError::BadVersion);
    r.minor_version = version[7] - '0';
    return r;
}

Result<Header, RequestError> parse_field(std::string_view line) {
    const auto colon = line.find(':');
    // §5.1: no whitespace between the name and the colon; §5.2: no obs-fold.
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return unexpected(RequestError::BadHeader);
    const std::string_view value = trim(line.substr(colon + 1));
    if (!is_field_value(value)) return unexpected(RequestError::BadHeader);
    return Header{std::string(line.substr(0, colon)), std::string(value)};
}

bool valid_content_length(const Request& r) {
    if (r.count("Content-Length") > 1) return false;
    const auto v = r.header("Content-Length");
    if (!v) return true;
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    return !v->empty() && ec == std::errc{} && end == v->data() + v->size();
}

bool is_port(std::string_view s) {
    std::uint32_t n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    return !s.empty() && s.size() <= 5 && ec == std::errc{} && end == s.data() + s.size() && n <= 65535;
}

bool is_reg_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

bool is_ipv6_literal(std::string_view s) {
    return s.size() > 2 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' || c == '.';
    });
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
    for (const Header& h : headers)
        if (iequals(h.name, name)) return std::string_view(h.value);
    return std::nullopt;
}

std::size_t Request::count(std::string_view name) const {
    return static_cast<std::size_t>(
        std::count_if(headers.begin(), headers.end(), [&](const Header& h) { return iequals(h.name, name); }));
}

std::string_view Request::path() const { return std::string_view(target).substr(0, target.find('?')); }

int status_for(RequestError e) {
    switch (e) {
        case RequestError::HeadTooLarge:
        case RequestError::TooManyHeaders: return 431;
        case RequestError::BadVersion: return 505;
        default: return 400;
    }
}

std::string_view request_error_name(RequestError e) {
    switch (e) {
        case RequestError::HeadTooLarge: return "request head too large";
        case RequestError::TooManyHeaders: return "too many header fields";
        case RequestError::BadRequestLine: return "malformed request line";
        case RequestError::BadVersion: return "unsupported HTTP version";
        case RequestError::BadHeader: return "malformed header field";
        case RequestError::BadHost: return "missing, repeated or malformed Host";
        case RequestError::BadContentLength: return "malformed Content-Length";
    }
    return "bad request";
}

Result<std::optional<std::size_t>, RequestError> find_head_end(std::string_view data, const HeadLimits& limits) {
    const auto end = data.substr(0, limits.max_head).find(kEndOfHead);
    if (end != std::string_view::npos) return std::optional<std::size_t>(end + kEndOfHead.size());
    if (data.size() >= limits.max_head) return unexpected(RequestError::HeadTooLarge);
    return std::optional<std::size_t>();
}

Result<Request, RequestError> parse_request(std::string_view head, const HeadLimits& limits) {
    if (head.size() > limits.max_head) return unexpected(RequestError::HeadTooLarge);
    if (!head.ends_with(kEndOfHead)) return unexpected(RequestError::BadHeader);
    head.remove_suffix(kCrlf.size());  // every line now ends with CRLF
    const auto first_end = head.find(kCrlf);
    auto request = parse_request_line(head.substr(0, first_end));
    if (!request) return request;
    for (auto at = first_end + kCrlf.size(); at < head.size();) {
        const auto end = head.find(kCrlf, at);
        const std::string_view line = head.substr(at, end - at);
        // A bare CR or LF inside a line would split it differently elsewhere.
        if (line.find_first_of("\r\n") != std::string_view::npos) return unexpected(RequestError::BadHeader);
        auto field = parse_field(line);
        if (!field) return unexpected(field.error());
        if (request->headers.size() == limits.max_headers) return unexpected(RequestError::TooManyHeaders);
        request->headers.push_back(std::move(*field));
        at = end + kCrlf.size();
    }
    // HTTP/1.1 needs one Host (RFC 9112 §3.2); a Host is checked whatever
    // the version, since its name goes into the TURN URLs handed out.
    const std::size_t hosts = request->count("Host");
    if (hosts > 1 || (hosts == 0 && request->minor_version == 1) || (hosts == 1 && !is_valid_host(*request->header("Host"))))
        return unexpected(RequestError::BadHost);
    if (!valid_content_length(*request)) return unexpected(RequestError::BadContentLength);
    return request;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool has_token(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        if (iequals(trim(list.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

bool is_valid_host(std::string_view host) {
    std::string_view name = host_without_port(host);
    const std::string_view rest = host.substr(name.size());
    if (!rest.empty() && !(rest.front() == ':' && is_port(rest.substr(1)))) return false;
    if (name.starts_with('[')) return name.ends_with(']') && is_ipv6_literal(name.substr(1, name.size() - 2));
    return is_reg_name(name);
}

std::string_view host_without_port(std::string_view host) {
    if (host.starts_with('[')) {
        const auto close = host.find(']');
        return close == std::string_view::npos ? host : host.substr(0, close + 1);
    }
    return host.substr(0, host.find(':'));
}

}  // namespace turn::http
