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

// A permission for loopback peers (permissions are per IP: RFC 8656 §9).
void permit_loopback(TurnClient& control) {
    const auto reply = control.create_permission(ip_port("127.0.0.1", 1));
    REQUIRE(reply);
    REQUIRE(reply->is_success());
}

// A peer connects to the relayed address; the client binds it on a new
// connection. The peer's stream and the client's data connection.
struct Pair {
    TcpStream peer;
    TurnClient data;
    ByteStream& client() { return stream_of(data); }
};

Pair accept_through_relay(const ServerProcess& server, TurnClient& control, const TransportAddress& relayed,
                          Security security = Security::Plain) {
    TcpStream peer(relayed);
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
    TurnClient control = stream_client_of(server);
    const auto relayed = require_tcp_allocation(control);
    TcpListener listener;
    permit_loopback(control);
    const auto reply = connect_peer(control, listener.address());
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    REQUIRE(reply->is_success());
    const auto id = reply->get<ConnectionId>();
    REQUIRE(id);
    auto accepted = listener.accept(kAnswerTimeout);
    REQUIRE(accepted);
    CHECK(accepted->second == relayed);  // §5.2: the local end is the relayed address
    TurnClient data = bind_data_connection(server, id->value);
    require_carried(stream_of(data), accepted->first, "hello, peer");
    require_carried(accepted->first, stream_of(data), "hello, client");
}

TEST_CASE("Connect gets 403 without a permission or for a refused peer, 446 for a connected peer, 447 for a closed port",
          "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    TurnClient control = stream_client_of(server);
    require_tcp_allocation(control);
    TcpListener listener;
    auto reply = connect_peer(control, listener.address());
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Forbidden));  // no permission yet
    reply = connect_peer(control, ip_port("10.0.0.1", 80));
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Forbidden));  // private: refused by the peer policy
    permit_loopback(control);
    reply = connect_peer(control, listener.address());
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    reply = connect_peer(control, listener.address());
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::ConnectionAlreadyExists));
    TransportAddress closed;
    {
        TcpListener gone;
        closed = gone.address();
    }
    reply = connect_peer(control, closed);
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::ConnectionTimeoutOrFailure));
}

TEST_CASE("peers connecting to the relayed address are announced and bound on new connections, across threads",
          "[tcp-relay]") {
    ServerProcess server(tcp_relay_config({"verbose"}));
    TurnClient control = stream_client_of(server);
    const auto relayed = require_tcp_allocation(control);
    permit_loopback(control);
    // SO_REUSEPORT puts each new data connection on either thread: bind
    // until one lands on the other thread than the allocation (1 in 2 each).
    std::vector<Pair> pairs;
    for (int i = 0; i < 16 && !log_shows_cross_thread_bind(server.log()); ++i) {
        pairs.push_back(accept_through_relay(server, control, relayed));
        Pair& p = pairs.back();
        require_carried(p.peer, p.client(), "to the client #" + std::to_string(i));
        require_carried(p.client(), p.peer, "to the peer #" + std::to_string(i));
    }
    CHECK(log_shows_cross_thread_bind(server.log()));
    // Every pair still works after the others were set up.
    for (Pair& p : pairs) require_carried(p.peer, p.client(), "still there");
}

TEST_CASE("over TLS, data connections bound on either thread carry bytes both ways", "[tcp-relay]") {
    ServerProcess server(tls_relay_config({"verbose"}));
    TurnClient control = stream_client_of(server, Security::Tls);
    const auto relayed = require_tcp_allocation(control);
    permit_loopback(control);
    std::vector<Pair> pairs;
    for (int i = 0; i < 16 && !log_shows_cross_thread_bind(server.log()); ++i) {
        pairs.push_back(accept_through_relay(server, control, relayed, Security::Tls));
        Pair& p = pairs.back();
        require_carried(p.client(), p.peer, "over TLS to the peer");
        require_carried(p.peer, p.client(), "over TLS to the client");
    }
    CHECK(log_shows_cross_thread_bind(server.log()));
}

TEST_CASE("a peer without a permission is closed at once and not announced", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    TurnClient control = stream_client_of(server);
    const auto relayed = require_tcp_allocation(control);
    TcpStream peer(relayed);
    CHECK(closed_within(peer, kAnswerTimeout));
    CHECK_FALSE(receive_connection_attempt(control, kSilenceTimeout));
}

TEST_CASE("ConnectionBind with an unknown CONNECTION-ID gets 400, and the connection may bind after", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    TurnClient control = stream_client_of(server);
    const auto relayed = require_tcp_allocation(control);
    permit_loopback(control);
    TcpStream peer(relayed);
    const auto attempt = receive_connection_attempt(control);
    REQUIRE(attempt);
    TurnClient data = stream_client_of(server);
    auto reply = connection_bind(data, attempt->id ^ 0x00ABCDEFu);
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::BadRequest));
    reply = connection_bind(data, attempt->id);
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    require_carried(peer, stream_of(data), "bound at the second try");
    // The id is taken now: another connection cannot bind it again.
    TurnClient again = stream_client_of(server);
    reply = connection_bind(again, attempt->id);
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::BadRequest));
}

TEST_CASE("peer connections without a ConnectionBind in time are closed", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config({"tcp-relay-bind-timeout=1"}));
    TurnClient control = stream_client_of(server);
    const auto relayed = require_tcp_allocation(control);
    permit_loopback(control);
    TcpStream incoming(relayed);
    REQUIRE(receive_connection_attempt(control));
    TcpListener listener;
    const auto reply = connect_peer(control, listener.address());
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    auto outgoing = listener.accept(kAnswerTimeout);
    REQUIRE(outgoing);
    // One second, swept once a second, plus slack for a loaded machine.
    CHECK(closed_within(incoming, 4s));
    CHECK(closed_within(outgoing->first, 4s));
}

TEST_CASE("the allocation's end closes its peer and data connections", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    for (const bool by_refresh : {true, false}) {
        INFO((by_refresh ? "Refresh with LIFETIME 0" : "control connection closed"));
        auto control = std::make_unique<TurnClient>(stream_client_of(server));
        const auto relayed = require_tcp_allocation(*control);
        permit_loopback(*control);
        Pair p = accept_through_relay(server, *control, relayed);
        require_carried(p.peer, p.client(), "before the end");
        if (by_refresh) {
            const auto reply = control->refresh(0);
            REQUIRE(reply);
            REQUIRE(reply->is_success());
        } else {
            control.reset();
        }
        CHECK(closed_within(p.peer, kAnswerTimeout));
        CHECK(closed_within(p.client(), kAnswerTimeout));
    }
}

TEST_CASE("megabytes in both directions arrive intact through a bound pair", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    TurnClient control = stream_client_of(server);
    const auto relayed = require_tcp_allocation(control);
    permit_loopback(control);
    Pair p = accept_through_relay(server, control, relayed);
    constexpr std::size_t kSize = 2 << 20;  // far beyond the relay's buffers: back-pressure must hold it
    const Bytes down = pattern(kSize, 1);
    const Bytes up = pattern(kSize, 2);
    bool written = false;
    std::thread writer([&] { written = p.peer.write(down) && p.client().write(up); });
    std::this_thread::sleep_for(300ms);  // let the relay's buffers fill before anyone reads
    const auto got_down = read_exactly(p.client(), kSize, 10s);
    const auto got_up = read_exactly(p.peer, kSize, 10s);
    writer.join();
    CHECK(written);
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

// CVE-2020-26262 was exactly this: Connect to 0.0.0.0, which the kernel
// routes to the host itself. With loopback peers allowed and a permission
// for 127.0.0.1, the server's own listening port is still refused.
TEST_CASE("Connect to 0.0.0.0 and to the server's own listening port gets 403", "[tcp-relay]") {
    ServerProcess server(tcp_relay_config());
    TurnClient control = stream_client_of(server);
    require_tcp_allocation(control);
    permit_loopback(control);
    for (const auto& peer : {ip_port("0.0.0.0", 80), ip_port("0.0.0.0", server.address().port),
                             ip_port("127.0.0.1", server.address().port)}) {
        INFO("peer " << peer.to_string());
        const auto reply = connect_peer(control, peer);
        REQUIRE(reply);
        CHECK(reply->error_code() == code(StunError::Forbidden));
    }
}
