#include "tools/natdiscovery/udp_probe.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "protocol/message.hpp"
#include "server/socket_address.hpp"

namespace turn::tools {

using namespace proto;

namespace {

constexpr std::size_t kMaxDatagram = 65536;

std::string error_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

bool answers(const std::vector<std::uint8_t>& bytes, const TransactionId& tid) {
    const auto m = StunMessage::decode(bytes);
    return m && m->transaction_id() == tid && m->message_class() != MessageClass::Request &&
           m->message_class() != MessageClass::Indication;
}

// The address a socket is bound to.
Result<TransportAddress, std::string> bound_address(int fd) {
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    TransportAddress out;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0 || !server::from_sockaddr(bound, out))
        return unexpected(error_text("getsockname"));
    return out;
}

TransportAddress wildcard(AddressFamily family) {
    return *TransportAddress::parse(family == AddressFamily::IPv4 ? "0.0.0.0" : "::", 0);
}

}  // namespace

Result<UdpProbe, std::string> UdpProbe::open(const TransportAddress& local) {
    auto fd = server::open_udp(local, {});
    if (!fd) return unexpected(fd.error().what);
    auto actual = bound_address(fd->get());
    if (!actual) return unexpected(actual.error());
    return UdpProbe(std::move(*fd), *actual);
}

std::optional<Received> UdpProbe::transact(const TransportAddress& to, std::span<const std::uint8_t> request,
                                           const TransactionId& tid, Retransmits timing) const {
    const server::SockAddr dest = server::to_sockaddr(to);
    for (int send = 0; send < timing.sends; ++send) {
        ::sendto(fd_.get(), request.data(), request.size(), 0, dest.get(), dest.length);
        const auto until = std::chrono::steady_clock::now() + timing.wait;
        while (auto got = receive(until)) {
            if (answers(got->bytes, tid)) return got;
        }
    }
    return std::nullopt;
}

std::optional<Received> UdpProbe::receive(std::chrono::steady_clock::time_point until) const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd_.get(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    Received r{std::vector<std::uint8_t>(kMaxDatagram), {}};
    sockaddr_storage from{};
    socklen_t length = sizeof from;
    const ssize_t n = ::recvfrom(fd_.get(), r.bytes.data(), r.bytes.size(), 0, reinterpret_cast<sockaddr*>(&from), &length);
    if (n < 0 || !server::from_sockaddr(from, r.from)) return Received{{}, {}};  // nothing usable: keep waiting
    r.bytes.resize(static_cast<std::size_t>(n));
    return r;
}

Result<TransportAddress, std::string> local_address_towards(const TransportAddress& server) {
    auto fd = server::open_udp(wildcard(server.family), {});
    if (!fd) return unexpected(fd.error().what);
    const server::SockAddr dest = server::to_sockaddr(server);
    if (::connect(fd->get(), dest.get(), dest.length) != 0) return unexpected(error_text("connect"));
    auto local = bound_address(fd->get());
    if (!local) return unexpected(local.error());
    local->port = 0;
    return *local;
}

}  // namespace turn::tools
