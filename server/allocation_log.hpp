// One log line per allocation event (relay/allocation_events.hpp), with the
// client's address so tools like fail2ban can act on it:
//
//   allocation_created id=3 user=alice transport=UDP relay_transport=UDP
//       client=192.0.2.7:40000 relayed=203.0.113.9:50000 thread=0 lifetime=600
//   allocation_deleted id=3 ... reason=expired duration=612 packets_in=10
//       bytes_in=1000 packets_out=10 bytes_out=1000
//
// (one line each; JSON objects with `log-json`). Never a password or a key:
// the fields are the ones turnctl shows.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "relay/allocation_events.hpp"
#include "server/logger.hpp"

namespace turn::server {

class AllocationLog final : public relay::AllocationEvents {
public:
    // `transport_name` names a client's transport ("UDP", "TCP", "TLS/TCP", "DTLS").
    AllocationLog(Logger& log, std::size_t worker, std::function<std::string_view(const relay::ClientKey&)> transport_name)
        : log_(log), worker_(worker), transport_name_(std::move(transport_name)) {}

    void on_allocation_event(const relay::AllocationEvent& e) override;

private:
    Logger& log_;
    std::size_t worker_;
    std::function<std::string_view(const relay::ClientKey&)> transport_name_;
};

}  // namespace turn::server
