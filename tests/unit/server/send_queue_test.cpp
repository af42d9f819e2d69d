// The send queue on real loopback sockets: whatever it batches (sendmmsg
// runs, GSO runs of equal-size datagrams, mixed destinations), each datagram
// arrives once, whole, in order, at its own destination.
#include <catch2/catch.hpp>

#include <sys/socket.h>

#include <string>
#include <vector>

#include "server/send_queue.hpp"
#include "server/udp_socket.hpp"
#include "loopback_endpoint.hpp"

using namespace turn::server;
using turn::proto::TransportAddress;

namespace {

std::vector<std::string> datagrams(std::size_t count, std::size_t size, char tag) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        std::string d(size, tag);
        d[0] = static_cast<char>('0' + i % 10);
        out.push_back(d);
    }
    return out;
}

// Every case runs on the direct path and through io_uring (option io-uring).
void use_ring_if(SendQueue& q, bool uring) {
    if (uring) REQUIRE(q.use_io_uring());
}

// The queue keeps pointers until flush(): `d` must outlive it.
void queue_one(SendQueue& q, int fd, const Endpoint& to, const std::string& d, IoCounters& c) {
    q.push(fd, to_sockaddr(to.addr), {reinterpret_cast<const std::uint8_t*>(d.data()), d.size()}, c);
}

void queue_all(SendQueue& q, int fd, const Endpoint& to, const std::vector<std::string>& ds, IoCounters& c) {
    for (const auto& d : ds) queue_one(q, fd, to, d, c);
}

}  // namespace

TEST_CASE("runs of equal-size datagrams to one destination arrive one by one, with and without GSO") {
    const bool uring = GENERATE(false, true);
    INFO((uring ? "through io_uring" : "direct system calls"));
    for (bool gso : {false, true}) {
        INFO("gso " << gso);
        Endpoint sender;
        Endpoint receiver;
        SendQueue q;
        use_ring_if(q, uring);
        q.set_gso(gso && SendQueue::kernel_supports_gso(sender.fd.get()));
        IoCounters c;
        auto ds = datagrams(70, 200, 'a');  // more than one GSO message's 64 segments
        ds.push_back(std::string(50, 'z'));  // a shorter last segment
        queue_all(q, sender.fd.get(), receiver, ds, c);
        q.flush(c);
        CHECK(receiver.drain() == ds);
        CHECK(c.datagrams_out == ds.size());
        CHECK(c.send_drops == 0);
    }
}

TEST_CASE("mixed sizes and destinations keep their order per destination") {
    const bool uring = GENERATE(false, true);
    INFO((uring ? "through io_uring" : "direct system calls"));
    Endpoint sender;
    Endpoint a;
    Endpoint b;
    SendQueue q;
    use_ring_if(q, uring);
    q.set_gso(SendQueue::kernel_supports_gso(sender.fd.get()));
    IoCounters c;
    const auto to_a = datagrams(5, 100, 'a');
    const auto to_b = datagrams(5, 300, 'b');
    for (std::size_t i = 0; i < 5; ++i) {
        queue_one(q, sender.fd.get(), a, to_a[i], c);
        queue_one(q, sender.fd.get(), b, to_b[i], c);
    }
    const std::vector<std::string> odd = {std::string(10, 'x'), std::string(2000, 'y'), std::string(1, 'w')};
    queue_all(q, sender.fd.get(), a, odd, c);
    q.flush(c);
    auto want_a = to_a;
    want_a.insert(want_a.end(), odd.begin(), odd.end());
    CHECK(a.drain() == want_a);
    CHECK(b.drain() == to_b);
}

TEST_CASE("an empty datagram is sent on its own") {
    const bool uring = GENERATE(false, true);
    INFO((uring ? "through io_uring" : "direct system calls"));
    Endpoint sender;
    Endpoint receiver;
    SendQueue q;
    use_ring_if(q, uring);
    q.set_gso(true);
    IoCounters c;
    const std::vector<std::string> ds = {std::string(), std::string(), std::string("x")};
    queue_all(q, sender.fd.get(), receiver, ds, c);
    q.flush(c);
    CHECK(receiver.drain() == ds);
}

TEST_CASE("when the kernel refuses to segment, GSO goes off for good and every datagram still arrives") {
    const bool uring = GENERATE(false, true);
    INFO((uring ? "through io_uring" : "direct system calls"));
    Endpoint sender;
    Endpoint receiver;
    // Without UDP checksums (SO_NO_CHECK) the kernel refuses UDP_SEGMENT sends.
    REQUIRE(set_int(sender.fd.get(), SOL_SOCKET, SO_NO_CHECK, 1));
    SendQueue q;
    use_ring_if(q, uring);
    q.set_gso(true);
    IoCounters c;
    const auto first = datagrams(8, 200, 'f');
    queue_all(q, sender.fd.get(), receiver, first, c);
    q.flush(c);
    CHECK(receiver.drain() == first);
    CHECK(c.gso_fallbacks == 1);
    CHECK(c.send_drops == 0);
    CHECK(c.datagrams_out == first.size());
    const auto second = datagrams(8, 200, 's');
    queue_all(q, sender.fd.get(), receiver, second, c);
    q.flush(c);
    CHECK(receiver.drain() == second);
    CHECK(c.gso_fallbacks == 1);  // not tried again
}
