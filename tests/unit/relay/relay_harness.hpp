// A RelayCore with a fake clock and a fake transport: the TURN state machine
// driven message by message, no sockets, no sleeping (DESIGN.md).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/attributes.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "fake_tcp_transport.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay::test {

class FakeClock final : public Clock {
public:
    Millis now() const override { return now_ms; }
    std::int64_t unix_seconds() const override { return 1'700'000'000 + now_ms / 1000; }
    void advance_seconds(std::int64_t s) { now_ms += s * 1000; }
    Millis now_ms = 1'000'000;
};

struct Sent {
    bool to_client;
    ClientKey client;            // when to_client
    RelaySocket from = -1;       // when to a peer
    proto::TransportAddress peer;
    std::vector<std::uint8_t> bytes;
};

class FakeTransport final : public Transport {
public:
    void send_to_client(const ClientKey& to, std::span<const std::uint8_t> data) override {
        sent.push_back({true, to, -1, {}, {data.begin(), data.end()}});
    }
    void send_to_peer(RelaySocket from, const proto::TransportAddress& to,
                      std::span<const std::uint8_t> data) override {
        sent.push_back({false, {}, from, to, {data.begin(), data.end()}});
    }
    void flush() override {}
    Result<RelaySocket, OpenError> open_relay(const proto::TransportAddress& local, Allocation* owner,
                                              bool) override {
        if (fail_next_open || (fail_family && local.family == *fail_family)) return unexpected(OpenError::Failed);
        owners.push_back(owner);
        bound.push_back(local);
        ++open;
        return next_socket++;
    }
    void close_relay(RelaySocket s) override {
        closed.push_back(s);
        --open;
    }
    // UDP clients arrive at listeners[ClientKey::listener]; every other
    // client at `other_arrival`.
    std::optional<Arrival> arrival(const ClientKey& c) const override {
        if (c.is_stream() || c.is_dtls()) return other_arrival;
        if (c.listener >= listeners.size()) return std::nullopt;
        return Arrival{listeners[c.listener], false};
    }
    std::optional<std::uint32_t> udp_listener_at(const proto::TransportAddress& local) const override {
        for (std::size_t i = 0; i < listeners.size(); ++i)
            if (listeners[i] == local) return static_cast<std::uint32_t>(i);
        return std::nullopt;
    }

    std::vector<Sent> sent;
    std::vector<Allocation*> owners;             // by socket - 100
    std::vector<proto::TransportAddress> bound;  // by socket - 100: the local address
    std::vector<RelaySocket> closed;
    RelaySocket next_socket = 100;
    int open = 0;
    bool fail_next_open = false;
    std::optional<proto::AddressFamily> fail_family;  // relay sockets of this family fail to open
    std::vector<proto::TransportAddress> listeners;   // the UDP listening sockets' addresses
    std::optional<Arrival> other_arrival;             // where TCP, TLS and DTLS clients arrive
};

// A relay IP and what clients are told (external-ip), as text.
struct RelayIp {
    const char* local;
    const char* advertised;
};

struct HarnessOptions {
    std::uint32_t user_quota = 0;
    std::uint32_t total_quota = 0;
    std::uint16_t min_port = 50000;
    std::uint16_t max_port = 50009;
    bool allow_loopback = true;
    std::int64_t stale_nonce = 600;
    std::uint64_t max_bps = 0;
    std::vector<RelayIp> relay_ips = {{"127.0.0.1", "203.0.113.9"}};  // each with its own port pool
    std::vector<std::string> extra_users;  // user= entries besides alice's and bob's
    NatDiscoveryConfig discovery;       // RFC 5780; off by default
    AlternateServersConfig alternates;  // RFC 8489 §10; none by default
};

inline constexpr const char* kRealm = "example.org";
inline constexpr const char* kUser = "alice";
inline constexpr const char* kPassword = "wonderland";

struct Harness {
    explicit Harness(HarnessOptions o = {});

    // The last response sent to `client`, decoded (bytes kept in `last`).
    proto::StunMessage last_response();
    std::uint16_t last_error();  // ERROR-CODE of the last response, 0 if none

    // Builds a request; with `auth`, first asks for a nonce (the 401 dance).
    std::vector<std::uint8_t> request(proto::Method m, const std::function<void(proto::MessageBuilder&)>& attrs,
                                      bool auth = true, const proto::TransactionId* tid = nullptr);
    void send(const std::vector<std::uint8_t>& bytes, const ClientKey* from = nullptr);
    proto::TransactionId next_tid();
    // Another client port: a new 5-tuple, which needs its own nonce (nonces
    // are bound to the client address).
    void move_to(std::uint16_t port) {
        client.addr.port = port;
        nonce.clear();
    }
    std::vector<std::uint8_t> build(proto::Method m, const std::function<void(proto::MessageBuilder&)>& attrs,
                                    bool auth, const proto::TransactionId& tid);
    // Sends an authenticated request, renewing a stale nonce once; true on success.
    bool roundtrip(proto::Method m, const std::function<void(proto::MessageBuilder&)>& attrs);
    // Allocate (REQUESTED-TRANSPORT UDP, then `extra`), CreatePermission and
    // ChannelBind through roundtrip().
    bool allocate(const std::function<void(proto::MessageBuilder&)>& extra = {});
    bool permit(const proto::TransportAddress& peer);
    bool bind_channel(std::uint16_t number, const proto::TransportAddress& peer);

    FakeClock clock;
    FakeTransport transport;
    FakeTcpTransport tcp;  // RFC 6062, attached as worker 0 of 1
    std::unique_ptr<SharedRelayState> shared;
    std::unique_ptr<RelayCore> core;
    ClientKey client;
    std::string nonce;
    std::string user = kUser;          // who signs the requests
    std::string password = kPassword;
    std::vector<std::uint8_t> last;
    std::uint32_t tid_counter = 1;
};

proto::TransportAddress addr(const char* ip, std::uint16_t port);

}  // namespace turn::relay::test
