#include "bench/loadgen/suite.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "bench/loadgen/allocations.hpp"
#include "bench/loadgen/floor_flows.hpp"
#include "bench/loadgen/rtt.hpp"
#include "bench/loadgen/traffic.hpp"

namespace turn::bench {

namespace {

constexpr int kPeerBuffer = 8 << 20;

struct Server {
    Target target;
    std::unique_ptr<Control> control;
};

std::string format(const char* fmt, auto... args) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, args...);
    return buf;
}

double minimum(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const char* dir_name(Direction d) { return d == Direction::ClientToPeer ? "client->peer" : "peer->client"; }

std::vector<Server> open_servers(const Options& o) {
    std::vector<Server> out;
    for (const auto& spec : o.targets) {
        Server s;
        s.target.name = spec.name;
        s.target.kind = spec.kind;
        s.target.distinct_peers = spec.distinct_peers;
        s.target.server = make_sockaddr(spec.ip, spec.port);
        s.target.pid = spec.pid;
        s.target.drop_scope = {spec.port, spec.relay_min, spec.relay_max, {}};
        s.target.peer = open_udp(nullptr, kPeerBuffer);
        s.target.peer_addr = local_address(s.target.peer.get());
        if (spec.kind == TargetKind::Turn)
            s.control = std::make_unique<Control>(s.target.server, o.creds, to_transport(s.target.peer_addr));
        out.push_back(std::move(s));
    }
    return out;
}

void memory_phase(const Options& o, std::vector<Server>& servers, Report& rep) {
    Row row{"rss_bytes_per_alloc", "-", std::to_string(o.mem_allocs) + "-allocs+chan", {}, 0};
    for (auto& s : servers) {
        if (!s.control) {  // the floor has no allocations
            row.values.push_back(kNotMeasured);
            continue;
        }
        const auto m = run_memory(*s.control, s.target, o.mem_allocs);
        const double per = m.setup.done == 0 ? 0
            : (static_cast<double>(m.rss_after_kib) - static_cast<double>(m.rss_before_kib)) * 1024.0 /
                  static_cast<double>(m.setup.done);
        row.values.push_back(per);
        rep.note(format("memory %s: VmRSS %llu -> %llu KiB with %zu allocations held (%zu failed, last error %u);"
                        " %zu freed after, %zu failed (last error %u)",
                        s.target.name.c_str(), (unsigned long long)m.rss_before_kib,
                        (unsigned long long)m.rss_after_kib, m.setup.done, m.setup.failed, m.setup.last_error,
                        m.released.done, m.released.failed, m.released.last_error));
    }
    rep.add(std::move(row));
}

void alloc_rate_phase(const Options& o, std::vector<Server>& servers, Report& rep) {
    Row row{"allocs_per_s", "-", "401+alloc+refresh0", {}, 0};
    for (auto& s : servers) {
        if (!s.control) {
            row.values.push_back(kNotMeasured);
            continue;
        }
        const auto a = run_alloc_rate(*s.control, o.alloc_seconds, o.alloc_window);
        row.values.push_back(a.seconds > 0 ? static_cast<double>(a.setup.done) / a.seconds : 0);
        rep.note(format("allocs %s: %zu done, %zu failed (last error %u) in %.2f s, %zu in flight",
                        s.target.name.c_str(), a.setup.done, a.setup.failed, a.setup.last_error, a.seconds,
                        o.alloc_window));
    }
    rep.add(std::move(row));
}

double server_cpu_ms(const TrafficResult& r) {
    return static_cast<double>(r.cpu_after.sched_ns - r.cpu_before.sched_ns) / 1e6;
}

void note_traffic(Report& rep, const Server& s, const std::string& what, const TrafficResult& r) {
    const double cpu_ms = server_cpu_ms(r);
    const auto lost = r.sent - std::min(r.sent, r.received);
    rep.note(format("%-34s %-6s sent %7llu (%6.0f/s) recv %7llu lost %6llu (drops: server %llu, client %llu)"
                    " server cpu %6.1f ms = %5.1f%% of a core, waited for a cpu %6.1f ms, %.2f wakeups/pkt",
                    what.c_str(), s.target.name.c_str(), (unsigned long long)r.sent,
                    static_cast<double>(r.sent) / r.send_seconds, (unsigned long long)r.received,
                    (unsigned long long)lost,
                    (unsigned long long)(r.drops_after.at_server - r.drops_before.at_server),
                    (unsigned long long)(r.drops_after.at_client - r.drops_before.at_client), cpu_ms,
                    cpu_ms / 10.0 / r.total_seconds,
                    static_cast<double>(r.cpu_after.wait_ns - r.cpu_before.wait_ns) / 1e6,
                    static_cast<double>(r.cpu_after.slices - r.cpu_before.slices) /
                        static_cast<double>(std::max<std::uint64_t>(r.received, 1))));
}

void fixed_rate_phase(const Options& o, std::vector<Server>& servers, Report& rep, std::uint32_t& phase) {
    struct Scenario { std::string name; std::size_t flows, burst; };
    const Scenario scenarios[] = {
        {std::to_string(o.burst_flows) + "-flows-burst" + std::to_string(o.burst), o.burst_flows, o.burst},
        {std::to_string(o.rr_flows) + "-flows-round-robin", o.rr_flows, 1}};
    for (const auto& sc : scenarios) {
        for (Direction d : {Direction::ClientToPeer, Direction::PeerToClient}) {
            // Rounds alternate the servers (A B A B ...). The median round
            // stands, so one burst of other work on the machine does not; and
            // since other work only ever adds CPU time (cache and scheduler
            // interference), the least round of each server is reported too,
            // as the best estimate of what the server itself costs.
            std::vector<std::vector<double>> stat(servers.size()), sched(servers.size());
            for (std::size_t round = 0; round < o.repeat; ++round) {
                for (std::size_t i = 0; i < servers.size(); ++i) {
                    auto& s = servers[i];
                    const TrafficSpec spec{d, sc.flows, sc.burst, o.rate, o.seconds, o.payload, ++phase};
                    const auto r = run_traffic(s.target, spec);
                    const double pkts = static_cast<double>(std::max<std::uint64_t>(r.received, 1));
                    stat[i].push_back(static_cast<double>(r.cpu_after.stat_ns - r.cpu_before.stat_ns) / pkts);
                    sched[i].push_back(static_cast<double>(r.cpu_after.sched_ns - r.cpu_before.sched_ns) / pkts);
                    note_traffic(rep, s, std::string(dir_name(d)) + " " + sc.name, r);
                }
            }
            Row stat_row{"cpu_ns_per_pkt", dir_name(d), sc.name, {}, 0};
            Row sched_row{"cpu_ns_per_pkt_min", dir_name(d), sc.name, {}, 0};
            for (std::size_t i = 0; i < servers.size(); ++i) {
                stat_row.values.push_back(median(stat[i]));
                sched_row.values.push_back(minimum(sched[i]));
            }
            rep.add(std::move(stat_row));
            rep.add(std::move(sched_row));
        }
    }
}

void saturation_phase(const Options& o, std::vector<Server>& servers, Report& rep, std::uint32_t& phase) {
    const std::string name = std::to_string(o.burst_flows) + "-flows-saturated";
    for (Direction d : {Direction::ClientToPeer, Direction::PeerToClient}) {
        Row row{"delivered_pps", dir_name(d), name, {}, 0};
        // Delivered packets per second of server CPU: what one fully busy
        // core would relay, even when the shared machine did not give the
        // server a whole core.
        Row per_core{"delivered_per_cpu_s", dir_name(d), name, {}, 0};
        for (auto& s : servers) {
            const auto r = run_traffic(s.target, {d, o.burst_flows, o.burst, 0, o.sat_seconds, o.payload, ++phase});
            row.values.push_back(static_cast<double>(r.received_in_window) / r.send_seconds);
            per_core.values.push_back(static_cast<double>(r.received) / std::max(server_cpu_ms(r), 1.0) * 1e3);
            note_traffic(rep, s, std::string(dir_name(d)) + " " + name, r);
        }
        rep.add(std::move(row));
        rep.add(std::move(per_core));
    }
}

void rtt_phase(const Options& o, std::vector<Server>& servers, Report& rep, std::uint32_t& phase) {
    const std::string name = "1-flow-" + format("%.0f", o.rtt_rate) + "pps";
    Row p50{"rtt_p50_us", "round-trip", name, {}, 1};
    Row p99{"rtt_p99_us", "round-trip", name, {}, 1};
    for (auto& s : servers) {
        const auto r = run_rtt(s.target, o.rtt_rate, o.rtt_seconds, o.payload, ++phase);
        p50.values.push_back(static_cast<double>(r.percentile(50)) / 1e3);
        p99.values.push_back(static_cast<double>(r.percentile(99)) / 1e3);
        rep.note(format("rtt %s: %zu of %llu probes came back", s.target.name.c_str(), r.samples_ns.size(),
                        (unsigned long long)r.sent));
    }
    rep.add(std::move(p50));
    rep.add(std::move(p99));
}

// The client's own sockets of a target, so drops there count as the client's.
void note_client_sockets(Target& t) {
    auto& keys = t.drop_scope.client_sockets;
    auto add = [&](int fd) {
        const auto a = local_address(fd);
        keys.push_back(socket_key(a.sin_addr.s_addr, ntohs(a.sin_port)));
    };
    add(t.peer.get());
    for (const auto& f : t.flows) {
        add(f.fd.get());
        if (f.peer.get() >= 0) add(f.peer.get());
    }
    std::sort(keys.begin(), keys.end());
}

bool setup_flows(const Options& o, std::vector<Server>& servers) {
    const std::size_t n = std::max(o.burst_flows, o.rr_flows);
    for (auto& s : servers) {
        std::string error;
        if (s.control) {
            const auto r = create_flows(*s.control, n, s.target.flows, s.target.distinct_peers);
            error = "last error " + std::to_string(r.last_error);
        } else {
            error = create_floor_flows(s.target, n).last_error;
        }
        note_client_sockets(s.target);
        if (s.target.flows.size() >= n) continue;
        std::cerr << "turn_loadgen: " << s.target.name << ": only " << s.target.flows.size() << " of " << n
                  << " flows set up (" << error << ")\n";
        return false;
    }
    return true;
}

void teardown(std::vector<Server>& servers, Report& rep) {
    for (auto& s : servers) {
        if (!s.control) {  // the floor keeps its flows until it exits
            s.target.flows.clear();
            continue;
        }
        const auto r = release_flows(*s.control, s.target.flows);
        rep.note(format("teardown %s: %zu flows freed, %zu failed (last error %u)", s.target.name.c_str(), r.done,
                        r.failed, r.last_error));
    }
}

}  // namespace

bool run_suite(const Options& o, Report& rep) {
    auto servers = open_servers(o);
    std::uint32_t phase = 0;
    if (has_phase(o, Phase::Memory)) {
        std::cerr << "turn_loadgen: memory with " << o.mem_allocs << " allocations\n";
        memory_phase(o, servers, rep);
    }
    if (has_phase(o, Phase::Allocs)) {
        std::cerr << "turn_loadgen: allocation rate\n";
        alloc_rate_phase(o, servers, rep);
    }
    if (!has_phase(o, Phase::Cpu) && !has_phase(o, Phase::Saturation) && !has_phase(o, Phase::Rtt)) return true;
    if (!setup_flows(o, servers)) return false;
    // Warm the data paths (caches, lazily grown buffers) before measuring.
    for (auto& s : servers)
        for (Direction d : {Direction::ClientToPeer, Direction::PeerToClient})
            run_traffic(s.target, {d, o.rr_flows, 1, o.rate, 0.5, o.payload, ++phase});
    if (has_phase(o, Phase::Cpu)) {
        std::cerr << "turn_loadgen: CPU per packet at " << o.rate << " pkt/s\n";
        fixed_rate_phase(o, servers, rep, phase);
    }
    if (has_phase(o, Phase::Saturation)) {
        std::cerr << "turn_loadgen: saturation\n";
        saturation_phase(o, servers, rep, phase);
    }
    if (has_phase(o, Phase::Rtt)) {
        std::cerr << "turn_loadgen: round trip\n";
        rtt_phase(o, servers, rep, phase);
    }
    teardown(servers, rep);
    return true;
}

}  // namespace turn::bench
