// Starting as root (server/root_safety.hpp): a warning without proc-user, a
// refusal when anyone could also reach loopback services through the server,
// unless allow-root.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"
#include "server/root_safety.hpp"

using namespace turn;
using turn::config::testing::from_conf;

namespace {

std::vector<server::OptionNotice> notices(std::string_view conf, bool root) {
    const auto loaded = from_conf(conf);
    REQUIRE(loaded.diagnostics.empty());
    return server::root_notices(loaded.config, root);
}

}  // namespace

TEST_CASE("not root: nothing to say, whatever the config") {
    CHECK(notices("no-auth\nallow-loopback-peers\n", false).empty());
}

TEST_CASE("root with proc-user: nothing to say, it stops being root once bound") {
    CHECK(notices("proc-user=nobody\nno-auth\nallow-loopback-peers\n", true).empty());
}

TEST_CASE("root without proc-user: a warning naming proc-user") {
    const auto n = notices("lt-cred-mech\nuser=a:b\nrealm=r\nallow-loopback-peers\n", true);
    REQUIRE(n.size() == 1);
    CHECK_FALSE(n[0].fatal);
    CHECK_THAT(n[0].message, Catch::Contains("proc-user"));
}

TEST_CASE("root without proc-user, anonymous and relaying to loopback: refused, with the ways out named") {
    for (const char* conf : {"no-auth\nallow-loopback-peers\n", "allow-loopback-peers\n"}) {
        INFO(conf);
        const auto n = notices(conf, true);
        REQUIRE(n.size() == 1);
        CHECK(n[0].fatal);
        for (const char* way_out : {"proc-user", "authentication", "allow-loopback-peers", "allow-root"})
            CHECK_THAT(n[0].message, Catch::Contains(way_out));
    }
}

TEST_CASE("allow-root turns the refusal back into the warning") {
    const auto n = notices("no-auth\nallow-loopback-peers\nallow-root\n", true);
    REQUIRE(n.size() == 1);
    CHECK_FALSE(n[0].fatal);
}
