#include "relay/port_pool.hpp"

#include <openssl/rand.h>

#include <cstring>

namespace turn::relay {
namespace {

std::uint32_t random_u32() {
    std::uint32_t v = 0;
    // RAND_bytes only fails when the OS has no entropy at all; the pick is
    // then still correct, merely predictable.
    (void)RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v);
    return v;
}

}  // namespace

std::size_t PortPool::TokenHash::operator()(const PortToken& t) const {
    std::uint64_t v = 0;
    std::memcpy(&v, t.data(), sizeof v);
    return static_cast<std::size_t>(v);  // tokens are random: their bits are a good hash
}

PortPool::PortPool(std::uint16_t min_port, std::uint16_t max_port)
    : min_(min_port), max_(std::max(min_port, max_port)), states_(max_ - min_ + 1u, State::Free),
      free_(states_.size()) {}

std::optional<std::uint16_t> PortPool::pick(bool even, bool need_next) const {
    const std::size_t n = states_.size();
    const std::size_t start = random_u32() % n;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = (start + k) % n;
        const auto port = static_cast<std::uint16_t>(min_ + i);
        if (states_[i] != State::Free || (even && port % 2 != 0)) continue;
        if (need_next && (i + 1 >= n || states_[i + 1] != State::Free)) continue;
        return port;
    }
    return std::nullopt;
}

std::optional<PortGrant> PortPool::acquire(bool even, bool reserve_next, Millis now) {
    std::lock_guard lock(mu_);
    const auto port = pick(even || reserve_next, reserve_next);
    if (!port) return std::nullopt;
    state(*port) = State::Used;
    --free_;
    PortGrant g{*port, std::nullopt};
    if (reserve_next) {
        PortToken t{};
        if (RAND_bytes(t.data(), static_cast<int>(t.size())) != 1) return g;  // no token rather than a guessable one
        state(static_cast<std::uint16_t>(*port + 1)) = State::Reserved;
        --free_;
        reservations_[t] = {static_cast<std::uint16_t>(*port + 1), now + kReservationLifetime};
        g.token = t;
    }
    return g;
}

std::optional<std::uint16_t> PortPool::redeem(const PortToken& token, Millis now) {
    std::lock_guard lock(mu_);
    const auto it = reservations_.find(token);
    if (it == reservations_.end()) return std::nullopt;
    const Reservation r = it->second;
    reservations_.erase(it);
    if (r.expires_at <= now) {
        release_locked_free(r.port, true);
        return std::nullopt;
    }
    state(r.port) = State::Used;
    return r.port;
}

void PortPool::release(std::uint16_t port) {
    std::lock_guard lock(mu_);
    release_locked_free(port, true);
}

void PortPool::cancel(const PortToken& token) {
    std::lock_guard lock(mu_);
    const auto it = reservations_.find(token);
    if (it == reservations_.end()) return;
    release_locked_free(it->second.port, true);
    reservations_.erase(it);
}

void PortPool::mark_unavailable(std::uint16_t port) {
    std::lock_guard lock(mu_);
    release_locked_free(port, false);
}

void PortPool::release_locked_free(std::uint16_t port, bool free) {
    if (port < min_ || port > max_) return;
    State& s = state(port);
    const State next = free ? State::Free : State::Used;
    if (s == State::Free && next != State::Free) --free_;
    if (s != State::Free && next == State::Free) ++free_;
    s = next;
}

void PortPool::expire_reservations(Millis now) {
    std::lock_guard lock(mu_);
    for (auto it = reservations_.begin(); it != reservations_.end();) {
        if (it->second.expires_at > now) {
            ++it;
            continue;
        }
        release_locked_free(it->second.port, true);
        it = reservations_.erase(it);
    }
}

}  // namespace turn::relay
