// turn_streamload: the TCP and TLS client scenario of bench/relay_vs_coturn.
// For each server: N clients over TCP (or TLS), each with an allocation and a
// channel to one UDP peer socket; then at a fixed offered rate, bursts of
// ChannelData from the clients to the peer (client->peer) and datagrams from
// the peer to the relayed addresses (peer->client), rounds alternating the
// servers. Prints server CPU per relayed packet and the ratio first/second.
//
//   turn_streamload [--tls] --target NAME=IP:PORT:PID [--target ...] --user U --password P --realm R
//                   [--flows 8] [--burst 32] [--rate 20000] [--seconds 4] [--repeat 5] [--payload 160]
#include <algorithm>
#include <cstring>
#include <iostream>
#include <map>

#include "bench/loadgen/payload.hpp"
#include "bench/loadgen/proc_stats.hpp"
#include "bench/loadgen/report.hpp"
#include "bench/streamload/stream_client.hpp"

namespace turn::bench {
namespace {

struct Server {
    std::string name;
    sockaddr_in addr{};
    pid_t pid = 0;
    Fd peer;
    std::vector<StreamClient> clients;
};

struct Options {
    bool tls = false;
    std::vector<Server> servers;
    Credentials creds;
    std::size_t flows = 8, burst = 32, repeat = 5, payload = 160;
    double rate = 20000, seconds = 4;
};

constexpr std::uint64_t kDrainNs = 300'000'000;
constexpr std::uint64_t kTickNs = 500'000;

bool parse(int argc, char** argv, Options& o) {
    std::map<std::string, std::string> kv;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--tls") {
            o.tls = true;
        } else if (i + 1 < argc && a == "--target") {
            const std::string v = argv[++i];
            const auto eq = v.find('='), c1 = v.find(':', eq), c2 = v.find(':', c1 + 1);
            if (eq == std::string::npos || c1 == std::string::npos || c2 == std::string::npos) return false;
            Server s;
            s.name = v.substr(0, eq);
            s.addr = make_sockaddr(v.substr(eq + 1, c1 - eq - 1), static_cast<std::uint16_t>(std::stoi(v.substr(c1 + 1))));
            s.pid = static_cast<pid_t>(std::stol(v.substr(c2 + 1)));
            o.servers.push_back(std::move(s));
        } else if (i + 1 < argc && a.rfind("--", 0) == 0) {
            kv[a.substr(2)] = argv[++i];
        } else {
            return false;
        }
    }
    auto num = [&](const char* k, auto& out) {
        if (kv.count(k)) out = static_cast<std::remove_reference_t<decltype(out)>>(std::stod(kv[k]));
    };
    num("flows", o.flows), num("burst", o.burst), num("repeat", o.repeat), num("payload", o.payload);
    num("rate", o.rate), num("seconds", o.seconds);
    o.creds = {kv["user"], kv["password"], kv["realm"]};
    return o.servers.size() == 2 && !o.creds.user.empty() && o.payload >= kMinPayload && o.payload <= 1200;
}

struct PhaseResult {
    std::uint64_t sent = 0, received = 0, cpu_ns = 0;
    double ns_per_pkt() const { return received ? static_cast<double>(cpu_ns) / static_cast<double>(received) : 0; }
};

// Paced sending: every tick, the packets the clock says are due, in whole
// bursts per flow; `emit(flow, count)` sends them. Then drains.
template <class Emit, class Poll>
void paced(const Options& o, Emit&& emit, Poll&& poll) {
    const std::uint64_t start = now_ns();
    const std::uint64_t end = start + static_cast<std::uint64_t>(o.seconds * 1e9);
    const double burst_interval_ns = 1e9 * static_cast<double>(o.burst) / o.rate;
    std::uint64_t bursts = 0;
    std::size_t flow = 0;
    for (std::uint64_t now = start; now < end; now = now_ns()) {
        const auto due = static_cast<std::uint64_t>(static_cast<double>(now - start) / burst_interval_ns);
        for (; bursts < due; ++bursts, flow = (flow + 1) % o.flows) emit(flow, o.burst);
        poll(kTickNs / 1000000 + 1);
    }
    for (const std::uint64_t stop = now_ns() + kDrainNs; now_ns() < stop;) poll(10);
}

PhaseResult to_peer(const Options& o, Server& s, std::uint32_t phase) {
    PhaseResult r;
    std::vector<std::uint8_t> frames(o.burst * (4 + ((o.payload + 3) & ~std::size_t{3})), 0);
    RecvBatch rx;
    std::uint32_t seq = 0;
    Epoll ep;
    ep.add(s.peer.get(), 0);
    const CpuSample before = sample_cpu(s.pid);
    paced(o,
          [&](std::size_t flow, std::size_t count) {
              const std::size_t step = 4 + ((o.payload + 3) & ~std::size_t{3});
              for (std::size_t k = 0; k < count; ++k) {
                  std::uint8_t* f = frames.data() + k * step;
                  f[0] = kChannel >> 8, f[1] = kChannel & 0xFF, f[2] = static_cast<std::uint8_t>(o.payload >> 8),
                  f[3] = static_cast<std::uint8_t>(o.payload);
                  write_stamp({f + 4, o.payload}, {phase, static_cast<std::uint32_t>(flow), seq++, now_ns()});
              }
              // One write per burst: a stream client's frames travel together.
              if (s.clients[flow].write_all({frames.data(), count * step})) r.sent += count;
          },
          [&](int timeout_ms) {
              for (const auto& ev : ep.wait(timeout_ms)) {
                  (void)ev;
                  for (std::size_t n; (n = rx.receive(s.peer.get())) > 0;)
                      for (std::size_t i = 0; i < n; ++i)
                          if (const auto st = read_stamp(rx.packet(i)); st && st->phase == phase) ++r.received;
              }
          });
    r.cpu_ns = sample_cpu(s.pid).sched_ns - before.sched_ns;
    return r;
}

PhaseResult to_client(const Options& o, Server& s, std::uint32_t phase) {
    PhaseResult r;
    SendBatch tx;
    std::uint32_t seq = 0;
    Epoll ep;
    for (std::size_t i = 0; i < s.clients.size(); ++i) ep.add(s.clients[i].fd(), i);
    const CpuSample before = sample_cpu(s.pid);
    paced(o,
          [&](std::size_t flow, std::size_t count) {
              for (std::size_t k = 0; k < count; ++k) {
                  auto out = tx.next();
                  std::fill_n(out.begin(), o.payload, 0);
                  write_stamp(out.first(o.payload), {phase, static_cast<std::uint32_t>(flow), seq++, now_ns()});
                  tx.commit(o.payload, &s.clients[flow].relayed());
                  if (tx.full()) r.sent += tx.flush(s.peer.get());
              }
              r.sent += tx.flush(s.peer.get());
          },
          [&](int timeout_ms) {
              for (const auto& ev : ep.wait(timeout_ms))
                  s.clients[ev.data.u64].read_frames([&](std::span<const std::uint8_t> p) {
                      if (const auto st = read_stamp(p); st && st->phase == phase) ++r.received;
                  });
          });
    r.cpu_ns = sample_cpu(s.pid).sched_ns - before.sched_ns;
    return r;
}

bool setup(Options& o, SSL_CTX* tls) {
    for (auto& s : o.servers) {
        s.peer = open_udp(nullptr, 4 << 20);
        const auto peer = to_transport(local_address(s.peer.get()));
        for (std::size_t i = 0; i < o.flows; ++i) {
            std::string error;
            auto c = StreamClient::open(s.addr, tls, o.creds, peer, error);
            if (!c) return std::cerr << "turn_streamload: " << s.name << ": " << error << "\n", false;
            s.clients.push_back(std::move(*c));
        }
    }
    return true;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace
}  // namespace turn::bench

int main(int argc, char** argv) {
    using namespace turn::bench;
    Options o;
    if (!parse(argc, argv, o)) {
        std::cerr << "usage: turn_streamload [--tls] --target NAME=IP:PORT:PID --target NAME=IP:PORT:PID "
                     "--user U --password P --realm R [--flows N] [--burst N] [--rate PPS] [--seconds S] "
                     "[--repeat N] [--payload BYTES]\n";
        return 2;
    }
    auto tls = make_client_tls();
    if (!setup(o, o.tls ? tls.get() : nullptr)) return 1;
    Report rep({o.servers[0].name, o.servers[1].name});
    const std::string kind = o.tls ? "tls" : "tcp";
    const std::string scenario = kind + "-" + std::to_string(o.flows) + "-flows-burst" + std::to_string(o.burst);
    std::uint32_t phase = 1000;
    for (const bool up : {true, false}) {
        std::vector<std::vector<double>> per(2);
        for (std::size_t round = 0; round < o.repeat; ++round) {
            for (std::size_t k = 0; k < 2; ++k) {
                auto& s = o.servers[k];
                const PhaseResult r = up ? to_peer(o, s, ++phase) : to_client(o, s, ++phase);
                per[k].push_back(r.ns_per_pkt());
                rep.note((up ? "client->peer " : "peer->client ") + scenario + " " + s.name + " sent " +
                         std::to_string(r.sent) + " recv " + std::to_string(r.received) + " server cpu " +
                         std::to_string(r.cpu_ns / 1000000) + " ms");
            }
        }
        const std::string dir = up ? "client->peer" : "peer->client";
        rep.add({"cpu_ns_per_pkt", dir, scenario, {median(per[0]), median(per[1])}});
        rep.add({"cpu_ns_per_pkt_min", dir, scenario,
                 {*std::min_element(per[0].begin(), per[0].end()), *std::min_element(per[1].begin(), per[1].end())}});
    }
    rep.print(std::cout);
    return 0;
}
