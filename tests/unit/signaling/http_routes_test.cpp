// What turnsignal answers to each request, decided without sockets.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "signaling/http_routes.hpp"
#include "signaling/json_parser.hpp"

using namespace turn::signaling;
namespace http = turn::http;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kUpgrade =
    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n";

struct Site {
    fs::path root = fs::temp_directory_path() / ("turnsignal-routes-" + std::to_string(::getpid()));
    Site() {
        fs::create_directories(root / "docs");
        std::ofstream(root / "index.html") << "<p>hi</p>";
    }
    ~Site() { fs::remove_all(root); }
};

struct Fixture {
    Site site;
    WebRoot web_root = WebRoot::open(site.root).value();
    OriginPolicy origins{{"https://app.example"}};
    IceSettings ice;
    RouteContext context;

    Fixture() {
        ice.secret = "s";
        context.web_root = &web_root;
        context.origins = &origins;
        context.ice = &ice;
        context.local_host = "127.0.0.1";
        context.now = 1000;
        context.new_id = [] { return std::string("abcd"); };
    }

    Route route(std::string_view method, std::string_view target, std::string_view extra = "") {
        const std::string head = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: turn.example:8080\r\n" +
                                 std::string(extra) + "\r\n";
        auto request = http::parse_request(head, {});
        REQUIRE(request.ok());
        return route_request(*request, context);
    }

    http::Response answer(std::string_view method, std::string_view target, std::string_view extra = "") {
        auto r = route(method, target, extra);
        REQUIRE(std::holds_alternative<http::Response>(r));
        return std::get<http::Response>(r);
    }
};

std::string header(const http::Response& r, std::string_view name) {
    for (const auto& h : r.headers)
        if (http::iequals(h.name, name)) return h.value;
    return "";
}

}  // namespace

TEST_CASE("routes: a valid WebSocket handshake upgrades, with the accept key and the host for TURN URLs") {
    Fixture f;
    const Route r = f.route("GET", "/ws", kUpgrade);
    REQUIRE(std::holds_alternative<Upgrade>(r));
    CHECK(std::get<Upgrade>(r).accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK(std::get<Upgrade>(r).host == "turn.example");
    const http::Response switching = switching_protocols(std::get<Upgrade>(r));
    CHECK(switching.status == 101);
    CHECK(header(switching, "Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK(header(switching, "Connection") == "Upgrade");
}

TEST_CASE("routes: refused handshakes get 426 with what is missing, 405, 403 or 503") {
    Fixture f;
    const http::Response plain = f.answer("GET", "/ws");
    CHECK(plain.status == 426);
    CHECK(header(plain, "Upgrade") == "websocket");
    std::string v8(kUpgrade);
    v8.replace(v8.find("Version: 13"), 11, "Version: 8");
    CHECK(header(f.answer("GET", "/ws", v8), "Sec-WebSocket-Version") == "13");
    CHECK(header(f.answer("POST", "/ws", kUpgrade), "Allow") == "GET");
    CHECK(f.answer("GET", "/ws", std::string(kUpgrade) + "Origin: https://evil.example\r\n").status == 403);
    CHECK(std::holds_alternative<Upgrade>(f.route("GET", "/ws", std::string(kUpgrade) + "Origin: https://app.example\r\n")));
    f.context.clients_full = true;
    CHECK(f.answer("GET", "/ws", kUpgrade).status == 503);
}

TEST_CASE("routes: /api/ice-servers is JSON with credentials for a fresh id and no caching") {
    Fixture f;
    const http::Response r = f.answer("GET", "/api/ice-servers");
    CHECK(r.status == 200);
    CHECK(header(r, "Content-Type") == "application/json");
    CHECK(header(r, "Cache-Control") == "no-store");
    CHECK(header(r, "Access-Control-Allow-Origin").empty());
    const auto doc = json::parse(r.body);
    REQUIRE(doc.ok());
    const json::Value& server = doc->find("iceServers")->as_array()->at(0);
    CHECK(*server.find("username")->as_string() == "4600:abcd");
    CHECK(*server.find("urls")->as_array()->at(0).as_string() == "turn:turn.example:3478?transport=udp");
}

TEST_CASE("routes: /api/ice-servers for a listed origin carries Access-Control-Allow-Origin, others get 403") {
    Fixture f;
    const http::Response allowed = f.answer("GET", "/api/ice-servers", "Origin: https://app.example\r\n");
    CHECK(header(allowed, "Access-Control-Allow-Origin") == "https://app.example");
    CHECK(header(allowed, "Vary") == "Origin");
    CHECK(f.answer("GET", "/api/ice-servers", "Origin: https://evil.example\r\n").status == 403);
    CHECK(f.answer("GET", "/api/ice-servers", "Origin: http://turn.example:8080\r\n").status == 200);
}

TEST_CASE("routes: files, folders, missing files and bad paths") {
    Fixture f;
    const http::Response page = f.answer("GET", "/");
    CHECK(page.status == 200);
    CHECK(page.body == "<p>hi</p>");
    CHECK(header(page, "Content-Type") == "text/html; charset=utf-8");
    const http::Response folder = f.answer("GET", "/docs?a=b");
    CHECK(folder.status == 301);
    CHECK(header(folder, "Location") == "/docs/?a=b");
    CHECK_FALSE(folder.close);
    CHECK(f.answer("GET", "/docs/").status == 404);  // no index.html in it
    CHECK(f.answer("GET", "/nope.js").status == 404);
    CHECK(f.answer("GET", "/api/other").status == 404);
    CHECK(f.answer("GET", "/../x").status == 400);
    f.context.web_root = nullptr;
    CHECK(f.answer("GET", "/").status == 404);
}

TEST_CASE("routes: other methods are 405 with Allow, bodies are 413") {
    Fixture f;
    const http::Response post = f.answer("POST", "/");
    CHECK(post.status == 405);
    CHECK(header(post, "Allow") == "GET, HEAD");
    CHECK(f.answer("HEAD", "/").status == 200);
    CHECK(f.answer("GET", "/", "Content-Length: 3\r\n").status == 413);
    CHECK(f.answer("GET", "/", "Transfer-Encoding: chunked\r\n").status == 413);
    CHECK(f.answer("GET", "/", "Content-Length: 0\r\n").status == 200);
}
