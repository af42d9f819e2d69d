// turnctl drain on the real server: new allocations are refused with 403,
// existing ones carry on, and the server exits by itself once the last one
// ends, or at the deadline.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "ops_probe.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

ServerConfig with_admin(const std::filesystem::path& socket) {
    ServerConfig c = auth_with({"admin-socket=" + socket.string()});
    c.relay_threads = 2;
    return c;
}

}  // namespace

TEST_CASE("drain refuses new allocations with 403, and the server exits once the last allocation ends") {
    const auto socket = fresh_socket_path();
    ServerProcess server(with_admin(socket));
    TurnClient staying = client_of(server);
    require_allocation(staying);
    const auto drain = admin_ask(socket, "drain");
    CHECK(drain.ok);
    CHECK_THAT(drain.text, Catch::Contains("1 allocation left"));
    TurnClient late = client_of(server);
    const auto refused = late.allocate();
    REQUIRE(refused);
    CHECK(refused->error_code() == code(proto::StunError::Forbidden));
    // The allocation that was there is served as before.
    CHECK(staying.refresh(600)->is_success());
    CHECK_FALSE(server.wait_for_exit(1500ms));
    CHECK(admin_ask(socket, "status").records.at(0).find("draining=yes") != std::string::npos);
    REQUIRE(staying.refresh(0)->is_success());
    const auto exited = server.wait_for_exit(10s);
    REQUIRE(exited);
    CHECK(exited->clean());
    CHECK(server.log_shows("drained: the last allocation ended", 1s));
}

TEST_CASE("drain --deadline --wait returns when the deadline ends the server, allocations still open") {
    const auto socket = fresh_socket_path();
    ServerProcess server(with_admin(socket));
    TurnClient client = client_of(server);
    require_allocation(client);
    const auto drain = run_turnctl({"--socket", socket.string(), "drain", "--deadline", "1", "--wait"});
    CHECK(drain.status.clean());
    CHECK_THAT(drain.output, Catch::Contains("drain deadline reached"));
    const auto exited = server.wait_for_exit(10s);
    REQUIRE(exited);
    CHECK(exited->clean());
}

TEST_CASE("a server with nothing allocated exits right after drain") {
    const auto socket = fresh_socket_path();
    ServerProcess server(with_admin(socket));
    CHECK(admin_ask(socket, "drain").ok);
    const auto exited = server.wait_for_exit(10s);
    REQUIRE(exited);
    CHECK(exited->clean());
}
