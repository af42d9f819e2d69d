// Permissions of one allocation (RFC 8656 §9): peer IP addresses (ports do
// not matter) the client may exchange data with, each with its own expiry.
// Two live inline (the common case), up to kMaxPermissions in all, so one
// client cannot make the table grow without limit.
#pragma once

#include <span>

#include "protocol/transport_address.hpp"
#include "relay/clock.hpp"
#include "relay/small_table.hpp"

namespace turn::relay {

class PermissionTable {
public:
    // Beyond this, CreatePermission answers 508 (RFC 8656 §9.1 lets the
    // server limit permissions per allocation).
    static constexpr std::size_t kMaxPermissions = 16;

    // Installs or refreshes; false when full.
    bool install(const proto::TransportAddress& peer, Millis expires_at);
    // Whether installing all of `peers` would fit (RFC 8656 §9.2: a
    // CreatePermission succeeds whole or changes nothing).
    bool has_room_for(std::span<const proto::TransportAddress> peers) const;
    bool allows(const proto::TransportAddress& peer, Millis now) const;
    void expire(Millis now);
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        proto::AddressFamily family;
        std::array<std::uint8_t, 16> ip;
        Millis expires_at;
    };
    SmallTable<Entry, 2, kMaxPermissions> entries_;
};

}  // namespace turn::relay
