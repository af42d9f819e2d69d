// Slow-loris clients: many TCP and TLS connections that never finish a
// handshake, at once, while good clients use the server. Each attacker is
// dropped after tcp-handshake-timeout and the good clients are served all
// along. One of each kind, with its log line, is in stream_bad_input_test.cpp;
// a client that stops reading is dropped after tcp-write-timeout with memory
// bounded in stream_limits_test.cpp, and DTLS handshakes that stall in
// dtls_test.cpp.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr int kPerKind = 50;

// The first bytes of a TLS ClientHello whose record promises 512 bytes.
const Bytes kPartialClientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x5A};

// A Binding header whose length says 65532 bytes follow (RFC 8489 §5).
Bytes huge_stun_header() {
    Bytes header = binding_request();
    header[2] = 0xFF;
    header[3] = 0xFC;
    return header;
}

}  // namespace

TEST_CASE("150 stalled TCP and TLS handshakes are all dropped at tcp-handshake-timeout while good clients are served", "[stream]") {
    const TestCertificate cert = make_test_certificate("turn-itest", 1);
    ServerProcess server(tls_server(cert));
    std::vector<TcpStream> attackers;
    attackers.reserve(3 * kPerKind);
    for (int i = 0; i < kPerKind; ++i) {
        attackers.emplace_back(server.address());  // says nothing
        attackers.emplace_back(server.address());
        REQUIRE(attackers.back().write(kPartialClientHello));
        attackers.emplace_back(server.address());
        REQUIRE(attackers.back().write(huge_stun_header()));
    }

    // Served during the attack: UDP, TCP and TLS clients, data both ways.
    UdpEndpoint peer;
    TurnClient udp = client_of(server);
    TurnClient tcp = tcp_client_of(server);
    TurnClient tls = tls_client_of(server);
    for (TurnClient* c : {&udp, &tcp, &tls}) {
        const auto relayed = require_allocation(*c);
        REQUIRE(c->channel_bind(kChannel, peer.address())->is_success());
        require_channel_round_trip(*c, kChannel, peer, relayed, as_bytes("served during the attack"));
    }

    const auto deadline = std::chrono::steady_clock::now() + kStreamDeadline + kAnswerTimeout;
    int closed = 0;
    for (auto& a : attackers) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        closed += closed_within(a, std::max(left, std::chrono::milliseconds(1))) ? 1 : 0;
    }
    CHECK(closed == static_cast<int>(attackers.size()));
    // The good stream clients hold allocations, so no deadline applies to them.
    for (TurnClient* c : {&tcp, &tls}) CHECK(c->request_once(Method::Binding)->is_success());
    require_served(tcp_client_of(server));
}
