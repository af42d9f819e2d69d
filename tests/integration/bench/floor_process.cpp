#include "floor_process.hpp"

#include <stdexcept>

#include "scratch.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

namespace {

std::vector<std::string> floor_argv(const proto::TransportAddress& listen, PortRange relay,
                                    std::vector<std::string> extra) {
    std::vector<std::string> argv{kFloorBinary, "--listen", listen.to_string(), "--relay-ip", "127.0.0.1"};
    if (relay.max != 0)
        argv.insert(argv.end(), {"--min-port", std::to_string(relay.min), "--max-port", std::to_string(relay.max)});
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

}  // namespace

FloorProcess::FloorProcess(std::uint16_t relay_ports, std::vector<std::string> extra)
    : address_(ip_port("127.0.0.1", free_udp_port())),
      relay_ports_(relay_ports == 0 ? PortRange{} : relay_port_range(relay_ports)),
      log_path_(new_scratch_file("turn_floor", ".log")),
      child_(ChildProcess::spawn(floor_argv(address_, relay_ports_, std::move(extra)), log_path_)) {
    if (!eventually_contains(log_path_, "listening on", std::chrono::seconds(10)))
        throw std::runtime_error("turn_floor did not start:\n" + log());
}

std::string FloorProcess::log() const { return read_file(log_path_); }

}  // namespace turn::itest
