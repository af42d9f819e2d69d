// RFC 5780 NAT behaviour discovery on the server side: which address and
// port a Binding response leaves from, where it goes, and what it carries.
// Pure functions of the request, of where it arrived and of the server's
// address pairs, so every rule is tested without sockets.
//
// RFC 5780 §6, Table 1 (Da:Dp where the request arrived, Ca:Cp the others):
//
//   +-------------------------+----------------+-------------+---------------+
//   | CHANGE-REQUEST flags    | Source Address | Source Port | OTHER-ADDRESS |
//   +-------------------------+----------------+-------------+---------------+
//   | none                    | Da             | Dp          | Ca:Cp         |
//   | change IP               | Ca             | Dp          | Ca:Cp         |
//   | change port             | Da             | Cp          | Ca:Cp         |
//   | change IP and port      | Ca             | Cp          | Ca:Cp         |
//   +-------------------------+----------------+-------------+---------------+
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/attributes.hpp"
#include "protocol/error_code.hpp"
#include "protocol/message.hpp"
#include "protocol/result.hpp"
#include "protocol/transport_address.hpp"

namespace turn::relay {

// The largest PADDING a response carries. RFC 5780 §7.6 asks for the MTU of
// the outgoing interface; this covers jumbo frames, and the response never
// pads more than the request did (binding.cpp), so it is no amplifier.
inline constexpr std::size_t kMaxResponsePadding = 9000;

// The server's addresses for RFC 5780 (§6: two IP addresses, two ports per
// service). Empty ips: discovery is off. As coturn: each IP pairs with the
// next one of its family in the list (wrapping around), each port with its
// partner in `ports` (listening-port with alt-listening-port, and the TLS
// ports likewise).
struct NatDiscoveryConfig {
    struct PortPair {
        std::uint16_t primary = 0;
        std::uint16_t alternate = 0;
    };
    std::vector<proto::TransportAddress> ips;  // their ports are not used
    std::vector<PortPair> ports;

    bool enabled() const { return !ips.empty(); }
    // Ca:Cp for a request that arrived at Da:Dp = `local`; nullopt when Da
    // is not one of the IPs, has no partner of its family, or Dp is not one
    // of the paired ports (an aux-server, a wildcard listener).
    std::optional<proto::TransportAddress> other_address(const proto::TransportAddress& local) const;
};

// What a Binding request asks for under RFC 5780.
struct DiscoveryAsk {
    bool change_ip = false;                      // §7.2 flag A
    bool change_port = false;                    // §7.2 flag B
    std::optional<std::uint16_t> response_port;  // §7.5
    std::optional<std::size_t> padding;          // §7.6: the length of the request's PADDING
};

// The request's CHANGE-REQUEST, RESPONSE-PORT and PADDING; 400 when one of
// them is malformed (a wrong length).
Result<DiscoveryAsk, proto::StunError> read_discovery_ask(const proto::StunMessage& msg);

// How the client reached the server: only UDP lets a response leave from
// another address or go to another port; PADDING needs datagrams.
enum class ClientTransportKind { Udp, Dtls, Stream };

// How to answer a Binding request.
struct BindingPlan {
    // The RFC 5780 attributes go in: MAPPED-ADDRESS (§6.1 wants it next to
    // XOR-MAPPED-ADDRESS), RESPONSE-ORIGIN and OTHER-ADDRESS.
    bool discovery = false;
    proto::TransportAddress origin;  // where the response leaves from (RESPONSE-ORIGIN)
    proto::TransportAddress other;   // OTHER-ADDRESS
    std::optional<std::uint16_t> response_port;
    std::optional<std::size_t> padding;  // the response's PADDING length
};

// Why a Binding request is refused: 420 with the RFC 5780 attributes this
// listener cannot honour in UNKNOWN-ATTRIBUTES (§6: no alternate address;
// §5: RESPONSE-PORT support is optional), or 400.
struct BindingRefusal {
    proto::StunError error = proto::StunError::BadRequest;
    proto::UnknownAttributes unknown;
};

// `local`: where the request arrived (nullopt when the transport cannot
// say). Discovery applies when `local` has an other address in `config`.
Result<BindingPlan, BindingRefusal> plan_binding(const DiscoveryAsk& ask, ClientTransportKind kind,
                                                 const std::optional<proto::TransportAddress>& local,
                                                 const NatDiscoveryConfig& config);

}  // namespace turn::relay
