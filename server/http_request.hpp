// HTTP/1.1 request heads (RFC 9112 §2-§5), parsed strictly and within fixed
// bounds: the request line, header fields, and the checks every request gets
// (a Host for HTTP/1.1, a sane Content-Length). Bodies are never read: the
// servers that use it (turnsignal, the metrics endpoint) answer GET and HEAD only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"

namespace turn::http {

struct Header {
    std::string name;  // as sent; compare with iequals()
    std::string value;  // leading and trailing whitespace removed
};

struct Request {
    std::string method;
    std::string target;     // origin-form: "/path?query"
    int minor_version = 1;  // HTTP/1.<minor>
    std::vector<Header> headers;

    // The first field named `name` (any case); nullopt when absent.
    std::optional<std::string_view> header(std::string_view name) const;
    std::size_t count(std::string_view name) const;
    std::string_view path() const;   // the target before '?'
};

struct HeadLimits {
    std::size_t max_head = 8 * 1024;  // request line, fields and the blank line
    std::size_t max_headers = 64;
};

// What is wrong with a request, and the status that answers it.
enum class RequestError : std::uint8_t {
    HeadTooLarge,     // 431
    TooManyHeaders,   // 431
    BadRequestLine,   // 400
    BadVersion,       // 505: not HTTP/1.0 or HTTP/1.1
    BadHeader,        // 400: malformed field, obsolete line folding, bare CR or LF
    BadHost,          // 400: HTTP/1.1 without exactly one valid Host (RFC 9112 §3.2)
    BadContentLength, // 400
};

int status_for(RequestError e);
std::string_view request_error_name(RequestError e);

// Where the head in `data` ends (just past "\r\n\r\n"): nullopt while it may
// still arrive, HeadTooLarge once `data` holds max_head bytes without an end.
Result<std::optional<std::size_t>, RequestError> find_head_end(std::string_view data, const HeadLimits& limits);

// `head` is everything up to and including the blank line.
Result<Request, RequestError> parse_request(std::string_view head, const HeadLimits& limits);

// ASCII case-insensitive comparison (field names, tokens).
bool iequals(std::string_view a, std::string_view b);

// Whether a comma-separated field value (Connection, Upgrade) lists `token`.
bool has_token(std::string_view list, std::string_view token);

// A Host value's syntax (RFC 9110 §7.2): reg-name or IPv4, or [IPv6], and an
// optional port. Anything else could smuggle text into URLs built from it.
bool is_valid_host(std::string_view host);

// The host of a Host value without its port, brackets kept for IPv6.
std::string_view host_without_port(std::string_view host);

}  // namespace turn::http
