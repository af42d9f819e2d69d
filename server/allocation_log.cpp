#include "server/allocation_log.hpp"

#include <string>

#include "server/session_record.hpp"

namespace turn::server {

void AllocationLog::on_allocation_event(const relay::AllocationEvent& e) {
    if (!log_.enabled(LogLevel::Info)) return;
    const relay::AllocationInfo& a = e.allocation;
    admin::Record r{"allocation_" + std::string(relay::name_of(e.kind)), allocation_fields(a, transport_name_(a.client))};
    r.fields.emplace_back("thread", std::to_string(worker_));
    if (e.kind == relay::AllocationEventKind::Deleted) {
        r.fields.emplace_back("reason", std::string(relay::name_of(e.reason)));
        r.fields.emplace_back("duration", std::to_string(a.age_seconds));
        append_traffic_fields(r.fields, a.traffic);
    } else {
        r.fields.emplace_back("lifetime", std::to_string(a.expires_in_seconds));
    }
    log_.record(LogLevel::Info, r);
}

}  // namespace turn::server
