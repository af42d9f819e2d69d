#include "relay/mobility_ticket.hpp"

#include <algorithm>
#include <string>

#include "auth/base64.hpp"
#include "protocol/digest.hpp"

namespace turn::relay {
namespace {

constexpr std::size_t kBodySize = 2 + 8 + 4;
constexpr std::size_t kMacSize = 10;
constexpr std::size_t kTicketSize = kBodySize + kMacSize;
static_assert(kTicketSize * 4 / 3 == MobilityTickets::kTextLength, "24 bytes are 32 base64 characters");

// Keeps the MAC apart from any other use of the same secret.
constexpr std::string_view kDomain = "turn mobility ticket v1";

using Body = std::array<std::uint8_t, kBodySize>;
using Mac = std::array<std::uint8_t, kMacSize>;

Body body_of(const MobilityTicketFields& f) {
    Body b{};
    b[0] = static_cast<std::uint8_t>(f.worker >> 8);
    b[1] = static_cast<std::uint8_t>(f.worker);
    for (int i = 0; i < 8; ++i) b[2 + i] = static_cast<std::uint8_t>(f.allocation_id >> (56 - 8 * i));
    for (int i = 0; i < 4; ++i) b[10 + i] = static_cast<std::uint8_t>(f.generation >> (24 - 8 * i));
    return b;
}

MobilityTicketFields fields_of(std::span<const std::uint8_t, kBodySize> b) {
    MobilityTicketFields f;
    f.worker = static_cast<std::uint16_t>((b[0] << 8) | b[1]);
    for (int i = 0; i < 8; ++i) f.allocation_id = (f.allocation_id << 8) | b[2 + i];
    for (int i = 0; i < 4; ++i) f.generation = (f.generation << 8) | b[10 + i];
    return f;
}

Mac mac_of(std::span<const std::uint8_t> secret, std::span<const std::uint8_t> body) {
    const std::span<const std::uint8_t> domain(reinterpret_cast<const std::uint8_t*>(kDomain.data()), kDomain.size());
    const proto::Digest d = proto::hmac(proto::HashAlgorithm::Sha256, secret, {domain, body});
    Mac m{};
    std::copy_n(d.bytes.begin(), m.size(), m.begin());
    return m;
}

}  // namespace

MobilityTickets::Text MobilityTickets::issue(const MobilityTicketFields& f) const {
    std::array<std::uint8_t, kTicketSize> raw{};
    const Body body = body_of(f);
    const Mac mac = mac_of(secret_, body);
    std::copy(body.begin(), body.end(), raw.begin());
    std::copy(mac.begin(), mac.end(), raw.begin() + kBodySize);
    const std::string text = auth::base64_encode(raw);
    Text out{};
    std::copy_n(text.begin(), out.size(), out.begin());
    return out;
}

std::optional<MobilityTicketFields> MobilityTickets::open(std::span<const std::uint8_t> value) const {
    if (value.size() != kTextLength) return std::nullopt;
    const auto raw = auth::base64_decode(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
    if (!raw || raw->size() != kTicketSize) return std::nullopt;
    const std::span<const std::uint8_t> bytes(*raw);
    const Mac expected = mac_of(secret_, bytes.first(kBodySize));
    if (!proto::equal_constant_time(expected, bytes.subspan(kBodySize))) return std::nullopt;
    return fields_of(bytes.first<kBodySize>());
}

}  // namespace turn::relay
