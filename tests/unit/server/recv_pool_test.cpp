// The receive pool on real loopback sockets with UDP_GRO: a sender using GSO
// makes the kernel hand over its datagrams as one buffer, and the pool gives
// them back one by one, in order, each with head- and tailroom of its own.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "loopback_endpoint.hpp"
#include "server/send_queue.hpp"
#include "server/udp_batch.hpp"

using namespace turn::server;

namespace {

std::vector<std::string> numbered(std::size_t count, std::size_t size, std::size_t last_size) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        std::string d(i + 1 == count ? last_size : size, static_cast<char>('a' + i % 26));
        d[0] = static_cast<char>(i);
        out.push_back(d);
    }
    return out;
}

// Sends `ds` from `from` to `to`, equal-size runs as one GSO message.
void send_gso(Endpoint& from, const Endpoint& to, const std::vector<std::string>& ds, IoCounters& c) {
    SendQueue q;
    q.set_gso(SendQueue::kernel_supports_gso(from.fd.get()));
    REQUIRE(SendQueue::kernel_supports_gso(from.fd.get()));
    for (const auto& d : ds)
        q.push(from.fd.get(), to_sockaddr(to.addr), {reinterpret_cast<const std::uint8_t*>(d.data()), d.size()}, c);
    q.flush(c);
}

std::string bytes_of(const turn::relay::PacketView& p) { return {reinterpret_cast<const char*>(p.data), p.size}; }

}  // namespace

TEST_CASE("a coalesced buffer comes out as its datagrams, in order, each with its own headroom") {
    Endpoint sender;
    Endpoint receiver({.recv_buffer = 1 << 20, .gro = true});
    IoCounters c;
    const auto sent = numbered(10, 100, 37);
    send_gso(sender, receiver, sent, c);

    RecvPool pool;
    const std::size_t n = pool.receive(receiver.fd.get(), c);
    REQUIRE(n == sent.size());
    CHECK(c.gro_batches == 1);
    CHECK(c.datagrams_in == sent.size());
    for (std::size_t i = 0; i < n; ++i) {
        INFO("datagram " << i);
        const auto p = pool.packet(i);
        CHECK(bytes_of(p) == sent[i]);
        CHECK(p.headroom >= turn::relay::kPeerHeadroom);
        CHECK(p.tailroom >= 3);
        turn::proto::TransportAddress from;
        REQUIRE(from_sockaddr(pool.source(i), from));
        CHECK(from == sender.addr);
    }
    // Writing every datagram's headroom and tailroom (a Data indication header
    // in front, padding behind) leaves every other datagram as it was.
    for (std::size_t i = 0; i < n; ++i) {
        const auto p = pool.packet(i);
        std::memset(p.data - p.headroom, 0xEE, p.headroom);
        std::memset(p.data + p.size, 0xEE, p.tailroom);
    }
    for (std::size_t i = 1; i < n; ++i) CHECK(bytes_of(pool.packet(i)) == sent[i]);
}

TEST_CASE("the most datagrams the kernel coalesces into one buffer all come out") {
    Endpoint sender;
    Endpoint receiver({.recv_buffer = 4 << 20, .gro = true});
    IoCounters c;
    const auto sent = numbered(SendQueue::kMaxSegments, 8, 8);
    send_gso(sender, receiver, sent, c);
    RecvPool pool;
    std::vector<std::string> got;
    while (const std::size_t n = pool.receive(receiver.fd.get(), c))
        for (std::size_t i = 0; i < n; ++i) got.push_back(bytes_of(pool.packet(i)));
    CHECK(got == sent);
    CHECK(c.gro_overflow == 0);
}

TEST_CASE("without UDP_GRO on the socket, the kernel splits and the pool sees single datagrams") {
    Endpoint sender;
    Endpoint receiver;
    IoCounters c;
    const auto sent = numbered(5, 60, 60);
    send_gso(sender, receiver, sent, c);
    RecvPool pool;
    REQUIRE(pool.receive(receiver.fd.get(), c) == sent.size());
    CHECK(c.gro_batches == 0);
    for (std::size_t i = 0; i < sent.size(); ++i) CHECK(bytes_of(pool.packet(i)) == sent[i]);
}

TEST_CASE("a pool filled turn after turn keeps every packet of the turn intact until reset") {
    Endpoint sender;
    Endpoint receiver({.recv_buffer = 8 << 20, .gro = true});
    IoCounters c;
    RecvPool pool;
    std::vector<std::string> sent_all;
    std::vector<turn::relay::PacketView> views;
    while (pool.has_batch_room()) {
        const auto sent = numbered(40, 1000, 1000);
        send_gso(sender, receiver, sent, c);
        const std::size_t n = pool.receive(receiver.fd.get(), c);
        REQUIRE(n == sent.size());
        for (std::size_t i = 0; i < n; ++i) views.push_back(pool.packet(i));
        sent_all.insert(sent_all.end(), sent.begin(), sent.end());
    }
    REQUIRE(views.size() == sent_all.size());
    for (std::size_t i = 0; i < views.size(); ++i) CHECK(bytes_of(views[i]) == sent_all[i]);
    pool.reset();
    CHECK(pool.has_batch_room());
}
