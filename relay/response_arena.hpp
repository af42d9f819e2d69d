// Storage for the responses of one receive batch: queued datagrams point into
// it until the transport flushes, then it is reused. Fixed size, no per-
// response heap allocation.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace turn::relay {

class ResponseArena {
public:
    // Larger than any response this server builds (the biggest, a 420 with
    // 32 unknown attributes plus integrity, is well under 300 bytes).
    static constexpr std::size_t kMaxResponse = 1024;

    explicit ResponseArena(std::size_t capacity = 64 * 1024) : buf_(capacity) {}

    // `size` above kMaxResponse: a Binding response with RFC 5780 PADDING.
    bool has_room(std::size_t size = kMaxResponse) const { return buf_.size() - used_ >= size; }
    std::span<std::uint8_t> room(std::size_t size = kMaxResponse) {
        return std::span<std::uint8_t>(buf_).subspan(used_, size);
    }
    void commit(std::size_t n) { used_ += n; }
    void reset() { used_ = 0; }

private:
    std::vector<std::uint8_t> buf_;
    std::size_t used_ = 0;
};

}  // namespace turn::relay
