#include "relay/unauth_rate_limit.hpp"

#include <openssl/rand.h>

#include <cstring>

#include "relay/ip_range.hpp"

namespace turn::relay {
namespace {

// A 64-bit finalizer (splitmix64's): every input bit reaches every output bit.
std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 31);
}

}  // namespace

UnauthRateLimit::UnauthRateLimit(std::uint32_t rps) : rps_(rps) {
    // Without randomness the table still limits; only its layout is guessable.
    (void)RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), sizeof key_);
}

std::size_t UnauthRateLimit::slot_of(const proto::TransportAddress& source) const {
    // ::ffff:a.b.c.d from a dual-stack socket is the IPv4 host a.b.c.d.
    const proto::TransportAddress a = unmap_ipv4(source);
    std::uint64_t prefix = 0;
    if (a.family == proto::AddressFamily::IPv4) {
        std::uint32_t v4 = 0;
        std::memcpy(&v4, a.ip.data(), sizeof v4);
        prefix = v4;
    } else {
        std::memcpy(&prefix, a.ip.data(), sizeof prefix);  // the /64
    }
    const std::uint64_t h = mix(mix(prefix ^ key_[0]) + key_[1] + static_cast<std::uint64_t>(a.family));
    return static_cast<std::size_t>(h % kSlots);
}

bool UnauthRateLimit::allow(const proto::TransportAddress& source, Millis now) {
    if (rps_ == 0) return true;
    Slot& s = slots_[slot_of(source)];
    const std::int64_t second = now / 1000;
    if (s.second != second) {
        s.second = second;
        s.count = 0;
    }
    if (s.count >= rps_) return false;
    ++s.count;
    return true;
}

}  // namespace turn::relay
