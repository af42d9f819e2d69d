#include "server/session_record.hpp"

#include "server/admin_protocol.hpp"

namespace turn::server {

std::string session_record(const SessionInfo& s) {
    const relay::AllocationInfo& a = s.allocation;
    std::string relayed;
    for (const auto& r : a.relayed) relayed += (relayed.empty() ? "" : ",") + r.to_string();
    const admin::Record r{"session",
                          {{"id", std::to_string(a.id)},
                           {"user", a.username},
                           {"transport", std::string(s.transport)},
                           {"relay_transport", a.tcp ? "TCP" : "UDP"},
                           {"client", a.client.addr.to_string()},
                           {"relayed", relayed},
                           {"thread", std::to_string(s.worker)},
                           {"age", std::to_string(a.age_seconds)},
                           {"expires_in", std::to_string(a.expires_in_seconds)},
                           {"permissions", std::to_string(a.permissions)},
                           {"channels", std::to_string(a.channels)},
                           {"packets_in", std::to_string(a.traffic.packets_to_peer)},
                           {"bytes_in", std::to_string(a.traffic.bytes_to_peer)},
                           {"packets_out", std::to_string(a.traffic.packets_to_client)},
                           {"bytes_out", std::to_string(a.traffic.bytes_to_client)}}};
    return admin::encode_record(r);
}

std::string counted(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string status_record(std::size_t threads, std::size_t allocations, bool draining) {
    return admin::encode_record({"status",
                                 {{"threads", std::to_string(threads)},
                                  {"allocations", std::to_string(allocations)},
                                  {"draining", draining ? "yes" : "no"}}});
}

}  // namespace turn::server
