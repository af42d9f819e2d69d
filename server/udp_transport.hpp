// relay::Transport over real UDP sockets for one worker thread: listener
// sockets for clients, one bound socket per allocation for peers, and a send
// queue flushed once per receive batch. Replies to TCP, TLS and DTLS clients
// go to the thread's stream connections and DTLS sessions instead.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "relay/transport.hpp"
#include "server/event_handles.hpp"
#include "server/send_queue.hpp"
#include "server/udp_batch.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

struct Listener {
    Fd fd;
    proto::TransportAddress local;
    bool tls_allowed = true;  // a TCP listener that also takes TLS (an aux-server does not)
};

// Where data for clients that are not plain UDP goes: stream (TCP, TLS)
// connections and DTLS sessions; flush() at the end of each loop turn, with
// the UDP send queue.
class ClientSink {
public:
    virtual ~ClientSink() = default;
    virtual void send(const relay::ClientKey& to, std::span<const std::uint8_t> data) = 0;
    virtual void flush() = 0;
    // Where the client came in, for relay::Transport::arrival.
    virtual std::optional<relay::Arrival> arrival(const relay::ClientKey& client) const = 0;
};

class UdpTransport final : public relay::Transport {
public:
    using RelayReadable = std::function<void(int fd, relay::Allocation* owner)>;

    UdpTransport(event_base* base, const std::vector<Listener>& listeners, RelayReadable on_readable,
                 IoCounters& counters, bool gro);

    void send_to_client(const relay::ClientKey& to, std::span<const std::uint8_t> data) override;
    void send_to_peer(relay::RelaySocket from, const proto::TransportAddress& to,
                      std::span<const std::uint8_t> data) override;
    void flush() override;
    Result<relay::RelaySocket, relay::OpenError> open_relay(const proto::TransportAddress& local,
                                                            relay::Allocation* owner, bool dont_fragment) override;
    void close_relay(relay::RelaySocket s) override;
    std::optional<relay::Arrival> arrival(const relay::ClientKey& client) const override;
    std::optional<std::uint32_t> udp_listener_at(const proto::TransportAddress& local) const override;

    std::size_t relay_sockets() const { return relays_.size(); }
    void set_stream_sink(ClientSink* sink) { streams_ = sink; }
    void set_dtls_sink(ClientSink* sink) { dtls_ = sink; }
    Result<void, std::string> use_io_uring() { return queue_.use_io_uring(); }

private:
    struct RelayEntry {
        UdpTransport* transport;
        relay::Allocation* owner;
        Fd fd;
        EventPtr ev;
    };
    static void on_event(evutil_socket_t fd, short what, void* arg);

    event_base* base_;
    const std::vector<Listener>& listeners_;
    RelayReadable on_readable_;
    IoCounters& counters_;
    bool gro_;
    SendQueue queue_;
    ClientSink* streams_ = nullptr;
    ClientSink* dtls_ = nullptr;
    std::unordered_map<int, std::unique_ptr<RelayEntry>> relays_;
};

}  // namespace turn::server
