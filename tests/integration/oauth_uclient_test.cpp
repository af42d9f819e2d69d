// coturn's own RFC 7635 client against our server: turnutils_uclient -J seals
// tokens with the three test keys built into it ("north" A256GCM, "union"
// A128GCM, "oldempire" A256GCM, a random one for every Allocate and
// Refresh), for the server name our 401 gives, and signs as coturn signs.
// The keys reach our server the way an operator's would: turnadmin writes
// them to the SQLite store, the auth thread reads them.
#include <catch2/catch.hpp>

#include "coturn_process.hpp"
#include "fixtures.hpp"
#include "oauth_store.hpp"
#include "uclient.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// Two relay threads, so uclient's clients spread over both listeners; room
// for four clients' RTP and RTCP allocations.
ServerConfig uclient_oauth_server(const std::string& db) {
    ServerConfig config = oauth_server(db);
    config.relay_ports = 32;
    config.relay_threads = 2;
    return config;
}

}  // namespace

TEST_CASE("turnutils_uclient -J relays without loss through channels with coturn's test keys in our store",
          "[coturn][oauth]") {
    ServerProcess server(uclient_oauth_server(oauth_db()));
    require_lossless_run(server.address().port, {"-J", "-m", "4"});
}

TEST_CASE("turnutils_uclient -J relays without loss with Send indications, and over TCP", "[coturn][oauth]") {
    ServerProcess server(uclient_oauth_server(oauth_db()));
    require_lossless_run(server.address().port, {"-J", "-s", "-m", "2"});
    require_lossless_run(server.address().port, {"-J", "-t", "-m", "2"});
}

TEST_CASE("turnutils_uclient -J is refused when the store has none of its keys", "[coturn][oauth]") {
    ServerProcess server(uclient_oauth_server(oauth_db({})));
    require_refused_run(server.address().port, {"-J"});
}

TEST_CASE("oauth keys written by our turnadmin serve coturn's own turnserver and turnutils_uclient -J", "[coturn][oauth]") {
    const std::string db = oauth_db();
    CoturnServer coturn({"--oauth", "--lt-cred-mech", "--realm", kRealm, "--server-name", kOAuthServerName, "-b", db,
                         "--allow-loopback-peers"});
    INFO(coturn.log());
    require_lossless_run(coturn.port(), {"-J", "-m", "2"});
}
