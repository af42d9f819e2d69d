// turn_floor's forwarding loop: what a TURN relay must do per packet in
// standard mode (one relay socket per allocation), without TURN. One thread,
// one epoll loop:
//
//   client -> peer  recvmmsg on the client-facing socket; the flow by source
//                   address; sent from that flow's relay socket to its peer
//                   (equal-size runs as one GSO message).
//   peer -> client  recvmmsg on each ready relay socket; the source must be
//                   the flow's peer (TURN's permission check, at its
//                   cheapest); sent from the client-facing socket to the
//                   flow's client, everything of one loop turn in one
//                   sendmmsg (GSO for equal-size runs to one client).
//
// No framing: payloads go as they came. Flows are made by the setup exchange
// in setup_message.hpp.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "bench/forwarder/flow_table.hpp"
#include "bench/forwarder/gso_batch.hpp"
#include "bench/forwarder/recv_pool.hpp"
#include "bench/loadgen/net.hpp"

namespace turn::bench::floor {

struct ForwarderConfig {
    sockaddr_in listen{};                // the client-facing socket
    in_addr relay_ip{};                  // relay sockets bind here
    std::uint16_t relay_min = 0;         // their port range; 0-0: any port the kernel picks
    std::uint16_t relay_max = 0;
    std::size_t max_flows = 4096;
    bool gso = true;
    int client_buffer = 4 << 20;         // SO_RCVBUF/SO_SNDBUF of the client-facing socket, as our
                                         // turnserver's listeners; relay sockets keep the kernel default
};

struct ForwarderCounters {
    std::uint64_t to_peer_in = 0;          // payload datagrams read from clients
    std::uint64_t to_client_in = 0;        // read on relay sockets from their peers
    std::uint64_t setup_requests = 0;      // HELLOs, including repeats
    std::uint64_t setup_errors = 0;        // answered with FLOOR-ERROR
    std::uint64_t unknown_source = 0;      // not a HELLO, from no flow's client
    std::uint64_t not_from_peer = 0;       // on a relay socket, from anyone but the flow's peer
    std::uint64_t truncated = 0;           // longer than a receive slot
    SendCounters to_peer, to_client;
};

// Socket setup failed (the message names the address and the reason).
struct ForwarderError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Forwarder {
public:
    explicit Forwarder(const ForwarderConfig& config);

    // Forwards until `stop_fd` (a signalfd, say) becomes readable.
    void run(int stop_fd);

    const ForwarderCounters& counters() const { return counters_; }
    std::size_t flows() const { return table_.size(); }
    bool gso() const { return to_peer_.gso() && to_client_.gso(); }

private:
    void on_client_readable();
    void on_relay_readable(FlowTable::Index flow);
    void forward_to_peers(RecvPool::Range r);
    void answer_setup(const sockaddr_in& from, std::span<const std::uint8_t> datagram,
                      std::optional<FlowTable::Index> known);
    std::string create_flow(const sockaddr_in& client, const sockaddr_in& peer);
    Fd open_relay(sockaddr_in& bound);
    void reply(const sockaddr_in& to, const std::string& text);

    ForwarderConfig config_;
    Fd client_;
    Epoll epoll_;
    FlowTable table_;
    std::uint32_t next_port_offset_ = 0;
    RecvPool from_clients_, from_peers_;
    GsoBatch to_peer_, to_client_;
    ForwarderCounters counters_;
};

}  // namespace turn::bench::floor
