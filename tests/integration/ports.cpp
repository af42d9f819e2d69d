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

bool udp_port_free(std::uint16_t port) {
    try {
        UdpEndpoint probe("127.0.0.1", port);
        return true;
    } catch (const std::runtime_error&) {
        return false;
    }
}

bool tcp_port_free(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

// The server listens on TCP too on its ports: the number must be free for both.
std::uint16_t free_udp_port() {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::uint16_t port = UdpEndpoint("127.0.0.1").address().port;
        if (tcp_port_free(port)) return port;
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
