// Signals an operator sends (coturn's conventions): SIGHUP reopens the log
// file, for logrotate; SIGTERM and SIGINT stop the server cleanly (every
// other test checks SIGTERM when its server stops).
#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>

#include "fixtures.hpp"
#include "scratch.hpp"

using namespace turn;
using namespace turn::itest;

TEST_CASE("SIGHUP reopens the log file: after it is moved away, new lines go to a new file") {
    const auto log = new_scratch_file("rotated", ".log");
    ServerProcess server({{"log-file=" + log.string()}});
    REQUIRE(eventually_contains(log, "turnserver started", kAnswerTimeout));
    const auto moved = std::filesystem::path(log.string() + ".1.log");
    std::filesystem::rename(log, moved);
    server.signal(SIGHUP);
    CHECK(eventually_contains(log, "log reopened", kAnswerTimeout));
    TurnClient client(server.address());
    const auto reply = client.request_once(proto::Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
    CHECK(server.stop().clean());
    CHECK(read_file(log).find("turnserver stopped") != std::string::npos);
    CHECK(read_file(moved).find("log reopened") == std::string::npos);
}

TEST_CASE("SIGINT stops the server with exit code 0") {
    ServerProcess server({});
    server.signal(SIGINT);
    const auto status = server.wait_for_exit(5s);
    REQUIRE(status);
    CHECK(status->describe() == "exit code 0");
}
