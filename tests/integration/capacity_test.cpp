// Allocations at scale (the start-up capacity line, the descriptor limit,
// several relay IPs): the server says at start how many allocations its
// limits allow, lifts its soft descriptor limit to the hard one, spreads
// allocations over every relay-ip, and when descriptors run out it refuses
// with 508 and a warning, never a crash or a busy loop.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <regex>

#include "byte_stream.hpp"
#include "fixtures.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

constexpr const char* kPrlimit = "/usr/bin/prlimit";  // util-linux

// relay-ip 127.0.0.1 (ServerProcess's) and 127.0.0.2, `ports` each.
ServerConfig two_relay_ips(std::uint16_t ports) { return auth_with({"relay-ip=127.0.0.2"}, ports); }

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// Allocates from new clients until one is refused (at most `limit`); the
// clients are kept, so their allocations stay.
std::vector<std::unique_ptr<TurnClient>> allocate_until_refused(const ServerProcess& server, std::size_t limit,
                                                                int& refusal) {
    std::vector<std::unique_ptr<TurnClient>> held;
    refusal = 0;
    for (std::size_t i = 0; i < limit; ++i) {
        auto client = std::make_unique<TurnClient>(client_of(server));
        const auto reply = client->allocate();
        REQUIRE(reply);
        if (!reply->is_success()) {
            refusal = reply->error_code();
            break;
        }
        held.push_back(std::move(client));
    }
    return held;
}

// Refresh with LIFETIME 0 for each (RFC 8656 §7.3): their sockets close and
// the server has descriptors again. (Also what lets the sanitizer build stop
// cleanly: UBSan probes memory through a pipe, which a full table refuses.)
void release_all(std::vector<std::unique_ptr<TurnClient>>& held) {
    for (auto& client : held) {
        const auto reply = client->refresh(0);
        REQUIRE(reply);
        CHECK(reply->is_success());
    }
    held.clear();
}

}  // namespace

TEST_CASE("the start-up log states how many allocations the limits allow, and which one binds") {
    ServerProcess server(two_relay_ips(16));
    const std::string log = server.log();
    INFO(log);
    CHECK(log.find("capacity: 32 allocations at once, limited by relay ports") != std::string::npos);
    CHECK(log.find("32 relay ports (32 IPv4 on 2 addresses)") != std::string::npos);
    CHECK(log.find("descriptor limit: RLIMIT_NOFILE") != std::string::npos);
}

TEST_CASE("total-quota below the relay ports is the capacity") {
    ServerProcess server(auth_with({"total-quota=5"}, 16));
    CHECK(server.log().find("capacity: 5 allocations at once, limited by total-quota") != std::string::npos);
}

TEST_CASE("the soft descriptor limit is raised to the hard one at start, and both are logged") {
    ServerConfig c = auth_with({}, 16);
    c.launcher = {kPrlimit, "--nofile=512:2048"};
    ServerProcess server(c);
    const std::string log = server.log();
    INFO(log);
    CHECK(log.find("RLIMIT_NOFILE soft 512 raised to 2048 (hard 2048)") != std::string::npos);
    CHECK(std::regex_search(log, std::regex("descriptors: \\d+ = RLIMIT_NOFILE 2048 - ")));
}

TEST_CASE("allocations alternate over repeated relay-ip, and both ranges fill before 508") {
    ServerProcess server(two_relay_ips(4));
    std::map<std::string, int> per_ip;
    std::vector<TurnClient> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(client_of(server));
        ++per_ip[require_allocation(clients.back()).ip_string()];
    }
    CHECK(per_ip == std::map<std::string, int>{{"127.0.0.1", 4}, {"127.0.0.2", 4}});
    TurnClient one_more = client_of(server);
    const auto reply = one_more.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == 508);
}

TEST_CASE("a descriptor limit below the port range: a warning at start, 508 and a warning when it runs out") {
    // 128 relay ports, but room for only about a hundred sockets.
    ServerConfig c = two_relay_ips(64);
    c.launcher = {kPrlimit, "--nofile=120:120"};
    ServerProcess server(c);
    CHECK(server.log().find("fewer than the 128 relay ports allow: raise it to at least") != std::string::npos);
    int refusal = 0;
    auto held = allocate_until_refused(server, 129, refusal);
    INFO(server.log());
    CHECK(held.size() < 128);
    CHECK(held.size() > 10);
    CHECK(refusal == code(proto::StunError::InsufficientCapacity));
    CHECK(server.log_shows("out of file descriptors", 5s));
    require_served(client_of(server));
    // Freed allocations give their descriptors back: new ones succeed again.
    release_all(held);
    TurnClient again = client_of(server);
    require_allocation(again);
}

TEST_CASE("TCP clients past the descriptor limit are closed at once, with a throttled warning, and UDP is served") {
    ServerConfig c = two_relay_ips(64);
    c.launcher = {kPrlimit, "--nofile=120:120"};
    ServerProcess server(c);
    int refusal = 0;
    auto held = allocate_until_refused(server, 129, refusal);
    REQUIRE(refusal == code(proto::StunError::InsufficientCapacity));
    // The kernel completes the handshake; the server cannot accept, so it sheds.
    for (int i = 0; i < 5; ++i) {
        TcpStream stream(server.address());
        CHECK(closed_within(stream, kAnswerTimeout));
    }
    CHECK(server.log_shows("TCP/TLS accept: out of file descriptors", kAnswerTimeout));
    CHECK(count_of(server.log(), "TCP/TLS accept: out of file descriptors") == 1);  // once per 10 s, not per try
    require_served(client_of(server));
    release_all(held);
    require_served(tcp_client_of(server));  // and TCP clients are accepted again
}
