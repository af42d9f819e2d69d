// RFC 8016 mobility between worker threads in the relay core, through fake
// worker queues: the hand-over of the allocation and its relay socket, the
// old 5-tuple's datagrams following it during the handoff, retransmissions
// and races while a move is under way, quotas.
#include "mobility_fixture.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

TEST_CASE("a move to another worker thread hands over the allocation with its relay socket, permissions and channels") {
    TwoWorkers w;
    const std::string ticket = mobile_allocation(w.h);
    const Reply moved = w.move_with(ticket, 41000);
    REQUIRE(moved.success());
    CHECK(moved.to == w.h.client);
    const auto fresh = w.h.shared->tickets.open(
        {reinterpret_cast<const std::uint8_t*>(moved.ticket().data()), moved.ticket().size()});
    REQUIRE(fresh);
    CHECK(fresh->worker == 1);
    CHECK(fresh->generation == 1);

    CHECK(w.h.core->allocation_count() == 0);
    CHECK(w.other.allocation_count() == 1);
    CHECK(w.other.counters().allocations_moved_in == 1);
    REQUIRE(w.h.transport.released == std::vector<RelaySocket>{100});
    REQUIRE(w.other_transport.adopted.size() == 1);
    CHECK(w.other_transport.adopted[0].first == 100);
    const Allocation& a = *w.other_transport.adopted[0].second;
    CHECK(a.client == w.h.client);

    w.other.on_client_datagram(w.h.client, kPing);
    w.other.end_of_batch();
    CHECK(sent_to_peer(w.other_transport, 100) == 1);
}

TEST_CASE("after a move to another thread, the old 5-tuple's datagrams follow the allocation until the handoff ends") {
    TwoWorkers w;
    const std::string ticket = mobile_allocation(w.h);
    const ClientKey old_client = w.h.client;
    REQUIRE(w.move_with(ticket, 41000).success());
    Allocation& a = *w.other_transport.adopted[0].second;
    PeerPacket pong("pong");

    // The old 5-tuple still reaches worker 0, which sends its datagrams on;
    // peer data goes to the old 5-tuple from worker 1.
    w.h.core->on_client_datagram(old_client, kPing);
    w.mobility.deliver();
    CHECK(sent_to_peer(w.other_transport, 100) == 1);
    w.other.on_peer_datagram(a, kPeer, pong.view);
    CHECK(w.other_transport.sent.back().client == old_client);

    // The client sends from the new 5-tuple: worker 0 is told, and keeps
    // what comes from the old one from then on.
    w.other.on_client_datagram(w.h.client, kPing);
    w.mobility.deliver();
    CHECK(sent_to_peer(w.other_transport, 100) == 2);
    w.h.core->on_client_datagram(old_client, kPing);
    w.mobility.deliver();
    CHECK(sent_to_peer(w.other_transport, 100) == 2);
    CHECK(w.h.core->counters().dropped_no_allocation == 1);
}

TEST_CASE("a second move during a handoff ends the first: only the latest old 5-tuple is still served") {
    TwoWorkers w;
    const std::string first = mobile_allocation(w.h);
    const ClientKey first_port = w.h.client;
    const Reply moved = w.move_with(first, 41000);
    REQUIRE(moved.success());
    const ClientKey second_port = w.h.client;
    REQUIRE(w.move_with(moved.ticket(), 42000, 0).success());  // back to worker 0
    REQUIRE(w.h.core->allocation_count() == 1);
    w.h.transport.sent.clear();

    w.other.on_client_datagram(second_port, kPing);  // worker 1 sends it on to worker 0
    w.mobility.deliver();
    CHECK(sent_to_peer(w.h.transport, 100) == 1);
    w.h.core->on_client_datagram(first_port, kPing);
    w.h.core->end_of_batch();
    CHECK(sent_to_peer(w.h.transport, 100) == 1);
}

TEST_CASE("a datagram sent on after the handoff ended starts nothing on the new thread") {
    TwoWorkers w;
    const std::string ticket = mobile_allocation(w.h);
    const ClientKey old_client = w.h.client;
    REQUIRE(w.move_with(ticket, 41000).success());
    w.other.on_client_datagram(w.h.client, kPing);  // ends the handoff, the notice not delivered yet
    // Were it served, even unauthenticated, this would get an answer (401).
    const auto allocate =
        w.h.build(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}); }, false, w.h.next_tid());
    w.h.core->on_client_datagram(old_client, allocate);
    const std::size_t answers = w.other_transport.sent.size();
    w.mobility.deliver();
    CHECK(w.other_transport.sent.size() == answers);
    CHECK(w.other.allocation_count() == 1);
    CHECK(w.other.counters().dropped_no_allocation == 1);
}

TEST_CASE("a move keeps the allocation's quota slot, and LIFETIME 0 from the new 5-tuple frees it") {
    TwoWorkers w(mobile(1));
    const std::string ticket = mobile_allocation(w.h);
    const Reply moved = w.move_with(ticket, 41000);
    REQUIRE(moved.success());
    const ClientKey moved_to = w.h.client;

    w.h.move_to(42000);
    CHECK_FALSE(w.h.allocate());
    CHECK(w.h.last_error() == 486);  // user-quota 1: the moved allocation still counts

    w.h.client = moved_to;
    w.h.nonce.clear();
    const Reply deleted = w.refresh_at(1, [&](MessageBuilder& b) {
        with_ticket(moved.ticket())(b);
        b.add(Lifetime{0});
    });
    REQUIRE(deleted.success());
    CHECK(deleted.message().get<Lifetime>()->value == 0);
    CHECK_FALSE(deleted.message().has(AttrType::MobilityTicket));
    CHECK(w.other.allocation_count() == 0);
    CHECK(w.other_transport.closed == std::vector<RelaySocket>{100});
    w.h.move_to(42000);
    CHECK(w.h.allocate());
}

TEST_CASE("retransmissions of a moving Refresh that come before the owner answers get the same answer") {
    TwoWorkers w;
    const auto refresh = w.begin_move_to_worker_1(mobile_allocation(w.h), 41000);
    w.other.on_client_datagram(w.h.client, refresh);
    w.other.end_of_batch();
    CHECK(w.other_transport.sent.empty());
    w.mobility.deliver();
    REQUIRE(w.other_transport.sent.size() == 2);
    for (const Sent& s : w.other_transport.sent) {
        const auto m = StunMessage::decode(s.bytes);
        REQUIRE(m);
        CHECK(m->message_class() == MessageClass::SuccessResponse);
        CHECK(m->transaction_id() == StunMessage::decode(refresh)->transaction_id());
    }
    // Once moved, the same request is an ordinary Refresh of its own
    // allocation: the ticket it carries names that allocation.
    CHECK(w.send_at(1, refresh).success());
    CHECK(w.other.allocation_count() == 1);
}

TEST_CASE("an allocation the new 5-tuple made while the move was under way stays, and the moved one is freed, 437") {
    TwoWorkers w(mobile(2));
    w.begin_move_to_worker_1(mobile_allocation(w.h), 41000);
    const auto allocate = w.h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}); });
    w.other.on_client_datagram(w.h.client, allocate);
    w.other.end_of_batch();
    REQUIRE(last_reply(w.other_transport).success());
    w.mobility.deliver();
    CHECK(last_reply(w.other_transport).error() == 437);
    CHECK(w.other.allocation_count() == 1);
    CHECK(w.h.core->allocation_count() == 0);
    CHECK(w.other_transport.closed == std::vector<RelaySocket>{100});
    // Its quota slot came back: beside the one that stayed, one more fits user-quota 2.
    w.h.move_to(42000);
    CHECK(w.h.allocate());
}

TEST_CASE("a relay socket the new thread cannot watch fails the move with 500, and frees the allocation") {
    TwoWorkers w;
    const std::string ticket = mobile_allocation(w.h);
    w.other_transport.fail_adopt = true;
    CHECK(w.move_with(ticket, 41000).error() == 500);
    CHECK(w.h.core->allocation_count() == 0);
    CHECK(w.other.allocation_count() == 0);
}
