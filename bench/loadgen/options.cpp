#include "bench/loadgen/options.hpp"

#include "bench/loadgen/payload.hpp"

#include <algorithm>
#include <functional>
#include <iostream>
#include <map>

namespace turn::bench {

namespace {

constexpr const char* kUsage =
    "usage: turn_loadgen --target NAME=IP:PORT:PID[:RELAYMIN-RELAYMAX] [--target ...] --user U --password P --realm R\n"
    "  [--floor NAME=IP:PORT:PID[:RELAYMIN-RELAYMAX]] [--distinct-peers NAME]\n"
    "  [--phases memory,allocs,cpu,saturation,rtt]\n"
    "  [--rate PPS] [--seconds S] [--sat-seconds S] [--payload BYTES] [--burst N]\n"
    "  [--burst-flows N] [--rr-flows N] [--rtt-rate PPS] [--rtt-seconds S]\n"
    "  [--alloc-seconds S] [--alloc-window N] [--mem-allocs N] [--repeat N]\n"
    "--target is a TURN server, --floor a turn_floor forwarder (data phases only);\n"
    "--distinct-peers gives each flow of that target its own peer socket.\n"
    "Ratios in the table are the first target (a TURN server) over each of the others.\n";

const std::map<std::string, Phase> kPhaseNames{
    {"memory", Phase::Memory}, {"allocs", Phase::Allocs}, {"cpu", Phase::Cpu},
    {"saturation", Phase::Saturation}, {"rtt", Phase::Rtt}};

// "cpu,rtt": the phases named, each known.
std::optional<std::set<Phase>> parse_phases(const std::string& v) {
    std::set<Phase> out;
    for (std::size_t start = 0; start <= v.size();) {
        const auto comma = std::min(v.find(',', start), v.size());
        const auto it = kPhaseNames.find(v.substr(start, comma - start));
        if (it == kPhaseNames.end()) return std::nullopt;
        out.insert(it->second);
        start = comma + 1;
    }
    return out;
}

// Every --distinct-peers NAME names a target given anywhere on the line.
bool mark_distinct_peers(Options& o, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        const auto it = std::find_if(o.targets.begin(), o.targets.end(), [&](const auto& t) { return t.name == name; });
        if (it == o.targets.end()) return std::cerr << "--distinct-peers " << name << ": no such target\n", false;
        it->distinct_peers = true;
    }
    return true;
}

// NAME=IP:PORT:PID[:MINPORT-MAXPORT]
std::optional<TargetSpec> parse_target(const std::string& v) {
    const auto eq = v.find('=');
    const auto c1 = v.find(':', eq);
    const auto c2 = v.find(':', c1 + 1);
    if (eq == std::string::npos || c1 == std::string::npos || c2 == std::string::npos) return std::nullopt;
    const auto c3 = v.find(':', c2 + 1);
    try {
        TargetSpec t{v.substr(0, eq), v.substr(eq + 1, c1 - eq - 1),
                     static_cast<std::uint16_t>(std::stoul(v.substr(c1 + 1, c2 - c1 - 1))),
                     static_cast<pid_t>(std::stol(v.substr(c2 + 1, c3 - c2 - 1)))};
        if (c3 != std::string::npos) {
            const auto dash = v.find('-', c3);
            if (dash == std::string::npos) return std::nullopt;
            t.relay_min = static_cast<std::uint16_t>(std::stoul(v.substr(c3 + 1, dash - c3 - 1)));
            t.relay_max = static_cast<std::uint16_t>(std::stoul(v.substr(dash + 1)));
        }
        return t;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    auto num = [](double& d) { return [&d](const std::string& v) { d = std::stod(v); }; };
    auto count = [](std::size_t& n) { return [&n](const std::string& v) { n = std::stoul(v); }; };
    auto text = [](std::string& s) { return [&s](const std::string& v) { s = v; }; };
    const std::map<std::string, std::function<void(const std::string&)>> setters{
        {"--user", text(o.creds.user)},          {"--password", text(o.creds.password)},
        {"--realm", text(o.creds.realm)},        {"--rate", num(o.rate)},
        {"--seconds", num(o.seconds)},           {"--sat-seconds", num(o.sat_seconds)},
        {"--payload", count(o.payload)},         {"--burst", count(o.burst)},
        {"--burst-flows", count(o.burst_flows)}, {"--rr-flows", count(o.rr_flows)},
        {"--rtt-rate", num(o.rtt_rate)},         {"--rtt-seconds", num(o.rtt_seconds)},
        {"--alloc-seconds", num(o.alloc_seconds)}, {"--alloc-window", count(o.alloc_window)},
        {"--mem-allocs", count(o.mem_allocs)},   {"--repeat", count(o.repeat)},
    };
    std::vector<std::string> distinct;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help" || i + 1 >= argc) return std::cerr << kUsage, std::nullopt;
        const std::string value = argv[++i];
        try {
            if (arg == "--target" || arg == "--floor") {
                auto t = parse_target(value);
                if (!t) return std::cerr << "bad " << arg << " " << value << "\n" << kUsage, std::nullopt;
                t->kind = arg == "--floor" ? TargetKind::Floor : TargetKind::Turn;
                o.targets.push_back(*t);
            } else if (arg == "--distinct-peers") {
                distinct.push_back(value);
            } else if (arg == "--phases") {
                auto p = parse_phases(value);
                if (!p) return std::cerr << "bad --phases " << value << "\n" << kUsage, std::nullopt;
                o.phases = *p;
            } else if (auto it = setters.find(arg); it != setters.end()) {
                it->second(value);
            } else {
                return std::cerr << "unknown option " << arg << "\n" << kUsage, std::nullopt;
            }
        } catch (const std::exception&) {
            return std::cerr << "bad value for " << arg << ": " << value << "\n", std::nullopt;
        }
    }
    if (o.targets.empty() || o.creds.user.empty() || o.creds.realm.empty())
        return std::cerr << kUsage, std::nullopt;
    if (o.targets.front().kind != TargetKind::Turn)
        return std::cerr << "the first target must be a TURN server (--target), not --floor\n", std::nullopt;
    if (!mark_distinct_peers(o, distinct)) return std::nullopt;
    if (o.payload < kMinPayload || o.payload > 1400 || o.burst == 0 || o.burst_flows == 0 || o.repeat == 0)
        return std::cerr << "payload must be 24..1400 bytes, burst and flows at least 1\n", std::nullopt;
    return o;
}

bool has_phase(const Options& o, Phase p) { return o.phases.count(p) != 0; }

}  // namespace turn::bench
