// RFC 8016 mobility in the relay core: tickets in Allocate and Refresh
// responses, a Refresh with the ticket from a new 5-tuple moving the
// allocation (within a worker thread, and to another one through fake
// worker queues), and every way a ticket is refused. Fake clock and
// transports; the real threads are in tests/integration/mobility_test.cpp.
#include <catch2/catch.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "protocol/channel_data.hpp"
#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

const TransportAddress kPeer = addr("198.51.100.20", 7000);
const std::vector<std::uint8_t> kPing = {0x40, 0x01, 0x00, 0x04, 'p', 'i', 'n', 'g'};  // ChannelData 0x4001

HarnessOptions mobile(std::uint32_t user_quota = 0) {
    HarnessOptions o;
    o.mobility = true;
    o.user_quota = user_quota;
    return o;
}

// RFC 8016 §3.1: the client asks for a ticket with an empty MOBILITY-TICKET.
void ask_ticket(MessageBuilder& b) { b.add(MobilityTicket{}); }

std::function<void(MessageBuilder&)> with_ticket(std::string ticket) {
    return [ticket = std::move(ticket)](MessageBuilder& b) {
        b.add(MobilityTicket{{reinterpret_cast<const std::uint8_t*>(ticket.data()), ticket.size()}});
    };
}

// The last message a transport sent to a client, decoded on access.
struct Reply {
    std::vector<std::uint8_t> bytes;
    ClientKey to;

    StunMessage message() const { return *StunMessage::decode(bytes); }
    bool success() const { return message().message_class() == MessageClass::SuccessResponse; }
    std::uint16_t error() const {
        const auto e = message().get<ErrorCode>();
        return e ? e->code : 0;
    }
    std::string ticket() const {
        const auto t = message().get<MobilityTicket>();
        return t ? std::string(t->value.begin(), t->value.end()) : std::string();
    }
};

Reply last_reply(const FakeTransport& t) {
    for (auto it = t.sent.rbegin(); it != t.sent.rend(); ++it)
        if (it->to_client) return {it->bytes, it->client};
    FAIL("nothing sent to a client");
    return {};
}

std::size_t sent_to_peer(const FakeTransport& t, RelaySocket from) {
    return static_cast<std::size_t>(
        std::count_if(t.sent.begin(), t.sent.end(), [&](const Sent& s) { return !s.to_client && s.from == from; }));
}

// The worker queues between two cores, delivered in order when asked.
class QueuedMobility final : public MobilityTransport {
public:
    void forward_move(const MoveRequest& m) override {
        queue_.push_back([this, m] { cores[m.ticket.worker]->on_move_request(m); });
    }
    void refuse_move(const MoveRequest& m, StunError e) override {
        queue_.push_back([this, m, e] { cores[m.origin_worker]->on_move_refused(m, e); });
    }
    void hand_over(std::unique_ptr<Allocation> a, const MoveRequest& m) override {
        auto held = std::make_shared<std::unique_ptr<Allocation>>(std::move(a));
        queue_.push_back([this, held, m] { cores[m.origin_worker]->on_allocation_arrived(std::move(*held), m); });
    }
    void forward_datagram(std::size_t worker, const ClientKey& from, std::span<const std::uint8_t> bytes) override {
        queue_.push_back([this, worker, from, copy = std::vector<std::uint8_t>(bytes.begin(), bytes.end())] {
            cores[worker]->on_forwarded_datagram(from, copy);
        });
    }
    void end_departure(std::size_t worker, const ClientKey& old_client) override {
        queue_.push_back([this, worker, old_client] { cores[worker]->on_departure_ended(old_client); });
    }
    void deliver() {
        while (!queue_.empty()) {
            auto next = std::move(queue_.front());
            queue_.pop_front();
            next();
            for (RelayCore* c : cores) c->end_of_batch();
        }
    }

    RelayCore* cores[2] = {};

private:
    std::deque<std::function<void()>> queue_;
};

// Worker 0 is the harness's core, worker 1 a second core over the same
// shared state: one ticket key, one nonce issuer, one set of pools and quotas.
struct TwoWorkers {
    explicit TwoWorkers(HarnessOptions o = mobile()) : h(std::move(o)), other(*h.shared, h.clock, other_transport) {
        mobility.cores[0] = h.core.get();
        mobility.cores[1] = &other;
        h.core->attach_mobility(mobility, 0, 2);
        other.attach_mobility(mobility, 1, 2);
    }

    RelayCore& core(int worker) { return worker == 0 ? *h.core : other; }
    FakeTransport& transport(int worker) { return worker == 0 ? h.transport : other_transport; }

    // A Refresh with `attrs` from the harness's client (after move_to), as
    // `worker` receives it, and the queues run dry. The nonce is asked of
    // worker 0, which is as good: every worker checks nonces with one key.
    Reply refresh_at(int worker, const std::function<void(MessageBuilder&)>& attrs) {
        const auto bytes = h.request(Method::Refresh, attrs);
        return send_at(worker, bytes);
    }
    // The client moves to `port` and sends a Refresh with `ticket`, which
    // `worker` receives.
    Reply move_with(const std::string& ticket, std::uint16_t port, int worker = 1) {
        h.move_to(port);
        return refresh_at(worker, with_ticket(ticket));
    }
    // The Refresh with `ticket` from `port`, received by worker 1; the
    // queues not run yet, so the move is under way.
    std::vector<std::uint8_t> begin_move_to_worker_1(const std::string& ticket, std::uint16_t port) {
        h.move_to(port);
        auto refresh = h.request(Method::Refresh, with_ticket(ticket));
        other.on_client_datagram(h.client, refresh);
        return refresh;
    }
    Reply send_at(int worker, const std::vector<std::uint8_t>& bytes) {
        core(worker).on_client_datagram(h.client, bytes);
        core(worker).end_of_batch();
        mobility.deliver();
        return last_reply(transport(worker));
    }

    Harness h;
    FakeTransport other_transport;
    RelayCore other;
    QueuedMobility mobility;
};

// Allocate with a ticket and a channel to kPeer: the ticket.
std::string mobile_allocation(Harness& h) {
    REQUIRE(h.allocate(ask_ticket));
    const std::string ticket = last_reply(h.transport).ticket();
    REQUIRE(ticket.size() == 32);
    REQUIRE(h.bind_channel(0x4001, kPeer));
    return ticket;
}

}  // namespace

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

TEST_CASE_METHOD(MovedWithinThread, "a Refresh with the ticket from a new 5-tuple on the same thread moves the allocation") {
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

TEST_CASE("an allocation the new 5-tuple made while the move was under way stays, and the moved one is freed with 437") {
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
