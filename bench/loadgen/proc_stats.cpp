#include "bench/loadgen/proc_stats.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace turn::bench {

namespace {

// Fields 14 and 15 of /proc/<pid>/stat; the command name (field 2) may hold
// spaces, so counting starts after its closing parenthesis.
std::uint64_t stat_cpu_ns(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    std::uint64_t utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
    }
    const auto ticks = static_cast<std::uint64_t>(sysconf(_SC_CLK_TCK));
    return (utime + stime) * (1'000'000'000ULL / ticks);
}

// schedstat: run time, run-queue wait time, timeslices; all threads summed.
void add_sched_ns(pid_t pid, CpuSample& out) {
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream in(task.path() / "schedstat");
        std::uint64_t run_ns = 0, wait_ns = 0, slices = 0;
        if (in >> run_ns >> wait_ns >> slices) {
            out.sched_ns += run_ns;
            out.wait_ns += wait_ns;
            out.slices += slices;
        }
    }
}

}  // namespace

CpuSample sample_cpu(pid_t pid) {
    CpuSample s;
    s.stat_ns = stat_cpu_ns(pid);
    add_sched_ns(pid, s);
    return s;
}

std::uint64_t rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            std::uint64_t kib = 0;
            in >> kib;
            return kib;
        }
        in.ignore(1 << 16, '\n');
    }
    return 0;
}

std::uint64_t socket_key(std::uint32_t ip_be, std::uint16_t port) {
    return (static_cast<std::uint64_t>(ip_be) << 16) | port;
}

// Lines of /proc/net/udp look like
//   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt uid timeout inode ref pointer drops
//   7: 0100007F:3496 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1234 2 0000000000000000 0
// with the address as the kernel's 32-bit value in hex, so it matches s_addr as stored.
UdpDrops udp_drops(const DropScope& scope) {
    UdpDrops d;
    std::ifstream in("/proc/net/udp");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string sl, local, field;
        f >> sl >> local;
        std::string last;
        while (f >> field) last = field;
        const auto colon = local.find(':');
        if (colon == std::string::npos || last.empty()) continue;
        const auto ip = static_cast<std::uint32_t>(std::stoul(local.substr(0, colon), nullptr, 16));
        const auto port = static_cast<std::uint16_t>(std::stoul(local.substr(colon + 1), nullptr, 16));
        const std::uint64_t drops = std::stoull(last);
        if (drops == 0) continue;
        if (port == scope.listen_port || (port >= scope.relay_min && port <= scope.relay_max))
            d.at_server += drops;
        else if (std::binary_search(scope.client_sockets.begin(), scope.client_sockets.end(), socket_key(ip, port)))
            d.at_client += drops;
    }
    return d;
}

}  // namespace turn::bench
