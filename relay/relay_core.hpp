// The TURN server of one worker thread (RFC 8656): requests, indications and
// ChannelData from clients, datagrams from peers, lifetimes. It owns the
// thread's allocations and talks to the network only through Transport.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/error_code.hpp"
#include "protocol/fixed_vector.hpp"
#include "protocol/function_ref.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "relay/allocate_request.hpp"
#include "relay/allocation_table.hpp"
#include "relay/allocation_events.hpp"
#include "relay/allocation_info.hpp"
#include "relay/clock.hpp"
#include "relay/indication_tid.hpp"
#include "relay/live_settings.hpp"
#include "relay/nat_discovery.hpp"
#include "relay/peer_icmp.hpp"
#include "relay/mobility_transport.hpp"
#include "relay/reply_to.hpp"
#include "relay/response_arena.hpp"
#include "relay/shared_state.hpp"
#include "relay/tcp_connections.hpp"
#include "relay/tcp_transport.hpp"
#include "relay/transport.hpp"
#include "relay/unauth_rate_limit.hpp"
#include "relay/user_traffic.hpp"

namespace turn::relay {

// A received datagram with room in front for a ChannelData or Data indication
// header and behind for padding, so relaying to the client copies nothing.
struct PacketView {
    std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t headroom = 0;  // writable bytes before data
    std::size_t tailroom = 0;  // writable bytes after data + size
};

// Bytes of headroom the peer-to-client path needs: a Data indication header
// with an IPv6 XOR-PEER-ADDRESS and the DATA attribute header.
inline constexpr std::size_t kPeerHeadroom = 20 + 4 + 20 + 4;

struct alignas(kCounterAlign) CoreCounters {
    Counter dropped_malformed;
    Counter dropped_no_allocation;
    Counter dropped_no_permission;
    Counter dropped_peer_policy;
    Counter auth_failures;
    Counter dropped_rate_limited;  // unsigned UDP errors over unauthorized-ratelimit
    Counter binding_requests;
    Counter binding_responses;  // success responses to Binding
    Counter binding_errors;     // error responses to Binding (420)
    Counter allocations_created;
    // Relay sockets not opened for want of a file descriptor (each cost an
    // Allocate its 508): the worker turns this into a warning.
    Counter relay_sockets_no_descriptors;
    Counter icmp_reports;  // RFC 8656 §11.5: ICMP errors passed to clients
    Counter dropped_icmp;  // ICMP errors of other types, without a permission, or over the bound
    Counter allocations_moved_in;  // RFC 8016: arrived from another 5-tuple (any thread)
    TrafficCounters ended_traffic;  // of allocations already freed, so totals outlive them
};

class RelayCore {
public:
    RelayCore(SharedRelayState& shared, const Clock& clock, Transport& transport);
    ~RelayCore();
    RelayCore(const RelayCore&) = delete;
    RelayCore& operator=(const RelayCore&) = delete;

    void on_client_datagram(const ClientKey& from, std::span<const std::uint8_t> bytes);
    // RFC 8016: a datagram another worker received from the old 5-tuple of
    // an allocation that moved here (MobilityTransport::forward_datagram).
    void on_forwarded_datagram(const ClientKey& from, std::span<const std::uint8_t> bytes);
    // RFC 8016: the allocation that left from `old_client` ended its
    // handoff on its new thread; datagrams from there stay here now.
    void on_departure_ended(const ClientKey& old_client) { departed_.erase(old_client); }
    void on_peer_datagram(Allocation& a, const proto::TransportAddress& peer, PacketView packet);
    // The kernel reported an ICMP error for a datagram a's relayed address
    // sent to `peer` (peer_icmp.cpp).
    void on_peer_icmp(Allocation& a, const proto::TransportAddress& peer, const PeerIcmp& icmp);
    // A TCP or TLS client's connection ended: its allocation goes with it
    // (RFC 8656 §5: the 5-tuple no longer exists).
    void on_client_closed(const ClientKey& client);
    bool has_allocation(const ClientKey& client) const { return allocations_.find(client) != nullptr; }
    // Frees what expired: allocations, then permissions and channels.
    void sweep();
    // After each receive batch: sends what was queued and reuses the arena.
    void end_of_batch();

    std::size_t allocation_count() const { return allocations_.size(); }
    const CoreCounters& counters() const { return counters_; }
    // What this thread relayed so far: freed allocations and live ones.
    TrafficCounters traffic_totals();

    // RFC 6062 TCP allocations (tcp_connect.cpp, tcp_bind.cpp); without
    // this, REQUESTED-TRANSPORT TCP gets 442. `ids` names this worker.
    void attach_tcp(TcpTransport& tcp, ConnectionIdSpace ids);
    // §5.3: a peer connected to a's relayed address. The connection's id,
    // or nullopt: close it.
    std::optional<TcpConnectionId> on_peer_accepted(Allocation& a, const proto::TransportAddress& peer);
    // §5.2: how TcpTransport::connect_peer ended.
    void on_peer_connected(TcpConnectionId id, bool ok);
    // §5.4 on the allocation's thread: a ConnectionBind forwarded to it.
    void on_bind_request(BindTicket t);
    // §5.4 on the data connection's thread: the answer to a ConnectionBind.
    void answer_bind(const BindTicket& t, std::optional<proto::StunError> error);
    // §5.5: a bound pair ended on the thread that spliced it.
    void on_tcp_connection_closed(TcpConnectionId id);
    std::size_t tcp_connection_count() const { return tcp_connections_.size(); }

    // RFC 8016 mobility (mobility.cpp, mobility_transport.hpp). `worker` of
    // `workers` names this thread in the tickets it issues; without this,
    // only moves within the thread work.
    void attach_mobility(MobilityTransport& mobility, std::size_t worker, std::size_t workers);
    // On the allocation's thread: a Refresh with its ticket came from `m.new_client`.
    void on_move_request(MoveRequest m);
    // On the Refresh's thread: the owner's answer.
    void on_move_refused(const MoveRequest& m, proto::StunError error);
    void on_allocation_arrived(std::unique_ptr<Allocation> a, const MoveRequest& m);
    // Operations (operations.cpp), on the owning thread like everything else:
    // what turnctl and the metrics endpoint see, and what an operator changes.
    // `each_client` hears the client of every live allocation (the server
    // counts them by transport).
    Census census(FunctionRef<void(const ClientKey&)> each_client);
    // Every allocation, or only the one named `id`.
    std::vector<AllocationInfo> list_allocations(std::optional<std::uint64_t> id = std::nullopt);
    // Frees the allocation named `id` (its client then gets 437); false if
    // this thread has none by that name.
    bool cancel(std::uint64_t id);
    // Draining: Allocate is refused with 403 (RFC 8656 §19: an administrative
    // restriction); existing allocations carry on, refresh and end as usual.
    void set_draining(bool on) { draining_ = on; }
    bool draining() const { return draining_; }
    // New credentials and peer policy (turnctl reload).
    void apply(LiveSettings settings) { live_ = std::move(settings); }
    // prometheus-username-labels: from now on, traffic is also kept per user
    // (the name user-quota counts: a TURN REST name without its expiry).
    void track_users() { ended_by_user_.emplace(); }
    // Where allocation events go (created, refreshed, moved, deleted); none
    // by default. `sink` must outlive this core, which reports the deletions
    // of its last allocations when it is destroyed.
    void set_event_sink(AllocationEvents* sink) { events_ = sink; }
    // Freed and live allocations' traffic by user; empty unless tracked.
    TrafficByUser traffic_by_user();

private:
    struct Request {
        const proto::StunMessage& msg;
        const ClientKey& client;
        bool fingerprint;                       // answer with FINGERPRINT
        std::optional<proto::LongTermKey> key;  // set once authenticated
        proto::IntegrityKind integrity = proto::IntegrityKind::Sha1;  // how responses are signed with `key`
        std::string_view username;  // USERNAME's value, or username_storage
        std::string username_storage;  // the name a USERHASH stands for (RFC 8489 §14.4)
        // RFC 7635: signed with a token's session key, valid until then
        // (seconds since 1970; auth::token_expired applies).
        std::optional<std::int64_t> token_expiry = std::nullopt;

        ReplyTo reply_to() const {
            return {client, msg.method(), msg.transaction_id(), key, integrity, fingerprint};
        }
    };

    // Dispatch (relay_core.cpp)
    void dispatch(const ClientKey& from, std::span<const std::uint8_t> bytes);
    void on_stun(const ClientKey& from, std::span<const std::uint8_t> bytes);
    void on_request(Request& r);
    // The client's allocation unless it has none or it has expired (an
    // expired one is freed here, ahead of the sweep).
    Allocation* live_allocation(const ClientKey& client);

    // Binding, with RFC 5780 NAT behaviour discovery (binding.cpp)
    void on_binding(Request& r);
    void answer_binding(const Request& r, const DiscoveryAsk& ask, const BindingPlan& plan);
    void refuse_binding(const Request& r, const BindingRefusal& refusal);

    // RFC 8489 §10 (redirect.cpp): true when `r`, an Allocate, was answered
    // 300 (Try Alternate).
    bool redirect_allocate(const Request& r);

    // Responses (responder.cpp)
    void reply(const Request& r, proto::MessageClass cls, FunctionRef<void(proto::MessageBuilder&)> add_attributes);
    void reply(const ReplyTo& to, proto::MessageClass cls, FunctionRef<void(proto::MessageBuilder&)> add_attributes);
    // With `room` bytes for the message instead of ResponseArena::kMaxResponse.
    void reply(const ReplyTo& to, proto::MessageClass cls, FunctionRef<void(proto::MessageBuilder&)> add_attributes,
               std::size_t room);
    void reply_error(const Request& r, proto::StunError e);
    void reply_error(const ReplyTo& to, proto::StunError e);
    bool reflection_allowed(const ReplyTo& to, proto::MessageClass cls);
    // An indication to a client (no integrity: RFC 8656 §5).
    void indicate(const ClientKey& to, proto::Method m, FunctionRef<void(proto::MessageBuilder&)> add_attributes);
    void reply_unknown_attributes(const Request& r, const proto::UnknownAttributes& unknown);

    // Authentication (request_auth.cpp): true when r may proceed; otherwise
    // the error response (400, 401, 438) has been sent.
    // `check_nonce` false: the caller checks the NONCE itself (RFC 6062
    // ConnectionBind, whose nonce may be the control connection's).
    bool authenticate(Request& r, bool check_nonce = true);
    // Sets r.username to the user a USERHASH names, else answers 401.
    bool resolve_userhash(Request& r, std::span<const std::uint8_t> userhash);
    // Sets r.key to the key of r.username that verifies, else answers 401.
    bool verify_key(Request& r, proto::PasswordAlgorithmId alg);
    void reply_auth_failure(const Request& r);
    void reply_unauthorized(const Request& r, proto::StunError e);
    void reply_unauthorized(ReplyTo to, proto::StunError e);
    bool nonce_valid(std::string_view nonce, const proto::TransportAddress& client) const;

    // RFC 7635 third-party authorization (token_auth.cpp), after the nonce
    // check. NotOAuth: the request is for the long-term mechanism.
    enum class OAuthOutcome : std::uint8_t { NotOAuth, Accepted, Refused };
    OAuthOutcome authenticate_oauth(Request& r, std::optional<std::string_view> username);
    OAuthOutcome verify_session_key(Request& r, std::string_view username);
    // An allocation of this client made with a token takes the session key
    // (and kid) of a newer token.
    void adopt_session_key(const Request& r);
    // `lifetime`, cut to what is left of the request's token, if it has one.
    std::uint32_t token_capped(std::uint32_t lifetime, const Request& r) const;

    // Handlers (allocate.cpp, refresh.cpp, permissions_handler.cpp)
    void on_allocate(Request& r);
    // Refresh, CreatePermission, ChannelBind, Connect: they need the 5-tuple's allocation.
    void on_allocation_request(Request& r);
    void on_refresh(Request& r, Allocation& a);
    // RFC 8656 §7.3: the new lifetime (0 deletes) and the success response(s).
    void apply_refresh(Allocation& a, std::uint32_t lifetime, std::span<const ReplyTo> to);
    void on_create_permission(Request& r, Allocation& a);
    void on_channel_bind(Request& r, Allocation& a);
    std::optional<proto::StunError> check_peer(const Allocation& a, const proto::TransportAddress& peer);

    // Data path (data_path.cpp)
    void on_send_indication(const ClientKey& from, const proto::StunMessage& msg);
    void on_channel_data(const ClientKey& from, std::span<const std::uint8_t> bytes);
    // `now` is the time the caller already read: one clock read per packet.
    void relay_to_peer(Allocation& a, const proto::TransportAddress& peer, std::span<const std::uint8_t> data,
                       Millis now);

    // RFC 6062 (tcp_connect.cpp, tcp_bind.cpp)
    std::optional<proto::StunError> check_tcp_allocate(const Request& r, const AllocateAsk& ask) const;
    void on_connect(Request& r, Allocation& a);
    void on_connection_bind(Request& r);
    bool bind_nonce_valid(const BindTicket& t, const Allocation& a) const;
    // A new connection of `a` under a fresh id; null at the allocation's cap.
    TcpConnection* add_tcp_connection(const Allocation& a, const proto::TransportAddress& peer,
                                      TcpConnectionState state, Millis deadline);
    // Closes a connection that is not bound and forgets it.
    void drop_tcp_connection(TcpConnectionId id);
    void close_tcp_connections(const Allocation& a);
    void sweep_tcp_connections(Millis now);

    // Mobility (mobility.cpp)
    std::optional<proto::StunError> check_mobility_allocate(const Request& r) const;
    std::unique_ptr<Mobility> new_mobility();
    std::optional<proto::StunError> check_own_ticket(const Request& r, const Allocation& a) const;
    void add_mobility_ticket(proto::MessageBuilder& b, const Allocation& a);
    // The Refresh's ticket, or the error for it (400, 437).
    Result<MobilityTicketFields, proto::StunError> open_ticket(const Request& r) const;
    void on_mobile_refresh(Request& r);
    // RFC 8016 §3.2: the client's first packet from its new 5-tuple ends the
    // handoff (Mobility::old_client).
    void note_client_active(Allocation& a, const ClientKey& from) {
        if (a.mobility && a.mobility->old_client && from == a.client) end_handoff(a);
    }
    void end_handoff(Allocation& a);
    // A datagram from the old 5-tuple of an allocation that moved to
    // another worker, sent after it; false if `from` is no such 5-tuple.
    bool forward_departed(const ClientKey& from, std::span<const std::uint8_t> bytes);
    void sweep_departures(Millis now);
    Result<std::unique_ptr<Allocation>, proto::StunError> take_for_move(const MoveRequest& m);
    bool adopt_relays(Allocation& a);

    // Allocate and lifetimes (allocate.cpp)
    std::uint32_t granted_lifetime(const proto::StunMessage& msg, bool at_least_default) const;
    // A fresh Allocation::id: unique across worker threads (operations.cpp).
    std::uint64_t next_allocation_id();
    void free_allocation(const ClientKey& k, EndReason why);
    // What freeing gives back: sockets, ports, quota, RFC 6062 connections.
    void release_allocation(Allocation& a, EndReason why);
    // What operators see of `a` (turnctl, the allocation log).
    AllocationInfo info_of(const Allocation& a, Millis now) const;
    void report(AllocationEventKind kind, const Allocation& a, EndReason why = EndReason::None);
    void reply_allocate_success(const Request& r, const Allocation& a);
    // The relayed address(es) the request asks for; on failure none is left open.
    std::optional<proto::StunError> open_relays(Allocation& a, const AllocateAsk& ask);

    // Relayed addresses (relay_sockets.cpp)
    // A fresh port of a relay IP of `family`, the relay IPs taken in turn.
    std::optional<proto::StunError> open_endpoint(Allocation& a, proto::AddressFamily family, const PortWish& wish);
    // A fresh port of relay IP `relay_ip` (retrying ports other programs hold).
    std::optional<proto::StunError> open_on_relay_ip(Allocation& a, std::size_t relay_ip, const PortWish& wish);
    // The port a RESERVATION-TOKEN holds, in whichever pool holds it.
    std::optional<proto::StunError> redeem_endpoint(Allocation& a, const PortToken& token, bool dont_fragment);
    Result<RelaySocket, OpenError> bind_endpoint(Allocation& a, std::size_t relay_ip, std::uint16_t port,
                                                 bool dont_fragment);
    // Closes the sockets and gives the ports back.
    void close_endpoints(Allocation& a);
    // DF on every relayed address of `a` from now on; false when refused.
    bool set_dont_fragment(Allocation& a);
    proto::TransportAddress advertised_address(const RelayEndpoint& e) const;
    proto::TransportAddress local_address(const RelayEndpoint& e) const;

    SharedRelayState& shared_;
    LiveSettings live_;  // this thread's copy (live_settings.hpp)
    const RelayConfig& config_;
    const Clock& clock_;
    Transport& transport_;
    AllocationTable allocations_;
    ResponseArena arena_;
    CoreCounters counters_;
    std::size_t next_relay_address_ = 0;
    std::vector<ClientKey> expired_scratch_;
    TcpTransport* tcp_ = nullptr;
    ConnectionIdSpace connection_ids_;
    TcpConnectionTable tcp_connections_;
    std::vector<TcpConnectionId> tcp_expired_scratch_;
    IndicationTids tids_;  // Data indication and ConnectionAttempt transaction IDs
    UnauthRateLimit unauth_limit_;
    AllocationEvents* events_ = nullptr;
    bool draining_ = false;
    std::optional<UserTraffic> ended_by_user_;  // of freed allocations, with track_users()
    std::uint64_t allocation_serial_ = 0;  // for Allocation::id (operations.cpp)
    // Round-robin positions in config_.alternates' two lists.
    std::size_t alternate_cursor_ = 0;
    std::size_t tls_alternate_cursor_ = 0;

    // RFC 8016: who waits for the answer to a move to this thread (the
    // Refresh, and retransmissions that came meanwhile), by new 5-tuple,
    // until the owner answers.
    using MoveReplies = FixedVector<ReplyTo, 4>;
    MobilityTransport* mobility_ = nullptr;
    std::size_t worker_ = 0;
    std::size_t workers_ = 1;
    std::uint64_t mobility_ids_ = 0;
    std::unordered_map<ClientKey, MoveReplies, ClientKeyHash> pending_moves_;
    // Old 5-tuples of allocations that moved to another worker, while their
    // handoff lasts: what comes from them follows the allocation.
    struct Departure {
        std::size_t worker = 0;
        Millis until = 0;
    };
    std::unordered_map<ClientKey, Departure, ClientKeyHash> departed_;
};

}  // namespace turn::relay
