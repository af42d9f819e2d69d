#include "udp_endpoint.hpp"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "protocol/stun_header.hpp"
#include "sockaddr.hpp"

namespace turn::itest {
namespace {

std::runtime_error socket_error(const std::string& what) { return std::runtime_error(errno_text(what)); }

}  // namespace

proto::TransportAddress ip_port(std::string_view ip, std::uint16_t port) {
    const auto a = proto::TransportAddress::parse(ip, port);
    if (!a) throw std::runtime_error("not an IP literal: " + std::string(ip));
    return *a;
}

bool udp_bindable(std::string_view ip, std::uint16_t port) {
    try {
        UdpEndpoint probe(ip, port);
        return true;
    } catch (const std::runtime_error&) {
        return false;
    }
}

UdpEndpoint::UdpEndpoint(std::string_view ip, std::uint16_t port) {
    const auto want = std::optional(ip_port(ip, port));
    sockaddr_storage s{};
    const socklen_t len = to_sockaddr(*want, s);
    fd_ = ::socket(s.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw socket_error("socket");
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), len) != 0) {
        const auto error = socket_error("bind " + want->to_string());
        ::close(fd_);
        throw error;
    }
    local_ = local_address_of(fd_);
}

UdpEndpoint::UdpEndpoint(UdpEndpoint&& o) noexcept : fd_(std::exchange(o.fd_, -1)), local_(o.local_) {}

UdpEndpoint::~UdpEndpoint() {
    if (fd_ >= 0) ::close(fd_);
}

void UdpEndpoint::send_to(const proto::TransportAddress& to, std::span<const std::uint8_t> bytes) const {
    sockaddr_storage s{};
    const socklen_t len = to_sockaddr(to, s);
    if (::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&s), len) < 0)
        throw socket_error("sendto " + to.to_string());
}

void UdpEndpoint::send_segmented(const proto::TransportAddress& to, std::span<const std::uint8_t> bytes,
                                 std::uint16_t segment) const {
    sockaddr_storage s{};
    const socklen_t len = to_sockaddr(to, s);
    iovec iov{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
    alignas(cmsghdr) std::uint8_t control[CMSG_SPACE(sizeof(std::uint16_t))] = {};
    msghdr h{};
    h.msg_name = &s;
    h.msg_namelen = len;
    h.msg_iov = &iov;
    h.msg_iovlen = 1;
    h.msg_control = control;
    h.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&h);
    c->cmsg_level = SOL_UDP;
    c->cmsg_type = UDP_SEGMENT;
    c->cmsg_len = CMSG_LEN(sizeof segment);
    std::memcpy(CMSG_DATA(c), &segment, sizeof segment);
    if (::sendmsg(fd_, &h, 0) < 0) throw socket_error("sendmsg with UDP_SEGMENT to " + to.to_string());
}

std::optional<Datagram> UdpEndpoint::receive(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return std::nullopt;
        Datagram d;
        d.bytes.resize(proto::kMaxMessageSize);
        sockaddr_storage s{};
        socklen_t len = sizeof s;
        const ssize_t n = ::recvfrom(fd_, d.bytes.data(), d.bytes.size(), 0, reinterpret_cast<sockaddr*>(&s), &len);
        if (n < 0) continue;  // e.g. ICMP port unreachable from an earlier send: not a datagram
        d.bytes.resize(static_cast<std::size_t>(n));
        d.from = from_sockaddr(s);
        return d;
    }
}

}  // namespace turn::itest
