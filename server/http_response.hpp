// HTTP/1.1 response heads (RFC 9112 §4, RFC 9110 §15) and the small text
// answers for errors. The body, if any, follows the head on the wire.
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_request.hpp"

namespace turn::http {

struct Response {
    int status = 200;
    std::vector<Header> headers;  // besides Date, Content-Length and Connection
    std::string body;
    bool close = false;           // "Connection: close", then the connection ends
};

std::string_view reason_phrase(int status);

// Status line and fields, ending with the blank line. `content_length` is
// sent even for HEAD, where the body itself is left out (RFC 9110 §9.3.2).
std::string response_head(const Response& r, std::size_t content_length, std::time_t now);

// "404 Not Found\n" as text/plain. Errors close the connection, but for
// 404, 405 and 426 the client may send another request on it.
Response error_response(int status);

// RFC 9110 §5.6.7 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::time_t t);

}  // namespace turn::http
