// Sockets for listeners and relays (UDP, and TCP listeners): an owning
// descriptor, and the creation steps with errors as values naming what failed.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "protocol/function_ref.hpp"
#include "protocol/result.hpp"
#include "protocol/transport_address.hpp"

namespace turn::server {

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd();

    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

struct SocketError {
    int err = 0;           // errno
    std::string what;      // "bind 127.0.0.1:3478: Address already in use"
};

struct UdpOptions {
    bool reuse_port = false;     // one listener per worker thread (DESIGN.md)
    bool dont_fragment = false;  // RFC 8656 DONT-FRAGMENT: set DF, no local fragmentation
    int recv_buffer = 0;         // SO_RCVBUF bytes; 0 = kernel default
    int send_buffer = 0;
    // UDP_GRO (Linux 5.0+): the kernel may hand over several datagrams of
    // one flow in one buffer (RecvPool splits them). Ignored where unsupported.
    bool gro = false;
    // IP_RECVERR / IPV6_RECVERR: ICMP errors for datagrams this socket sends
    // are queued for it (icmp_errors.hpp), for RFC 8656 §11.5. The owner must
    // then read the error queue whenever the socket is reported readable.
    bool icmp_errors = false;
};

// RFC 8656 DONT-FRAGMENT: DF set on every datagram, none fragmented locally
// (IP_PMTUDISC_DO). False when the kernel refuses.
bool set_dont_fragment(int fd, proto::AddressFamily family);

// A non-blocking, close-on-exec UDP socket bound to `local`.
Result<Fd, SocketError> open_udp(const proto::TransportAddress& local, const UdpOptions& options);

struct TcpListenOptions {
    bool reuse_port = false;  // one listener per worker thread, as for UDP
    int backlog = 1024;
};

// A non-blocking, close-on-exec TCP socket listening on `local`.
Result<Fd, SocketError> open_tcp_listener(const proto::TransportAddress& local, const TcpListenOptions& options);

// The steps every socket shares: create (non-blocking, close-on-exec),
// IPV6_V6ONLY for IPv6, SO_REUSEPORT if asked, `before_bind`, bind.
Result<Fd, SocketError> open_bound(const proto::TransportAddress& local, int type, bool reuse_port,
                                   FunctionRef<std::optional<SocketError>(int fd)> before_bind);

bool set_int(int fd, int level, int name, int value);

}  // namespace turn::server
