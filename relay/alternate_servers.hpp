// The ALTERNATE-SERVER mechanism (RFC 8489 §10) as coturn uses it for TURN:
// with alternate servers configured, Allocate requests are answered 300 (Try
// Alternate) naming the next server of the list, round-robin, so a front
// server spreads clients over the others.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "protocol/fixed_vector.hpp"
#include "protocol/transport_address.hpp"

namespace turn::relay {

struct AlternateServersConfig {
    std::vector<proto::TransportAddress> servers;      // alternate-server: UDP and TCP clients
    std::vector<proto::TransportAddress> tls_servers;  // tls-alternate-server: TLS and DTLS clients
    // ALTERNATE-DOMAIN (RFC 8489 §10, §14.16): the name in the alternates'
    // certificate, for TLS and DTLS clients; empty: never sent.
    std::string tls_domain;

    bool enabled() const { return !servers.empty() || !tls_servers.empty(); }
    // As coturn: secured clients get tls_servers when there are any, and
    // servers otherwise.
    const std::vector<proto::TransportAddress>& list_for(bool secure) const {
        return secure && !tls_servers.empty() ? tls_servers : servers;
    }
};

// The ALTERNATE-SERVER attributes of one 300: RFC 8489 §10 wants one of the
// client's address family first (MUST), then one of the other family
// (SHOULD). Empty when `list` has none of `family`: no redirect then.
using AlternatePick = FixedVector<proto::TransportAddress, 2>;

// Round-robin over `list`: the first entry of `family` at or after
// `cursor`, which moves past it; then the first entry of the other family
// after that one. One cursor per list and worker thread, as coturn keeps one
// per relay thread: no state shared between threads.
AlternatePick pick_alternates(const std::vector<proto::TransportAddress>& list, proto::AddressFamily family,
                              std::size_t& cursor);

}  // namespace turn::relay
