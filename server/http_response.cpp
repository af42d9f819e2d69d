#include "server/http_response.hpp"

#include <array>

namespace turn::http {

std::string_view reason_phrase(int status) {
    switch (status) {
        case 101: return "Switching Protocols";
        case 200: return "OK";
        case 301: return "Moved Permanently";
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 413: return "Content Too Large";
        case 426: return "Upgrade Required";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        case 505: return "HTTP Version Not Supported";
        default: return "Unknown";
    }
}

std::string http_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 40> buf{};
    const std::size_t n = std::strftime(buf.data(), buf.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buf.data(), n);
}

std::string response_head(const Response& r, std::size_t content_length, std::time_t now) {
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + std::string(reason_phrase(r.status)) + "\r\n";
    out += "Date: " + http_date(now) + "\r\n";
    for (const Header& h : r.headers) out += h.name + ": " + h.value + "\r\n";
    // A 101 switches protocols: no body, no length (RFC 9110 §8.6).
    if (r.status != 101) out += "Content-Length: " + std::to_string(content_length) + "\r\n";
    if (r.close) out += "Connection: close\r\n";
    out += "\r\n";
    return out;
}

Response error_response(int status) {
    Response r;
    r.status = status;
    r.headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Content-Type-Options", "nosniff"}};
    r.body = std::to_string(status) + " " + std::string(reason_phrase(status)) + "\n";
    r.close = status >= 400 && status != 404 && status != 405 && status != 426;
    return r;
}

}  // namespace turn::http
