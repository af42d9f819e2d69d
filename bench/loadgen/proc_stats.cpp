#include "bench/loadgen/proc_stats.hpp"

#include <unistd.h>

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

std::uint64_t sched_cpu_ns(pid_t pid) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream in(task.path() / "schedstat");
        std::uint64_t run_ns = 0;
        if (in >> run_ns) total += run_ns;
    }
    return total;
}

}  // namespace

CpuSample sample_cpu(pid_t pid) { return {stat_cpu_ns(pid), sched_cpu_ns(pid)}; }

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

}  // namespace turn::bench
