// RFC 8016 mobility in the relay core: tickets in Allocate and Refresh
// responses, a Refresh with the ticket from a new 5-tuple moving the
// allocation within a worker thread (make-before-break included), and every
// way a ticket is refused. Fake clock and transports; moves between threads
// are in mobility_threads_test.cpp, the real threads in
// tests/integration/mobility_test.cpp.
#include "protocol/channel_data.hpp"
#include "mobility_fixture.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

TEST_CASE("an Allocate asking for a MOBILITY-TICKET gets one, and so does every Refresh of that allocation") {
    Harness h(mobile());
    REQUIRE(h.allocate(ask_ticket));
    const std::string ticket = last_reply(h.transport).ticket();
    CHECK(ticket.size() == 32);
    REQUIRE(h.roundtrip(Method::Refresh, [](MessageBuilder&) {}));
    CHECK(last_reply(h.transport).ticket() == ticket);  // nothing moved: the same generation
    REQUIRE(h.roundtrip(Method::Refresh, with_ticket(ticket)));
    CHECK(last_reply(h.transport).ticket() == ticket);
}

TEST_CASE("an allocation made without asking gets no MOBILITY-TICKET") {
    Harness h(mobile());
    REQUIRE(h.allocate());
    CHECK_FALSE(last_reply(h.transport).message().has(AttrType::MobilityTicket));
    REQUIRE(h.roundtrip(Method::Refresh, [](MessageBuilder&) {}));
    CHECK_FALSE(last_reply(h.transport).message().has(AttrType::MobilityTicket));
}

TEST_CASE("without the mobility option, a MOBILITY-TICKET in Allocate or Refresh gets 405 Mobility Forbidden") {
    Harness h;
    CHECK_FALSE(h.allocate(ask_ticket));
    CHECK(h.last_error() == 405);
    CHECK(h.core->allocation_count() == 0);
    REQUIRE(h.allocate());
    CHECK_FALSE(h.roundtrip(Method::Refresh, with_ticket(std::string(32, 'A'))));
    CHECK(h.last_error() == 405);
}

TEST_CASE("an Allocate's MOBILITY-TICKET with a value gets 400, and a TCP or TLS client asking for one gets 405") {
    Harness h(mobile());
    CHECK_FALSE(h.allocate(with_ticket("not empty")));
    CHECK(h.last_error() == 400);
    h.client = {kStreamConnection | 1, addr("192.0.2.10", 40000)};
    h.nonce.clear();
    CHECK_FALSE(h.allocate(ask_ticket));
    CHECK(h.last_error() == 405);
    CHECK(h.core->allocation_count() == 0);
}

// An allocation with a channel to kPeer, moved within worker 0 from the
// harness's first client port to 41000.
struct MovedWithinThread {
    MovedWithinThread() : h(mobile()), first_ticket(mobile_allocation(h)), old_client(h.client) {
        h.move_to(41000);
        REQUIRE(h.roundtrip(Method::Refresh, with_ticket(first_ticket)));
    }
    Allocation& allocation() { return *h.transport.owners[0]; }

    Harness h;
    std::string first_ticket;
    ClientKey old_client;
};

TEST_CASE_METHOD(MovedWithinThread,
                 "a Refresh with the ticket from a new 5-tuple on the same thread moves the allocation") {
    const Reply moved = last_reply(h.transport);
    CHECK(moved.to == h.client);
    CHECK(moved.message().get<Lifetime>()->value == 600);
    CHECK(moved.ticket().size() == 32);
    CHECK(moved.ticket() != first_ticket);
    CHECK(h.core->allocation_count() == 1);
    CHECK(h.core->counters().allocations_moved_in == 1);
    CHECK(h.transport.released.empty());  // the socket stays in this thread's loop
}

TEST_CASE_METHOD(MovedWithinThread,
                 "after a move within a thread, the old 5-tuple is served until the client sends from the new one") {
    // RFC 8016 make-before-break: the old 5-tuple still sends through the
    // relayed address, and the peer's data still goes to it.
    h.transport.sent.clear();
    h.send(kPing, &old_client);
    CHECK(sent_to_peer(h.transport, 100) == 1);
    PeerPacket pong("pong");
    h.core->on_peer_datagram(allocation(), kPeer, pong.view);
    CHECK(h.transport.sent.back().client == old_client);

    // The client's first packet from the new 5-tuple ends that: the channel
    // (and its permission) serve the new 5-tuple alone.
    h.send(kPing);
    CHECK(sent_to_peer(h.transport, 100) == 2);
    h.send(kPing, &old_client);
    CHECK(sent_to_peer(h.transport, 100) == 2);
    PeerPacket again("pong");
    h.core->on_peer_datagram(allocation(), kPeer, again.view);
    CHECK(h.transport.sent.back().client == h.client);
    CHECK(decode_channel_data(h.transport.sent.back().bytes)->channel == 0x4001);
}

TEST_CASE_METHOD(MovedWithinThread, "a handoff the client does not finish in 30 s ends with the old 5-tuple's") {
    h.clock.advance_seconds(29);
    h.core->sweep();
    REQUIRE(h.core->has_allocation(old_client));
    h.clock.advance_seconds(1);
    h.core->sweep();
    CHECK_FALSE(h.core->has_allocation(old_client));
    PeerPacket pong("pong");
    h.core->on_peer_datagram(allocation(), kPeer, pong.view);
    CHECK(h.transport.sent.back().client == h.client);
}

TEST_CASE("a ticket that already moved its allocation gets 437 (a replay), and the fresh ticket moves it on") {
    TwoWorkers w;
    const std::string first = mobile_allocation(w.h);
    const Reply moved = w.move_with(first, 41000);
    REQUIRE(moved.success());

    for (int worker : {0, 1}) {
        CHECK(w.move_with(first, static_cast<std::uint16_t>(42000 + worker), worker).error() == 437);
    }
    CHECK(w.other.allocation_count() == 1);

    // The ticket of the move's response moves it again, back to worker 0.
    const Reply back = w.move_with(moved.ticket(), 43000, 0);
    REQUIRE(back.success());
    CHECK(w.h.core->allocation_count() == 1);
    CHECK(w.other.allocation_count() == 0);
    CHECK(w.move_with(moved.ticket(), 44000).error() == 437);
}

TEST_CASE("forged and tampered tickets get 437 and move nothing, from a new 5-tuple or the allocation's own") {
    TwoWorkers w;
    const std::string ticket = mobile_allocation(w.h);
    std::string tampered = ticket;
    tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
    const ClientKey owner = w.h.client;
    for (const std::string& bad : {tampered, std::string(32, 'A'), std::string("short"), std::string(64, 'x')}) {
        INFO(bad);
        CHECK(w.move_with(bad, 41000).error() == 437);
        w.h.client = owner;
        w.h.nonce.clear();
        CHECK(w.refresh_at(0, with_ticket(bad)).error() == 437);
    }
    // An empty one only asks for a ticket, which an Allocate does (§3.1).
    CHECK(w.move_with("", 41000).error() == 400);
    CHECK(w.h.core->allocation_count() == 1);
    CHECK(w.h.core->has_allocation(owner));
}

TEST_CASE("a ticket on a 5-tuple that holds another allocation gets 437") {
    Harness h(mobile());
    const std::string first = mobile_allocation(h);
    h.move_to(41000);
    REQUIRE(h.allocate(ask_ticket));
    CHECK_FALSE(h.roundtrip(Method::Refresh, with_ticket(first)));
    CHECK(h.last_error() == 437);
    CHECK(h.core->allocation_count() == 2);
}

TEST_CASE("another user's ticket gets 441 Wrong Credentials and moves nothing") {
    TwoWorkers w;
    const std::string alices = mobile_allocation(w.h);
    w.h.user = "bob";
    w.h.password = "builder";
    CHECK(w.move_with(alices, 41000).error() == 441);
    CHECK(w.h.core->allocation_count() == 1);
    CHECK(w.other.allocation_count() == 0);
}

TEST_CASE("a REQUESTED-ADDRESS-FAMILY the allocation lacks gets 443 and moves nothing") {
    TwoWorkers w;
    const std::string ticket = mobile_allocation(w.h);
    w.h.move_to(41000);
    const Reply r = w.refresh_at(1, [&](MessageBuilder& b) {
        with_ticket(ticket)(b);
        b.add(RequestedAddressFamily{AddressFamily::IPv6});
    });
    CHECK(r.error() == 443);
    CHECK(w.h.core->allocation_count() == 1);
}

TEST_CASE("a ticket whose allocation expired gets 437") {
    TwoWorkers w;
    const std::string ticket = mobile_allocation(w.h);
    w.h.clock.advance_seconds(601);
    w.h.core->sweep();
    REQUIRE(w.h.core->allocation_count() == 0);
    CHECK(w.move_with(ticket, 41000).error() == 437);
}
