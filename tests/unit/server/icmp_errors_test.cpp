// ICMP errors on a relay-like socket (UdpOptions::icmp_errors) on loopback:
// the kernel queues port unreachable for a datagram to a closed port, the
// error queue yields it with the destination and is then empty, and the
// error the kernel also leaves pending on the socket costs the next
// datagram nothing (RFC 8656 §11.5 on the server side).
#include <catch2/catch.hpp>

#include <poll.h>

#include <string>
#include <vector>

#include "loopback_endpoint.hpp"
#include "server/icmp_errors.hpp"
#include "server/send_queue.hpp"

using namespace turn::server;
using turn::proto::TransportAddress;
using turn::relay::PeerIcmp;

namespace {

constexpr UdpOptions kRelayOptions{.icmp_errors = true};

// A loopback port where nothing listens (bound, read back, closed).
TransportAddress closed_port() {
    Endpoint gone;
    return gone.addr;
}

// Waits (up to 2 s: far above loopback latency) until `fd` has a queued
// error: epoll and poll report it as POLLERR.
bool wait_for_error(int fd) {
    pollfd p{fd, 0, 0};
    return ::poll(&p, 1, 2000) == 1 && (p.revents & POLLERR) != 0;
}

bool error_pending(int fd) {
    pollfd p{fd, 0, 0};
    return ::poll(&p, 1, 0) == 1 && (p.revents & POLLERR) != 0;
}

void send_to(int fd, const TransportAddress& to, const std::string& d) {
    const SockAddr sa = to_sockaddr(to);
    REQUIRE(::sendto(fd, d.data(), d.size(), 0, sa.get(), sa.length) == static_cast<ssize_t>(d.size()));
}

struct Reported {
    TransportAddress peer;
    PeerIcmp icmp;
};

std::vector<Reported> drain(int fd) {
    std::vector<Reported> got;
    drain_error_queue(fd, [&](const TransportAddress& peer, const PeerIcmp& icmp) { got.push_back({peer, icmp}); });
    return got;
}

}  // namespace

TEST_CASE("a datagram to a closed port queues ICMP port unreachable, read with its destination, leaving the queue empty") {
    Endpoint relay(kRelayOptions);
    const TransportAddress closed = closed_port();
    send_to(relay.fd.get(), closed, "anyone there?");
    REQUIRE(wait_for_error(relay.fd.get()));
    const auto got = drain(relay.fd.get());
    REQUIRE(got.size() == 1);
    CHECK(got[0].peer == closed);
    CHECK(got[0].icmp.type == 3);  // destination unreachable
    CHECK(got[0].icmp.code == 3);  // port unreachable
    // Nothing left for epoll to report: the loop will not spin on it.
    CHECK_FALSE(error_pending(relay.fd.get()));
    CHECK(drain(relay.fd.get()).empty());
}

TEST_CASE("without icmp_errors the kernel queues nothing for an unconnected socket") {
    Endpoint plain;
    Endpoint relay(kRelayOptions);
    const TransportAddress closed = closed_port();
    send_to(plain.fd.get(), closed, "anyone there?");
    send_to(relay.fd.get(), closed, "anyone there?");
    REQUIRE(wait_for_error(relay.fd.get()));  // by now both ICMP errors came back
    CHECK_FALSE(error_pending(plain.fd.get()));
}

TEST_CASE("the error an ICMP message leaves pending does not cost the next datagram to another peer") {
    const bool uring = GENERATE(false, true);
    const std::size_t count = GENERATE(1, 2);  // one goes with sendto, more with sendmmsg or the ring
    INFO((uring ? "through io_uring" : "direct system calls") << ", " << count << " datagram(s)");
    Endpoint relay(kRelayOptions);
    Endpoint peer;
    send_to(relay.fd.get(), closed_port(), "anyone there?");
    REQUIRE(wait_for_error(relay.fd.get()));  // the error queue is not read yet
    SendQueue q;
    if (uring) REQUIRE(q.use_io_uring());
    IoCounters c;
    const std::vector<std::string> ds(count, "after the error");
    for (const auto& d : ds)
        q.push(relay.fd.get(), to_sockaddr(peer.addr), {reinterpret_cast<const std::uint8_t*>(d.data()), d.size()}, c);
    q.flush(c);
    CHECK(peer.drain() == ds);
    CHECK(c.send_drops == 0);
}
