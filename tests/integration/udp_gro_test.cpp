// Datagrams that reach the server coalesced (UDP_GRO: a NIC's GRO engine, or
// a sender that used GSO, as here) are relayed one by one, in order, each
// with its own ChannelData or Data indication header — and the same holds
// with no-udp-gro, where the kernel splits them before the server sees them.
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr std::uint16_t kChannel = 0x4001;
constexpr std::size_t kDatagrams = 10;
constexpr std::size_t kSize = 100;  // each payload; the last one is shorter

Bytes payload(std::size_t i) {
    Bytes p(i + 1 == kDatagrams ? kSize / 3 : kSize);
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = static_cast<std::uint8_t>(i * 31 + k);
    return p;
}

Bytes concatenated(const std::function<Bytes(std::size_t)>& datagram) {
    Bytes all;
    for (std::size_t i = 0; i < kDatagrams; ++i) {
        const Bytes d = datagram(i);
        all.insert(all.end(), d.begin(), d.end());
    }
    return all;
}

Bytes channel_data(std::size_t i) {
    const Bytes p = payload(i);
    Bytes frame{static_cast<std::uint8_t>(kChannel >> 8), static_cast<std::uint8_t>(kChannel & 0xFF),
                static_cast<std::uint8_t>(p.size() >> 8), static_cast<std::uint8_t>(p.size() & 0xFF)};
    frame.insert(frame.end(), p.begin(), p.end());
    return frame;
}

struct Relay {
    explicit Relay(std::vector<std::string> extra) : server(auth_with(std::move(extra))) {}
    ServerProcess server;
    TurnClient client = client_of(server);
    TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
};

std::vector<std::string> gro_setting(bool gro) {
    std::vector<std::string> options{"allow-loopback-peers"};
    if (!gro) options.push_back("no-udp-gro");
    return options;
}

}  // namespace

TEST_CASE("ChannelData a client sends coalesced reaches the peer as one datagram each, in order") {
    const bool gro = GENERATE(true, false);
    INFO((gro ? "UDP_GRO on" : "no-udp-gro"));
    Relay r(gro_setting(gro));
    REQUIRE(r.client.channel_bind(kChannel, r.peer.address())->is_success());
    auto& udp = dynamic_cast<UdpClientTransport&>(r.client.transport());
    udp.socket().send_segmented(udp.server(), concatenated(channel_data), 4 + kSize);
    for (std::size_t i = 0; i < kDatagrams; ++i) {
        INFO("datagram " << i);
        const auto at_peer = r.peer.receive(kAnswerTimeout);
        REQUIRE(at_peer);
        CHECK(at_peer->bytes == payload(i));
    }
    r.server.stop();
    CHECK(r.server.log().find(gro ? "1 coalesced UDP receives split" : "0 coalesced UDP receives split") !=
          std::string::npos);
}

TEST_CASE("datagrams a peer sends coalesced reach the client one by one, in order, over a channel and as Data indications") {
    const bool gro = GENERATE(true, false);
    const bool channel = GENERATE(true, false);
    INFO((gro ? "UDP_GRO on" : "no-udp-gro") << (channel ? ", channel" : ", Data indications"));
    Relay r(gro_setting(gro));
    if (channel)
        REQUIRE(r.client.channel_bind(kChannel, r.peer.address())->is_success());
    else
        REQUIRE(r.client.create_permission(r.peer.address())->is_success());
    r.peer.send_segmented(r.relayed, concatenated(payload), kSize);
    for (std::size_t i = 0; i < kDatagrams; ++i) {
        INFO("datagram " << i);
        const auto at_client = r.client.receive_relayed();
        REQUIRE(at_client);
        CHECK(at_client->payload == payload(i));
        CHECK(at_client->channel == (channel ? kChannel : 0));
    }
    r.server.stop();
    CHECK(r.server.log().find(gro ? "1 coalesced UDP receives split" : "0 coalesced UDP receives split") !=
          std::string::npos);
}
