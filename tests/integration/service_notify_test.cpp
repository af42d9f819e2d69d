// turnserver as a systemd Type=notify service (etc/turnserver.service):
// READY=1 on $NOTIFY_SOCKET once its ports answer, STOPPING=1 when told to
// stop, WATCHDOG=1 pings when $WATCHDOG_USEC is set (sd_notify(3),
// sd_watchdog_enabled(3)). The test plays systemd's part with its own
// Unix datagram socket.
#include <catch2/catch.hpp>

#include <signal.h>

#include "fixtures.hpp"
#include "notify_socket.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

constexpr auto kStartTimeout = 10s;

ServerConfig notified(const NotifySocket& manager, std::vector<std::string> extra_env = {}) {
    ServerConfig c;
    c.environment = std::move(extra_env);
    c.environment.push_back(manager.environment());
    c.wait_until_ready = false;
    return c;
}

}  // namespace

TEST_CASE("under systemd, READY=1 arrives only once the server answers, and STOPPING=1 when it stops") {
    NotifySocket manager;
    ServerProcess server(notified(manager));
    const auto ready = manager.wait_for("READY=1", kStartTimeout);
    INFO(server.log());
    REQUIRE(ready);
    CHECK(ready->find("STATUS=relaying, capacity 16 allocations") != std::string::npos);
    // One request, no retries: READY=1 promised an answer.
    TurnClient client(server.address());
    const auto reply = client.request_once(proto::Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
    server.signal(SIGTERM);
    CHECK(manager.wait_for("STOPPING=1", kStartTimeout));
    const auto status = server.wait_for_exit(kStartTimeout);
    REQUIRE(status);
    CHECK(status->clean());
}

TEST_CASE("with WATCHDOG_USEC set, WATCHDOG=1 pings keep coming while the server runs") {
    NotifySocket manager;
    ServerProcess server(notified(manager, {"WATCHDOG_USEC=200000"}));
    REQUIRE(manager.wait_for("READY=1", kStartTimeout));
    for (int ping = 0; ping < 3; ++ping) {
        INFO("ping " << ping);
        CHECK(manager.wait_for("WATCHDOG=1", kStartTimeout));
    }
    CHECK(server.log_shows("systemd watchdog: WATCHDOG=1 every 100 ms", kAnswerTimeout));
}

TEST_CASE("a WATCHDOG_PID naming another process leaves the watchdog off") {
    NotifySocket manager;
    ServerProcess server(notified(manager, {"WATCHDOG_USEC=100000", "WATCHDOG_PID=1"}));
    REQUIRE(manager.wait_for("READY=1", kStartTimeout));
    CHECK_FALSE(manager.wait_for("WATCHDOG=1", 1s));
}

TEST_CASE("a NOTIFY_SOCKET that is no socket address is a warning naming it, and the server serves") {
    ServerConfig c;
    c.environment = {"NOTIFY_SOCKET=run/notify", "WATCHDOG_USEC=1000000"};
    ServerProcess server(c);
    CHECK(server.log_shows("systemd notification off: NOTIFY_SOCKET 'run/notify'", kAnswerTimeout));
    TurnClient client(server.address());
    const auto reply = client.request_once(proto::Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
}

TEST_CASE("a NOTIFY_SOCKET nobody listens on: a warning, and the server serves") {
    ServerConfig c;
    c.environment = {"NOTIFY_SOCKET=@turn-itest-nobody-listens-here"};
    ServerProcess server(c);
    CHECK(server.log_shows("systemd notification failed", kAnswerTimeout));
    TurnClient client(server.address());
    CHECK(client.request_once(proto::Method::Binding));
}
