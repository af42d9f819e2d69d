#include "server/listeners.hpp"

#include <algorithm>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <cerrno>

#include "server/addresses.hpp"

namespace turn::server {

namespace {

void add_port(std::vector<std::uint16_t>& ports, std::uint16_t port) {
    if (port != 0 && std::find(ports.begin(), ports.end(), port) == ports.end()) ports.push_back(port);
}

using Opener = Result<Fd, SocketError> (*)(const proto::TransportAddress&);

// SO_REUSEPORT would let a second turnserver (same user) join this port's
// group silently and take half its clients. A plain bind first fails with
// EADDRINUSE if anyone holds the port, reuse-port group or not.
Result<void, SocketError> probe_free(const proto::TransportAddress& addr, int type) {
    auto probe = open_bound(addr, type, false, [](int) -> std::optional<SocketError> { return std::nullopt; });
    if (!probe) return unexpected(probe.error());
    return {};
}

Result<Fd, SocketError> open_udp_listener(const proto::TransportAddress& a) {
    return open_udp(a, {.reuse_port = true, .recv_buffer = 4 << 20, .send_buffer = 4 << 20});
}

Result<Fd, SocketError> open_stream_listener(const proto::TransportAddress& a) {
    return open_tcp_listener(a, {.reuse_port = true});
}

// One socket per worker for each address and port; `pick` says which list
// of WorkerSockets receives them.
Result<void, std::string> open_each(const config::Config& c, const std::vector<std::uint16_t>& ports, Opener open,
                                    int type, std::vector<Listener> WorkerSockets::*pick, const std::string& what,
                                    std::vector<WorkerSockets>& out, Logger& log) {
    for (const auto& base : listening_addresses(c)) {
        for (const std::uint16_t port : ports) {
            proto::TransportAddress addr = base;
            addr.port = port;
            if (auto free = probe_free(addr, type); !free && free.error().err != EAFNOSUPPORT)
                return unexpected("cannot listen: " + free.error().what + " (" + what + ")");
            bool opened = false;
            for (auto& w : out) {
                auto fd = open(addr);
                if (!fd && c.listening_ips.empty() && fd.error().err == EAFNOSUPPORT) break;  // no IPv6 here
                if (!fd) return unexpected("cannot listen: " + fd.error().what);
                (w.*pick).push_back({std::move(*fd), addr});
                opened = true;
            }
            if (opened) log.info("listening on " + addr.to_string() + " (" + what + ")");
        }
    }
    return {};
}

}  // namespace

ListenPlan listen_plan(const config::Config& c, bool tls_enabled, bool dtls_enabled) {
    ListenPlan plan;
    if (!c.no_udp) {
        add_port(plan.udp_ports, c.listening_port);
        add_port(plan.udp_ports, c.alt_listening_port);
    }
    // The TURN ports serve TCP (unless no-tcp), the TLS ports only when TLS
    // is on; either kind tells TLS from plain TCP per connection.
    if (!c.no_tcp) {
        add_port(plan.stream_ports, c.listening_port);
        add_port(plan.stream_ports, c.alt_listening_port);
    }
    if (tls_enabled) {
        add_port(plan.stream_ports, c.tls_listening_port);
        add_port(plan.stream_ports, c.alt_tls_listening_port);
    }
    if (!plan.stream_ports.empty()) plan.stream_label = c.no_tcp ? "TLS" : (tls_enabled ? "TCP and TLS" : "TCP");
    if (dtls_enabled) {
        add_port(plan.dtls_ports, c.tls_listening_port);
        add_port(plan.dtls_ports, c.alt_tls_listening_port);
    }
    return plan;
}

Result<std::vector<WorkerSockets>, std::string> open_listeners(const config::Config& c, const ListenPlan& plan,
                                                               std::size_t threads, Logger& log) {
    struct Kind {
        const std::vector<std::uint16_t>& ports;
        Opener open;
        int type;
        std::vector<Listener> WorkerSockets::*pick;
        std::string label;
    };
    const Kind kinds[] = {
        {plan.udp_ports, open_udp_listener, SOCK_DGRAM, &WorkerSockets::udp, "UDP"},
        {plan.stream_ports, open_stream_listener, SOCK_STREAM, &WorkerSockets::stream, plan.stream_label},
        {plan.dtls_ports, open_udp_listener, SOCK_DGRAM, &WorkerSockets::dtls, "DTLS"},
    };
    std::vector<WorkerSockets> per_worker(threads);
    for (const Kind& k : kinds) {
        if (auto r = open_each(c, k.ports, k.open, k.type, k.pick, k.label, per_worker, log); !r)
            return unexpected(r.error());
    }
    for (WorkerSockets& w : per_worker) {
        w.io_uring = c.io_uring;
        w.udp_gro = !c.no_udp_gro;
        if (!w.udp_gro) continue;
        for (const auto* list : {&w.udp, &w.dtls})
            for (const Listener& l : *list) (void)set_int(l.fd.get(), SOL_UDP, UDP_GRO, 1);  // ignored where unsupported
    }
    return per_worker;
}

}  // namespace turn::server
