// turnctl reload: which changed options take effect and which wait for a
// restart, found by comparing the configuration in effect with the new one.
#include <catch2/catch.hpp>

#include <algorithm>

#include "server/config/load_config.hpp"
#include "server/config_reload.hpp"

using namespace turn;
using namespace turn::server;

namespace {

config::Config conf(std::string_view text) {
    config::Config c;
    config::Diagnostics d;
    config::load_conf_text(text, "test.conf", c, d);
    REQUIRE(d.empty());
    return c;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::string_view kBase = "lt-cred-mech\nrealm=example.org\nuser=alice:one\nlistening-port=3478\n";

}  // namespace

TEST_CASE("nothing changed, nothing to do") {
    const auto plan = plan_reload(conf(kBase), conf(kBase));
    CHECK(plan.applied.empty());
    CHECK(plan.restart.empty());
}

TEST_CASE("users, secrets, peer lists and verbosity take effect") {
    const auto fresh = conf(std::string(kBase) +
                            "user=bob:two\nuse-auth-secret\nstatic-auth-secret=s\ndenied-peer-ip=10.0.0.1\n"
                            "allowed-peer-ip=10.0.0.2\nallow-loopback-peers\nverbose\n");
    const auto plan = plan_reload(conf(kBase), fresh);
    for (const char* name : {"user", "use-auth-secret", "static-auth-secret", "denied-peer-ip", "allowed-peer-ip",
                             "allow-loopback-peers", "verbose"}) {
        INFO(name);
        CHECK(has(plan.applied, name));
    }
    CHECK(plan.restart.empty());
    CHECK(plan.next == fresh);
    CHECK(log_level(plan.next) == LogLevel::Debug);
}

TEST_CASE("other options need a restart and keep their running value") {
    const auto running = conf(kBase);
    const auto plan = plan_reload(running, conf(std::string(kBase) + "listening-port=4000\nrealm=other.org\n"));
    CHECK(has(plan.restart, "listening-port"));
    CHECK(has(plan.restart, "realm"));
    CHECK(plan.applied.empty());
    CHECK(plan.next == running);
}

TEST_CASE("turning authentication on or off needs a restart, with the credentials that came with it") {
    const auto running = conf("no-auth\n");
    const auto plan = plan_reload(running, conf("lt-cred-mech\nrealm=example.org\nuser=alice:one\n"));
    CHECK(has(plan.restart, "user"));
    CHECK(has(plan.restart, "lt-cred-mech"));
    CHECK(plan.next.users.empty());
}
