// The relay port range (min-port..max-port) of one relay IP, shared by all
// worker threads: ports are taken and returned only when allocations are
// created and freed, never per packet, so one mutex is cheap and keeps
// EVEN-PORT reservations (RFC 8656 §7.2) valid whichever thread the client's
// next Allocate lands on.
//
// Ports are picked from a cryptographically random start (predictable relay
// ports help off-path attackers guess where to inject).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "relay/clock.hpp"

namespace turn::relay {

using PortToken = std::array<std::uint8_t, 8>;

struct PortGrant {
    std::uint16_t port;
    std::optional<PortToken> token;  // set when port + 1 was reserved (R bit)
};

class PortPool {
public:
    // RFC 8656 §7.2: a reserved port is held for about 30 seconds.
    static constexpr Millis kReservationLifetime = seconds(30);

    PortPool(std::uint16_t min_port, std::uint16_t max_port);

    // Any free port; for EVEN-PORT an even one, and with reserve_next the
    // next-higher port is held under a fresh token.
    std::optional<PortGrant> acquire(bool even, bool reserve_next, Millis now);
    // The port held by a token (consumed), if the token is known and fresh.
    std::optional<std::uint16_t> redeem(const PortToken& token, Millis now);
    void release(std::uint16_t port);
    // Ends a reservation nobody redeemed yet, freeing its port: the
    // allocation that made it is gone. Unknown tokens are ignored.
    void cancel(const PortToken& token);
    // Marks a port the OS refused to bind (another program holds it) as used,
    // so later picks skip it until released (the Allocate that met it
    // releases it when done, so it is tried again later).
    void mark_unavailable(std::uint16_t port);
    // Frees reservations nobody redeemed in time.
    void expire_reservations(Millis now);
    // Any thread, without the lock (the metrics endpoint reads it).
    std::size_t free_ports() const { return free_.load(std::memory_order_relaxed); }

private:
    enum class State : std::uint8_t { Free, Used, Reserved };
    struct Reservation {
        std::uint16_t port;
        Millis expires_at;
    };
    struct TokenHash {
        std::size_t operator()(const PortToken& t) const;
    };

    std::optional<std::uint16_t> pick(bool even, bool need_next) const;
    void release_locked_free(std::uint16_t port, bool free);
    State& state(std::uint16_t port) { return states_[port - min_]; }

    mutable std::mutex mu_;
    std::uint16_t min_;
    std::uint16_t max_;
    std::vector<State> states_;
    std::atomic<std::size_t> free_{0};  // changed under mu_, read without it
    std::unordered_map<PortToken, Reservation, TokenHash> reservations_;
};

}  // namespace turn::relay
