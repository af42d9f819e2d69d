// RFC 6062 TCP allocations in the relay core: Allocate over TCP (§5.1),
// Connect (§5.2), peers connecting in (§5.3), ConnectionBind across worker
// threads (§5.4) and the end of connections (§5.5), with a fake clock and
// fake transports.
#include <catch2/catch.hpp>

#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;
namespace proto = turn::proto;

namespace {

// A TCP or TLS client connection: the stream bit and a connection number.
ClientKey stream_client(std::uint32_t number, std::uint16_t port) {
    return {kStreamConnection | number, addr("192.0.2.10", port)};
}

void use(Harness& h, const ClientKey& client) {
    h.client = client;
    h.nonce.clear();  // nonces are bound to the client address
}

bool allocate_tcp(Harness& h) {
    return h.roundtrip(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{RequestedTransport::kTcp}); });
}

void connect(Harness& h, const TransportAddress& peer) {
    h.send(h.request(Method::Connect, [&](MessageBuilder& b) { b.add(XorPeerAddress{peer}); }));
}

void connection_bind(Harness& h, std::optional<TcpConnectionId> id) {
    h.send(h.request(Method::ConnectionBind, [&](MessageBuilder& b) {
        if (id) b.add(proto::ConnectionId{*id});
    }));
}

// A TCP allocation on connection 1 with a permission for `peer`'s IP.
void tcp_allocation_with_permission(Harness& h, const TransportAddress& peer) {
    use(h, stream_client(1, 40000));
    REQUIRE(allocate_tcp(h));
    REQUIRE(h.permit(peer));
}

// Connect to `peer` and let the fake connect succeed: the CONNECTION-ID.
TcpConnectionId connected(Harness& h, const TransportAddress& peer) {
    connect(h, peer);
    REQUIRE(!h.tcp.connects.empty());
    const TcpConnectionId id = h.tcp.connects.back().first;
    h.core->on_peer_connected(id, true);
    h.core->end_of_batch();
    const auto r = h.last_response();
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    REQUIRE(r.get<proto::ConnectionId>()->value == id);
    return id;
}

}  // namespace

TEST_CASE("a TCP Allocate needs a TCP or TLS client and no UDP-only attributes, and listens on the relayed address") {
    Harness h;
    REQUIRE_FALSE(allocate_tcp(h));  // the harness client is UDP: RFC 6062 §5.1 says 400
    CHECK(h.last_error() == 400);
    use(h, stream_client(1, 40000));
    // DONT-FRAGMENT and EVEN-PORT (§5.1), and a dual allocation: one relayed address only.
    for (auto extra : {+[](MessageBuilder& b) { b.add(DontFragment{}); },
                       +[](MessageBuilder& b) { b.add(EvenPort{}); },
                       +[](MessageBuilder& b) { b.add(AdditionalAddressFamily{AddressFamily::IPv6}); }}) {
        h.send(h.request(Method::Allocate, [&](MessageBuilder& b) {
            b.add(RequestedTransport{RequestedTransport::kTcp});
            extra(b);
        }));
        CHECK(h.last_error() == 400);
    }
    REQUIRE(allocate_tcp(h));
    CHECK(h.last_response().get<XorRelayedAddress>());
    CHECK_FALSE(h.last_response().has(AttrType::ReservationToken));
    REQUIRE(h.tcp.listeners.size() == 1);
    CHECK(h.transport.open == 0);  // no UDP relay socket
    h.send(h.request(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{0}); }));
    CHECK(h.tcp.closed_listeners == std::vector<RelaySocket>{500});
}

TEST_CASE("a TCP Allocate gets 442 when the listening socket or TCP relaying is unavailable") {
    Harness h;
    use(h, stream_client(1, 40000));
    h.tcp.fail_listen = true;
    REQUIRE_FALSE(allocate_tcp(h));
    CHECK(h.last_error() == 508);
    h.shared->config.tcp_relay = false;  // no-tcp-relay
    REQUIRE_FALSE(allocate_tcp(h));
    CHECK(h.last_error() == 442);
}

TEST_CASE("Connect answers once the peer connection is up, with the CONNECTION-ID, and 446 for the same peer") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    connect(h, peer);
    REQUIRE(h.tcp.connects.size() == 1);
    CHECK(h.tcp.connects[0].second == peer);
    CHECK(h.last_response().method() == Method::CreatePermission);  // nothing yet
    const TcpConnectionId id = h.tcp.connects[0].first;
    h.core->on_peer_connected(id, true);
    const auto r = h.last_response();
    CHECK(r.method() == Method::Connect);
    CHECK(r.get<proto::ConnectionId>()->value == id);
    CHECK(r.has(AttrType::MessageIntegrity));
    connect(h, peer);
    CHECK(h.last_error() == 446);
    CHECK(h.core->tcp_connection_count() == 1);
}

TEST_CASE("Connect gets 403 without a permission, for a forbidden peer or on a UDP allocation, 443 across families") {
    Harness h;
    tcp_allocation_with_permission(h, addr("198.51.100.7", 1));
    connect(h, addr("198.51.100.8", 80));  // no permission for this IP
    CHECK(h.last_error() == 403);
    connect(h, addr("10.0.0.1", 80));  // private: refused by the peer policy
    CHECK(h.last_error() == 403);
    connect(h, addr("2001:db8::1", 80));
    CHECK(h.last_error() == 443);
    h.send(h.request(Method::Connect, [](MessageBuilder&) {}));
    CHECK(h.last_error() == 400);
    CHECK(h.tcp.connects.empty());

    // A UDP allocation made over TCP cannot connect (coturn: 403 too).
    Harness udp_allocation;
    use(udp_allocation, stream_client(1, 40000));
    REQUIRE(udp_allocation.allocate());
    REQUIRE(udp_allocation.permit(addr("198.51.100.7", 1)));
    connect(udp_allocation, addr("198.51.100.7", 1));
    CHECK(udp_allocation.last_error() == 403);

    // RFC 6062 §5.2: Connect is for TCP and TLS clients (400 before authentication).
    Harness udp;
    REQUIRE(udp.allocate());
    udp.send(udp.request(Method::Connect, [](MessageBuilder& b) { b.add(XorPeerAddress{addr("198.51.100.7", 1)}); },
                         false));
    CHECK(udp.last_error() == 400);
}

TEST_CASE("Connect gets 447 when the connect fails at once, later, or takes longer than 30 s") {
    Harness h;
    const auto peer = addr("198.51.100.7", 1);
    tcp_allocation_with_permission(h, peer);
    h.tcp.fail_connect = true;
    connect(h, peer);
    CHECK(h.last_error() == 447);
    h.tcp.fail_connect = false;

    connect(h, peer);
    h.core->on_peer_connected(h.tcp.connects.back().first, false);
    CHECK(h.last_error() == 447);
    CHECK(h.tcp.closed_peers.back() == h.tcp.connects.back().first);

    connect(h, peer);
    const TcpConnectionId slow = h.tcp.connects.back().first;
    const std::size_t answers = h.transport.sent.size();
    h.clock.advance_seconds(29);
    h.core->sweep();
    CHECK(h.transport.sent.size() == answers);  // still connecting
    h.clock.advance_seconds(2);
    h.core->sweep();
    CHECK(h.last_error() == 447);
    CHECK(h.tcp.closed_peers.back() == slow);
    CHECK(h.core->tcp_connection_count() == 0);
    h.core->on_peer_connected(slow, true);  // too late: ignored
    CHECK(h.last_error() == 447);
}

TEST_CASE("a peer connecting in gets a ConnectionAttempt with a permission, is closed without one or after 30 s") {
    Harness h;
    const auto peer = addr("198.51.100.7", 5555);
    tcp_allocation_with_permission(h, peer);
    Allocation* a = h.tcp.listeners.at(0);
    CHECK_FALSE(h.core->on_peer_accepted(*a, addr("198.51.100.99", 5555)));
    const auto id = h.core->on_peer_accepted(*a, peer);
    REQUIRE(id);
    h.core->end_of_batch();
    const auto& sent = h.transport.sent.back();
    CHECK(sent.client == h.client);
    const auto m = StunMessage::decode(sent.bytes);
    REQUIRE(m);
    CHECK(m->method() == Method::ConnectionAttempt);
    CHECK(m->message_class() == MessageClass::Indication);
    CHECK(m->get<XorPeerAddress>()->address == peer);
    CHECK(m->get<proto::ConnectionId>()->value == *id);
    h.clock.advance_seconds(31);
    h.core->sweep();
    CHECK(h.tcp.closed_peers == std::vector<TcpConnectionId>{*id});
    CHECK(h.core->tcp_connection_count() == 0);
}

TEST_CASE("ConnectionBind on a new connection holds it and goes to the owner, which hands the peer connection over") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    const TcpConnectionId id = connected(h, peer);
    const ClientKey data = stream_client(2, 40001);
    use(h, data);
    connection_bind(h, id);
    REQUIRE(h.tcp.forwarded.size() == 1);
    CHECK(h.tcp.held == std::vector<ClientKey>{data});
    const BindTicket t = h.tcp.forwarded[0];
    CHECK(t.id == id);
    CHECK(t.data_client == data);
    CHECK(t.username == kUser);
    h.core->on_bind_request(t);
    REQUIRE(h.tcp.handed.size() == 1);
    CHECK(h.tcp.refused.empty());
    h.core->answer_bind(t, std::nullopt);
    const auto r = h.last_response();
    CHECK(r.method() == Method::ConnectionBind);
    CHECK(r.message_class() == MessageClass::SuccessResponse);
    CHECK(r.has(AttrType::MessageIntegrity));
    CHECK(h.transport.sent.back().client == data);
    h.core->on_bind_request(t);  // the connection is bound already
    CHECK(h.tcp.refused.size() == 1);
    h.core->answer_bind(t, StunError::BadRequest);
    CHECK(h.last_error() == 400);
}

TEST_CASE("ConnectionBind gets 400 without a CONNECTION-ID, over UDP, on the control connection, and unknown ids are refused") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    const TcpConnectionId id = connected(h, peer);
    connection_bind(h, id);  // on the control connection, which holds the allocation
    CHECK(h.last_error() == 400);
    use(h, stream_client(2, 40001));
    connection_bind(h, std::nullopt);
    CHECK(h.last_error() == 400);
    connection_bind(h, id ^ 0x5a5a5a5a);
    REQUIRE(h.tcp.forwarded.size() == 1);
    h.core->on_bind_request(h.tcp.forwarded[0]);
    CHECK(h.tcp.refused.size() == 1);
    use(h, {0, addr("192.0.2.10", 40002)});  // UDP: 400 before authentication
    h.send(h.request(Method::ConnectionBind, [&](MessageBuilder& b) { b.add(proto::ConnectionId{id}); }, false));
    CHECK(h.last_error() == 400);
    CHECK(h.tcp.forwarded.size() == 1);
}

TEST_CASE("ConnectionBind from another user is refused") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    const TcpConnectionId id = connected(h, peer);
    use(h, stream_client(2, 40001));
    h.user = "bob";
    h.password = "builder";
    connection_bind(h, id);
    REQUIRE(h.tcp.forwarded.size() == 1);
    h.core->on_bind_request(h.tcp.forwarded[0]);
    CHECK(h.tcp.refused.size() == 1);
    CHECK(h.tcp.handed.empty());
}

TEST_CASE("a ConnectionBind arriving on another worker carries both workers, and the id names the owner") {
    Harness owner;  // worker 0 of 2
    owner.core->attach_tcp(owner.tcp, ConnectionIdSpace(0, 2));
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(owner, peer);
    const TcpConnectionId id = connected(owner, peer);
    CHECK(ConnectionIdSpace(1, 2).owner_of(id) == 0);

    FakeTransport transport;
    FakeTcpTransport tcp;
    RelayCore other(*owner.shared, owner.clock, transport);  // worker 1 of 2
    other.attach_tcp(tcp, ConnectionIdSpace(1, 2));
    const ClientKey data = stream_client(7, 40009);
    use(owner, data);
    other.on_client_datagram(data, owner.request(Method::ConnectionBind, [&](MessageBuilder& b) {
        b.add(proto::ConnectionId{id});
    }));
    REQUIRE(tcp.forwarded.size() == 1);
    CHECK(tcp.forwarded[0].owner_worker == 0);
    CHECK(tcp.forwarded[0].origin_worker == 1);
    owner.core->on_bind_request(tcp.forwarded[0]);
    REQUIRE(owner.tcp.handed.size() == 1);
    CHECK(owner.tcp.handed[0].origin_worker == 1);
    other.answer_bind(owner.tcp.handed[0], std::nullopt);
    other.end_of_batch();
    REQUIRE_FALSE(transport.sent.empty());
    CHECK(transport.sent.back().client == data);
}

TEST_CASE("a failed hand-over refuses the bind and drops the connection") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    const TcpConnectionId id = connected(h, peer);
    use(h, stream_client(2, 40001));
    connection_bind(h, id);
    h.tcp.fail_hand_over = true;
    h.core->on_bind_request(h.tcp.forwarded.at(0));
    CHECK(h.tcp.refused.size() == 1);
    CHECK(h.core->tcp_connection_count() == 0);
}

TEST_CASE("freeing a TCP allocation closes its peer connections, and bound pairs where they are spliced") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    const ClientKey control = h.client;
    const TcpConnectionId bound = connected(h, peer);
    const auto waiting = h.core->on_peer_accepted(*h.tcp.listeners.at(0), addr("198.51.100.7", 9999));
    REQUIRE(waiting);
    use(h, stream_client(2, 40001));
    connection_bind(h, bound);
    BindTicket t = h.tcp.forwarded.at(0);
    t.origin_worker = 0;
    h.core->on_bind_request(t);
    REQUIRE(h.tcp.handed.size() == 1);
    h.core->on_client_closed(control);  // the control connection went away
    CHECK(h.tcp.closed_bound == std::vector<std::pair<TcpConnectionId, std::size_t>>{{bound, 0}});
    CHECK(h.tcp.closed_peers == std::vector<TcpConnectionId>{*waiting});
    CHECK(h.tcp.closed_listeners.size() == 1);
    CHECK(h.core->tcp_connection_count() == 0);
}

TEST_CASE("a bound pair that ends is forgotten, so the peer may be connected again") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    const ClientKey control = h.client;
    const TcpConnectionId id = connected(h, peer);
    use(h, stream_client(2, 40001));
    connection_bind(h, id);
    h.core->on_bind_request(h.tcp.forwarded.at(0));
    h.core->on_tcp_connection_closed(id);
    CHECK(h.core->tcp_connection_count() == 0);
    h.client = control;
    h.nonce.clear();
    connected(h, peer);
}

TEST_CASE("a TCP allocation has no channels and drops Send indications") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    CHECK_FALSE(h.bind_channel(0x4000, peer));
    CHECK(h.last_error() == 403);
    const std::size_t before = h.transport.sent.size();
    std::vector<std::uint8_t> buf(256);
    MessageBuilder b(buf, {Method::Send, MessageClass::Indication}, h.next_tid());
    const std::uint8_t data[] = {1, 2, 3};
    b.add(XorPeerAddress{peer}).add(DataAttr{data});
    buf.resize(b.finish()->size());
    h.send(buf);
    CHECK(h.transport.sent.size() == before);
}

TEST_CASE("connection ids name their worker and are never 0") {
    for (const std::size_t workers : {1u, 2u, 3u, 8u, 200u}) {
        for (std::size_t w = 0; w < workers; ++w) {
            const ConnectionIdSpace space(w, workers);
            for (const std::uint32_t r : {0u, 1u, 0xFFFFFFFFu, 0x12345678u}) {
                const TcpConnectionId id = space.make(r);
                CHECK(id != 0);
                CHECK(space.owner_of(id) == w);
            }
        }
    }
}

TEST_CASE("a ConnectionBind may reuse the control connection's nonce, and one given to neither connection gets 438") {
    Harness h;
    const auto peer = addr("198.51.100.7", 8080);
    tcp_allocation_with_permission(h, peer);
    const TcpConnectionId first = connected(h, peer);
    const auto second = h.core->on_peer_accepted(*h.tcp.listeners.at(0), addr("198.51.100.7", 9000));
    REQUIRE(second);
    h.client = stream_client(2, 40001);  // the control connection's nonce, as coturn's client sends it
    connection_bind(h, first);
    REQUIRE(h.tcp.forwarded.size() == 1);
    h.core->on_bind_request(h.tcp.forwarded[0]);
    CHECK(h.tcp.handed.size() == 1);

    h.client = stream_client(3, 40002);
    h.nonce = h.shared->nonces.issue(addr("192.0.2.99", 1), h.clock.unix_seconds(),
                                     h.shared->authenticator->challenge_offer());
    connection_bind(h, *second);
    REQUIRE(h.tcp.forwarded.size() == 2);
    h.core->on_bind_request(h.tcp.forwarded[1]);
    REQUIRE(h.tcp.refusals == std::vector<StunError>{StunError::StaleNonce});
    h.core->answer_bind(h.tcp.refused[0], StunError::StaleNonce);
    const auto r = h.last_response();
    CHECK(r.get<ErrorCode>()->code == 438);
    CHECK(r.has(AttrType::Nonce));
    CHECK_FALSE(r.has(AttrType::MessageIntegrity));
}
