// MOBILITY-TICKET values this server issues (RFC 8016 §3.3: opaque to the
// client, of the server's own making). A ticket names an allocation and the
// worker thread that holds it; the server checks it with a key of its own
// and keeps no table of tickets, so requests with made-up tickets cost no
// memory.
//
// 24 bytes, sent as 32 characters of standard base64 (no padding needed):
//
//   0          2                  10           14                        24
//   +----------+------------------+------------+-------------------------+
//   | worker   | allocation id    | generation | HMAC-SHA256, first 10 B |
//   | (u16, BE)| (u64, BE)        | (u32, BE)  | over bytes 0-13         |
//   +----------+------------------+------------+-------------------------+
//
// worker      the relay thread holding the allocation when the ticket was
//             issued: where a Refresh from a new 5-tuple is sent to.
// id          the allocation, for as long as it lives, across moves.
// generation  how often it has moved: a move takes a ticket of the current
//             generation only, so a ticket that moved it once cannot move
//             it again (a replay), and the success response carries the next.
//
// Text because coturn's client keeps the ticket as a C string of at most 32
// characters: binary with a NUL byte, or anything longer, breaks it. The
// ticket hides nothing (it holds no address, no user name): it only has to
// be unforgeable, so an 80-bit MAC rather than encryption (and each guess
// at one costs an authenticated request).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace turn::relay {

struct MobilityTicketFields {
    std::uint16_t worker = 0;
    std::uint64_t allocation_id = 0;
    std::uint32_t generation = 0;

    friend bool operator==(const MobilityTicketFields&, const MobilityTicketFields&) = default;
};

class MobilityTickets {
public:
    static constexpr std::size_t kTextLength = 32;
    using Secret = std::array<std::uint8_t, 32>;
    using Text = std::array<char, kTextLength>;

    // `secret` comes from RAND_bytes at start-up: tickets of an earlier run
    // of the server do not verify.
    explicit MobilityTickets(const Secret& secret) : secret_(secret) {}

    Text issue(const MobilityTicketFields& f) const;
    // The fields of a ticket this server issued; nullopt for anything else
    // (wrong length, not base64, a MAC that does not verify). Any input is safe.
    std::optional<MobilityTicketFields> open(std::span<const std::uint8_t> value) const;

private:
    Secret secret_;
};

inline std::string_view text_of(const MobilityTickets::Text& t) { return {t.data(), t.size()}; }

}  // namespace turn::relay
