// turn_floor: the floor of bench/relay_vs_coturn.sh -- a bare batched UDP
// forwarder that does per packet what a TURN relay in standard mode must do
// (find the flow, send from its own relay socket; the reverse with a source
// check), without TURN. See forwarder.hpp and bench/README.md.
//
//   turn_floor --listen 127.0.0.1:12478 [--relay-ip 127.0.0.1] [--min-port N --max-port N]
//              [--max-flows 4096] [--no-gso]
//
// Runs until SIGTERM or SIGINT, then prints its counters to stderr.
#include <arpa/inet.h>
#include <sys/signalfd.h>

#include <csignal>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "bench/forwarder/forwarder.hpp"
#include "bench/forwarder/setup_message.hpp"

namespace {

using namespace turn::bench::floor;

constexpr const char* kUsage =
    "usage: turn_floor --listen IP:PORT [--relay-ip IP] [--min-port N --max-port N] [--max-flows N] [--no-gso]\n";

std::uint16_t parse_port(const std::string& v) {
    const unsigned long p = std::stoul(v);
    if (p > 65535) throw std::out_of_range(v);
    return static_cast<std::uint16_t>(p);
}

// nullopt after printing the problem and the usage to stderr.
std::optional<ForwarderConfig> parse_args(int argc, char** argv) {
    ForwarderConfig c;
    inet_pton(AF_INET, "127.0.0.1", &c.relay_ip);
    bool have_listen = false;
    const std::map<std::string, std::function<void(const std::string&)>> setters{
        {"--listen", [&](const std::string& v) {
             const auto a = parse_ipv4_port(v);
             if (!a) throw std::invalid_argument(v);
             c.listen = *a;
             have_listen = true;
         }},
        {"--relay-ip", [&](const std::string& v) {
             if (inet_pton(AF_INET, v.c_str(), &c.relay_ip) != 1) throw std::invalid_argument(v);
         }},
        {"--min-port", [&](const std::string& v) { c.relay_min = parse_port(v); }},
        {"--max-port", [&](const std::string& v) { c.relay_max = parse_port(v); }},
        {"--max-flows", [&](const std::string& v) { c.max_flows = std::stoul(v); }},
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--no-gso") {
            c.gso = false;
            continue;
        }
        const auto it = setters.find(arg);
        if (it == setters.end()) return std::cerr << "turn_floor: unknown option " << arg << "\n" << kUsage, std::nullopt;
        if (i + 1 >= argc) return std::cerr << "turn_floor: " << arg << " needs a value\n" << kUsage, std::nullopt;
        try {
            it->second(argv[++i]);
        } catch (const std::exception&) {
            return std::cerr << "turn_floor: bad value for " << arg << ": " << argv[i] << "\n", std::nullopt;
        }
    }
    if (!have_listen) return std::cerr << "turn_floor: --listen is required\n" << kUsage, std::nullopt;
    if ((c.relay_min == 0) != (c.relay_max == 0) || c.relay_min > c.relay_max)
        return std::cerr << "turn_floor: --min-port and --max-port go together, min <= max\n", std::nullopt;
    if (c.max_flows == 0 || c.max_flows > 60000)
        return std::cerr << "turn_floor: --max-flows must be 1..60000\n", std::nullopt;
    return c;
}

void print_counters(const Forwarder& f) {
    const auto& c = f.counters();
    std::fprintf(stderr,
                 "turn_floor: %zu flows; client->peer %llu in, %llu sent in %llu syscalls (%llu GSO messages), "
                 "%llu dropped; peer->client %llu in, %llu sent in %llu syscalls (%llu GSO messages), %llu dropped; "
                 "setup %llu (%llu refused); ignored: %llu from unknown sources, %llu not from the peer, %llu truncated\n",
                 f.flows(), (unsigned long long)c.to_peer_in, (unsigned long long)c.to_peer.datagrams,
                 (unsigned long long)c.to_peer.syscalls, (unsigned long long)c.to_peer.gso_messages,
                 (unsigned long long)c.to_peer.dropped, (unsigned long long)c.to_client_in,
                 (unsigned long long)c.to_client.datagrams, (unsigned long long)c.to_client.syscalls,
                 (unsigned long long)c.to_client.gso_messages, (unsigned long long)c.to_client.dropped,
                 (unsigned long long)c.setup_requests, (unsigned long long)c.setup_errors,
                 (unsigned long long)c.unknown_source, (unsigned long long)c.not_from_peer,
                 (unsigned long long)c.truncated);
}

}  // namespace

int main(int argc, char** argv) {
    const auto config = parse_args(argc, argv);
    if (!config) return 2;
    // Stop signals arrive as a readable descriptor in the loop, so the
    // counters are printed after a clean stop.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, nullptr);
    turn::bench::Fd stop_fd(signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK));
    if (stop_fd.get() < 0) return std::perror("turn_floor: signalfd"), 1;
    try {
        Forwarder forwarder(*config);
        std::cerr << "turn_floor: listening on " << format_address(config->listen) << " (GSO " << (config->gso ? "on" : "off") << ")\n";
        forwarder.run(stop_fd.get());
        print_counters(forwarder);
    } catch (const std::exception& e) {
        std::cerr << "turn_floor: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
