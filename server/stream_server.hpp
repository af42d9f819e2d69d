// TCP and TLS clients of one worker thread (RFC 8656 §3.1, RFC 7443 ALPN):
// SO_REUSEPORT listeners on the TURN ports; each accepted connection is told
// apart by its first byte (0x16 starts a TLS handshake, otherwise STUN or
// ChannelData), as coturn does, so one port serves `turn:` and `turns:`.
// Frames are split with the codec's peek_frame and handed to the relay core;
// what the core sends back is written with bounded buffers. Every stage has a
// deadline, so half-open, silent or non-reading clients cannot pin memory.
#pragma once

#include <event2/bufferevent.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "relay/relay_core.hpp"
#include "server/event_handles.hpp"
#include "server/logger.hpp"
#include "server/tls_context.hpp"
#include "server/udp_transport.hpp"

namespace turn::server {

struct StreamLimits {
    // First byte, TLS handshake and first complete frame.
    std::chrono::seconds handshake{10};
    // A connection that holds no allocation and sends nothing.
    std::chrono::seconds idle{60};
    // Queued output that makes no progress: the client does not read.
    std::chrono::seconds write_stall{30};
    // Queued output beyond this is dropped like a full UDP socket would.
    std::size_t max_output = 512 * 1024;
    // Input held at most: one largest frame and change.
    std::size_t max_input = 80 * 1024;
};

struct StreamSettings {
    const TlsContexts* tls = nullptr;  // null: TLS is refused
    bool plain = true;                 // plain TCP accepted (no-tcp turns it off)
    std::uint32_t max_connections = 10000;
    StreamLimits limits;
};

struct alignas(relay::kCounterAlign) StreamCounters {
    relay::Counter accepted;
    relay::Counter refused_over_limit;
    relay::Counter closed_bad_start;  // neither STUN nor TLS, or TLS without a certificate
    relay::Counter closed_timeout;
    relay::Counter closed_framing;
    relay::Counter output_drops;
};

class StreamServer final : public ClientSink {
public:
    StreamServer(event_base* base, std::vector<Listener> listeners, StreamSettings settings, Logger& log);
    ~StreamServer();
    StreamServer(const StreamServer&) = delete;
    StreamServer& operator=(const StreamServer&) = delete;

    // Frames go to `core`; `end_turn` flushes what the core queued, so the
    // frames' bytes may be released afterwards.
    void attach(relay::RelayCore* core, std::function<void()> end_turn);
    void send(const relay::ClientKey& to, std::span<const std::uint8_t> data) override;
    // Plain TCP output of the turn leaves in one write per connection.
    void flush() override;
    // The listener's address the connection came in on, and whether it is TLS.
    std::optional<relay::Arrival> arrival(const relay::ClientKey& client) const override;

    // RFC 6062 data connections (server/tcp_relay.hpp): once a ConnectionBind
    // is read, hold() stops reading frames, since what follows is data for
    // the peer. release() resumes (the bind was refused); detach() hands the
    // bufferevent, TLS or not, with the input and output it holds (output
    // leaves once the caller enables EV_WRITE), to the caller and forgets
    // the connection (null if it has gone meanwhile).
    void hold(const relay::ClientKey& c);
    void release(const relay::ClientKey& c);
    bufferevent* detach(const relay::ClientKey& c);

    std::size_t connections() const { return connections_.size(); }
    const StreamCounters& counters() const { return counters_; }

private:
    struct Connection;
    struct ListenerSlot {
        StreamServer* server;
        Listener listener;
        EventPtr ev;
    };

    static void accept_cb(evutil_socket_t fd, short what, void* arg);
    static void sniff_cb(evutil_socket_t fd, short what, void* arg);
    static void read_cb(bufferevent* bev, void* arg);
    static void drained_cb(bufferevent* bev, void* arg);
    static void event_cb(bufferevent* bev, short what, void* arg);

    void accept_from(ListenerSlot& slot);
    void admit(int fd, const proto::TransportAddress& from, const Listener& at);
    void start_stream(Connection& c, bool tls);
    void on_first_byte(Connection& c, short what);
    void on_readable(Connection& c);
    void on_event(Connection& c, short what);
    void on_timeout(Connection& c, short what);
    void close(Connection& c, std::string_view why);
    Connection* find(const relay::ClientKey& k);
    std::uint32_t next_id();
    void note(std::string_view message);

    event_base* base_;
    StreamSettings settings_;
    const StreamLimits& limits_;
    Logger& log_;
    std::vector<std::unique_ptr<ListenerSlot>> listeners_;
    std::unordered_map<std::uint32_t, std::unique_ptr<Connection>> connections_;
    relay::RelayCore* core_ = nullptr;
    std::function<void()> end_turn_;
    std::uint32_t last_id_ = 0;
    std::vector<std::uint32_t> dirty_;  // plain connections with output queued this turn
    StreamCounters counters_;
    std::chrono::steady_clock::time_point limit_logged_{};
};

}  // namespace turn::server
