// A plain UDP socket on loopback: the transport under the test client, and on
// its own the "peer" a relay sends to. Every receive has a timeout, so no test
// can hang on a datagram that never comes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "protocol/transport_address.hpp"

namespace turn::itest {

using Bytes = std::vector<std::uint8_t>;

inline std::span<const std::uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_text(std::span<const std::uint8_t> b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// "10.1.2.3" or "::1" with a port; throws on anything but an IP literal.
proto::TransportAddress ip_port(std::string_view ip, std::uint16_t port);

// Whether `ip` (an IP literal) is a local address a UDP socket can bind
// now, on `port` (0: any): containers may lack ::1.
bool udp_bindable(std::string_view ip, std::uint16_t port = 0);

struct Datagram {
    Bytes bytes;
    proto::TransportAddress from;
};

class UdpEndpoint {
public:
    // Bound to `ip` (an IP literal) and `port` (0: an ephemeral one). Throws
    // std::runtime_error on failure.
    explicit UdpEndpoint(std::string_view ip = "127.0.0.1", std::uint16_t port = 0);
    UdpEndpoint(UdpEndpoint&& o) noexcept;
    UdpEndpoint& operator=(UdpEndpoint&&) = delete;
    UdpEndpoint(const UdpEndpoint&) = delete;
    UdpEndpoint& operator=(const UdpEndpoint&) = delete;
    ~UdpEndpoint();

    const proto::TransportAddress& address() const { return local_; }
    void send_to(const proto::TransportAddress& to, std::span<const std::uint8_t> bytes) const;
    // `bytes` as datagrams of `segment` bytes each (the last may be shorter)
    // in one UDP_SEGMENT (GSO) send, as a NIC's GRO or a GSO sender delivers
    // them coalesced to a socket with UDP_GRO.
    void send_segmented(const proto::TransportAddress& to, std::span<const std::uint8_t> bytes,
                        std::uint16_t segment) const;
    // The next datagram, or nullopt after `timeout`.
    std::optional<Datagram> receive(std::chrono::milliseconds timeout) const;

private:
    int fd_ = -1;
    proto::TransportAddress local_;
};

}  // namespace turn::itest
