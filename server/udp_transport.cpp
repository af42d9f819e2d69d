#include "server/udp_transport.hpp"

#include <cerrno>

namespace turn::server {

UdpTransport::UdpTransport(event_base* base, const std::vector<Listener>& listeners, RelayReadable on_readable,
                           IoCounters& counters, bool gro)
    : base_(base), listeners_(listeners), on_readable_(std::move(on_readable)), counters_(counters), gro_(gro) {
    queue_.set_gso(!listeners_.empty() && SendQueue::kernel_supports_gso(listeners_.front().fd.get()));
}

void UdpTransport::send_to_client(const relay::ClientKey& to, std::span<const std::uint8_t> data) {
    if (to.is_stream() || to.is_dtls()) {
        ClientSink* sink = to.is_stream() ? streams_ : dtls_;
        if (sink != nullptr) sink->send(to, data);
        return;
    }
    if (to.listener >= listeners_.size()) return;
    queue_.push(listeners_[to.listener].fd.get(), to_sockaddr(to.addr), data, counters_);
}

void UdpTransport::send_to_peer(relay::RelaySocket from, const proto::TransportAddress& to,
                                std::span<const std::uint8_t> data) {
    queue_.push(from, to_sockaddr(to), data, counters_);
}

void UdpTransport::flush() {
    queue_.flush(counters_);
    if (streams_ != nullptr) streams_->flush();
}

Result<relay::RelaySocket, relay::OpenError> UdpTransport::open_relay(const proto::TransportAddress& local,
                                                                      relay::Allocation* owner,
                                                                      bool dont_fragment) {
    auto fd = open_udp(local, UdpOptions{.dont_fragment = dont_fragment, .gro = gro_});
    if (!fd) return unexpected(fd.error().err == EADDRINUSE ? relay::OpenError::AddressInUse : relay::OpenError::Failed);
    auto entry = std::make_unique<RelayEntry>(RelayEntry{this, owner, std::move(*fd), nullptr});
    const int raw = entry->fd.get();
    entry->ev.reset(event_new(base_, raw, EV_READ | EV_PERSIST, &UdpTransport::on_event, entry.get()));
    if (!entry->ev || event_add(entry->ev.get(), nullptr) != 0) return unexpected(relay::OpenError::Failed);
    relays_[raw] = std::move(entry);
    return raw;
}

void UdpTransport::close_relay(relay::RelaySocket s) {
    // Datagrams queued from this socket must leave before its descriptor
    // number can be reused by the next allocation.
    flush();
    relays_.erase(s);
}

std::optional<relay::Arrival> UdpTransport::arrival(const relay::ClientKey& client) const {
    if (client.is_stream() || client.is_dtls()) {
        const ClientSink* sink = client.is_stream() ? streams_ : dtls_;
        return sink != nullptr ? sink->arrival(client) : std::nullopt;
    }
    if (client.listener >= listeners_.size()) return std::nullopt;
    return relay::Arrival{listeners_[client.listener].local, false};
}

std::optional<std::uint32_t> UdpTransport::udp_listener_at(const proto::TransportAddress& local) const {
    for (std::size_t i = 0; i < listeners_.size(); ++i)
        if (listeners_[i].local == local) return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

void UdpTransport::on_event(evutil_socket_t fd, short, void* arg) {
    auto* e = static_cast<RelayEntry*>(arg);
    e->transport->on_readable_(fd, e->owner);
}

}  // namespace turn::server
