// Every listening socket, bound before anything else starts (so a port in
// use fails the start with no partial service): per worker thread one
// SO_REUSEPORT copy of each, so the kernel spreads clients over the threads.
#pragma once

#include <string>
#include <vector>

#include "protocol/result.hpp"
#include "server/config/config.hpp"
#include "server/logger.hpp"
#include "server/worker.hpp"

namespace turn::server {

struct ListenPlan {
    std::vector<std::uint16_t> udp_ports;
    std::vector<std::uint16_t> stream_ports;
    std::string stream_label;  // "TCP", "TLS" or "TCP and TLS", for the log
    std::vector<std::uint16_t> dtls_ports;
    // aux-server endpoints: UDP unless no-udp, plain TCP (never TLS) unless no-tcp.
    std::vector<proto::TransportAddress> aux;
};

// Which ports listen on which transport, on every listening address: UDP on
// listening-port and its alternate unless no-udp; TCP on the same unless
// no-tcp, and on tls-listening-port and its alternate when TLS is on; every
// TCP port tells TLS from plain TCP per connection, as coturn does. DTLS on
// the TLS ports' UDP side when on. The alternates are opened when given, and
// always with RFC 5780 (addresses.hpp). Then the aux-server endpoints.
ListenPlan listen_plan(const config::Config& c, bool tls_enabled, bool dtls_enabled);

Result<std::vector<WorkerSockets>, std::string> open_listeners(const config::Config& c, const ListenPlan& plan,
                                                               std::size_t threads, Logger& log);

}  // namespace turn::server
