// The relayed transport addresses of allocations (RFC 8656 §7.2): a relay IP
// of the wanted family, a port from its pool, a socket bound there; and all
// of it given back when the allocation goes.
#include "relay/relay_core.hpp"

#include "protocol/fixed_vector.hpp"

namespace turn::relay {

using namespace proto;

namespace {

constexpr int kBindAttempts = 16;

// Ports another program held during one Allocate: skipped for the rest of it,
// then handed back to the pool, so a port that was busy for a moment (the
// relay range often overlaps the kernel's ephemeral ports) is tried again by
// later requests instead of being lost to the pool for good.
class BusyPorts {
public:
    explicit BusyPorts(PortPool& pool) : pool_(pool) {}
    ~BusyPorts() {
        for (const auto port : ports_) pool_.release(port);
    }
    BusyPorts(const BusyPorts&) = delete;
    BusyPorts& operator=(const BusyPorts&) = delete;
    void add(std::uint16_t port) {
        pool_.mark_unavailable(port);
        ports_.push_back(port);
    }

private:
    PortPool& pool_;
    FixedVector<std::uint16_t, kBindAttempts> ports_;
};

// Why a relayed address could not be had. RFC 8656 §7.2: a DONT-FRAGMENT
// the server cannot honour is an unknown comprehension-required attribute.
StunError refusal(OpenError e) {
    return e == OpenError::DontFragmentUnsupported ? StunError::UnknownAttribute : StunError::InsufficientCapacity;
}

TransportAddress with_port(TransportAddress a, std::uint16_t port) {
    a.port = port;
    return a;
}

}  // namespace

TransportAddress RelayCore::advertised_address(const RelayEndpoint& e) const {
    return with_port(config_.relay_addresses[e.relay_ip].advertised, e.port);
}

TransportAddress RelayCore::local_address(const RelayEndpoint& e) const {
    return with_port(config_.relay_addresses[e.relay_ip].local, e.port);
}

Result<RelaySocket, OpenError> RelayCore::bind_endpoint(Allocation& a, std::size_t relay_ip, std::uint16_t port,
                                                         bool dont_fragment) {
    const TransportAddress local = with_port(config_.relay_addresses[relay_ip].local, port);
    // RFC 6062 §5.1: a TCP allocation's relayed address is a listening socket.
    auto s = a.tcp ? tcp_->listen_relay(local, &a) : transport_.open_relay(local, &a, dont_fragment);
    if (s) a.relays[local.family] = {*s, static_cast<std::uint16_t>(relay_ip), port};
    return s;
}

std::optional<StunError> RelayCore::redeem_endpoint(Allocation& a, const PortToken& token, bool dont_fragment) {
    for (std::size_t i = 0; i < shared_.pools.size(); ++i) {
        const auto port = shared_.pools[i]->redeem(token, clock_.now());
        if (!port) continue;
        const auto s = bind_endpoint(a, i, *port, dont_fragment);
        if (s) return std::nullopt;
        shared_.pools[i]->release(*port);
        return refusal(s.error());
    }
    return StunError::InsufficientCapacity;  // RFC 8656 §7.2: unknown or expired token
}

std::optional<StunError> RelayCore::open_endpoint(Allocation& a, AddressFamily family, const PortWish& wish) {
    const auto& addrs = config_.relay_addresses;
    // RFC 8656 §7.2: no relay address of the family -> 440.
    std::optional<StunError> outcome = StunError::AddressFamilyNotSupported;
    // Round robin over the relay IPs of the family, so repeated relay-ip
    // options spread allocations (and ports) over addresses; an address with
    // no port left passes the request to the next, so the server is full
    // only when every relay IP of the family is.
    for (std::size_t k = 0; k < addrs.size(); ++k) {
        const std::size_t i = (next_relay_address_ + k) % addrs.size();
        if (addrs[i].local.family != family) continue;
        outcome = open_on_relay_ip(a, i, wish);
        if (outcome == StunError::InsufficientCapacity) continue;
        next_relay_address_ = i + 1;
        return outcome;
    }
    return outcome;
}

std::optional<StunError> RelayCore::open_on_relay_ip(Allocation& a, std::size_t relay_ip, const PortWish& wish) {
    PortPool& pool = *shared_.pools[relay_ip];
    BusyPorts busy(pool);
    for (int attempt = 0; attempt < kBindAttempts; ++attempt) {
        const auto grant = pool.acquire(wish.even, wish.reserve_next, clock_.now());
        if (!grant) return StunError::InsufficientCapacity;
        const auto s = bind_endpoint(a, relay_ip, grant->port, wish.dont_fragment);
        if (s) {
            a.reservation = grant->token;
            return std::nullopt;
        }
        if (grant->token && pool.redeem(*grant->token, clock_.now()))
            pool.release(static_cast<std::uint16_t>(grant->port + 1));  // drop the reservation with it
        if (s.error() != OpenError::AddressInUse) {
            if (s.error() == OpenError::NoDescriptors) ++counters_.relay_sockets_no_descriptors;
            pool.release(grant->port);
            return refusal(s.error());
        }
        busy.add(grant->port);  // held by another program; skip it for this request
    }
    return StunError::InsufficientCapacity;
}

bool RelayCore::set_dont_fragment(Allocation& a) {
    // DF stays on for the rest of the allocation: switching it per datagram
    // would cost a system call (and a flush of the batch) for each one, and
    // Linux sets DF on datagrams within the path MTU by default anyway.
    for (const auto family : kFamilies)
        if (a.relays.has(family) && !transport_.set_dont_fragment(a.relays[family].socket)) return false;
    a.dont_fragment = true;
    return true;
}

void RelayCore::close_endpoints(Allocation& a) {
    // The port an EVEN-PORT request reserved (RFC 8656 §7.2) is held for the
    // allocation's RTCP twin; once the allocation ends nobody needs it, and
    // holding it 30 s more would let a client that allocates and deletes in
    // a loop hold ports far beyond its quota.
    if (a.reservation) {
        for (auto& pool : shared_.pools) pool->cancel(*a.reservation);
        a.reservation.reset();
    }
    for (const auto family : kFamilies) {
        RelayEndpoint& e = a.relays[family];
        if (!e.open()) continue;
        if (a.tcp)
            tcp_->close_listener(e.socket);
        else
            transport_.close_relay(e.socket);
        shared_.pools[e.relay_ip]->release(e.port);
        e = {};
    }
}

}  // namespace turn::relay
