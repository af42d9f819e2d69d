// turn_floor started for one test on test-chosen ports, ready once its log
// says it listens, and always stopped and reaped.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "ports.hpp"
#include "protocol/transport_address.hpp"

namespace turn::itest {

inline const char* const kFloorBinary = TURN_FLOOR_BINARY;

class FloorProcess {
public:
    // --listen 127.0.0.1:<free port> --min-port/--max-port <a free range of
    // `relay_ports`> (0: no range, relay ports from the kernel), then `extra`.
    // Throws std::runtime_error (with the log) if it does not come up.
    explicit FloorProcess(std::uint16_t relay_ports = 8, std::vector<std::string> extra = {});

    const proto::TransportAddress& address() const { return address_; }
    const PortRange& relay_ports() const { return relay_ports_; }
    pid_t pid() const { return child_.pid(); }
    std::string log() const;
    ExitStatus stop() { return child_.stop(); }

private:
    proto::TransportAddress address_;
    PortRange relay_ports_;
    std::filesystem::path log_path_;
    ChildProcess child_;
};

}  // namespace turn::itest
