// What the RFC 8016 mobility tests of the relay core share: requests with
// tickets, the last reply a fake transport sent, and two cores over one
// shared state joined by fake worker queues.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "relay_harness.hpp"

namespace turn::relay::test {

using namespace turn::proto;

inline const TransportAddress kPeer = addr("198.51.100.20", 7000);
inline const std::vector<std::uint8_t> kPing = {0x40, 0x01, 0x00, 0x04, 'p', 'i', 'n', 'g'};  // ChannelData 0x4001

inline HarnessOptions mobile(std::uint32_t user_quota = 0) {
    HarnessOptions o;
    o.mobility = true;
    o.user_quota = user_quota;
    return o;
}

// RFC 8016 §3.1: the client asks for a ticket with an empty MOBILITY-TICKET.
inline void ask_ticket(MessageBuilder& b) { b.add(MobilityTicket{}); }

inline std::function<void(MessageBuilder&)> with_ticket(std::string ticket) {
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

inline Reply last_reply(const FakeTransport& t) {
    for (auto it = t.sent.rbegin(); it != t.sent.rend(); ++it)
        if (it->to_client) return {it->bytes, it->client};
    FAIL("nothing sent to a client");
    return {};
}

inline std::size_t sent_to_peer(const FakeTransport& t, RelaySocket from) {
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
inline std::string mobile_allocation(Harness& h) {
    REQUIRE(h.allocate(ask_ticket));
    const std::string ticket = last_reply(h.transport).ticket();
    REQUIRE(ticket.size() == 32);
    REQUIRE(h.bind_channel(0x4001, kPeer));
    return ticket;
}

}  // namespace turn::relay::test
