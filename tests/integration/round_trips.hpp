// Data through a relayed address and back (RFC 8656 §11, §12), each leg
// checked for payload and addresses: what the data path tests of every
// address family share.
#pragma once

#include <cstdint>
#include <string_view>

#include "turn_client.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

// CreatePermission for the peer, a Send indication out (the peer sees it
// come from `relayed`, §11.2) and the peer's answer back as a Data
// indication naming the peer (§11.4).
void require_indication_round_trip(TurnClient& client, const UdpEndpoint& peer,
                                   const proto::TransportAddress& relayed);

// ChannelBind of `channel` to the peer, then ChannelData out and back
// (§12.6, §12.7).
void require_channel_round_trip(TurnClient& client, const UdpEndpoint& peer, const proto::TransportAddress& relayed,
                                std::uint16_t channel);

// ChannelData out and back on a `channel` bound before, carrying `payload`.
void require_bound_channel_round_trip(TurnClient& client, const UdpEndpoint& peer,
                                      const proto::TransportAddress& relayed, std::uint16_t channel,
                                      std::string_view payload);

}  // namespace turn::itest
