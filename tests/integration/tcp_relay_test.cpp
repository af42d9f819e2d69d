// RFC 6062 TCP allocations end to end: the real turnserver with two relay
// threads, the project's own client over TCP and TLS, and TCP peers on
// loopback.
#include <catch2/catch.hpp>

#include <regex>
#include <thread>

#include "tcp_relay_fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

Bytes pattern(std::size_t n, std::uint8_t seed) {
    Bytes out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(seed + i * 7 + (i >> 11));
    return out;
}

// `message` from one socket arrives unchanged on the other.
void require_carried(TcpSocket& from, TcpSocket& to, std::string_view message) {
    from.send_all(as_bytes(message));
    const auto got = to.read_exact(message.size(), kAnswerTimeout);
    REQUIRE(got);
    CHECK(as_text(*got) == message);
}

// A permission for loopback peers (permissions are per IP: RFC 8656 §9).
void permit_loopback(TurnClient& control) {
    const auto reply = control.create_permission(ip_port("127.0.0.1", 1));
    REQUIRE(reply);
    REQUIRE(reply->is_success());
}

// A peer connects to the relayed address; the client binds it on a new
// connection. Returns the peer's socket and the data connection.
std::pair<TcpSocket, StreamClient> accept_through_relay(const ServerProcess& server, TurnClient& control,
                                                        const TransportAddress& relayed,
                                                        Security security = Security::Plain) {
    TcpSocket peer = TcpSocket::connect(relayed);
    const auto attempt = receive_connection_attempt(control);
    REQUIRE(attempt);
    CHECK(attempt->peer == peer.local_address());
    return {std::move(peer), bind_data_connection(server, attempt->id, security)};
}

// Debug lines of binds: "bound on worker B (allocation on worker A)".
bool log_shows_cross_thread_bind(const std::string& log) {
    const std::regex bind(R"(bound on worker (\d+) \(allocation on worker (\d+)\))");
    for (auto it = std::sregex_iterator(log.begin(), log.end(), bind); it != std::sregex_iterator(); ++it)
        if ((*it)[1] != (*it)[2]) return true;
    return false;
}

}  // namespace

TEST_CASE("a TCP allocation over UDP gets 400 (RFC 6062 section 5.1)", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    auto client = client_of(server);
    const auto reply = client.request(Method::Allocate, [](MessageBuilder& b) {
        b.add(RequestedTransport{RequestedTransport::kTcp});
    });
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::BadRequest));
}

TEST_CASE("Connect reaches a TCP peer from the relayed address, and a bound data connection carries bytes both ways",
          "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    StreamClient control(server);
    const auto relayed = require_tcp_allocation(control.turn);
    TcpListener listener;
    permit_loopback(control.turn);
    const auto reply = connect_peer(control.turn, listener.address());
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    REQUIRE(reply->is_success());
    const auto id = reply->get<ConnectionId>();
    REQUIRE(id);
    auto accepted = listener.accept(kAnswerTimeout);
    REQUIRE(accepted);
    CHECK(accepted->second == relayed);  // §5.2: the local end is the relayed address
    StreamClient data = bind_data_connection(server, id->value);
    require_carried(data.link->socket(), accepted->first, "hello, peer");
    require_carried(accepted->first, data.link->socket(), "hello, client");
}

TEST_CASE("Connect gets 403 without a permission or for a refused peer, 446 for a connected peer, 447 for a closed port",
          "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    StreamClient control(server);
    require_tcp_allocation(control.turn);
    TcpListener listener;
    auto reply = connect_peer(control.turn, listener.address());
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Forbidden));  // no permission yet
    reply = connect_peer(control.turn, ip_port("10.0.0.1", 80));
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Forbidden));  // private: refused by the peer policy
    permit_loopback(control.turn);
    reply = connect_peer(control.turn, listener.address());
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    reply = connect_peer(control.turn, listener.address());
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::ConnectionAlreadyExists));
    TransportAddress closed;
    {
        TcpListener gone;
        closed = gone.address();
    }
    reply = connect_peer(control.turn, closed);
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::ConnectionTimeoutOrFailure));
}

TEST_CASE("peers connecting to the relayed address are announced and bound on new connections, across threads",
          "[tcp-relay]") {
    ServerProcess server(tcp_relay_config({"verbose"}));
    StreamClient control(server);
    const auto relayed = require_tcp_allocation(control.turn);
    permit_loopback(control.turn);
    // SO_REUSEPORT puts each new data connection on either thread: bind
    // until one lands on the other thread than the allocation (1 in 2 each).
    std::vector<std::pair<TcpSocket, StreamClient>> pairs;
    for (int i = 0; i < 16 && !log_shows_cross_thread_bind(server.log()); ++i) {
        pairs.push_back(accept_through_relay(server, control.turn, relayed));
        auto& [peer, data] = pairs.back();
        require_carried(peer, data.link->socket(), "to the client #" + std::to_string(i));
        require_carried(data.link->socket(), peer, "to the peer #" + std::to_string(i));
    }
    CHECK(log_shows_cross_thread_bind(server.log()));
    // Every pair still works after the others were set up.
    for (auto& [peer, data] : pairs) require_carried(peer, data.link->socket(), "still there");
}

TEST_CASE("over TLS, data connections bound on either thread carry bytes both ways", "[tcp-relay]") {
    ServerProcess server(tls_relay_config({"verbose"}));
    StreamClient control(server, Security::Tls);
    const auto relayed = require_tcp_allocation(control.turn);
    permit_loopback(control.turn);
    std::vector<std::pair<TcpSocket, StreamClient>> pairs;
    for (int i = 0; i < 16 && !log_shows_cross_thread_bind(server.log()); ++i) {
        pairs.push_back(accept_through_relay(server, control.turn, relayed, Security::Tls));
        auto& [peer, data] = pairs.back();
        require_carried(data.link->socket(), peer, "over TLS to the peer");
        require_carried(peer, data.link->socket(), "over TLS to the client");
    }
    CHECK(log_shows_cross_thread_bind(server.log()));
}

TEST_CASE("a peer without a permission is closed at once and not announced", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    StreamClient control(server);
    const auto relayed = require_tcp_allocation(control.turn);
    TcpSocket peer = TcpSocket::connect(relayed);
    CHECK(peer.ends_within(kAnswerTimeout));
    CHECK_FALSE(receive_connection_attempt(control.turn, kSilenceTimeout));
}

TEST_CASE("ConnectionBind with an unknown CONNECTION-ID gets 400, and the connection may bind after", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    StreamClient control(server);
    const auto relayed = require_tcp_allocation(control.turn);
    permit_loopback(control.turn);
    TcpSocket peer = TcpSocket::connect(relayed);
    const auto attempt = receive_connection_attempt(control.turn);
    REQUIRE(attempt);
    StreamClient data(server);
    auto reply = data.turn.request(Method::ConnectionBind, [&](MessageBuilder& b) {
        b.add(ConnectionId{attempt->id ^ 0x00ABCDEFu});
    });
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::BadRequest));
    reply = data.turn.request(Method::ConnectionBind, [&](MessageBuilder& b) { b.add(ConnectionId{attempt->id}); });
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    require_carried(peer, data.link->socket(), "bound at the second try");
    // The id is taken now: another connection cannot bind it again.
    StreamClient again(server);
    reply = again.turn.request(Method::ConnectionBind, [&](MessageBuilder& b) { b.add(ConnectionId{attempt->id}); });
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::BadRequest));
}

TEST_CASE("peer connections without a ConnectionBind in time are closed", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config({"tcp-relay-bind-timeout=1"}));
    StreamClient control(server);
    const auto relayed = require_tcp_allocation(control.turn);
    permit_loopback(control.turn);
    TcpSocket incoming = TcpSocket::connect(relayed);
    REQUIRE(receive_connection_attempt(control.turn));
    TcpListener listener;
    const auto reply = connect_peer(control.turn, listener.address());
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    auto outgoing = listener.accept(kAnswerTimeout);
    REQUIRE(outgoing);
    // One second, swept once a second, plus slack for a loaded machine.
    CHECK(incoming.ends_within(4s));
    CHECK(outgoing->first.ends_within(4s));
}

TEST_CASE("the allocation's end closes its peer and data connections", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    for (const bool by_refresh : {true, false}) {
        INFO((by_refresh ? "Refresh with LIFETIME 0" : "control connection closed"));
        auto control = std::make_unique<StreamClient>(server);
        const auto relayed = require_tcp_allocation(control->turn);
        permit_loopback(control->turn);
        auto [peer, data] = accept_through_relay(server, control->turn, relayed);
        require_carried(peer, data.link->socket(), "before the end");
        if (by_refresh) {
            const auto reply = control->turn.refresh(0);
            REQUIRE(reply);
            REQUIRE(reply->is_success());
        } else {
            control.reset();
        }
        CHECK(peer.ends_within(kAnswerTimeout));
        CHECK(data.link->socket().ends_within(kAnswerTimeout));
    }
}

TEST_CASE("megabytes in both directions arrive intact through a bound pair", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    StreamClient control(server);
    const auto relayed = require_tcp_allocation(control.turn);
    permit_loopback(control.turn);
    auto [peer, data] = accept_through_relay(server, control.turn, relayed);
    constexpr std::size_t kSize = 4 << 20;  // far beyond the relay's buffers: back-pressure must hold it
    const Bytes down = pattern(kSize, 1);
    const Bytes up = pattern(kSize, 2);
    std::thread writer([&] {
        peer.send_all(down);
        data.link->socket().send_all(up);
    });
    std::this_thread::sleep_for(300ms);  // let the relay's buffers fill before anyone reads
    const auto got_down = data.link->socket().read_exact(kSize, 10s);
    const auto got_up = peer.read_exact(kSize, 10s);
    writer.join();
    REQUIRE(got_down);
    REQUIRE(got_up);
    CHECK(*got_down == down);
    CHECK(*got_up == up);
    // The workers' stop summaries count what their splices carried.
    server.stop();
    const std::string log = server.log();
    const std::regex summary(R"((\d+) TCP relay connections bound \((\d+) bytes to peers, (\d+) to clients\))");
    std::uint64_t pairs = 0, to_peers = 0, to_clients = 0;
    for (auto it = std::sregex_iterator(log.begin(), log.end(), summary); it != std::sregex_iterator(); ++it) {
        pairs += std::stoull((*it)[1]);
        to_peers += std::stoull((*it)[2]);
        to_clients += std::stoull((*it)[3]);
    }
    CHECK(pairs == 1);
    CHECK(to_peers == kSize);
    CHECK(to_clients == kSize);
}
