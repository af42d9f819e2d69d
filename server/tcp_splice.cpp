#include "server/tcp_splice.hpp"

#include <event2/buffer.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>

namespace turn::server {

struct SpliceSet::Splice {
    SpliceSet* set;
    relay::TcpConnectionId id;
    std::size_t owner_worker;
    bufferevent* client = nullptr;
    bufferevent* peer = nullptr;
    ev_token_bucket_cfg* rate = nullptr;
    bool closing = false;  // one side is gone; the other flushes, then closes

    Splice(SpliceSet* s, relay::TcpConnectionId i, std::size_t owner) : set(s), id(i), owner_worker(owner) {}
    Splice(const Splice&) = delete;
    Splice& operator=(const Splice&) = delete;
    ~Splice() {
        release(client);
        release(peer);
        if (rate != nullptr) ev_token_bucket_cfg_free(rate);
    }
    bufferevent* other(bufferevent* b) const { return b == client ? peer : client; }
    // Frees one side (its rate limit first: the configuration outlives it).
    void release(bufferevent*& bev) {
        if (bev == nullptr) return;
        if (rate != nullptr) bufferevent_set_rate_limit(bev, nullptr);
        bufferevent_free(bev);
        bev = nullptr;
    }
};

namespace {

timeval to_timeval(std::chrono::seconds s) { return {static_cast<time_t>(s.count()), 0}; }

std::size_t queued(bufferevent* bev) { return evbuffer_get_length(bufferevent_get_output(bev)); }

}  // namespace

SpliceSet::SpliceSet(event_base* base, SpliceLimits limits, Ended ended)
    : base_(base), limits_(limits), ended_(std::move(ended)) {}

SpliceSet::~SpliceSet() { splices_.clear(); }

bool SpliceSet::start(relay::TcpConnectionId id, std::size_t owner_worker, bufferevent* client, Fd peer,
                      std::uint64_t max_bps) {
    auto s = std::make_unique<Splice>(this, id, owner_worker);
    s->client = client;
    (void)set_int(bufferevent_getfd(client), IPPROTO_TCP, TCP_NODELAY, 1);
    s->peer = bufferevent_socket_new(base_, peer.get(), BEV_OPT_CLOSE_ON_FREE);
    if (s->peer == nullptr) return false;  // s frees the client; peer closes with its Fd
    (void)peer.release();
    if (max_bps > 0) {
        const auto rate = static_cast<std::size_t>(std::min<std::uint64_t>(max_bps, EV_RATE_LIMIT_MAX));
        s->rate = ev_token_bucket_cfg_new(rate, rate, EV_RATE_LIMIT_MAX, EV_RATE_LIMIT_MAX, nullptr);
    }
    for (bufferevent* bev : {s->client, s->peer}) {
        bufferevent_setcb(bev, &SpliceSet::read_cb, &SpliceSet::write_cb, &SpliceSet::event_cb, s.get());
        // Only the allocation's lifetime ends a quiet pair (§5.5).
        bufferevent_set_timeouts(bev, nullptr, nullptr);
        bufferevent_setwatermark(bev, EV_READ, 0, limits_.high_water);
        if (s->rate != nullptr) bufferevent_set_rate_limit(bev, s->rate);
        bufferevent_enable(bev, EV_READ | EV_WRITE);
    }
    Splice& ref = *s;
    splices_[id] = std::move(s);
    ++counters_.pairs;
    // Data the client sent right behind its ConnectionBind.
    if (evbuffer_get_length(bufferevent_get_input(ref.client)) > 0) forward(ref, ref.client);
    return true;
}

void SpliceSet::close(relay::TcpConnectionId id) { splices_.erase(id); }

void SpliceSet::read_cb(bufferevent* bev, void* arg) {
    auto* s = static_cast<Splice*>(arg);
    s->set->forward(*s, bev);
}

void SpliceSet::forward(Splice& s, bufferevent* from) {
    bufferevent* to = s.other(from);
    if (to == nullptr || s.closing) return;
    move_input(s, from, to);
    if (queued(to) < limits_.high_water) return;
    // Back-pressure: stop reading until `to` has drained (write_cb).
    bufferevent_disable(from, EV_READ);
    bufferevent_setwatermark(to, EV_WRITE, limits_.low_water, 0);
}

void SpliceSet::move_input(Splice& s, bufferevent* from, bufferevent* to) {
    evbuffer* in = bufferevent_get_input(from);
    (from == s.client ? counters_.bytes_to_peer : counters_.bytes_to_client) += evbuffer_get_length(in);
    evbuffer_add_buffer(bufferevent_get_output(to), in);
}

void SpliceSet::write_cb(bufferevent* bev, void* arg) {
    auto* s = static_cast<Splice*>(arg);
    s->set->on_drained(*s, bev);
}

void SpliceSet::on_drained(Splice& s, bufferevent* bev) {
    if (s.closing) {
        if (queued(bev) == 0) end(s);
        return;
    }
    bufferevent* from = s.other(bev);
    if (from == nullptr || (bufferevent_get_enabled(from) & EV_READ) != 0) return;
    bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
    bufferevent_enable(from, EV_READ);
}

void SpliceSet::event_cb(bufferevent* bev, short what, void* arg) {
    auto* s = static_cast<Splice*>(arg);
    s->set->on_event(*s, bev, what);
}

void SpliceSet::on_event(Splice& s, bufferevent* bev, short what) {
    if ((what & BEV_EVENT_CONNECTED) != 0) return;
    if (s.closing) return end(s);  // the flushing side failed or stalled
    // §5.5: one side closed; the other closes too, once what it was sent
    // has left (the closed side's unread input included).
    bufferevent* other = s.other(bev);
    if (other != nullptr) move_input(s, bev, other);
    s.release(bev == s.client ? s.client : s.peer);
    s.closing = true;
    if (other == nullptr || queued(other) == 0) return end(s);
    bufferevent_disable(other, EV_READ);
    bufferevent_setwatermark(other, EV_WRITE, 0, 0);
    const timeval deadline = to_timeval(limits_.drain);
    bufferevent_set_timeouts(other, nullptr, &deadline);
}

void SpliceSet::end(Splice& s) {
    const relay::TcpConnectionId id = s.id;
    const std::size_t owner = s.owner_worker;
    splices_.erase(id);  // frees s and its connections
    if (ended_) ended_(id, owner);
}

}  // namespace turn::server
