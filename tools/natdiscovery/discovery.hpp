// The client side of RFC 5780 NAT behaviour discovery, without sockets: the
// Binding requests the tests send, what a response says, and the mapping
// (§4.3) and filtering (§4.4) behaviour the answers add up to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/message.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"
#include "protocol/transport_address.hpp"

namespace turn::tools {

struct ProbeRequest {
    bool change_ip = false;    // CHANGE-REQUEST flags (§7.2)
    bool change_port = false;
    std::size_t padding = 0;   // PADDING value length; 0: none (§7.6)
};

// A Binding request; with change flags it carries CHANGE-REQUEST.
std::vector<std::uint8_t> probe_request(const proto::TransactionId& tid, const ProbeRequest& ask);

// What a Binding success response says, and where it came from.
struct ProbeAnswer {
    proto::TransportAddress from;    // the datagram's source
    proto::TransportAddress mapped;  // XOR-MAPPED-ADDRESS
    std::optional<proto::TransportAddress> origin;  // RESPONSE-ORIGIN
    std::optional<proto::TransportAddress> other;   // OTHER-ADDRESS
    std::optional<std::size_t> padding;             // PADDING length
    std::size_t size = 0;                           // bytes of the response
};

// The answer in a success response; why not, for an error response or one
// without XOR-MAPPED-ADDRESS.
Result<ProbeAnswer, std::string> read_answer(const proto::StunMessage& response, const proto::TransportAddress& from);

// "response from 127.0.0.1:3478: mapped ..., RESPONSE-ORIGIN ..., OTHER-ADDRESS ..."
std::string describe(const ProbeAnswer& a);

enum class Behaviour { NoNat, EndpointIndependent, AddressDependent, AddressAndPortDependent };
std::string_view behaviour_name(Behaviour b);

// §4.3: test I's mapped address against the local one (equal: no NAT), then
// test II's (to the alternate IP) against test I's, then test III's (to the
// alternate IP and port) against test II's. `test3` is only read when
// test II's mapping differed.
Behaviour mapping_behaviour(const proto::TransportAddress& local, const proto::TransportAddress& test1,
                            const proto::TransportAddress& test2, const std::optional<proto::TransportAddress>& test3);

// §4.4: an answer to test II (change IP and port) means endpoint-independent
// filtering; else one to test III (change port) means address-dependent.
Behaviour filtering_behaviour(bool test2_answered, bool test3_answered);

}  // namespace turn::tools
