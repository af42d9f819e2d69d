// turnsignal as a web server: the files of web/ with their types, over HTTP
// and HTTPS, and the documented answer to each kind of bad request.
#include <catch2/catch.hpp>

#include "signal_process.hpp"
#include "ws_test_client.hpp"

using namespace turn::itest;

namespace {

int status_of(std::uint16_t port, std::string_view raw_request) {
    TestConnection c = TestConnection::open(port);
    const auto reply = http_exchange(c, raw_request);
    REQUIRE(reply);
    return reply->status;
}

std::string get(std::string_view path) { return "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; }

}  // namespace

TEST_CASE("turnsignal: serves web/ files with their content types, / as index.html") {
    SignalProcess signal;
    HttpReply page = http_get(signal.port(), "/?room=abc");
    CHECK(page.status == 200);
    CHECK(page.body == "<!doctype html><title>room</title>");
    CHECK(page.header("Content-Type") == std::optional<std::string_view>("text/html; charset=utf-8"));
    CHECK(page.header("X-Content-Type-Options") == std::optional<std::string_view>("nosniff"));
    CHECK(http_get(signal.port(), "/app.js").header("Content-Type") ==
          std::optional<std::string_view>("text/javascript; charset=utf-8"));
    CHECK(http_get(signal.port(), "/style.css").header("Content-Type") ==
          std::optional<std::string_view>("text/css; charset=utf-8"));
    CHECK(http_get(signal.port(), "/docs/").body == "docs");
}

TEST_CASE("turnsignal: keep-alive serves several requests on one connection, HEAD without a body") {
    SignalProcess signal;
    TestConnection c = TestConnection::open(signal.port());
    const auto first = http_exchange(c, get("/app.js"));
    REQUIRE(first);
    CHECK(first->body == "console.log('hi');");
    const auto head = http_exchange(c, "HEAD /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->header("Content-Length") == std::optional<std::string_view>("14"));
    CHECK(head->body.empty());
    // Two requests sent at once are answered in order.
    REQUIRE(c.write(get("/style.css") + get("/app.js")));
    CHECK(http_exchange(c, "")->body == "body{margin:0}");
    CHECK(http_exchange(c, "")->body == "console.log('hi');");
}

TEST_CASE("turnsignal: a folder without its slash is redirected (301)") {
    SignalProcess signal;
    const HttpReply r = http_get(signal.port(), "/docs?x=1");
    CHECK(r.status == 301);
    CHECK(r.header("Location") == std::optional<std::string_view>("/docs/?x=1"));
}

TEST_CASE("turnsignal: missing files, hidden files and links out of the web root are 404") {
    SignalProcess signal;
    CHECK(http_get(signal.port(), "/missing.html").status == 404);
    CHECK(http_get(signal.port(), "/.env").status == 404);
    const HttpReply link = http_get(signal.port(), "/link.txt");
    CHECK(link.status == 404);
    CHECK(link.body.find("outside") == std::string::npos);
    CHECK(http_get(signal.port(), "/api/nothing").status == 404);
}

TEST_CASE("turnsignal: paths with .. or encoded tricks are 400 and never leave the web root") {
    SignalProcess signal;
    for (std::string_view path : {"/../secret.txt", "/%2e%2e/secret.txt", "/docs/../../secret.txt", "//etc/passwd",
                                  "/%2Fetc%2Fpasswd", "/a%00b", "/a%5c..%5csecret.txt", "/%zz"}) {
        INFO(path);
        CHECK(status_of(signal.port(), get(path)) == 400);
    }
}

TEST_CASE("turnsignal: methods other than GET and HEAD are 405 with Allow") {
    SignalProcess signal;
    TestConnection c = TestConnection::open(signal.port());
    const auto reply = http_exchange(c, "POST /api/ice-servers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    REQUIRE(reply);
    CHECK(reply->status == 405);
    CHECK(reply->header("Allow") == std::optional<std::string_view>("GET, HEAD"));
    CHECK(status_of(signal.port(), "DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") == 405);
}

TEST_CASE("turnsignal: a request with a body is 413") {
    SignalProcess signal;
    CHECK(status_of(signal.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello") == 413);
    CHECK(status_of(signal.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") ==
          413);
}

TEST_CASE("turnsignal: a request head over 8 KiB or with too many fields is 431, and the connection closes") {
    SignalProcess signal;
    TestConnection big = TestConnection::open(signal.port());
    const auto reply = http_exchange(big, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
    REQUIRE(reply);
    CHECK(reply->status == 431);
    CHECK(reply->header("Connection") == std::optional<std::string_view>("close"));
    CHECK(big.closed_within(2s));
    std::string many = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 80; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
    CHECK(status_of(signal.port(), many + "\r\n") == 431);
}

TEST_CASE("turnsignal: malformed request lines and fields are 400, other HTTP versions 505") {
    SignalProcess signal;
    CHECK(status_of(signal.port(), "GET /\r\n\r\n") == 400);
    CHECK(status_of(signal.port(), "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") == 400);
    CHECK(status_of(signal.port(), "GET / HTTP/1.1\r\n\r\n") == 400);  // no Host
    CHECK(status_of(signal.port(), "GET / HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n") == 400);
    CHECK(status_of(signal.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: a\r\n folded\r\n\r\n") == 400);
    CHECK(status_of(signal.port(), "GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n") == 505);
}

TEST_CASE("turnsignal: a client that never finishes its request is closed after the request timeout") {
    SignalProcess signal;
    TestConnection slow = TestConnection::open(signal.port());
    REQUIRE(slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    CHECK(slow.closed_within(15s));
    CHECK(signal.log().find("no complete request within 10 s") != std::string::npos);
}

TEST_CASE("turnsignal: HTTPS serves the same files and WebSocket rooms over TLS") {
    SignalProcess signal({{}, true});
    const HttpReply page = http_get(signal.port(), "/", "", true);
    CHECK(page.status == 200);
    CHECK(page.body == "<!doctype html><title>room</title>");
    WsClient a(signal.port(), {true, ""});
    WsClient b(signal.port(), {true, ""});
    const std::string a_id = turn::itest::text_of(join(a, "secure"), "id");
    join(b, "secure");
    b.send(R"({"type":"signal","to":")" + a_id + R"(","data":{"x":1}})");
    CHECK(turn::itest::text_of(a.receive(), "type") == "peer-joined");
    CHECK(turn::itest::text_of(a.receive(), "type") == "signal");
}
