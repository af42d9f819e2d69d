#include "server/stream_server.hpp"

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "protocol/stream_framer.hpp"
#include "server/socket_address.hpp"

namespace turn::server {

namespace {

constexpr std::uint8_t kTlsHandshakeRecord = 0x16;  // RFC 8446 §5.1 ContentType handshake
constexpr int kMaxAcceptsPerWakeup = 64;
constexpr auto kLimitLogInterval = std::chrono::seconds(10);

timeval to_timeval(std::chrono::seconds s) { return {static_cast<time_t>(s.count()), 0}; }

// STUN starts with bits 00, ChannelData with 01 (RFC 8656 §12).
bool starts_turn_frame(std::uint8_t first) { return (first & 0xC0) == 0x00 || (first & 0xC0) == 0x40; }

}  // namespace

struct StreamServer::Connection {
    StreamServer* server;
    relay::ClientKey key;
    int fd;
    EventPtr sniff;              // waits for the first byte
    bufferevent* bev = nullptr;  // owns fd (and the SSL) once the kind is known
    bool tls = false;
    bool framed = false;         // a complete frame has arrived
    bool dirty = false;          // in StreamServer::dirty_
    bool held = false;           // a ConnectionBind is in flight (hold())
    proto::TransportAddress local;  // the listener's address it came in on
    bool tls_allowed = true;        // false on an aux-server port

    Connection(StreamServer* s, const relay::ClientKey& k, int descriptor) : server(s), key(k), fd(descriptor) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        if (bev != nullptr) {
            bufferevent_free(bev);
        } else if (fd >= 0) {
            ::close(fd);
        }
    }
};

StreamServer::StreamServer(event_base* base, std::vector<Listener> listeners, StreamSettings settings, Logger& log)
    : base_(base), settings_(settings), limits_(settings_.limits), log_(log) {
    for (auto& l : listeners) {
        auto slot = std::make_unique<ListenerSlot>(ListenerSlot{this, std::move(l), nullptr});
        slot->ev.reset(event_new(base_, slot->listener.fd.get(), EV_READ | EV_PERSIST, &StreamServer::accept_cb,
                                 slot.get()));
        if (!slot->ev || event_add(slot->ev.get(), nullptr) != 0)
            throw std::runtime_error("cannot watch a TCP listener socket");
        listeners_.push_back(std::move(slot));
    }
}

// Connections go before the listeners; the core is not told (it is gone first).
StreamServer::~StreamServer() { connections_.clear(); }

void StreamServer::attach(relay::RelayCore* core, std::function<void()> end_turn) {
    core_ = core;
    end_turn_ = std::move(end_turn);
}

void StreamServer::note(std::string_view message) { log_.info(message); }

void StreamServer::accept_cb(evutil_socket_t, short, void* arg) {
    auto* slot = static_cast<ListenerSlot*>(arg);
    slot->server->accept_from(*slot);
}

void StreamServer::accept_from(ListenerSlot& slot) {
    for (int i = 0; i < kMaxAcceptsPerWakeup; ++i) {
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        const int fd = ::accept4(slot.listener.fd.get(), reinterpret_cast<sockaddr*>(&ss), &len,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE) log_.warning("TCP accept: out of file descriptors");
            return;
        }
        proto::TransportAddress from;
        if (!from_sockaddr(ss, from)) {
            ::close(fd);
            continue;
        }
        admit(fd, from, slot.listener);
    }
}

void StreamServer::admit(int fd, const proto::TransportAddress& from, const Listener& at) {
    if (connections_.size() >= settings_.max_connections) {
        ::close(fd);
        ++counters_.refused_over_limit;
        const auto now = std::chrono::steady_clock::now();
        if (now - limit_logged_ >= kLimitLogInterval) {
            limit_logged_ = now;
            log_.warning("TCP/TLS connection limit reached (max-tcp-connections-per-thread=" +
                         std::to_string(settings_.max_connections) + "): closing new connections, e.g. from " +
                         from.to_string());
        }
        return;
    }
    ++counters_.accepted;
    const std::uint32_t id = next_id();
    auto c = std::make_unique<Connection>(this, relay::ClientKey{relay::kStreamConnection | id, from}, fd);
    c->local = at.local;
    c->tls_allowed = at.tls_allowed;
    c->sniff.reset(event_new(base_, fd, EV_READ, &StreamServer::sniff_cb, c.get()));
    const timeval deadline = to_timeval(limits_.handshake);
    if (!c->sniff || event_add(c->sniff.get(), &deadline) != 0) return;  // c closes fd
    connections_.emplace(id, std::move(c));
}

std::uint32_t StreamServer::next_id() {
    // 31 bits per thread; after a wrap, numbers still in use are skipped.
    do {
        last_id_ = (last_id_ + 1) & ~relay::kStreamConnection;
    } while (last_id_ == 0 || connections_.contains(last_id_));
    return last_id_;
}

void StreamServer::sniff_cb(evutil_socket_t, short what, void* arg) {
    auto* c = static_cast<Connection*>(arg);
    c->server->on_first_byte(*c, what);
}

void StreamServer::on_first_byte(Connection& c, short what) {
    if ((what & EV_TIMEOUT) != 0) {
        ++counters_.closed_timeout;
        return close(c, "nothing received within the handshake timeout");
    }
    std::uint8_t first = 0;
    const ssize_t n = ::recv(c.fd, &first, 1, MSG_PEEK);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        const timeval deadline = to_timeval(limits_.handshake);
        event_add(c.sniff.get(), &deadline);
        return;
    }
    if (n <= 0) return close(c, "closed before sending anything");
    const bool tls = first == kTlsHandshakeRecord;
    if (tls && (settings_.tls == nullptr || !c.tls_allowed)) {
        ++counters_.closed_bad_start;
        return close(c, "TLS handshake on a port without TLS (no cert, no-tls, or an aux-server)");
    }
    if (!tls && !(settings_.plain && starts_turn_frame(first))) {
        ++counters_.closed_bad_start;
        return close(c, settings_.plain ? "first byte is neither STUN, ChannelData nor TLS"
                                        : "plain TCP refused (no-tcp)");
    }
    start_stream(c, tls);
}

void StreamServer::start_stream(Connection& c, bool tls) {
    c.sniff.reset();
    c.tls = tls;
    if (tls) {
        const SslCtxPtr ctx = settings_.tls->stream();
        SSL* ssl = SSL_new(ctx.get());  // holds its own reference to ctx across reloads
        c.bev = ssl == nullptr ? nullptr
                               : bufferevent_openssl_socket_new(base_, c.fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                                                BEV_OPT_CLOSE_ON_FREE);
        if (c.bev == nullptr && ssl != nullptr) SSL_free(ssl);
        // A client that drops TCP without close_notify has still said all it meant to.
        if (c.bev != nullptr) bufferevent_openssl_set_allow_dirty_shutdown(c.bev, 1);
    } else {
        c.bev = bufferevent_socket_new(base_, c.fd, BEV_OPT_CLOSE_ON_FREE);
    }
    if (c.bev == nullptr) return close(c, "cannot set up the connection");
    c.fd = -1;
    bufferevent_setcb(c.bev, &StreamServer::read_cb, tls ? nullptr : &StreamServer::drained_cb,
                      &StreamServer::event_cb, &c);
    bufferevent_setwatermark(c.bev, EV_READ, 0, limits_.max_input);
    const timeval read_deadline = to_timeval(limits_.handshake);
    const timeval write_deadline = to_timeval(limits_.write_stall);
    bufferevent_set_timeouts(c.bev, &read_deadline, &write_deadline);
    // Plain TCP: writes are ours (flush()); libevent only finishes what the
    // socket did not take at once. TLS writes go through OpenSSL's bufferevent.
    bufferevent_enable(c.bev, tls ? EV_READ | EV_WRITE : EV_READ);
}

void StreamServer::read_cb(bufferevent*, void* arg) {
    auto* c = static_cast<Connection*>(arg);
    c->server->on_readable(*c);
}

void StreamServer::on_readable(Connection& c) {
    evbuffer* in = bufferevent_get_input(c.bev);
    const std::size_t size = evbuffer_get_length(in);
    // One contiguous view of what arrived (input is capped at max_input):
    // every complete frame in it goes to the core, then one flush, then the
    // bytes are released — the core's queued sends may point into them.
    const std::uint8_t* bytes = evbuffer_pullup(in, -1);
    std::size_t used = 0;
    while (used < size) {
        const auto frame = proto::peek_frame({bytes + used, size - used}, proto::StreamFramer::kMaxFrameSize);
        if (const auto* error = std::get_if<proto::FrameError>(&frame)) {
            ++counters_.closed_framing;
            if (end_turn_) end_turn_();
            return close(c, std::string("framing lost: ") + std::string(proto::frame_error_name(*error)));
        }
        const auto* info = std::get_if<proto::FrameInfo>(&frame);
        if (info == nullptr || info->frame_size > size - used) break;
        if (!c.framed) {
            c.framed = true;
            const timeval idle = to_timeval(limits_.idle);
            const timeval write_deadline = to_timeval(limits_.write_stall);
            bufferevent_set_timeouts(c.bev, &idle, &write_deadline);
        }
        if (core_ != nullptr) core_->on_client_datagram(c.key, {bytes + used, info->message_size});
        used += info->frame_size;
        if (c.held) break;  // RFC 6062 §5.4: what follows a ConnectionBind is data
    }
    if (used == 0) return;
    if (end_turn_) end_turn_();
    evbuffer_drain(in, used);
}

// Output fully written by libevent: back to writing directly at turn ends.
void StreamServer::drained_cb(bufferevent* bev, void*) { bufferevent_disable(bev, EV_WRITE); }

void StreamServer::event_cb(bufferevent*, short what, void* arg) {
    auto* c = static_cast<Connection*>(arg);
    c->server->on_event(*c, what);
}

void StreamServer::on_event(Connection& c, short what) {
    if ((what & BEV_EVENT_CONNECTED) != 0) return;  // TLS handshake done
    if ((what & BEV_EVENT_TIMEOUT) != 0) return on_timeout(c, what);
    if ((what & BEV_EVENT_ERROR) != 0 && c.tls) {
        const unsigned long e = bufferevent_get_openssl_error(c.bev);
        if (e != 0) {
            char reason[256];
            ERR_error_string_n(e, reason, sizeof reason);
            return close(c, std::string("TLS error: ") + reason);
        }
    }
    close(c, (what & BEV_EVENT_EOF) != 0 ? "" : "connection error");
}

void StreamServer::on_timeout(Connection& c, short what) {
    if ((what & BEV_EVENT_WRITING) != 0) {
        ++counters_.closed_timeout;
        return close(c, "client does not read (" + std::to_string(evbuffer_get_length(bufferevent_get_output(c.bev))) +
                            " bytes queued)");
    }
    // libevent's OpenSSL bufferevent reports a deadline that passes during
    // the handshake with neither READING nor WRITING set.
    if ((what & BEV_EVENT_READING) == 0) {
        ++counters_.closed_timeout;
        return close(c, "TLS handshake not finished within the handshake timeout");
    }
    // Silence is fine while the client holds an allocation: its lifetime,
    // not the connection, decides when it ends.
    if (c.framed && core_ != nullptr && core_->has_allocation(c.key)) {
        bufferevent_enable(c.bev, EV_READ);
        return;
    }
    ++counters_.closed_timeout;
    close(c, c.framed ? "idle without an allocation" : "no complete request within the handshake timeout");
}

void StreamServer::close(Connection& c, std::string_view why) {
    if (!why.empty()) note((c.tls ? "TLS " : "TCP ") + c.key.addr.to_string() + ": " + std::string(why));
    if (c.framed && core_ != nullptr) core_->on_client_closed(c.key);
    connections_.erase(c.key.listener & ~relay::kStreamConnection);
}

StreamServer::Connection* StreamServer::find(const relay::ClientKey& k) {
    const auto it = connections_.find(k.listener & ~relay::kStreamConnection);
    return it == connections_.end() || it->second->key != k ? nullptr : it->second.get();
}

std::optional<relay::Arrival> StreamServer::arrival(const relay::ClientKey& client) const {
    const auto it = connections_.find(client.listener & ~relay::kStreamConnection);
    if (it == connections_.end() || it->second->key != client) return std::nullopt;
    return relay::Arrival{it->second->local, it->second->tls};
}

void StreamServer::send(const relay::ClientKey& to, std::span<const std::uint8_t> data) {
    const auto it = connections_.find(to.listener & ~relay::kStreamConnection);
    if (it == connections_.end() || it->second->bev == nullptr) return;
    bufferevent* bev = it->second->bev;
    if (evbuffer_get_length(bufferevent_get_output(bev)) + data.size() > limits_.max_output) {
        ++counters_.output_drops;
        return;
    }
    Connection& c = *it->second;
    if (c.tls) {
        bufferevent_write(bev, data.data(), data.size());
        return;
    }
    // With EV_WRITE off this only queues; flush() writes the turn's frames at once.
    evbuffer_add(bufferevent_get_output(bev), data.data(), data.size());
    if (!c.dirty) {
        c.dirty = true;
        dirty_.push_back(it->first);
    }
}

void StreamServer::flush() {
    for (const std::uint32_t id : dirty_) {
        const auto it = connections_.find(id);
        if (it == connections_.end()) continue;
        Connection& c = *it->second;
        c.dirty = false;
        evbuffer* out = bufferevent_get_output(c.bev);
        // Whatever the socket does not take now (or an error) is libevent's
        // to finish or report, with the write timeout running.
        if ((bufferevent_get_enabled(c.bev) & EV_WRITE) == 0 &&
            (evbuffer_write(out, bufferevent_getfd(c.bev)) < 0 || evbuffer_get_length(out) > 0))
            bufferevent_enable(c.bev, EV_WRITE);
    }
    dirty_.clear();
}

void StreamServer::hold(const relay::ClientKey& k) {
    Connection* c = find(k);
    if (c == nullptr || c->bev == nullptr) return;
    c->held = true;
    bufferevent_disable(c->bev, EV_READ);
}

void StreamServer::release(const relay::ClientKey& k) {
    Connection* c = find(k);
    if (c == nullptr || c->bev == nullptr || !c->held) return;
    c->held = false;
    bufferevent_enable(c->bev, EV_READ);
    // Frames that arrived behind the refused ConnectionBind.
    if (evbuffer_get_length(bufferevent_get_input(c->bev)) > 0) on_readable(*c);
}

bufferevent* StreamServer::detach(const relay::ClientKey& k) {
    Connection* c = find(k);
    if (c == nullptr || c->bev == nullptr) return nullptr;
    bufferevent* bev = std::exchange(c->bev, nullptr);
    bufferevent_setcb(bev, nullptr, nullptr, nullptr, nullptr);
    // Not a close: the core has no allocation on it (a data connection
    // cannot hold one) and the connection lives on in the splice.
    connections_.erase(k.listener & ~relay::kStreamConnection);
    return bev;
}

}  // namespace turn::server
