#include "sockaddr.hpp"

#include <netinet/in.h>

#include <cerrno>
#include <cstring>

namespace turn::itest {

socklen_t to_sockaddr(const proto::TransportAddress& a, sockaddr_storage& s) {
    std::memset(&s, 0, sizeof s);
    if (a.family == proto::AddressFamily::IPv4) {
        auto& in = reinterpret_cast<sockaddr_in&>(s);
        in.sin_family = AF_INET;
        in.sin_port = htons(a.port);
        std::memcpy(&in.sin_addr, a.ip.data(), 4);
        return sizeof in;
    }
    auto& in6 = reinterpret_cast<sockaddr_in6&>(s);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(a.port);
    std::memcpy(&in6.sin6_addr, a.ip.data(), 16);
    return sizeof in6;
}

proto::TransportAddress from_sockaddr(const sockaddr_storage& s) {
    proto::TransportAddress a;
    if (s.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(s);
        a.family = proto::AddressFamily::IPv4;
        a.port = ntohs(in.sin_port);
        std::memcpy(a.ip.data(), &in.sin_addr, 4);
    } else {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(s);
        a.family = proto::AddressFamily::IPv6;
        a.port = ntohs(in6.sin6_port);
        std::memcpy(a.ip.data(), &in6.sin6_addr, 16);
    }
    return a;
}

proto::TransportAddress local_address_of(int fd) {
    sockaddr_storage s{};
    socklen_t len = sizeof s;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&s), &len);
    return from_sockaddr(s);
}

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace turn::itest
