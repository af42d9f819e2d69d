#include "server/ops_connections.hpp"

#include <event2/buffer.h>
#include <sys/socket.h>

#include <cerrno>

namespace turn::server {
namespace {

constexpr int kMaxAcceptsPerWakeup = 16;
constexpr std::chrono::seconds kLinger{2};

timeval to_timeval(std::chrono::seconds s) { return {static_cast<time_t>(s.count()), 0}; }

}  // namespace

OpsConnection::OpsConnection(OpsConnections& set, bufferevent* bev, std::uint64_t id, std::size_t listener)
    : set_(set), bev_(bev), id_(id), listener_(listener) {
    deadline_.reset(evtimer_new(bufferevent_get_base(bev), &OpsConnection::deadline_cb, this));
    bufferevent_setcb(bev_, &OpsConnection::read_cb, &OpsConnection::write_cb, &OpsConnection::event_cb, this);
    // Never more input held than the limit: past it the handler hears of it.
    bufferevent_setwatermark(bev_, EV_READ, 0, set_.limits_.max_input + 1);
    const timeval write_timeout = to_timeval(set_.limits_.write_timeout);
    bufferevent_set_timeouts(bev_, nullptr, &write_timeout);
    bufferevent_enable(bev_, EV_READ | EV_WRITE);
    arm_deadline(set_.limits_.deadline);
}

OpsConnection::~OpsConnection() { bufferevent_free(bev_); }

void OpsConnection::send(std::string_view bytes) {
    if (state_ == State::Closed) return;
    evbuffer_add(bufferevent_get_output(bev_), bytes.data(), bytes.size());
}

void OpsConnection::close_after_flush() {
    if (state_ != State::Open) return;
    state_ = State::Closing;
    stop_deadline();
    bufferevent_disable(bev_, EV_READ);
    if (queued() == 0) linger();
}

void OpsConnection::linger() {
    state_ = State::Lingering;
    ::shutdown(bufferevent_getfd(bev_), SHUT_WR);
    evbuffer* in = input();
    evbuffer_drain(in, evbuffer_get_length(in));
    bufferevent_enable(bev_, EV_READ);
    arm_deadline(kLinger);
}

void OpsConnection::close() {
    if (state_ == State::Closed) return;
    state_ = State::Closed;
    stop_deadline();
    bufferevent_disable(bev_, EV_READ | EV_WRITE);
    bufferevent_setcb(bev_, nullptr, nullptr, nullptr, nullptr);
    set_.retire(*this);
}

void OpsConnection::flush_now() {
    if (state_ == State::Closed) return;
    // A socket bufferevent keeps the front of its output frozen between its
    // own writes; this one write is ours.
    evbuffer* out = bufferevent_get_output(bev_);
    evbuffer_unfreeze(out, 1);
    evbuffer_write(out, bufferevent_getfd(bev_));
    evbuffer_freeze(out, 1);
}

void OpsConnection::arm_deadline(std::chrono::seconds after) {
    const timeval t = to_timeval(after);
    if (deadline_) evtimer_add(deadline_.get(), &t);
}

void OpsConnection::stop_deadline() {
    if (deadline_) evtimer_del(deadline_.get());
}

std::size_t OpsConnection::queued() const { return evbuffer_get_length(bufferevent_get_output(bev_)); }

void OpsConnection::read_cb(bufferevent* bev, void* arg) {
    auto* c = static_cast<OpsConnection*>(arg);
    evbuffer* in = bufferevent_get_input(bev);
    if (c->state_ == State::Lingering) return void(evbuffer_drain(in, evbuffer_get_length(in)));
    if (evbuffer_get_length(in) > c->set_.limits_.max_input) return c->set_.handler_.on_overrun(*c, Overrun::Input);
    c->set_.handler_.on_input(*c, in);
}

void OpsConnection::write_cb(bufferevent*, void* arg) {
    auto* c = static_cast<OpsConnection*>(arg);
    if (c->state_ == State::Closing && c->queued() == 0) c->linger();
}

void OpsConnection::event_cb(bufferevent*, short, void* arg) {
    // End of input, an error, or output stuck past the write timeout: either
    // way nothing more can be said to this client.
    static_cast<OpsConnection*>(arg)->close();
}

void OpsConnection::deadline_cb(evutil_socket_t, short, void* arg) {
    auto* c = static_cast<OpsConnection*>(arg);
    if (c->state_ == State::Lingering) return c->close();
    c->set_.handler_.on_overrun(*c, Overrun::Deadline);
}

OpsConnections::OpsConnections(event_base* base, OpsLimits limits, OpsHandler& handler)
    : base_(base), limits_(limits), handler_(handler) {
    reaper_.reset(event_new(base_, -1, 0, &OpsConnections::reap_cb, this));
}

OpsConnections::~OpsConnections() {
    connections_.clear();
    listeners_.clear();
}

Result<std::size_t, std::string> OpsConnections::listen(Fd listener) {
    const std::size_t index = listeners_.size();
    auto l = std::make_unique<Listening>(Listening{this, index, std::move(listener), nullptr});
    l->ev.reset(event_new(base_, l->fd.get(), EV_READ | EV_PERSIST, &OpsConnections::accept_cb, l.get()));
    if (!l->ev || event_add(l->ev.get(), nullptr) != 0) return unexpected(std::string("cannot watch a listening socket"));
    listeners_.push_back(std::move(l));
    return index;
}

OpsConnection* OpsConnections::find(std::uint64_t id) {
    const auto it = connections_.find(id);
    return it == connections_.end() || !it->second->open() ? nullptr : it->second.get();
}

void OpsConnections::for_each(const std::function<void(OpsConnection&)>& f) {
    for (auto& [id, c] : connections_)
        if (c->open()) f(*c);
}

void OpsConnections::close_all() {
    for (auto& [id, c] : connections_) c->close();
}

void OpsConnections::accept_cb(evutil_socket_t, short, void* arg) {
    auto* l = static_cast<Listening*>(arg);
    l->set->accept_from(*l);
}

void OpsConnections::accept_from(Listening& l) {
    for (int i = 0; i < kMaxAcceptsPerWakeup; ++i) {
        const int fd = ::accept4(l.fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;  // EAGAIN, or out of descriptors: the next wake-up tries again
        adopt(fd, l.index);
    }
}

void OpsConnections::adopt(int fd, std::size_t listener) {
    if (connections_.size() >= limits_.max_connections) {
        Fd refused(fd);  // closed here: one slot per client, never more
        return;
    }
    bufferevent* bev = bufferevent_socket_new(base_, fd, BEV_OPT_CLOSE_ON_FREE);
    if (bev == nullptr) {
        Fd failed(fd);
        return;
    }
    const std::uint64_t id = next_id_++;
    connections_.emplace(id, std::make_unique<OpsConnection>(*this, bev, id, listener));
}

void OpsConnections::retire(OpsConnection& c) {
    handler_.on_closed(c);
    retired_.push_back(c.id());
    if (reaper_) event_active(reaper_.get(), 0, 0);
}

void OpsConnections::reap_cb(evutil_socket_t, short, void* arg) {
    auto* set = static_cast<OpsConnections*>(arg);
    for (const auto id : set->retired_) set->connections_.erase(id);
    set->retired_.clear();
}

}  // namespace turn::server
