// The io-uring option: a turn's UDP sends go to the kernel in one io_uring
// submission. Relaying must look exactly as without it, both ways, over
// channels and indications, with several allocations sending in one turn.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "round_trips.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

TEST_CASE("with io-uring, data flows both ways through several allocations at once") {
    ServerProcess server(auth_with({"allow-loopback-peers", "io-uring"}));
    UdpEndpoint peer;
    constexpr std::uint16_t kChannel = 0x4001;
    std::vector<TurnClient> clients;
    std::vector<TransportAddress> relayed;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(client_of(server));
        relayed.push_back(require_allocation(clients.back()));
        REQUIRE(clients.back().channel_bind(kChannel, peer.address())->is_success());
    }
    // Every client sends before anyone reads: the server sees them in one
    // turn or a few, and its sends to the peer leave in one submission.
    for (std::size_t i = 0; i < clients.size(); ++i) clients[i].send_channel_data(kChannel, as_bytes("to peer " + std::to_string(i)));
    std::set<std::string> at_peer;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const auto d = peer.receive(kAnswerTimeout);
        REQUIRE(d);
        at_peer.insert(std::string(as_text(d->bytes)));
    }
    CHECK(at_peer == std::set<std::string>{"to peer 0", "to peer 1", "to peer 2", "to peer 3"});
    // And back: one datagram to each relayed address, each arrives at its client.
    for (std::size_t i = 0; i < clients.size(); ++i) peer.send_to(relayed[i], as_bytes("to client " + std::to_string(i)));
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const auto r = clients[i].receive_relayed();
        REQUIRE(r);
        CHECK(r->channel == kChannel);
        CHECK(as_text(r->payload) == "to client " + std::to_string(i));
    }
    // Indications too, from an allocation without a channel.
    TurnClient plain = client_of(server);
    require_indication_round_trip(plain, peer, require_allocation(plain));
    server.stop();
    CHECK(server.log().find("without io_uring") == std::string::npos);
}
