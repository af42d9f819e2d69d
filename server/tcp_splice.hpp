// RFC 6062 §5.4: once bound, a client data connection (TCP or TLS) and its
// peer data connection carry bytes as-is both ways. One splice per pair, on
// the thread the data connection arrived on. Buffers are bounded with
// back-pressure: one side is read only while the other side's output is
// under a high watermark, and read again once that output has drained to
// the low one, so a slow reader slows the writer down through TCP instead
// of growing memory. §5.5: when either side closes, what is queued for the
// other is flushed (within a deadline), then both close.
#pragma once

#include <event2/bufferevent.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include "relay/connection_id.hpp"
#include "relay/counter.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

struct SpliceLimits {
    std::size_t high_water = 256 * 1024;  // stop reading the other side beyond this much queued output
    std::size_t low_water = 64 * 1024;    // read it again once the output drained to this
    std::chrono::seconds drain{30};       // how long a closing pair may take to flush
};

struct alignas(relay::kCounterAlign) SpliceCounters {
    relay::Counter pairs;  // bound pairs started
    relay::Counter bytes_to_peer;
    relay::Counter bytes_to_client;
};

class SpliceSet {
public:
    // A pair that ended by itself (not through close()): the allocation's
    // thread is told, so it can forget the connection.
    using Ended = std::function<void(relay::TcpConnectionId id, std::size_t owner_worker)>;

    SpliceSet(event_base* base, SpliceLimits limits, Ended ended);
    ~SpliceSet();
    SpliceSet(const SpliceSet&) = delete;
    SpliceSet& operator=(const SpliceSet&) = delete;

    // Takes both connections; what `client` already holds in its input goes
    // to the peer first. `max_bps` (0: none) caps each direction. False if
    // it could not be set up: both are closed.
    bool start(relay::TcpConnectionId id, std::size_t owner_worker, bufferevent* client, Fd peer, std::uint64_t max_bps);
    // The allocation is gone (§5.5): both close now.
    void close(relay::TcpConnectionId id);
    std::size_t size() const { return splices_.size(); }
    const SpliceCounters& counters() const { return counters_; }

private:
    struct Splice;

    static void read_cb(bufferevent* bev, void* arg);
    static void write_cb(bufferevent* bev, void* arg);
    static void event_cb(bufferevent* bev, short what, void* arg);

    void forward(Splice& s, bufferevent* from);
    // Moves all of `from`'s input to `to`'s output (no copy), counted.
    void move_input(Splice& s, bufferevent* from, bufferevent* to);
    void on_drained(Splice& s, bufferevent* bev);
    void on_event(Splice& s, bufferevent* bev, short what);
    void end(Splice& s);

    event_base* base_;
    SpliceLimits limits_;
    Ended ended_;
    SpliceCounters counters_;
    std::unordered_map<relay::TcpConnectionId, std::unique_ptr<Splice>> splices_;
};

}  // namespace turn::server
