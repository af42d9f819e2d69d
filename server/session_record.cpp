#include "server/session_record.hpp"

#include "server/admin_protocol.hpp"

namespace turn::server {

std::vector<admin::Field> allocation_fields(const relay::AllocationInfo& a, std::string_view transport) {
    std::string relayed;
    for (const auto& r : a.relayed) relayed += (relayed.empty() ? "" : ",") + r.to_string();
    return {{"id", std::to_string(a.id)},
            {"user", a.username},
            {"transport", std::string(transport)},
            {"relay_transport", a.tcp ? "TCP" : "UDP"},
            {"client", a.client.addr.to_string()},
            {"relayed", relayed}};
}

void append_traffic_fields(std::vector<admin::Field>& fields, const relay::TrafficTotals& t) {
    fields.insert(fields.end(), {{"packets_in", std::to_string(t.packets_to_peer)},
                                 {"bytes_in", std::to_string(t.bytes_to_peer)},
                                 {"packets_out", std::to_string(t.packets_to_client)},
                                 {"bytes_out", std::to_string(t.bytes_to_client)}});
}

std::string session_record(const SessionInfo& s) {
    const relay::AllocationInfo& a = s.allocation;
    admin::Record r{"session", allocation_fields(a, s.transport)};
    r.fields.insert(r.fields.end(), {{"thread", std::to_string(s.worker)},
                                     {"age", std::to_string(a.age_seconds)},
                                     {"expires_in", std::to_string(a.expires_in_seconds)},
                                     {"permissions", std::to_string(a.permissions)},
                                     {"channels", std::to_string(a.channels)}});
    append_traffic_fields(r.fields, a.traffic);
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
