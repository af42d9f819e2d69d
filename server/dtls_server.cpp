#include "server/dtls_server.hpp"

#include "server/dtls_record.hpp"
#include "server/socket_address.hpp"

namespace turn::server {

namespace {

constexpr relay::Millis kDropLogInterval = relay::seconds(10);

relay::Millis millis(std::chrono::seconds s) { return relay::seconds(s.count()); }

}  // namespace

DtlsServer::DtlsServer(const std::vector<Listener>& listeners, DtlsSettings settings, const relay::Clock& clock,
                       IoCounters& io, Logger& log)
    : listeners_(listeners), settings_(settings), clock_(clock), log_(log), gate_(bio_, *settings_.cookies, io) {
    gate_.set_context(settings_.tls->datagram());
}

DtlsServer::~DtlsServer() {
    for (auto& [key, session] : sessions_) session->close("server stopping");
}

void DtlsServer::on_datagram(std::size_t listener, const sockaddr_storage& from, relay::PacketView datagram) {
    relay::ClientKey key{relay::kDtlsListener | static_cast<std::uint32_t>(listener), {}};
    if (!from_sockaddr(from, key.addr)) return;
    const DtlsDatagram kind = classify_dtls({datagram.data, datagram.size});
    if (kind == DtlsDatagram::NotDtls) return drop(key.addr, "not DTLS", counters_.dropped);
    const auto it = sessions_.find(key);
    const bool has_session = it != sessions_.end();
    // RFC 6347 §4.2.8: a ClientHello on an established session may come
    // from a client that lost its state. It goes through the cookie
    // exchange like any other, and only a verified one replaces the session.
    // (During a handshake, the session itself answers retransmitted ones.)
    if (kind == DtlsDatagram::ClientHello &&
        (!has_session || it->second->state() == DtlsSession::State::Established))
        return admit(key, datagram, it);
    if (has_session) return feed(it, datagram);
    drop(key.addr, "DTLS record for no session", counters_.dropped);
}

std::optional<relay::Arrival> DtlsServer::arrival(const relay::ClientKey& client) const {
    const std::size_t index = client.listener & ~relay::kDtlsListener;
    if (index >= listeners_.size()) return std::nullopt;
    return relay::Arrival{listeners_[index].local, true};
}

void DtlsServer::admit(const relay::ClientKey& key, relay::PacketView datagram, SessionMap::iterator existing) {
    if (existing == sessions_.end() && sessions_.size() >= settings_.max_sessions)
        return drop(key.addr, "ClientHello over the session limit (max-tcp-connections-per-thread)",
                    counters_.refused_over_limit);
    const relay::Millis now = clock_.now();
    const int fd = listeners_[key.listener & ~relay::kDtlsListener].fd.get();
    SslPtr ssl = gate_.admit(fd, key.addr, {datagram.data, datagram.size}, now);
    if (!ssl) return;  // a HelloVerifyRequest went out, or nothing: no state either way
    if (existing != sessions_.end()) end(existing, "new handshake from the same address (RFC 6347 §4.2.8)");
    auto [it, inserted] =
        sessions_.emplace(key, std::make_unique<DtlsSession>(std::move(ssl), key, *settings_.cookies, now));
    ++counters_.sessions;
    log_.info("DTLS " + key.addr.to_string() + ": cookie verified, session started");
    it->second->start(now);
    if (it->second->state() == DtlsSession::State::Closed) end(it, it->second->end_reason());
}

void DtlsServer::feed(SessionMap::iterator it, relay::PacketView datagram) {
    DtlsSession& s = *it->second;
    // Nothing below erases from sessions_: what the core sends back goes
    // through send(), which only looks sessions up.
    s.receive(datagram, clock_.now(), [&](std::span<const std::uint8_t> message) {
        if (core_ != nullptr) core_->on_client_datagram(s.key(), message);
    });
    if (s.state() == DtlsSession::State::Closed) end(it, s.end_reason());
}

void DtlsServer::send(const relay::ClientKey& to, std::span<const std::uint8_t> data) {
    const auto it = sessions_.find(to);
    // A session that fails here is ended by the next sweep, not now: the
    // caller may be inside that session's receive().
    if (it == sessions_.end() || !it->second->send(data)) ++counters_.send_drops;
}

void DtlsServer::end(SessionMap::iterator it, std::string why) {
    const relay::ClientKey key = it->first;
    it->second->close(why);
    ++counters_.ended;
    log_.info("DTLS " + key.addr.to_string() + ": " + why);
    sessions_.erase(it);
    // RFC 8656 §5: the 5-tuple is gone, and its allocation with it.
    if (core_ != nullptr) core_->on_client_closed(key);
}

void DtlsServer::sweep() {
    gate_.set_context(settings_.tls->datagram());
    const relay::Millis now = clock_.now();
    for (auto it = sessions_.begin(); it != sessions_.end();) {
        const auto next = std::next(it);
        if (!expire(it, now)) {
            it->second->on_timer();
            if (it->second->state() == DtlsSession::State::Closed) end(it, it->second->end_reason());
        }
        it = next;
    }
}

bool DtlsServer::expire(SessionMap::iterator it, relay::Millis now) {
    const DtlsSession& s = *it->second;
    switch (s.state()) {
        case DtlsSession::State::Closed: end(it, s.end_reason()); return true;
        case DtlsSession::State::Handshaking:
            if (now - s.started() < millis(settings_.handshake)) return false;
            ++counters_.ended_timeout;
            end(it, "handshake not finished within " + std::to_string(settings_.handshake.count()) +
                        " s (tcp-handshake-timeout)");
            return true;
        case DtlsSession::State::Established:
            // Silence is fine while the client holds an allocation: its
            // lifetime, not the session, decides when it ends.
            if (now - s.last_heard() < millis(settings_.idle) || (core_ != nullptr && core_->has_allocation(s.key())))
                return false;
            ++counters_.ended_timeout;
            end(it, "idle without an allocation");
            return true;
    }
    return false;
}

void DtlsServer::drop(const proto::TransportAddress& from, std::string_view what, relay::Counter& counter) {
    ++counter;
    ++drops_since_log_;
    const relay::Millis now = clock_.now();
    if (drop_logged_ && now - *drop_logged_ < kDropLogInterval) return;
    drop_logged_ = now;
    log_.warning("DTLS: dropped " + std::to_string(drops_since_log_) +
                 " datagram(s) since the last report, this one " + std::string(what) + " from " + from.to_string());
    drops_since_log_ = 0;
}

std::string DtlsServer::summary() const {
    const auto n = [](std::uint64_t v) { return std::to_string(v); };
    return "DTLS: " + n(counters_.sessions) + " sessions started, " + n(gate_.cookies_sent()) +
           " HelloVerifyRequests sent, " + n(counters_.dropped) + " datagrams dropped, " +
           n(counters_.refused_over_limit) + " ClientHellos over the limit, " + n(counters_.ended) +
           " sessions ended (" + n(counters_.ended_timeout) + " timed out), " + n(sessions_.size()) + " open";
}

}  // namespace turn::server
