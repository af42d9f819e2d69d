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
