#include "server/udp_socket.hpp"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "server/socket_address.hpp"

namespace turn::server {

Fd& Fd::operator=(Fd&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
}

Fd::~Fd() {
    if (fd_ >= 0) ::close(fd_);
}

namespace {

SocketError error(const std::string& step, const proto::TransportAddress& a) {
    const int e = errno;
    return {e, step + " " + a.to_string() + ": " + std::strerror(e)};
}

}  // namespace

bool set_int(int fd, int level, int name, int value) {
    return ::setsockopt(fd, level, name, &value, sizeof value) == 0;
}

Result<Fd, SocketError> open_bound(const proto::TransportAddress& local, int type, bool reuse_port,
                                   FunctionRef<std::optional<SocketError>(int fd)> before_bind) {
    const bool v6 = local.family == proto::AddressFamily::IPv6;
    Fd fd(::socket(v6 ? AF_INET6 : AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return unexpected(error("socket", local));
    // An IPv6 wildcard listener must not also claim IPv4 (the IPv4 wildcard
    // has its own socket).
    if (v6 && !set_int(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, 1)) return unexpected(error("IPV6_V6ONLY", local));
    if (reuse_port && !set_int(fd.get(), SOL_SOCKET, SO_REUSEPORT, 1)) return unexpected(error("SO_REUSEPORT", local));
    if (auto e = before_bind(fd.get())) return unexpected(std::move(*e));
    const SockAddr sa = to_sockaddr(local);
    if (::bind(fd.get(), sa.get(), sa.length) != 0) return unexpected(error("bind", local));
    return fd;
}

bool set_dont_fragment(int fd, proto::AddressFamily family) {
    return family == proto::AddressFamily::IPv6 ? set_int(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DO)
                                                : set_int(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO);
}

Result<Fd, SocketError> open_udp(const proto::TransportAddress& local, const UdpOptions& options) {
    const bool v6 = local.family == proto::AddressFamily::IPv6;
    return open_bound(local, SOCK_DGRAM, options.reuse_port, [&](int fd) -> std::optional<SocketError> {
        if (options.dont_fragment && !set_dont_fragment(fd, local.family)) return error("DONT-FRAGMENT", local);
        if (options.icmp_errors) {
            const bool ok = v6 ? set_int(fd, IPPROTO_IPV6, IPV6_RECVERR, 1) : set_int(fd, IPPROTO_IP, IP_RECVERR, 1);
            if (!ok) return error(v6 ? "IPV6_RECVERR" : "IP_RECVERR", local);
        }
        // Buffer sizes are a wish: the kernel caps them at net.core.*mem_max.
        if (options.recv_buffer > 0) (void)set_int(fd, SOL_SOCKET, SO_RCVBUF, options.recv_buffer);
        if (options.send_buffer > 0) (void)set_int(fd, SOL_SOCKET, SO_SNDBUF, options.send_buffer);
        if (options.gro) (void)set_int(fd, SOL_UDP, UDP_GRO, 1);
        return std::nullopt;
    });
}

Result<Fd, SocketError> open_tcp_listener(const proto::TransportAddress& local, const TcpListenOptions& options) {
    auto fd = open_bound(local, SOCK_STREAM, options.reuse_port, [&](int s) -> std::optional<SocketError> {
        // A restarted server must be able to bind while old connections sit in TIME_WAIT.
        if (!set_int(s, SOL_SOCKET, SO_REUSEADDR, 1)) return error("SO_REUSEADDR", local);
        return std::nullopt;
    });
    if (fd && ::listen(fd->get(), options.backlog) != 0) return unexpected(error("listen", local));
    return fd;
}

}  // namespace turn::server
