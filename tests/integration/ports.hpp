// Ports the tests choose, so tests never depend on 3478 being free and
// concurrent test processes (ctest -j) do not collide.
#pragma once

#include <cstdint>

namespace turn::itest {

// A port on 127.0.0.1 (and on ::1 where there is one) that was free for UDP
// and TCP a moment ago (bound to port 0, read back, closed). The kernel
// hands these out from the ephemeral range.
std::uint16_t free_udp_port();

struct PortRange {
    std::uint16_t min = 0;
    std::uint16_t max = 0;
};

// `count` (at most 64) consecutive relay ports that are free now (on
// 127.0.0.1, and on ::1 where there is one), inside a
// block of ports below the ephemeral range chosen from this process's pid:
// servers of different test processes get distinct ranges, and servers that
// one process starts in turn may reuse its block once the previous one has
// stopped. Blocks where other programs hold ports are skipped.
PortRange relay_port_range(std::uint16_t count);

}  // namespace turn::itest
