// Limits an operator sets, each enforced on the real server:
// unauthorized-ratelimit (coturn's name: unsigned UDP error answers per
// source IP per second), max-bps per allocation on the UDP relay (client
// over UDP or TCP) and on RFC 6062 TCP relays, and bps-capacity for the
// whole server. user-quota and total-quota (total-quota is coturn's
// per-server allocation limit) are in allocate_test.cpp and
// quota_bypass_test.cpp.
//
// Rates are checked as upper bounds over the time the test measured
// (bytes <= rate * (elapsed + 1 s of burst)): a slow machine only makes
// fewer bytes arrive, never a failure.
#include <catch2/catch.hpp>

#include "tcp_relay_fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

Bytes unauthenticated_allocate() {
    Bytes buf(kMaxMessageSize);
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, random_tid());
    b.add(RequestedTransport{RequestedTransport::kUdp});
    const auto out = b.finish();
    return Bytes(out->begin(), out->end());
}

// Every datagram that arrives until none has for kSilenceTimeout.
int drain(const UdpEndpoint& socket) {
    int n = 0;
    while (socket.receive(kSilenceTimeout)) ++n;
    return n;
}

// At most `rps` answers in each whole second the burst touched.
int rate_bound(int rps, double elapsed) { return rps * (static_cast<int>(elapsed) + 2); }

}  // namespace

TEST_CASE("unauthorized-ratelimit: a burst of 401s to one source IP is cut to the rate, whatever its source ports") {
    constexpr int kRps = 5;
    constexpr int kBurst = 50;
    ServerProcess server(auth_with({"unauthorized-ratelimit", "unauthorized-ratelimit-rps=" + std::to_string(kRps)}));
    SECTION("one source port") {
        UdpEndpoint source;
        const auto start = Clock::now();
        for (int i = 0; i < kBurst; ++i) source.send_to(server.address(), unauthenticated_allocate());
        const int answers = drain(source);
        CHECK(answers >= 1);
        CHECK(answers <= rate_bound(kRps, seconds_since(start)));
    }
    SECTION("a new source port for each request") {
        std::vector<UdpEndpoint> sources(kBurst);
        const auto start = Clock::now();
        for (auto& s : sources) s.send_to(server.address(), unauthenticated_allocate());
        int answers = 0;
        for (auto& s : sources) answers += s.receive(answers == 0 ? kAnswerTimeout : std::chrono::milliseconds(20)) ? 1 : 0;
        CHECK(answers >= 1);
        CHECK(answers <= rate_bound(kRps, seconds_since(start)));
    }
    // The limit is per source: another address is answered at once, and the
    // flooded address still gets Binding answers (success is not limited) and,
    // in a later second, its 401 and then its allocation.
    UdpEndpoint elsewhere("127.0.0.2");
    elsewhere.send_to(server.address(), unauthenticated_allocate());
    CHECK(elsewhere.receive(kAnswerTimeout));
    TurnClient client = client_of(server);
    REQUIRE(client.request_once(Method::Binding));
    std::optional<StunReply> allocated;
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!(allocated && allocated->is_success()) && Clock::now() < deadline) allocated = client.allocate();
    REQUIRE(allocated);
    CHECK(allocated->is_success());
}

TEST_CASE("without unauthorized-ratelimit every request is answered, and with it TCP clients are never limited") {
    ServerProcess plain(auth_with({}));
    UdpEndpoint source;
    for (int i = 0; i < 50; ++i) source.send_to(plain.address(), unauthenticated_allocate());
    CHECK(drain(source) == 50);

    ServerProcess limited(auth_with({"unauthorized-ratelimit", "unauthorized-ratelimit-rps=1"}));
    TurnClient tcp(std::make_unique<StreamClientTransport>(std::make_unique<TcpStream>(limited.address())));
    for (int i = 0; i < 20; ++i) {
        const auto reply = tcp.request_once(Method::Allocate);
        REQUIRE(reply);
        CHECK(reply->error_code() == code(StunError::Unauthorized));
    }
}

TEST_CASE("unauthorized-ratelimit-rps must be a positive number: a clear error at start") {
    ServerConfig config = auth_with({"unauthorized-ratelimit-rps=0"});
    CHECK_THROWS_WITH(ServerProcess(config), Catch::Contains("unauthorized-ratelimit-rps"));
}

namespace {

constexpr std::uint64_t kMaxBps = 20000;
constexpr int kDatagrams = 100;
constexpr std::size_t kPayload = 1000;  // 100 000 bytes in a burst: five seconds' worth

// ChannelData bursts both ways through one allocation; each side must see
// no more than max-bps allows for the time taken, and something.
void require_capped_both_ways(TurnClient& client) {
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.channel_bind(0x4001, peer.address())->is_success());
    const Bytes payload(kPayload, 0x42);

    auto start = Clock::now();
    for (int i = 0; i < kDatagrams; ++i) client.send_channel_data(0x4001, payload);
    const int at_peer = drain(peer);
    INFO("to the peer: " << at_peer << " of " << kDatagrams);
    CHECK(at_peer >= 1);
    CHECK(at_peer * kPayload <= kMaxBps * (seconds_since(start) + 1));

    start = Clock::now();
    for (int i = 0; i < kDatagrams; ++i) peer.send_to(relayed, payload);
    int at_client = 0;
    while (client.receive_relayed(kSilenceTimeout)) ++at_client;
    INFO("to the client: " << at_client << " of " << kDatagrams);
    CHECK(at_client >= 1);
    CHECK(at_client * kPayload <= kMaxBps * (seconds_since(start) + 1));
}

}  // namespace

TEST_CASE("max-bps caps each direction of an allocation whose client uses UDP") {
    ServerProcess server(auth_with({"allow-loopback-peers", "max-bps=" + std::to_string(kMaxBps)}));
    TurnClient client = client_of(server);
    require_capped_both_ways(client);
}

TEST_CASE("max-bps caps each direction of an allocation whose client uses TCP") {
    ServerProcess server(stream_server({"max-bps=" + std::to_string(kMaxBps)}));
    TurnClient client = tcp_client_of(server);
    require_capped_both_ways(client);
}

TEST_CASE("max-bps caps an RFC 6062 TCP relay connection", "[tcp-relay]") {
    constexpr std::uint64_t kTcpBps = 16000;
    constexpr std::size_t kSent = 64000;  // four seconds' worth
    ServerProcess server(tcp_relay_config({"max-bps=" + std::to_string(kTcpBps)}));
    TurnClient control = stream_client_of(server);
    const auto relayed = require_tcp_allocation(control);
    REQUIRE(control.create_permission(ip_port("127.0.0.1", 1))->is_success());
    TcpStream peer(relayed);
    const auto attempt = receive_connection_attempt(control);
    REQUIRE(attempt);
    TurnClient data = bind_data_connection(server, attempt->id);
    const auto start = Clock::now();
    REQUIRE(peer.write(Bytes(kSent, 0x17)));
    Bytes got;
    while (seconds_since(start) < 1.5 && stream_of(data).read(got, std::chrono::milliseconds(100)) != ReadStatus::Closed) {
    }
    INFO("the client got " << got.size() << " of " << kSent << " bytes in " << seconds_since(start) << " s");
    CHECK(got.size() >= 1);
    CHECK(got.size() <= kTcpBps * (seconds_since(start) + 1));
}

TEST_CASE("bps-capacity with max-bps admits bps-capacity / max-bps allocations, and the next gets 508") {
    ServerProcess server(auth_with({"max-bps=10000", "bps-capacity=25000"}));
    TurnClient first = client_of(server);
    TurnClient second = client_of(server);
    TurnClient third = client_of(server);
    require_allocation(first);
    require_allocation(second);
    const auto reply = third.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::InsufficientCapacity));
    REQUIRE(first.refresh(0)->is_success());  // capacity given back with the allocation
    require_allocation(third);
}
