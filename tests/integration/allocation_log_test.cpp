// The operator's log (issue 10): one line per allocation event with the
// client's address, text or JSON lines, and never a password.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "round_trips.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

ServerConfig logging_server(std::vector<std::string> extra = {}) {
    extra.push_back("allow-loopback-peers");
    return auth_with(std::move(extra));
}

// Creates an allocation, relays one datagram each way, refreshes it and
// deletes it; returns the client's own address, as the server sees it.
TransportAddress allocate_relay_refresh_delete(ServerProcess& server) {
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
    require_indication_round_trip(client, peer, relayed);
    REQUIRE(client.refresh(300)->is_success());
    REQUIRE(client.refresh(0)->is_success());
    return client.local_address();
}

}  // namespace

TEST_CASE("each allocation event is one log line naming the user and the client's address") {
    ServerProcess server(logging_server());
    const std::string client = allocate_relay_refresh_delete(server).to_string();
    const std::string who = "user=" + std::string(kUser) + " transport=UDP relay_transport=UDP client=" + client;
    CHECK(server.log_shows("allocation_created id=", 2s));
    CHECK(server.log_shows(who, 2s));
    CHECK(server.log_shows("allocation_refreshed", 2s));
    CHECK(server.log_shows("lifetime=300", 2s));
    // Deleted, with why, how long and what it relayed (one datagram each way).
    CHECK(server.log_shows("reason=client-deleted duration=", 2s));
    CHECK(server.log_shows("packets_in=1 bytes_in=", 2s));
    CHECK(server.log_shows("packets_out=1 bytes_out=", 2s));
}

TEST_CASE("with log-json every line is a JSON object, allocation events with their fields") {
    ServerProcess server(logging_server({"log-json"}));
    const std::string client = allocate_relay_refresh_delete(server).to_string();
    CHECK(server.log_shows(R"("event":"allocation_created")", 2s));
    CHECK(server.log_shows(R"("client":")" + client + "\"", 2s));
    CHECK(server.log_shows(R"("event":"allocation_deleted")", 2s));
    CHECK(server.log_shows(R"("reason":"client-deleted")", 2s));
    server.stop();
    const std::string log = server.log();
    std::size_t lines = 0;
    for (std::size_t at = 0; at < log.size();) {
        const std::size_t end = log.find('\n', at);
        const std::string line = log.substr(at, end == std::string::npos ? std::string::npos : end - at);
        at = end == std::string::npos ? log.size() : end + 1;
        if (line.empty()) continue;
        ++lines;
        INFO(line);
        CHECK(line.front() == '{');
        CHECK(line.back() == '}');
        CHECK(line.find(R"({"time":")") == 0);
    }
    CHECK(lines > 3);
}

TEST_CASE("the log never holds the password, even for a wrong password or an expired allocation") {
    ServerProcess server(auth_with({"max-allocate-lifetime=1"}));
    TurnClient wrong(server.address(), {kUser, "not-the-password"});
    REQUIRE(wrong.allocate()->error_code() == code(StunError::Unauthorized));
    TurnClient client = client_of(server);
    require_allocation(client);
    CHECK(server.log_shows("reason=expired", 5s));
    server.stop();
    const std::string log = server.log();
    CHECK(log.find(kPassword) == std::string::npos);
    CHECK(log.find("not-the-password") == std::string::npos);
}
