#include "signaling/signal_server.hpp"

#include <event2/bufferevent_ssl.h>
#include <openssl/rand.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "auth/bytes.hpp"
#include "server/socket_address.hpp"

namespace turn::signaling {
namespace {

constexpr int kMaxAcceptsPerWakeup = 64;
constexpr std::size_t kIdBytes = 8;  // 16 hex digits: unguessable, short in logs
// HTTP connections (page loads, /api) beside the WebSocket clients.
constexpr std::size_t kHttpConnectionAllowance = 256;

ConnectionLimits connection_limits(const SignalSettings& s) {
    ConnectionLimits l;
    l.reader = s.reader;
    l.message_rate = s.message_rate;
    l.message_burst = s.message_burst;
    // A few of the largest messages, and never less than 1 MiB, may wait
    // for a client that reads slowly.
    l.max_output = std::max<std::size_t>(4 * s.reader.max_message, 1024 * 1024);
    return l;
}

std::string local_host_of(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    proto::TransportAddress local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0 || !server::from_sockaddr(ss, local))
        return "127.0.0.1";
    return local.ip_string();
}

std::string remote_of(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    proto::TransportAddress from;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0 || !server::from_sockaddr(ss, from)) return "?";
    return from.to_string();
}

}  // namespace

SignalServer::SignalServer(event_base* base, SignalSettings settings, server::Logger& log)
    : base_(base), settings_(std::move(settings)), limits_(connection_limits(settings_)), log_(log),
      overflow_("HTTP", log), origins_(settings_.allowed_origins),
      hub_(settings_.hub, *this, [this](const PeerId& id) { return ice_servers_for(id); }) {}

SignalServer::~SignalServer() {
    // Connections first: their bufferevents must go before the loop does.
    connections_.clear();
    listeners_.clear();
}

Result<std::unique_ptr<SignalServer>, std::string> SignalServer::create(event_base* base, SignalSettings settings,
                                                                         server::Logger& log) {
    std::unique_ptr<SignalServer> s(new SignalServer(base, std::move(settings), log));
    if (s->settings_.tls) {
        auto tls = server::TlsContexts::load(*s->settings_.tls);
        if (!tls) return unexpected("TLS: " + tls.error());
        s->tls_ = std::move(*tls);
    }
    if (auto root = WebRoot::open(s->settings_.web_root)) {
        log.info("web client: " + root->path().string());
        s->web_root_.emplace(std::move(*root));
    } else {
        log.warning(root.error() + ": only /api and /ws are served");
    }
    if (s->settings_.http)
        if (auto r = s->listen(*s->settings_.http, false); !r) return unexpected(r.error());
    if (s->settings_.https)
        if (auto r = s->listen(*s->settings_.https, true); !r) return unexpected(r.error());
    s->ping_timer_.reset(event_new(base, -1, EV_PERSIST, &SignalServer::ping_cb, s.get()));
    s->reaper_.reset(event_new(base, -1, 0, &SignalServer::reap_cb, s.get()));
    const timeval interval{static_cast<time_t>(s->settings_.ping_interval.count()), 0};
    if (!s->ping_timer_ || !s->reaper_ || event_add(s->ping_timer_.get(), &interval) != 0)
        return unexpected(std::string("cannot set up timers"));
    return s;
}

Result<void, std::string> SignalServer::listen(const proto::TransportAddress& address, bool tls) {
    auto fd = server::open_tcp_listener(address, {.reuse_port = false, .backlog = 1024});
    if (!fd) return unexpected("cannot listen: " + fd.error().what);
    auto l = std::make_unique<Listener>(Listener{this, std::move(*fd), tls, nullptr});
    l->ev.reset(event_new(base_, l->fd.get(), EV_READ | EV_PERSIST, &SignalServer::accept_cb, l.get()));
    if (!l->ev || event_add(l->ev.get(), nullptr) != 0) return unexpected(std::string("cannot watch a listener"));
    const std::string scheme = tls ? "https://" : "http://";
    log_.info("listening on " + scheme + address.to_string() + " (WebSocket at " + (tls ? "wss://" : "ws://") +
              address.to_string() + "/ws)");
    listeners_.push_back(std::move(l));
    return {};
}

void SignalServer::accept_cb(evutil_socket_t, short, void* arg) {
    auto* l = static_cast<Listener*>(arg);
    l->server->accept_from(*l);
}

void SignalServer::accept_from(Listener& l) {
    for (int i = 0; i < kMaxAcceptsPerWakeup; ++i) {
        const int fd = ::accept4(l.fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            overflow_.handle(l.fd.get(), errno);
            return;
        }
        admit(fd, l.tls);
    }
}

bufferevent* SignalServer::make_bufferevent(int fd, bool tls) {
    if (!tls) return bufferevent_socket_new(base_, fd, BEV_OPT_CLOSE_ON_FREE);
    SSL* ssl = SSL_new(tls_->stream().get());  // holds its own reference across reloads
    if (ssl == nullptr) return nullptr;
    bufferevent* bev = bufferevent_openssl_socket_new(base_, fd, ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
    if (bev == nullptr) {
        SSL_free(ssl);
        return nullptr;
    }
    // A browser that drops TCP without close_notify has still said all it meant to.
    bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
    return bev;
}

void SignalServer::admit(int fd, bool tls) {
    const std::string remote = remote_of(fd);
    if (connections_.size() >= settings_.max_clients + kHttpConnectionAllowance) {
        log_.warning(remote + ": connection limit reached (signaling-max-clients + " +
                     std::to_string(kHttpConnectionAllowance) + "), closed");
        ::close(fd);
        return;
    }
    bufferevent* bev = make_bufferevent(fd, tls);
    if (bev == nullptr) {
        ::close(fd);
        return;
    }
    const std::uint64_t serial = next_serial_++;
    connections_.emplace(serial, std::make_unique<Connection>(*this, base_, bev, serial, remote, tls, local_host_of(fd)));
}

RouteContext SignalServer::route_context(const std::string& local_host) {
    RouteContext ctx;
    ctx.web_root = web_root_ ? &*web_root_ : nullptr;
    ctx.origins = &origins_;
    ctx.ice = &settings_.ice;
    ctx.local_host = local_host;
    ctx.now = std::time(nullptr);
    ctx.clients_full = clients_.size() >= settings_.max_clients;
    ctx.new_id = [this] { return new_id(); };
    return ctx;
}

std::string SignalServer::new_id() const {
    std::array<std::uint8_t, kIdBytes> bytes{};
    for (;;) {
        if (RAND_bytes(bytes.data(), bytes.size()) != 1) std::abort();  // no randomness: nothing is safe to hand out
        std::string id = auth::hex_encode(bytes);
        if (!clients_.contains(id)) return id;
    }
}

json::Value SignalServer::ice_servers_for(const PeerId& id) {
    const auto it = clients_.find(id);
    const std::string host = it == clients_.end() ? "" : it->second.turn_host;
    return ice_servers(settings_.ice, host, id, std::time(nullptr));
}

PeerId SignalServer::open_client(Connection& c, std::string turn_host) {
    PeerId id = new_id();
    clients_.emplace(id, Client{&c, std::move(turn_host)});
    return id;
}

std::optional<MessageError> SignalServer::deliver(const PeerId& from, std::string_view text) {
    return hub_.on_message(from, text);
}

void SignalServer::send(const PeerId& to, std::string text) {
    const auto it = clients_.find(to);
    if (it != clients_.end()) it->second.connection->send_text(text);
}

void SignalServer::leave(Connection& c) {
    if (clients_.erase(c.peer()) == 0) return;
    departed_.push_back(c.peer());
    event_active(reaper_.get(), 0, 0);
}

void SignalServer::retire(Connection& c) {
    if (!c.peer().empty()) leave(c);
    finished_.push_back(c.serial());
    event_active(reaper_.get(), 0, 0);
}

void SignalServer::reap_cb(evutil_socket_t, short, void* arg) { static_cast<SignalServer*>(arg)->reap(); }

// Peers leave the hub (their rooms hear peer-left), then finished
// connections are freed; leaving may finish more, hence the loop.
void SignalServer::reap() {
    while (!departed_.empty() || !finished_.empty()) {
        const auto departed = std::exchange(departed_, {});
        for (const PeerId& id : departed) hub_.on_disconnect(id);
        const auto finished = std::exchange(finished_, {});
        for (const std::uint64_t serial : finished) connections_.erase(serial);
    }
}

void SignalServer::ping_cb(evutil_socket_t, short, void* arg) {
    auto* s = static_cast<SignalServer*>(arg);
    std::vector<Connection*> clients;
    for (auto& [id, client] : s->clients_) clients.push_back(client.connection);
    for (Connection* c : clients) c->ping();
}

void SignalServer::shut_down() {
    listeners_.clear();
    event_del(ping_timer_.get());
    for (auto& [serial, c] : connections_) c->go_away();
}

void SignalServer::reload_tls() {
    if (!tls_) return log_.info("SIGUSR2: no HTTPS listener, nothing to reload");
    if (auto r = tls_->reload(); !r) return log_.error("SIGUSR2: TLS reload failed, keeping the old certificate: " + r.error());
    log_.info("SIGUSR2: TLS certificate and key reloaded");
}

}  // namespace turn::signaling
