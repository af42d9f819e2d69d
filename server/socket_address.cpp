#include "server/socket_address.hpp"

#include <algorithm>
#include <cstring>

namespace turn::server {

SockAddr to_sockaddr(const proto::TransportAddress& a) {
    SockAddr s;
    if (a.family == proto::AddressFamily::IPv4) {
        auto* in = reinterpret_cast<sockaddr_in*>(&s.storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(a.port);
        std::memcpy(&in->sin_addr, a.ip.data(), 4);
        s.length = sizeof(sockaddr_in);
    } else {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&s.storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(a.port);
        std::memcpy(&in6->sin6_addr, a.ip.data(), 16);
        s.length = sizeof(sockaddr_in6);
    }
    return s;
}

bool from_sockaddr(const sockaddr_storage& s, proto::TransportAddress& out) {
    if (s.ss_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&s);
        out.family = proto::AddressFamily::IPv4;
        out.port = ntohs(in->sin_port);
        out.ip = {};
        std::memcpy(out.ip.data(), &in->sin_addr, 4);
        return true;
    }
    if (s.ss_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&s);
        out.family = proto::AddressFamily::IPv6;
        out.port = ntohs(in6->sin6_port);
        std::memcpy(out.ip.data(), &in6->sin6_addr, 16);
        return true;
    }
    return false;
}

}  // namespace turn::server
