#include "ports.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "udp_endpoint.hpp"

namespace turn::itest {
namespace {

// Linux hands out ephemeral ports from 32768 up (ip_local_port_range), so
// relay blocks stay in [10000, 32000) and never meet free_udp_port()'s ports.
constexpr unsigned kFirstBlockPort = 10000;
constexpr unsigned kBlockSize = 64;
constexpr unsigned kBlocks = (32000 - kFirstBlockPort) / kBlockSize;

// Free on 127.0.0.1, and on ::1 where there is one: tests that add
// listening-ip=::1 or relay-ip=::1 use the same ports there.
bool udp_port_free(std::uint16_t port) {
    return udp_bindable("127.0.0.1", port) && (!udp_bindable("::1") || udp_bindable("::1", port));
}

bool tcp_bindable(const sockaddr* sa, socklen_t length) {
    const int fd = ::socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const bool ok = ::bind(fd, sa, length) == 0;
    ::close(fd);
    return ok;
}

// The same for TCP, which the server listens on too, on the same ports.
bool tcp_port_free(std::uint16_t port) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    v6.sin6_addr = in6addr_loopback;
    return tcp_bindable(reinterpret_cast<const sockaddr*>(&v4), sizeof v4) &&
           (!udp_bindable("::1") || tcp_bindable(reinterpret_cast<const sockaddr*>(&v6), sizeof v6));
}

}  // namespace

std::uint16_t free_udp_port() {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::uint16_t port = UdpEndpoint("127.0.0.1").address().port;
        if (udp_port_free(port) && tcp_port_free(port)) return port;
    }
    throw std::runtime_error("free_udp_port: no port free for both UDP and TCP");
}

PortRange relay_port_range(std::uint16_t count) {
    if (count == 0 || count > kBlockSize) throw std::invalid_argument("relay_port_range: 1.." + std::to_string(kBlockSize));
    // This process's block first; if other programs hold ports there (a
    // benchmark's relays, say), the next blocks in turn.
    const unsigned first = static_cast<unsigned>(::getpid()) % kBlocks;
    for (unsigned b = 0; b < kBlocks; ++b) {
        const unsigned base = kFirstBlockPort + ((first + b) % kBlocks) * kBlockSize;
        unsigned run = 0;
        for (unsigned p = base; p < base + kBlockSize; ++p) {
            run = udp_port_free(static_cast<std::uint16_t>(p)) ? run + 1 : 0;
            if (run == count) return {static_cast<std::uint16_t>(p + 1 - count), static_cast<std::uint16_t>(p)};
        }
    }
    throw std::runtime_error("no " + std::to_string(count) + " consecutive free UDP ports in [10000, 32000)");
}

}  // namespace turn::itest
