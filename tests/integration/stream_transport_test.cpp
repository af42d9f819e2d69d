// TURN over TCP and TLS (RFC 8656 §3.1) with the project's own client: the
// same allocation, permissions, channels and indications as over UDP, with
// ChannelData padded to 4 bytes on the stream (§12.5), frames that arrive in
// pieces or several to a write, and the allocation ending with its connection.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "protocol/byte_order.hpp"
#include "protocol/channel_data.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

// Every non-zero remainder mod 4 (3, 2 and 1 bytes of padding), small and large.
constexpr std::size_t kSizes[] = {1, 2, 3, 5, 6, 7, 1001};

Bytes payload_of(std::size_t size) {
    Bytes b(size);
    for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<std::uint8_t>(0xA0 + i * 3 + size);
    return b;
}

struct TcpClientAndPeer {
    ServerProcess server{stream_server()};
    TurnClient client = tcp_client_of(server);
    TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
};

}  // namespace

TEST_CASE_METHOD(TcpClientAndPeer, "over TCP, ChannelData of every size mod 4 flows both ways, padded to 4 bytes on the stream", "[stream]") {
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
    for (const std::size_t size : kSizes) {
        INFO("payload of " << size << " bytes");
        require_channel_round_trip(client, kChannel, peer, relayed, payload_of(size));
    }
}

TEST_CASE_METHOD(TcpClientAndPeer, "over TCP, Send indications reach the peer and Data indications come back", "[stream]") {
    REQUIRE(client.create_permission(peer.address())->is_success());
    for (const std::size_t size : kSizes) {
        INFO("payload of " << size << " bytes");
        const Bytes payload = payload_of(size);
        client.send_indication(peer.address(), payload);
        const auto at_peer = peer.receive(kAnswerTimeout);
        REQUIRE(at_peer);
        CHECK(at_peer->bytes == payload);
        peer.send_to(relayed, payload);
        const auto at_client = client.receive_relayed();
        REQUIRE(at_client);
        CHECK(at_client->channel == 0);
        CHECK(at_client->peer == peer.address());
        CHECK(at_client->payload == payload);
    }
}

TEST_CASE_METHOD(TcpClientAndPeer, "several frames in one write are each handled, in order", "[stream]") {
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
    // Two ChannelData frames (padded) and a Binding request, back to back.
    Bytes burst;
    for (const auto* text : {"first", "second"}) {
        const auto payload = as_bytes(text);
        Bytes frame(pad4(kChannelDataHeaderSize + payload.size()), 0);
        write_channel_data_header(std::span<std::uint8_t, kChannelDataHeaderSize>(frame.data(), kChannelDataHeaderSize),
                                  kChannel, static_cast<std::uint16_t>(payload.size()));
        std::copy(payload.begin(), payload.end(), frame.begin() + kChannelDataHeaderSize);
        burst.insert(burst.end(), frame.begin(), frame.end());
    }
    const TransactionId tid = random_tid();
    const Bytes binding = client.build_request(Method::Binding, tid, {});
    burst.insert(burst.end(), binding.begin(), binding.end());
    client.send_raw(burst);
    for (const auto* text : {"first", "second"}) {
        const auto at_peer = peer.receive(kAnswerTimeout);
        REQUIRE(at_peer);
        CHECK(as_text(at_peer->bytes) == text);
    }
    const auto reply = client.receive_raw(kAnswerTimeout);
    REQUIRE(reply);
    const auto msg = StunMessage::decode(*reply);
    REQUIRE(msg);
    CHECK(msg->transaction_id() == tid);
    CHECK(msg->message_class() == MessageClass::SuccessResponse);
}

TEST_CASE("STUN requests and ChannelData written one byte at a time are answered and relayed", "[stream]") {
    ServerProcess server(stream_server());
    TurnClient client = tcp_client_of(server, {.write_chunk = 1});
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
    require_channel_round_trip(client, kChannel, peer, relayed, payload_of(7));
}

TEST_CASE("over TLS on the TURN port, ALPN stun.turn is chosen, the configured certificate is presented, and leaving without close_notify is no error", "[stream][tls]") {
    const TestCertificate cert = make_test_certificate("turn-itest", 1);
    ServerProcess server(tls_server(cert));
    {
        TlsStream tls(TcpStream(server.address()));
        CHECK(tls.alpn() == "stun.turn");  // RFC 7443 §4
        CHECK(tls.peer_certificate() == cert.der);
    }  // TCP closed without a TLS close_notify, as browsers do
    // The server's one thread handles that end before it answers a client
    // that connects after it.
    require_served(tcp_client_of(server));
    CHECK(server.log().find("TLS error") == std::string::npos);
}

TEST_CASE("over TLS, an allocation relays ChannelData both ways, padded to 4 bytes", "[stream][tls]") {
    const TestCertificate cert = make_test_certificate("turn-itest", 1);
    ServerProcess server(tls_server(cert));
    TurnClient client = tls_client_of(server);
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
    for (const std::size_t size : kSizes) {
        INFO("payload of " << size << " bytes");
        require_channel_round_trip(client, kChannel, peer, relayed, payload_of(size));
    }
}

TEST_CASE("closing the TCP connection frees its allocation: with user-quota=1 a new connection allocates at once", "[stream]") {
    ServerProcess server(stream_server({"user-quota=1"}));
    {
        TurnClient first = tcp_client_of(server);
        require_allocation(first);
        TurnClient second = tcp_client_of(server);
        const auto refused = second.allocate();
        REQUIRE(refused);
        CHECK(refused->error_code() == code(StunError::AllocationQuotaReached));
    }  // both connections close; nothing is refreshed or deleted
    TurnClient next = tcp_client_of(server);
    require_allocation(next);
}
