#include "bench/loadgen/payload.hpp"

#include <time.h>

#include <cstring>

namespace turn::bench {

// Host byte order: the same process writes and reads every stamp.
void write_stamp(std::span<std::uint8_t> out, const Stamp& s) {
    std::uint8_t* p = out.data();
    std::memcpy(p, &kPayloadMagic, 4);
    std::memcpy(p + 4, &s.phase, 4);
    std::memcpy(p + 8, &s.flow, 4);
    std::memcpy(p + 12, &s.seq, 4);
    std::memcpy(p + 16, &s.sent_ns, 8);
}

std::optional<Stamp> read_stamp(std::span<const std::uint8_t> in) {
    if (in.size() < kMinPayload) return std::nullopt;
    std::uint32_t magic = 0;
    std::memcpy(&magic, in.data(), 4);
    if (magic != kPayloadMagic) return std::nullopt;
    Stamp s;
    std::memcpy(&s.phase, in.data() + 4, 4);
    std::memcpy(&s.flow, in.data() + 8, 4);
    std::memcpy(&s.seq, in.data() + 12, 4);
    std::memcpy(&s.sent_ns, in.data() + 16, 8);
    return s;
}

std::uint64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace turn::bench
