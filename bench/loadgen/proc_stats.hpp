// What a server process costs, read from /proc: CPU time over all its threads
// and resident memory.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace turn::bench {

struct CpuSample {
    std::uint64_t stat_ns = 0;   // utime + stime from /proc/<pid>/stat (clock-tick resolution)
    std::uint64_t sched_ns = 0;  // sum of /proc/<pid>/task/*/schedstat run time (ns resolution)
};

CpuSample sample_cpu(pid_t pid);
// VmRSS from /proc/<pid>/status, in KiB; 0 if unreadable.
std::uint64_t rss_kib(pid_t pid);

}  // namespace turn::bench
