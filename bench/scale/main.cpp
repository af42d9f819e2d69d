// turn_scale: one client process of bench/scale_15k.sh (bench/README.md).
// A process holds at most a few thousand sockets (the descriptor limit), so
// the benchmark runs several side by side against one turnserver. Each:
//   1. creates --allocations allocations, each with a ChannelBind to this
//      process's peer socket (so each holds a permission and a channel);
//   2. writes "ready=1" and what it made to --results, then waits for
//      SIGUSR1, which the script sends once every process is ready;
//   3. sends stamped traffic both ways on the first --flows allocations at
//      --rate packets per second for --seconds while all the others are held;
//   4. appends the counts and "done=1" to --results and exits (the script
//      stops the server, which frees what is left).
#include <arpa/inet.h>
#include <signal.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "bench/loadgen/allocations.hpp"
#include "bench/loadgen/payload.hpp"
#include "bench/scale/hold_traffic.hpp"

namespace turn::bench {
namespace {

constexpr const char* kUsage =
    "usage: turn_scale --server IP:PORT --user U --password P --realm R --allocations N --results FILE\n"
    "  [--flows K] [--rate PPS] [--seconds S] [--payload BYTES] [--peer-ip IP] [--ready-timeout S]\n";

struct Options {
    sockaddr_in server{};
    Credentials creds;
    std::size_t allocations = 0;
    std::size_t flows = 125;
    HoldSpec hold;
    std::string peer_ip = "127.0.0.1";
    std::string results;
    int ready_timeout = 300;  // seconds to wait for the go signal
};

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    std::string server;
    const std::map<std::string, std::function<void(const std::string&)>> setters{
        {"--server", [&](const std::string& v) { server = v; }},
        {"--user", [&](const std::string& v) { o.creds.user = v; }},
        {"--password", [&](const std::string& v) { o.creds.password = v; }},
        {"--realm", [&](const std::string& v) { o.creds.realm = v; }},
        {"--allocations", [&](const std::string& v) { o.allocations = std::stoul(v); }},
        {"--flows", [&](const std::string& v) { o.flows = std::stoul(v); }},
        {"--rate", [&](const std::string& v) { o.hold.rate = std::stod(v); }},
        {"--seconds", [&](const std::string& v) { o.hold.seconds = std::stod(v); }},
        {"--payload", [&](const std::string& v) { o.hold.payload = std::stoul(v); }},
        {"--peer-ip", [&](const std::string& v) { o.peer_ip = v; }},
        {"--results", [&](const std::string& v) { o.results = v; }},
        {"--ready-timeout", [&](const std::string& v) { o.ready_timeout = std::stoi(v); }},
    };
    try {
        for (int i = 1; i < argc; i += 2) {
            const auto it = setters.find(argv[i]);
            if (it == setters.end() || i + 1 >= argc) throw std::invalid_argument(argv[i]);
            it->second(argv[i + 1]);
        }
        const auto colon = server.rfind(':');
        if (colon == std::string::npos) throw std::invalid_argument("--server");
        o.server = make_sockaddr(server.substr(0, colon), static_cast<std::uint16_t>(std::stoul(server.substr(colon + 1))));
    } catch (const std::exception& e) {
        std::cerr << "turn_scale: bad option " << e.what() << "\n" << kUsage;
        return std::nullopt;
    }
    if (o.allocations == 0 || o.results.empty() || o.hold.payload < kMinPayload || o.hold.rate <= 0) {
        std::cerr << kUsage;
        return std::nullopt;
    }
    o.flows = std::min(o.flows, o.allocations);
    return o;
}

std::string ip_of(const sockaddr_in& a) {
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    return text;
}

void write_tally(std::ostream& out, const char* name, DirectionTally& t) {
    out << name << "_sent=" << t.sent << "\n"
        << name << "_refused_by_client=" << t.refused << "\n"
        << name << "_received=" << t.received << "\n"
        << name << "_latency_p50_us=" << percentile(t.latency_us, 50) << "\n"
        << name << "_latency_p99_us=" << percentile(t.latency_us, 99) << "\n"
        << name << "_latency_max_us=" << percentile(t.latency_us, 100) << "\n";
}

// Until the script says go (SIGUSR1, blocked since start so it cannot be missed).
bool wait_for_go(int timeout_s) {
    sigset_t go;
    sigemptyset(&go);
    sigaddset(&go, SIGUSR1);
    const timespec limit{timeout_s, 0};
    return sigtimedwait(&go, nullptr, &limit) == SIGUSR1;
}

int run(const Options& o) {
    Fd peer = open_udp(nullptr, 8 << 20, inet_addr(o.peer_ip.c_str()));
    Control control(o.server, o.creds, to_transport(local_address(peer.get())));
    std::vector<Flow> flows;
    flows.reserve(o.allocations);
    const std::uint64_t t0 = now_ns();
    const SetupResult made = create_flows(control, o.allocations, flows);
    const double setup_s = static_cast<double>(now_ns() - t0) / 1e9;
    std::map<std::string, std::size_t> per_relay_ip;
    for (const auto& f : flows) ++per_relay_ip[ip_of(f.relayed)];
    {
        std::ofstream out(o.results);
        out << "created=" << made.done << "\nfailed=" << made.failed << "\nlast_error=" << made.last_error
            << "\nsetup_seconds=" << setup_s << "\n";
        for (const auto& [ip, n] : per_relay_ip) out << "relay_ip_" << ip << "=" << n << "\n";
        out << "ready=1\n";
    }
    if (!wait_for_go(o.ready_timeout)) {
        std::cerr << "turn_scale: no go signal within " << o.ready_timeout << " s\n";
        return 1;
    }
    HoldResult held = run_hold_traffic(std::span(flows).first(std::min(o.flows, flows.size())), peer.get(), o.hold);
    std::ofstream out(o.results, std::ios::app);
    out << "hold_seconds=" << held.seconds << "\n";
    write_tally(out, "to_peer", held.to_peer);
    write_tally(out, "to_client", held.to_client);
    out << "done=1\n";
    return 0;
}

}  // namespace
}  // namespace turn::bench

int main(int argc, char** argv) {
    sigset_t go;
    sigemptyset(&go);
    sigaddset(&go, SIGUSR1);
    sigprocmask(SIG_BLOCK, &go, nullptr);
    const auto opts = turn::bench::parse(argc, argv);
    if (!opts) return 2;
    try {
        return turn::bench::run(*opts);
    } catch (const std::exception& e) {
        std::cerr << "turn_scale: " << e.what() << "\n";
        return 1;
    }
}
