// One UDP socket of the NAT discovery client: sends a STUN request and waits
// for the response with its transaction ID, from whichever address it comes
// (RFC 5780's answers may come from the server's other address or port),
// retransmitting as RFC 8489 §6.2.1 does over UDP.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"
#include "protocol/transport_address.hpp"
#include "server/udp_socket.hpp"

namespace turn::tools {

struct Received {
    std::vector<std::uint8_t> bytes;
    proto::TransportAddress from;
};

struct Retransmits {
    std::chrono::milliseconds wait{300};  // for an answer to each send
    int sends = 3;
};

class UdpProbe {
public:
    // Bound to `local` (port 0: an ephemeral one).
    static Result<UdpProbe, std::string> open(const proto::TransportAddress& local);

    const proto::TransportAddress& local() const { return local_; }
    // The response to `request`, or nullopt when none came.
    std::optional<Received> transact(const proto::TransportAddress& to, std::span<const std::uint8_t> request,
                                     const proto::TransactionId& tid, Retransmits timing) const;

private:
    UdpProbe(server::Fd fd, proto::TransportAddress local) : fd_(std::move(fd)), local_(local) {}
    std::optional<Received> receive(std::chrono::steady_clock::time_point until) const;

    server::Fd fd_;
    proto::TransportAddress local_;
};

// The address this machine sends from towards `server` (a connected UDP
// socket's own address), port 0.
Result<proto::TransportAddress, std::string> local_address_towards(const proto::TransportAddress& server);

}  // namespace turn::tools
