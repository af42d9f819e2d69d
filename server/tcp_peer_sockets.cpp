#include "server/tcp_peer_sockets.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>

#include "server/open_error.hpp"
#include "server/socket_address.hpp"

namespace turn::server {

namespace {

constexpr int kListenBacklog = 64;
constexpr int kMaxAcceptsPerWakeup = 16;

}  // namespace

Result<relay::RelaySocket, relay::OpenError> PeerSockets::listen(const proto::TransportAddress& local,
                                                                 relay::Allocation* owner) {
    // SO_REUSEPORT (with SO_REUSEADDR, in open_tcp_listener) lets the
    // server's connections to peers (§5.2) bind the same relayed address.
    auto fd = open_tcp_listener(local, {.reuse_port = true, .backlog = kListenBacklog});
    if (!fd) return unexpected(open_error_of(fd.error()));
    auto entry = std::make_unique<ListenerEntry>(ListenerEntry{this, owner, std::move(*fd), nullptr});
    const int raw = entry->fd.get();
    entry->ev.reset(event_new(base_, raw, EV_READ | EV_PERSIST, &PeerSockets::accept_cb, entry.get()));
    if (!entry->ev || event_add(entry->ev.get(), nullptr) != 0) return unexpected(relay::OpenError::Failed);
    listeners_[raw] = std::move(entry);
    return raw;
}

void PeerSockets::accept_cb(evutil_socket_t, short, void* arg) {
    auto* l = static_cast<ListenerEntry*>(arg);
    l->self->accept_from(*l);
}

void PeerSockets::accept_from(ListenerEntry& l) {
    for (int i = 0; i < kMaxAcceptsPerWakeup; ++i) {
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        Fd fd(::accept4(l.fd.get(), reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            overflow_.handle(l.fd.get(), errno);
            return;
        }
        proto::TransportAddress peer;
        if (!from_sockaddr(ss, peer) || core_ == nullptr) continue;
        // §5.3: the core decides (permission, cap) and tells the client.
        const auto id = core_->on_peer_accepted(*l.owner, peer);
        if (!id) {
            log_.debug("TCP relay: peer " + peer.to_string() + " refused (no permission or too many connections)");
            continue;  // fd closes
        }
        (void)set_int(fd.get(), IPPROTO_TCP, TCP_NODELAY, 1);
        peers_[*id] = std::make_unique<PeerEntry>(PeerEntry{this, *id, std::move(fd), nullptr});
    }
}

bool PeerSockets::connect(relay::TcpConnectionId id, const proto::TransportAddress& local,
                          const proto::TransportAddress& peer) {
    // Several connections share the relayed address (one per peer), and
    // the allocation's listening socket holds it too: both need the reuse
    // options for the bind to succeed.
    auto fd = open_bound(local, SOCK_STREAM, true, [](int s) -> std::optional<SocketError> {
        if (!set_int(s, SOL_SOCKET, SO_REUSEADDR, 1)) return SocketError{errno, "SO_REUSEADDR"};
        return std::nullopt;
    });
    if (!fd) {
        log_.debug("TCP relay: cannot bind " + local.to_string() + " to connect: " + fd.error().what);
        return false;
    }
    const SockAddr to = to_sockaddr(peer);
    if (::connect(fd->get(), to.get(), to.length) != 0 && errno != EINPROGRESS) {
        log_.debug("TCP relay: connect " + local.to_string() + " -> " + peer.to_string() + " failed at once");
        return false;
    }
    (void)set_int(fd->get(), IPPROTO_TCP, TCP_NODELAY, 1);
    auto entry = std::make_unique<PeerEntry>(PeerEntry{this, id, std::move(*fd), nullptr});
    // Even a connect that finished at once is reported from the loop, so
    // the core never hears of it inside its own Connect handling.
    entry->connecting.reset(event_new(base_, entry->fd.get(), EV_WRITE, &PeerSockets::connected_cb, entry.get()));
    if (!entry->connecting || event_add(entry->connecting.get(), nullptr) != 0) return false;
    peers_[id] = std::move(entry);
    return true;
}

void PeerSockets::connected_cb(evutil_socket_t, short, void* arg) {
    auto* p = static_cast<PeerEntry*>(arg);
    p->self->on_connected(*p);
}

void PeerSockets::on_connected(PeerEntry& p) {
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(p.fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    p.connecting.reset();
    // The core may close the entry (a failure): nothing touches it after.
    if (core_ != nullptr) core_->on_peer_connected(p.id, err == 0);
}

Fd PeerSockets::take(relay::TcpConnectionId id) {
    const auto it = peers_.find(id);
    if (it == peers_.end() || it->second->connecting) return Fd{};
    Fd fd = std::move(it->second->fd);
    peers_.erase(it);
    return fd;
}

}  // namespace turn::server
