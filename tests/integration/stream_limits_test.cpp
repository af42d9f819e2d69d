// The bounds that keep TCP and TLS clients from pinning a server's memory or
// descriptors: a cap on queued output and a write deadline for clients that
// do not read, a connection cap per thread, and an idle deadline for
// connections that hold no allocation (one that holds an allocation lives as
// long as the allocation does).
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "fixtures.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// VmRSS of `pid` in KiB, from /proc/<pid>/status.
long resident_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string field;
    while (status >> field) {
        if (field == "VmRSS:") {
            long kib = -1;
            status >> kib;
            return kib;
        }
    }
    return -1;
}

}  // namespace

TEST_CASE("a client that stops reading while its peer floods is dropped after tcp-write-timeout, and memory stays bounded", "[stream][limits]") {
    // 20 MiB towards a client whose receive window is a few KiB: the
    // server's queue (512 KiB) fills in milliseconds, the rest is dropped.
    constexpr int kDatagrams = 20000;
    constexpr std::size_t kDatagramSize = 1024;
    constexpr long kMaxGrowthKib = 16 * 1024;
    constexpr long kMaxQueued = 512 * 1024;  // the server's cap on output queued per connection

    ServerProcess server(stream_server());
    TurnClient client = tcp_client_of(server, {.receive_buffer = 4096});
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
    const long rss_before = resident_kib(server.pid());
    REQUIRE(rss_before > 0);

    const Bytes datagram(kDatagramSize, 0x5A);
    for (int i = 0; i < kDatagrams; ++i) peer.send_to(relayed, datagram);
    const long rss_flooded = resident_kib(server.pid());
    INFO("VmRSS before " << rss_before << " KiB, after the flood " << rss_flooded << " KiB");
    CHECK(rss_flooded - rss_before < kMaxGrowthKib);

    const std::string dropped = "TCP " + client.local_address().to_string() + ": client does not read (";
    REQUIRE(server.log_shows(dropped, kStreamDeadline + kAnswerTimeout));
    // "(N bytes queued)": the queue stopped at its cap, the rest was dropped.
    const std::string log = server.log();
    const long queued = std::stol(log.substr(log.find(dropped) + dropped.size()));
    CHECK(queued > 0);
    CHECK(queued <= kMaxQueued);
    // What the kernel had already accepted still arrives; then the end.
    CHECK(closed_within(stream_of(client), kAnswerTimeout));
    CHECK(resident_kib(server.pid()) - rss_before < kMaxGrowthKib);
    require_served(tcp_client_of(server));
}

TEST_CASE("max-tcp-connections-per-thread=2: a third connection is closed at once with a log line", "[stream][limits]") {
    ServerProcess server(stream_server({"max-tcp-connections-per-thread=2"}));  // one relay thread
    auto first = std::make_optional(tcp_client_of(server));
    TurnClient second = tcp_client_of(server);
    require_allocation(*first);
    require_allocation(second);

    TcpStream third(server.address());
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(closed_within(third, kAnswerTimeout));
    CHECK(std::chrono::steady_clock::now() - start < kAtOnce);  // not the handshake deadline
    CHECK(server.log_shows("TCP/TLS connection limit reached", kAnswerTimeout));

    // A place frees up once a connection closes; the server notices its end
    // a loop turn later, so the next client may need a second try.
    first.reset();
    std::optional<StunReply> reply;
    const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
    while (!reply && std::chrono::steady_clock::now() < deadline) {
        TurnClient next = tcp_client_of(server);
        reply = next.request_once(proto::Method::Binding);
    }
    REQUIRE(reply);
    CHECK(reply->is_success());
}

TEST_CASE("tcp-idle-timeout closes a silent connection without an allocation, not one with an allocation, which keeps relaying", "[stream][limits]") {
    ServerProcess server(stream_server());
    TurnClient holder = tcp_client_of(server);
    const auto relayed = require_allocation(holder);
    UdpEndpoint peer;
    REQUIRE(holder.channel_bind(kChannel, peer.address())->is_success());

    TurnClient idle = tcp_client_of(server);
    REQUIRE(idle.request_once(proto::Method::Binding)->is_success());
    const auto took = require_closed_with_log(server, stream_of(idle), "TCP", "idle without an allocation",
                                              kStreamDeadline + kAnswerTimeout);
    CHECK(took >= kStreamDeadline - kTimerSlack);

    // The holder has now been silent for more than the idle deadline, twice over.
    std::this_thread::sleep_for(kStreamDeadline);
    CHECK_FALSE(server.log_shows("TCP " + holder.local_address().to_string() + ":", 0ms));
    require_channel_round_trip(holder, kChannel, peer, relayed, as_bytes("still relayed"));
}
