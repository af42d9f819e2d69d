// turnctl's records (admin_protocol.hpp) for sessions and the server status.
//
//   session id=7 user=alice transport=UDP relay_transport=UDP
//           client=127.0.0.1:40000 relayed=127.0.0.1:50000 thread=0 age=12 expires_in=588
//           permissions=1 channels=0 packets_in=10 bytes_in=1000
//           packets_out=10 bytes_out=1000
//
// "in" is what the client sent (relayed to its peers), "out" what it was
// sent (relayed from its peers). A dual allocation lists both relayed
// addresses, comma-separated, IPv4 first.
#pragma once

#include <cstddef>
#include <string>

#include "server/admin_messages.hpp"
#include "server/admin_protocol.hpp"

namespace turn::server {

std::string session_record(const SessionInfo& s);
// The fields that name an allocation (id, user, transport, relay_transport,
// client, relayed): turnctl's records and the allocation log share them.
std::vector<admin::Field> allocation_fields(const relay::AllocationInfo& a, std::string_view transport);
// packets_in, bytes_in, packets_out, bytes_out.
void append_traffic_fields(std::vector<admin::Field>& fields, const relay::TrafficTotals& t);
std::string status_record(std::size_t threads, std::size_t allocations, bool draining);

// "1 session", "2 sessions".
std::string counted(std::size_t n, const std::string& noun);

}  // namespace turn::server
