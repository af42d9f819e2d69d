// HTTP/1.1 request heads (RFC 9112): what is parsed, what is refused, and
// with which status.
#include <catch2/catch.hpp>

#include <string>

#include "server/http_request.hpp"
#include "server/http_response.hpp"

using namespace turn::http;

namespace {

Request parsed(std::string_view head) {
    auto r = parse_request(head, {});
    INFO(request_error_name(r.ok() ? RequestError::BadHeader : r.error()));
    REQUIRE(r.ok());
    return *r;
}

RequestError refused(std::string_view head, HeadLimits limits = {}) {
    auto r = parse_request(head, limits);
    REQUIRE_FALSE(r.ok());
    return r.error();
}

}  // namespace

TEST_CASE("HTTP: a request line and fields are parsed, field names in any case") {
    const Request r = parsed("GET /room.html?room=a HTTP/1.1\r\nHost: example.org:8080\r\nuser-agent:  x y \r\n\r\n");
    CHECK(r.method == "GET");
    CHECK(r.target == "/room.html?room=a");
    CHECK(r.path() == "/room.html");
    CHECK(r.minor_version == 1);
    CHECK(r.header("host") == std::optional<std::string_view>("example.org:8080"));
    CHECK(r.header("User-Agent") == std::optional<std::string_view>("x y"));
    CHECK_FALSE(r.header("Origin"));
}

TEST_CASE("HTTP: the end of the head is found, or asked for, or too far away (431)") {
    HeadLimits limits;
    limits.max_head = 64;
    CHECK(find_head_end("GET / HTTP/1.1\r\nHost: a\r\n", limits)->has_value() == false);
    CHECK(**find_head_end("GET / HTTP/1.1\r\nHost: a\r\n\r\nNEXT", limits) == 27);
    const auto over = find_head_end(std::string(64, 'a'), limits);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error() == RequestError::HeadTooLarge);
    CHECK(status_for(over.error()) == 431);
}

TEST_CASE("HTTP: too many fields is 431") {
    std::string head = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 64; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
    head += "\r\n";
    CHECK(refused(head) == RequestError::TooManyHeaders);
    CHECK(status_for(RequestError::TooManyHeaders) == 431);
}

TEST_CASE("HTTP: malformed request lines are 400, other versions 505") {
    for (std::string_view line : {"GET /\r\n", "GET  / HTTP/1.1\r\n", "GET / HTTP/1.1 x\r\n", "G(T / HTTP/1.1\r\n",
                                  "GET http://evil/ HTTP/1.1\r\n", "GET * HTTP/1.1\r\n", "GET /a\x01 HTTP/1.1\r\n",
                                  "GET / HTTX/1.1\r\n"}) {
        INFO(line);
        CHECK(refused(std::string(line) + "Host: a\r\n\r\n") == RequestError::BadRequestLine);
    }
    CHECK(refused("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == RequestError::BadVersion);
    CHECK(status_for(RequestError::BadVersion) == 505);
    CHECK(status_for(RequestError::BadRequestLine) == 400);
}

TEST_CASE("HTTP: malformed fields are 400: space before the colon, folding, bare LF, NUL") {
    const std::string_view fields[] = {"Host : a", "X-A: b\r\n c", "NoColon", "X-A: b\nX-B: c",
                                       std::string_view("X-A: b\0c", 8), ": empty-name"};
    for (std::string_view field : fields) {
        INFO(field);
        CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\n" + std::string(field) + "\r\n\r\n") == RequestError::BadHeader);
    }
}

TEST_CASE("HTTP/1.1 needs exactly one valid Host, HTTP/1.0 may omit it") {
    CHECK(refused("GET / HTTP/1.1\r\n\r\n") == RequestError::BadHost);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == RequestError::BadHost);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a b\r\n\r\n") == RequestError::BadHost);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\"<x>\r\n\r\n") == RequestError::BadHost);
    CHECK(parsed("GET / HTTP/1.0\r\n\r\n").minor_version == 0);
    CHECK(refused("GET / HTTP/1.0\r\nHost: a\"b\r\n\r\n") == RequestError::BadHost);
}

TEST_CASE("HTTP: Host values are a name or address and an optional port") {
    for (std::string_view ok : {"example.org", "example.org:8443", "127.0.0.1:8080", "[::1]", "[::1]:8080", "localhost"}) {
        INFO(ok);
        CHECK(is_valid_host(ok));
    }
    for (std::string_view bad : {"", ":80", "a:", "a:99999", "a:8x", "[::1", "[zz]", "a/b", "a@b", "a b"}) {
        INFO(bad);
        CHECK_FALSE(is_valid_host(bad));
    }
    CHECK(host_without_port("[::1]:8080") == "[::1]");
    CHECK(host_without_port("example.org:8443") == "example.org");
    CHECK(host_without_port("example.org") == "example.org");
}

TEST_CASE("HTTP: a Content-Length must be one decimal number") {
    CHECK(parsed("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").header("Content-Length"));
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") == RequestError::BadContentLength);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") ==
          RequestError::BadContentLength);
}

TEST_CASE("HTTP: token lists are matched whole and in any case") {
    CHECK(has_token("keep-alive, Upgrade", "upgrade"));
    CHECK(has_token("Upgrade", "Upgrade"));
    CHECK_FALSE(has_token("Upgraded", "Upgrade"));
    CHECK_FALSE(has_token("", "Upgrade"));
}

TEST_CASE("HTTP: response heads carry the status, Date, fields, length and close") {
    Response r = error_response(404);
    const std::string head = response_head(r, r.body.size(), 784111777);
    CHECK(head.starts_with("HTTP/1.1 404 Not Found\r\n"));
    CHECK(head.find("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n") != std::string::npos);
    CHECK(head.find("Content-Length: 14\r\n") != std::string::npos);
    CHECK(head.find("Connection: close") == std::string::npos);
    CHECK(head.ends_with("\r\n\r\n"));
    CHECK(error_response(400).close);
    CHECK(error_response(431).close);
    CHECK_FALSE(error_response(405).close);
}
