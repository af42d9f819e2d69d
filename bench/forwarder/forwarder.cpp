#include "bench/forwarder/forwarder.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "bench/forwarder/setup_message.hpp"

namespace turn::bench::floor {

namespace {

constexpr std::uint64_t kClientTag = ~0ULL;
constexpr std::uint64_t kStopTag = ~0ULL - 1;
// recvmmsg batch on the client-facing socket, as the project's server reads.
constexpr std::size_t kClientBatch = 64;
constexpr std::size_t kRelayBatch = 64;

// A non-blocking UDP socket bound to `at`; Fd(-1) with errno set on failure.
Fd bind_udp(const sockaddr_in& at, int buffer_bytes) {
    Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return fd;
    if (buffer_bytes > 0) {
        ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
        ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&at), sizeof at) != 0) {
        const int err = errno;
        fd = Fd();
        errno = err;  // for the caller's message, past close()
    }
    return fd;
}

bool same_address(const sockaddr_in& a, const sockaddr_in& b) {
    return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr;
}

}  // namespace

Forwarder::Forwarder(const ForwarderConfig& config)
    : config_(config), table_(config.max_flows), to_peer_(config.gso), to_client_(config.gso) {
    client_ = bind_udp(config_.listen, config_.client_buffer);
    if (client_.get() < 0)
        throw ForwarderError("cannot bind " + format_address(config_.listen) + ": " + std::strerror(errno));
    epoll_.add(client_.get(), kClientTag);
}

void Forwarder::run(int stop_fd) {
    epoll_.add(stop_fd, kStopTag);
    for (;;) {
        const auto events = epoll_.wait(-1);
        for (const auto& ev : events) {
            if (ev.data.u64 == kStopTag) return;
            if (ev.data.u64 == kClientTag) on_client_readable();
            else on_relay_readable(static_cast<FlowTable::Index>(ev.data.u64));
        }
        // Everything the peers sent this turn, to all clients, in one go.
        if (!to_client_.empty()) to_client_.flush(client_.get(), counters_.to_client);
        from_peers_.reset();
    }
}

void Forwarder::on_client_readable() {
    for (;;) {
        from_clients_.reset();
        const auto r = from_clients_.receive(client_.get(), kClientBatch);
        if (r.count == 0) return;
        forward_to_peers(r);
        if (r.count < kClientBatch) return;
    }
}

// Consecutive datagrams of one flow leave through its relay socket together;
// a change of flow sends what was gathered (each flow has its own socket).
void Forwarder::forward_to_peers(RecvPool::Range r) {
    std::optional<FlowTable::Index> current;
    auto send_current = [&] {
        if (current && !to_peer_.empty()) to_peer_.flush(table_.at(*current).relay.get(), counters_.to_peer);
    };
    for (std::size_t i = r.first; i < r.first + r.count; ++i) {
        const auto datagram = from_clients_.packet(i);
        const auto& from = from_clients_.source(i);
        const auto flow = table_.find(from);
        // A payload never starts with "FLOOR-HELLO " (the benchmark's start with a binary magic).
        if (!flow || is_hello(datagram)) {
            answer_setup(from, datagram, flow);
            continue;
        }
        if (from_clients_.truncated(i)) {
            ++counters_.truncated;
            continue;
        }
        ++counters_.to_peer_in;
        if (current != flow) send_current();
        current = flow;
        to_peer_.push(table_.at(*flow).peer, datagram);
        if (to_peer_.full()) send_current();
    }
    send_current();
}

void Forwarder::on_relay_readable(FlowTable::Index index) {
    const Flow& flow = table_.at(index);
    for (;;) {
        if (from_peers_.room() < kRelayBatch) {
            // The pool is spoken for by datagrams not yet sent: send them first.
            to_client_.flush(client_.get(), counters_.to_client);
            from_peers_.reset();
        }
        const auto r = from_peers_.receive(flow.relay.get(), kRelayBatch);
        for (std::size_t i = r.first; i < r.first + r.count; ++i) {
            if (!same_address(from_peers_.source(i), flow.peer)) {
                ++counters_.not_from_peer;
            } else if (from_peers_.truncated(i)) {
                ++counters_.truncated;
            } else {
                ++counters_.to_client_in;
                to_client_.push(flow.client, from_peers_.packet(i));
            }
        }
        if (r.count < kRelayBatch) return;
    }
}

void Forwarder::answer_setup(const sockaddr_in& from, std::span<const std::uint8_t> datagram,
                             std::optional<FlowTable::Index> known) {
    if (!is_hello(datagram)) {
        ++counters_.unknown_source;
        return;
    }
    ++counters_.setup_requests;
    const auto peer = parse_hello(datagram);
    std::string answer;
    if (!peer) answer = format_error("malformed HELLO: expected \"FLOOR-HELLO a.b.c.d:port\"");
    else if (known) answer = format_relay(table_.at(*known).relay_address);
    else answer = create_flow(from, *peer);
    if (answer.starts_with(kError)) ++counters_.setup_errors;
    reply(from, answer);
}

// A new flow and its relay socket; the answer to send back.
std::string Forwarder::create_flow(const sockaddr_in& client, const sockaddr_in& peer) {
    if (table_.size() >= table_.max_flows())
        return format_error("flow table full (" + std::to_string(table_.max_flows()) + " flows)");
    sockaddr_in bound{};
    Fd relay = open_relay(bound);
    if (relay.get() < 0) return format_error("no relay port free: " + std::string(std::strerror(errno)));
    const int fd = relay.get();
    const auto index = table_.insert({std::move(relay), bound, client, peer});
    epoll_.add(fd, *index);
    return format_relay(bound);
}

// The next free port of the range, round robin, as a TURN server's port pool.
Fd Forwarder::open_relay(sockaddr_in& bound) {
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr = config_.relay_ip;
    const std::uint32_t span = config_.relay_max == 0 ? 1 : config_.relay_max - config_.relay_min + 1u;
    for (std::uint32_t tries = 0; tries < span; ++tries) {
        const std::uint32_t offset = next_port_offset_++ % span;
        at.sin_port = htons(static_cast<std::uint16_t>(config_.relay_max == 0 ? 0 : config_.relay_min + offset));
        Fd fd = bind_udp(at, 0);
        if (fd.get() >= 0) {
            bound = local_address(fd.get());
            return fd;
        }
        if (errno != EADDRINUSE) break;
    }
    return Fd();
}

void Forwarder::reply(const sockaddr_in& to, const std::string& text) {
    ::sendto(client_.get(), text.data(), text.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

}  // namespace turn::bench::floor
