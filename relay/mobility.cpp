// RFC 8016 mobility: a MOBILITY-TICKET in the Allocate and Refresh success
// responses of clients that ask for one, and a Refresh carrying it from a
// new 5-tuple (the client's address changed) moving its allocation there,
// with its relayed addresses, permissions, channels and quota slot; across
// worker threads when SO_REUSEPORT put the new 5-tuple on another one
// (mobility_transport.hpp). Authentication (request_auth.cpp) comes first:
// the Refresh needs the long-term credentials of the allocation's user.
//
// The codes, by case:
//   405 Mobility Forbidden   mobility is off (§3.4: refused by an
//                            administrative restriction), or the client is
//                            not on UDP: a TCP or TLS allocation ends with its
//                            connection, a DTLS one with its session (RFC
//                            8656 §5), so it is gone before a new 5-tuple
//                            could claim it
//   400 Bad Request          an Allocate's MOBILITY-TICKET is not empty, a
//                            Refresh's is (§3.1: empty asks for a ticket)
//   437 Allocation Mismatch  a ticket that names no allocation this request
//                            may take: not one this server issued (forged,
//                            tampered with, from an earlier run), its
//                            allocation is gone, it already moved the
//                            allocation once (a replay: only a ticket of the
//                            latest generation moves it), or the request's
//                            5-tuple holds another allocation
//   441 Wrong Credentials    the allocation is another user's (§3.2, RFC 8656 §5)
//   443                      a REQUESTED-ADDRESS-FAMILY it lacks (RFC 8656 §7.4)
//
// After a move the old 5-tuple is served until the client shows up on the
// new one (§3.2, make-before-break): the table still finds the allocation
// by it (AllocationTable::find), peer data goes to it (Allocation::
// deliver_to), and across threads the old owner sends its datagrams on
// (forward_departed). The client's first packet from the new 5-tuple ends
// that; RFC 8016 names Send and ChannelData, and this server counts
// requests too, as coturn does: a client busy with CreatePermission or
// ChannelBind from its new address has shown that it is there.
#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

namespace {

// Moves waiting for their owner's answer; they last one queue round trip.
constexpr std::size_t kMaxPendingMoves = 4096;
// How long the old 5-tuple is served after a move if the client does not
// show up on the new one (coturn's value; the RFC names none). Then it goes:
// the client sent the Refresh from the new 5-tuple, so that one works.
constexpr Millis kHandoffTimeout = 30'000;
constexpr std::uint64_t kIdCounterMask = (std::uint64_t{1} << 48) - 1;

bool on_udp(const ClientKey& c) { return !c.is_stream() && !c.is_dtls(); }

}  // namespace

void RelayCore::attach_mobility(MobilityTransport& mobility, std::size_t worker, std::size_t workers) {
    mobility_ = &mobility;
    worker_ = worker;
    workers_ = workers;
}

std::unique_ptr<Mobility> RelayCore::new_mobility() {
    auto m = std::make_unique<Mobility>();
    // Unique in the process: the creating worker above a 48-bit counter.
    m->id = (std::uint64_t{worker_} << 48) | (++mobility_ids_ & kIdCounterMask);
    return m;
}

std::optional<StunError> RelayCore::check_mobility_allocate(const Request& r) const {
    const auto ticket = r.msg.get<MobilityTicket>();
    if (!ticket) return std::nullopt;
    if (!config_.mobility || !on_udp(r.client)) return StunError::MobilityForbidden;
    if (!ticket->value.empty()) return StunError::BadRequest;
    return std::nullopt;
}

void RelayCore::add_mobility_ticket(MessageBuilder& b, const Allocation& a) {
    // This thread holds the allocation now: the ticket sends moves here.
    const auto text =
        shared_.tickets.issue({static_cast<std::uint16_t>(worker_), a.mobility->id, a.mobility->generation});
    b.add(MobilityTicket{{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}});
}

Result<MobilityTicketFields, StunError> RelayCore::open_ticket(const Request& r) const {
    const auto value = r.msg.get<MobilityTicket>();
    if (value->value.empty()) return unexpected(StunError::BadRequest);
    const auto ticket = shared_.tickets.open(value->value);
    if (!ticket || ticket->worker >= workers_) return unexpected(StunError::AllocationMismatch);
    return *ticket;
}

std::optional<StunError> RelayCore::check_own_ticket(const Request& r, const Allocation& a) const {
    if (!r.msg.has(AttrType::MobilityTicket)) return std::nullopt;
    const auto ticket = open_ticket(r);
    if (!ticket) return ticket.error();
    // Any generation of this allocation's own tickets: a retransmission of
    // the Refresh that moved it here still carries the ticket it moved with.
    if (!a.mobility || ticket->allocation_id != a.mobility->id) return StunError::AllocationMismatch;
    return std::nullopt;
}

void RelayCore::on_mobile_refresh(Request& r) {
    if (!on_udp(r.client)) return reply_error(r, StunError::MobilityForbidden);
    const auto ticket = open_ticket(r);
    if (!ticket) return reply_error(r, ticket.error());
    // A retransmission while the move is under way gets the move's answer.
    if (const auto it = pending_moves_.find(r.client); it != pending_moves_.end()) {
        (void)it->second.push_back(r.reply_to());
        return;
    }
    if (pending_moves_.size() >= kMaxPendingMoves) return reply_error(r, StunError::ServerError);
    const auto family = r.msg.get<RequestedAddressFamily>();
    MoveRequest m{*ticket, worker_, r.client, std::string(r.username),
                  family ? std::optional(family->family) : std::nullopt, token_capped(granted_lifetime(r.msg, false), r)};
    pending_moves_[r.client].push_back(r.reply_to());
    if (ticket->worker == worker_) return on_move_request(std::move(m));
    if (mobility_ == nullptr) return on_move_refused(m, StunError::AllocationMismatch);
    mobility_->forward_move(m);
}

Result<std::unique_ptr<Allocation>, StunError> RelayCore::take_for_move(const MoveRequest& m) {
    Allocation* a = allocations_.find_mobile(m.ticket.allocation_id);
    if (a == nullptr || a->mobility->generation != m.ticket.generation)
        return unexpected(StunError::AllocationMismatch);
    if (config_.auth_required && m.username != a->username) return unexpected(StunError::WrongCredentials);
    if (m.family && !a->relays.has(*m.family)) return unexpected(StunError::PeerAddressFamilyMismatch);
    // A handoff still under way ends: only the latest 5-tuple is the old one.
    if (a->mobility->old_client) end_handoff(*a);
    auto taken = allocations_.remove(a->client);
    ++taken->mobility->generation;  // the ticket that moved it moves it no more
    return taken;
}

void RelayCore::on_move_request(MoveRequest m) {
    const bool local = m.origin_worker == worker_;
    auto taken = take_for_move(m);
    if (!taken) {
        if (local) return on_move_refused(m, taken.error());
        return mobility_->refuse_move(m, taken.error());
    }
    std::unique_ptr<Allocation> a = std::move(*taken);
    if (local) return on_allocation_arrived(std::move(a), m);
    // The old 5-tuple's datagrams keep coming here: they follow the allocation.
    departed_[a->client] = {m.origin_worker, clock_.now() + kHandoffTimeout};
    for (const auto family : kFamilies)
        if (a->relays.has(family)) transport_.release_relay(a->relays[family].socket);
    mobility_->hand_over(std::move(a), m);
}

void RelayCore::on_move_refused(const MoveRequest& m, StunError error) {
    auto pending = pending_moves_.extract(m.new_client);
    if (pending.empty()) return;
    for (const ReplyTo& to : pending.mapped()) reply_error(to, error);
}

bool RelayCore::adopt_relays(Allocation& a) {
    bool all = true;
    for (const auto family : kFamilies) {
        RelayEndpoint& e = a.relays[family];
        if (!e.open() || transport_.adopt_relay(e.socket, &a)) continue;
        // The transport closed it: freeing the allocation must not again.
        shared_.pools[e.relay_ip]->release(e.port);
        e = {};
        all = false;
    }
    return all;
}

void RelayCore::on_allocation_arrived(std::unique_ptr<Allocation> a, const MoveRequest& m) {
    auto pending = pending_moves_.extract(m.new_client);
    const std::span<const ReplyTo> replies = pending.empty() ? std::span<const ReplyTo>{} : pending.mapped().span();
    const bool adopted = m.ticket.worker == worker_ || adopt_relays(*a);
    // RFC 8656 §5: one allocation per 5-tuple, and this one made its own
    // while the move was under way.
    const bool taken = allocations_.find(m.new_client) != nullptr;
    if (!adopted || taken) {
        release_allocation(*a, EndReason::MoveFailed);
        const StunError e = adopted ? StunError::AllocationMismatch : StunError::ServerError;
        for (const ReplyTo& to : replies) reply_error(to, e);
        return;
    }
    a->mobility->old_client = a->client;
    a->mobility->old_worker = m.ticket.worker;
    a->mobility->handoff_until = clock_.now() + kHandoffTimeout;
    a->client = m.new_client;
    ++counters_.allocations_moved_in;
    Allocation& moved = allocations_.insert(std::move(a));
    report(AllocationEventKind::Moved, moved);
    apply_refresh(moved, m.lifetime, replies);
}

bool RelayCore::forward_departed(const ClientKey& from, std::span<const std::uint8_t> bytes) {
    const auto it = departed_.find(from);
    if (it == departed_.end() || mobility_ == nullptr) return false;
    mobility_->forward_datagram(it->second.worker, from, bytes);
    return true;
}

void RelayCore::on_forwarded_datagram(const ClientKey& from, std::span<const std::uint8_t> bytes) {
    // Only while the handoff lasts here: a datagram sent on after it ended
    // must not start anything (an Allocate) on a 5-tuple of another thread.
    if (allocations_.find(from) == nullptr) {
        ++counters_.dropped_no_allocation;
        return;
    }
    dispatch(from, bytes);
}

void RelayCore::end_handoff(Allocation& a) {
    const Mobility& m = *a.mobility;
    if (m.old_worker != worker_ && mobility_ != nullptr) mobility_->end_departure(m.old_worker, *m.old_client);
    allocations_.end_handoff(a);
}

void RelayCore::sweep_departures(Millis now) {
    std::erase_if(departed_, [now](const auto& d) { return d.second.until <= now; });
}

}  // namespace turn::relay
