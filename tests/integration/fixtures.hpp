// Shorthands the integration tests share: a client of a running server, an
// allocation made and checked, and error codes by name.
#pragma once

#include <catch2/catch.hpp>

#include "protocol/error_code.hpp"
#include "server_process.hpp"
#include "turn_client.hpp"

namespace turn::itest {

inline int code(proto::StunError e) { return static_cast<int>(e); }

// long_term_auth_lines() and then `extra`.
inline ServerConfig auth_with(std::vector<std::string> extra, std::uint16_t relay_ports = 16) {
    auto lines = long_term_auth_lines();
    lines.insert(lines.end(), extra.begin(), extra.end());
    return {lines, relay_ports};
}

inline TurnClient client_of(const ServerProcess& server) {
    return TurnClient(server.address(), {kUser, kPassword});
}

// Containers may have no IPv6 loopback. Tests that need ::1 start with
// `if (skip_without_ipv6()) return;` (Catch2 v2 has no SKIP), so they pass
// there with a warning saying why, instead of failing for the wrong reason.
inline bool skip_without_ipv6() {
    if (udp_bindable("::1")) return false;
    WARN("::1 is not available on this machine (no IPv6 loopback): IPv6 test skipped");
    return true;
}

// Config lines: listen on ::1 too (the same port as on 127.0.0.1), relay
// from ::1 too (ServerProcess always relays from 127.0.0.1).
inline constexpr const char* kListenIpv6 = "listening-ip=::1";
inline constexpr const char* kRelayIpv6 = "relay-ip=::1";

// A client of the server's ::1 listener (the server needs kListenIpv6).
inline TurnClient ipv6_client_of(const ServerProcess& server) {
    return TurnClient(ip_port("::1", server.address().port), {kUser, kPassword});
}

// Allocates (with the 401 dance) and requires success; returns the relayed
// address. IPv6 asks for it with REQUESTED-ADDRESS-FAMILY (RFC 8656 §7.1).
inline proto::TransportAddress require_allocation(TurnClient& client,
                                                  proto::AddressFamily family = proto::AddressFamily::IPv4) {
    const auto reply = client.allocate([family](proto::MessageBuilder& b) {
        if (family == proto::AddressFamily::IPv6) b.add(proto::RequestedAddressFamily{family});
    });
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    REQUIRE(reply->is_success());
    const auto relayed = relayed_address(*reply);
    REQUIRE(relayed);
    CHECK(relayed->family == family);
    return *relayed;
}

}  // namespace turn::itest
