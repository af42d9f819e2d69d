#include "uclient.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <stdexcept>

#include "ports.hpp"
#include "scratch.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {
namespace {
// Found by CMake in /usr/bin only (tests/integration/CMakeLists.txt).
constexpr const char* kUclient = TURNUTILS_UCLIENT;
constexpr const char* kPeer = TURNUTILS_PEER;

constexpr std::size_t kMessageLength = 100;
// A relayed message as ChannelData: header and payload, no padding needed.
constexpr std::size_t kChannelFrameSize = 4 + kMessageLength;

std::vector<std::string> uclient_args(std::uint16_t port, const std::vector<std::string>& options) {
    std::vector<std::string> args = {kUclient, "-n", "20", "-l", std::to_string(kMessageLength), "-p",
                                     std::to_string(port)};
    args.insert(args.end(), options.begin(), options.end());
    return args;
}

// uclient waits about 10 s for the messages it dropped before it ends.
constexpr auto kTlsToolTimeout = kToolTimeout + std::chrono::seconds(5);

constexpr auto kPeerStartTimeout = std::chrono::seconds(2);
constexpr int kPeerStartAttempts = 3;

// True once the peer on `port` echoes a probe; false if it exits or stays
// silent (its port was taken: by then it may not even hold a socket).
bool echoes(const std::string& ip, std::uint16_t port, ChildProcess& peer) {
    const UdpEndpoint probe(ip);
    const auto to = ip_port(ip, port);
    const auto deadline = std::chrono::steady_clock::now() + kPeerStartTimeout;
    while (std::chrono::steady_clock::now() < deadline && !peer.poll()) {
        probe.send_to(to, as_bytes("echo?"));
        const auto reply = probe.receive(std::chrono::milliseconds(50));
        if (reply && as_text(reply->bytes) == "echo?") return true;
    }
    return false;
}

// Starts turnutils_peer and waits until it echoes, so uclient starts only
// once the peer holds its port: otherwise one of uclient's own sockets (or
// another test's) can take the port first and half the run is lost.
ChildProcess start_echo_peer(const std::string& ip, std::uint16_t& port) {
    for (int attempt = 0; attempt < kPeerStartAttempts; ++attempt) {
        port = free_udp_port();
        ChildProcess peer = ChildProcess::spawn({kPeer, "-L", ip, "-p", std::to_string(port)},
                                                new_scratch_file("turnutils_peer", ".log"));
        if (echoes(ip, port, peer)) return peer;
    }
    throw std::runtime_error("turnutils_peer did not start echoing");
}

// One uclient run to its end with the echo peer (unless `with` is None).
ToolRun run_uclient(std::uint16_t port, std::vector<std::string> options, Peer with, const Loopbacks& at = {},
                    std::chrono::seconds timeout = kToolTimeout) {
    std::optional<EchoPeer> peer;
    if (with == Peer::Echo) {
        peer.emplace(at.peer);
        options.insert(options.begin(), {"-e", at.peer, "-r", std::to_string(peer->port)});
    }
    auto args = uclient_args(port, options);
    args.push_back(at.server);
    return run_tool(args, timeout);
}

}  // namespace

EchoPeer::EchoPeer(const std::string& ip) : port(0), process(start_echo_peer(ip, port)) {}

UclientTotals parse_totals(const std::string& out) {
    UclientTotals t;
    const std::regex totals(R"(start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+))");
    for (auto it = std::sregex_iterator(out.begin(), out.end(), totals); it != std::sregex_iterator(); ++it) {
        t.sent = std::stol((*it)[1]);
        t.received = std::stol((*it)[2]);
    }
    t.no_loss = out.find("Total lost packets 0 ") != std::string::npos;
    return t;
}

long frames_after_the_first_in_records(const std::string& out) {
    const std::regex record(R"(response received: size=(\d+))");
    long frames = 0;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), record); it != std::sregex_iterator(); ++it) {
        const auto size = std::stoul((*it)[1]);
        if (size > kChannelFrameSize && size % kChannelFrameSize == 0)
            frames += static_cast<long>(size / kChannelFrameSize) - 1;
    }
    return frames;
}

// uclient binds a random channel number to the peer's port + 1, then picks
// another at random for the peer itself (startuclient.c). One time in 16384
// per client the two are equal, and the server rightly answers the second
// ChannelBind 400 (RFC 8656 §12.2: the number is bound to another peer);
// uclient then exits. That run says nothing about the server: run again.
namespace {

bool hit_own_channel_collision(const ToolRun& run) {
    return run.output.find("channel bind: error 400") != std::string::npos;
}

}  // namespace

void require_lossless_run(std::uint16_t port, std::vector<std::string> options, Peer with, const Loopbacks& at) {
    ToolRun run = run_uclient(port, options, with, at);
    if (hit_own_channel_collision(run)) {
        WARN("uclient drew the same channel number twice; run again:\n" << run.output);
        run = run_uclient(port, std::move(options), with, at);
    }
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.status.clean());
    const UclientTotals totals = parse_totals(run.output);
    CHECK(totals.no_loss);
    CHECK(totals.sent > 0);
    CHECK(totals.received == totals.sent);
}

void require_lossless_tls_run(std::uint16_t port, std::vector<std::string> options) {
    options.push_back("-v");  // prints the size of every TLS record read
    const ToolRun run = run_uclient(port, std::move(options), Peer::Echo, {}, kTlsToolTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.status.clean());
    const UclientTotals totals = parse_totals(run.output);
    CHECK(totals.sent > 0);
    const long dropped_by_uclient = frames_after_the_first_in_records(run.output);
    INFO(dropped_by_uclient << " frames arrived after the first in a TLS record");
    CHECK(totals.received + dropped_by_uclient == totals.sent);
}

void require_refused_run(std::uint16_t port, std::vector<std::string> options) {
    auto args = uclient_args(port, options);
    args.insert(args.end(), {"-y", "127.0.0.1"});
    const ToolRun run = run_tool(args, kToolTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    const UclientTotals totals = parse_totals(run.output);
    CHECK((!run.status.clean() || totals.received <= 0));
    CHECK(run.output.find("Cannot complete Allocation") != std::string::npos);
}

}  // namespace turn::itest
