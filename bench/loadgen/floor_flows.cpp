#include "bench/loadgen/floor_flows.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <array>

#include "bench/forwarder/setup_message.hpp"

namespace turn::bench {

namespace {

constexpr int kSocketBuffer = 4 << 20;  // as the TURN clients' sockets (control.cpp)
constexpr int kTries = 5;
constexpr int kReplyTimeoutMs = 500;

// One HELLO and its answer, retransmitted on loss; nullopt sets `error`.
std::optional<sockaddr_in> hello(int fd, const sockaddr_in& peer, std::string& error) {
    const std::string request = floor::format_hello(peer);
    std::array<std::uint8_t, 512> buf{};
    for (int attempt = 0; attempt < kTries; ++attempt) {
        ::send(fd, request.data(), request.size(), 0);
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, kReplyTimeoutMs) <= 0) continue;
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) continue;
        const auto reply = floor::parse_reply({buf.data(), static_cast<std::size_t>(n)});
        if (reply.relay) return reply.relay;
        error = reply.error;
        return std::nullopt;
    }
    error = "no answer";
    return std::nullopt;
}

}  // namespace

FloorSetupResult create_floor_flows(Target& t, std::size_t n) {
    FloorSetupResult r;
    for (std::size_t i = 0; i < n; ++i) {
        Flow f;
        f.fd = open_udp(&t.server, kSocketBuffer);
        if (t.distinct_peers) f.peer = open_udp(nullptr, kSocketBuffer);
        const sockaddr_in peer = t.distinct_peers ? local_address(f.peer.get()) : t.peer_addr;
        const auto relayed = hello(f.fd.get(), peer, r.last_error);
        if (!relayed) {
            ++r.counts.failed;
            continue;
        }
        f.relayed = *relayed;
        t.flows.push_back(std::move(f));
        ++r.counts.done;
    }
    return r;
}

}  // namespace turn::bench
