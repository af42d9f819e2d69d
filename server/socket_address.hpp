// Conversions between the codec's TransportAddress and the kernel's sockaddr.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include "protocol/transport_address.hpp"

namespace turn::server {

struct SockAddr {
    sockaddr_storage storage{};
    socklen_t length = 0;

    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
    sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
};

SockAddr to_sockaddr(const proto::TransportAddress& a);
// Fills `out` from an AF_INET or AF_INET6 address; false for other families.
bool from_sockaddr(const sockaddr_storage& s, proto::TransportAddress& out);

}  // namespace turn::server
