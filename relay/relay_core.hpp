// The TURN server of one worker thread (RFC 8656): requests, indications and
// ChannelData from clients, datagrams from peers, lifetimes. It owns the
// thread's allocations and talks to the network only through Transport.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "protocol/error_code.hpp"
#include "protocol/function_ref.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "relay/allocate_request.hpp"
#include "relay/allocation_table.hpp"
#include "relay/clock.hpp"
#include "relay/response_arena.hpp"
#include "relay/shared_state.hpp"
#include "relay/transport.hpp"

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

struct CoreCounters {
    std::uint64_t dropped_malformed = 0;
    std::uint64_t dropped_no_allocation = 0;
    std::uint64_t dropped_no_permission = 0;
    std::uint64_t dropped_peer_policy = 0;
    std::uint64_t auth_failures = 0;
    std::uint64_t binding_requests = 0;
    std::uint64_t allocations_created = 0;
    TrafficCounters ended_traffic;  // of allocations already freed, so totals outlive them
};

class RelayCore {
public:
    RelayCore(SharedRelayState& shared, const Clock& clock, Transport& transport);
    ~RelayCore();
    RelayCore(const RelayCore&) = delete;
    RelayCore& operator=(const RelayCore&) = delete;

    void on_client_datagram(const ClientKey& from, std::span<const std::uint8_t> bytes);
    void on_peer_datagram(Allocation& a, const proto::TransportAddress& peer, PacketView packet);
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

private:
    struct Request {
        const proto::StunMessage& msg;
        const ClientKey& client;
        bool fingerprint;                       // answer with FINGERPRINT
        std::optional<proto::LongTermKey> key;  // set once authenticated
        bool sha256 = false;                    // the request used MESSAGE-INTEGRITY-SHA256
        std::string_view username;
    };

    // Dispatch (relay_core.cpp)
    void on_stun(const ClientKey& from, std::span<const std::uint8_t> bytes);
    void on_request(Request& r);
    void on_binding(Request& r);

    // Responses (responder.cpp)
    void reply(const Request& r, proto::MessageClass cls, FunctionRef<void(proto::MessageBuilder&)> add_attributes);
    void reply_error(const Request& r, proto::StunError e);
    void reply_unknown_attributes(const Request& r, const proto::UnknownAttributes& unknown);

    // Authentication (request_auth.cpp): true when r may proceed; otherwise
    // the error response (400, 401, 438) has been sent.
    bool authenticate(Request& r);
    void reply_unauthorized(const Request& r, proto::StunError e);

    // Handlers (allocate.cpp, refresh.cpp, permissions_handler.cpp)
    void on_allocate(Request& r);
    void on_refresh(Request& r, Allocation& a);
    void on_create_permission(Request& r, Allocation& a);
    void on_channel_bind(Request& r, Allocation& a);
    std::optional<proto::StunError> check_peer(const Allocation& a, const proto::TransportAddress& peer);

    // Data path (data_path.cpp)
    void on_send_indication(const ClientKey& from, const proto::StunMessage& msg);
    void on_channel_data(const ClientKey& from, std::span<const std::uint8_t> bytes);
    // `now` is the time the caller already read: one clock read per packet.
    void relay_to_peer(Allocation& a, const proto::TransportAddress& peer, std::span<const std::uint8_t> data,
                       Millis now);

    // Allocate and lifetimes (allocate.cpp)
    std::uint32_t granted_lifetime(const proto::StunMessage& msg, bool at_least_default) const;
    void free_allocation(const ClientKey& k);
    void reply_allocate_success(const Request& r, const Allocation& a);
    // The relayed address(es) the request asks for; on failure none is left open.
    std::optional<proto::StunError> open_relays(Allocation& a, const AllocateAsk& ask);

    // Relayed addresses (relay_sockets.cpp)
    std::optional<std::size_t> pick_relay_address(proto::AddressFamily family);
    // A fresh port of a relay IP of `family` (retrying ports other programs hold).
    std::optional<proto::StunError> open_endpoint(Allocation& a, proto::AddressFamily family, const PortWish& wish);
    // The port a RESERVATION-TOKEN holds, in whichever pool holds it.
    std::optional<proto::StunError> redeem_endpoint(Allocation& a, const PortToken& token, bool dont_fragment);
    Result<RelaySocket, OpenError> bind_endpoint(Allocation& a, std::size_t relay_ip, std::uint16_t port,
                                                 bool dont_fragment);
    // Closes the sockets and gives the ports back.
    void close_endpoints(Allocation& a);
    proto::TransportAddress advertised_address(const RelayEndpoint& e) const;

    SharedRelayState& shared_;
    const RelayConfig& config_;
    const Clock& clock_;
    Transport& transport_;
    AllocationTable allocations_;
    ResponseArena arena_;
    CoreCounters counters_;
    std::size_t next_relay_address_ = 0;
    std::vector<ClientKey> expired_scratch_;
    std::uint64_t tid_state_;  // Data indication transaction IDs
};

}  // namespace turn::relay
