// RFC 6062 with a client nobody here wrote: coturn's turnutils_uclient -T
// makes TCP allocations in pairs, Connects each to the others' relayed
// addresses and binds every data connection on a new connection (which the
// kernel may put on either relay thread), then checks every message came
// back. Also over TLS (-S).
#include <catch2/catch.hpp>

#include "tcp_relay_fixtures.hpp"
#include "uclient.hpp"

using namespace turn::itest;

TEST_CASE("turnutils_uclient -T relays between its TCP allocations with no loss", "[coturn][tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    require_lossless_run(server.address().port, {"-T", "-u", kUser, "-w", kPassword, "-m", "4"}, Peer::None);
}

TEST_CASE("turnutils_uclient -T -S relays between its TCP allocations over TLS with no loss", "[coturn][tcp-relay]") {
    ServerProcess server(tls_relay_config());
    require_lossless_run(server.address().port, {"-T", "-S", "-u", kUser, "-w", kPassword, "-m", "4"}, Peer::None);
}
