// What a server process costs, read from /proc: CPU time over all its threads
// and resident memory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace turn::bench {

struct CpuSample {
    std::uint64_t stat_ns = 0;   // utime + stime from /proc/<pid>/stat (clock-tick resolution)
    std::uint64_t sched_ns = 0;  // sum of /proc/<pid>/task/*/schedstat run time (ns resolution)
    std::uint64_t wait_ns = 0;   // ... and of the time runnable but waiting for a CPU
    std::uint64_t slices = 0;    // ... and of the times a thread was put on a CPU: roughly, wakeups
};

CpuSample sample_cpu(pid_t pid);
// VmRSS from /proc/<pid>/status, in KiB; 0 if unreadable.
std::uint64_t rss_kib(pid_t pid);

// Datagrams the kernel dropped on arrival (full receive buffer), summed from
// the "drops" column of /proc/net/udp: at the server's sockets (its listening
// port, where coturn also keeps one connected socket per client, and its
// relay port range) and at the load client's own sockets.
struct UdpDrops {
    std::uint64_t at_server = 0;
    std::uint64_t at_client = 0;
};

struct DropScope {
    std::uint16_t listen_port = 0;
    std::uint16_t relay_min = 0, relay_max = 0;
    std::vector<std::uint64_t> client_sockets;  // sorted socket_key()s
};

// (IPv4 address in network order, port) as one number.
std::uint64_t socket_key(std::uint32_t ip_be, std::uint16_t port);
UdpDrops udp_drops(const DropScope& scope);

}  // namespace turn::bench
