// Splitting a TCP/TLS stream into STUN messages and padded ChannelData
// (RFC 8656 §12.5), including reads that cut frames anywhere.
#include <catch2/catch.hpp>

#include <algorithm>

#include "protocol/message.hpp"
#include "protocol/rfc5769_vectors.hpp"
#include "protocol/stream_framer.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
using namespace turn::proto::test;

namespace {

const Bytes kChannel = {0x40, 0x02, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 0, 0, 0};  // padded to 12

Bytes sample_stream() {
    Bytes s(rfc5769::sample_request().begin(), rfc5769::sample_request().end());
    s.insert(s.end(), kChannel.begin(), kChannel.end());
    s.insert(s.end(), rfc5769::sample_ipv6_response().begin(), rfc5769::sample_ipv6_response().end());
    s.insert(s.end(), kChannel.begin(), kChannel.end());
    return s;
}

struct Seen {
    FrameKind kind;
    std::size_t size;
    friend bool operator==(const Seen&, const Seen&) = default;
};

// Feeds `stream` in reads of `chunk` bytes and returns the frames seen.
std::vector<Seen> frame_in_chunks(const Bytes& stream, std::size_t chunk) {
    StreamFramer f;
    std::vector<Seen> seen;
    for (std::size_t at = 0; at < stream.size();) {
        auto space = f.write_space();
        const std::size_t n = std::min({chunk, space.size(), stream.size() - at});
        std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(at), n, space.begin());
        f.commit(n);
        at += n;
        while (auto r = f.next()) {
            if (!r->has_value()) break;
            seen.push_back({(*r)->kind, (*r)->bytes.size()});
        }
    }
    return seen;
}

}  // namespace

TEST_CASE("STUN and ChannelData interleaved on one stream come out whole, whatever the read size") {
    const std::vector<Seen> expected = {
        {FrameKind::Stun, rfc5769::sample_request().size()},
        {FrameKind::ChannelData, 9},  // padding is consumed but not part of the frame
        {FrameKind::Stun, rfc5769::sample_ipv6_response().size()},
        {FrameKind::ChannelData, 9},
    };
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 20u, 64u, 4096u}) {
        INFO("reads of " << chunk << " bytes");
        CHECK(frame_in_chunks(sample_stream(), chunk) == expected);
    }
}

TEST_CASE("a STUN frame from the framer decodes as a message") {
    StreamFramer f;
    const auto s = sample_stream();
    auto space = f.write_space();
    std::copy(s.begin(), s.end(), space.begin());
    f.commit(s.size());
    auto first = f.next();
    REQUIRE(first);
    REQUIRE(first->has_value());
    CHECK(StunMessage::decode((*first)->bytes).ok());
}

TEST_CASE("peek_frame says how many bytes it needs before it can decide") {
    CHECK(std::get<NeedMore>(peek_frame({}, 1000)).at_least == 1);
    CHECK(std::get<NeedMore>(peek_frame(Bytes{0x40}, 1000)).at_least == 4);
    CHECK(std::get<NeedMore>(peek_frame(Bytes{0x40, 0x00, 0x00, 0x05}, 1000)).at_least == 12);
    CHECK(std::get<NeedMore>(peek_frame(Bytes{0x00, 0x01}, 1000)).at_least == 20);
    CHECK(std::get<NeedMore>(peek_frame(stun(0x0001, 8), 1000)).at_least == 28);
}

TEST_CASE("the largest frames of both kinds fit the default maximum") {
    // A STUN length of 65532 is legal (RFC 8489 §5): wait for it, do not refuse it.
    CHECK(std::get<NeedMore>(peek_frame(stun(0x0001, 0xFFFC), StreamFramer::kMaxFrameSize)).at_least == 20 + 0xFFFC);
    CHECK(std::get<NeedMore>(peek_frame(Bytes{0x40, 0x00, 0xFF, 0xFF}, StreamFramer::kMaxFrameSize)).at_least ==
          4 + 0x10000);
}

TEST_CASE("broken streams give typed, sticky errors") {
    auto error_of = [](const Bytes& b, std::size_t max = StreamFramer::kMaxFrameSize) {
        StreamFramer f(max);
        auto space = f.write_space();
        std::copy(b.begin(), b.end(), space.begin());
        f.commit(b.size());
        auto r = f.next();
        REQUIRE_FALSE(r);
        // Once framing is lost it stays lost.
        auto again = f.next();
        REQUIRE_FALSE(again);
        CHECK(again.error() == r.error());
        return r.error();
    };
    CHECK(error_of(Bytes{0x80, 0, 0, 0}) == FrameError::InvalidLeadingBits);
    CHECK(error_of(Bytes{0xC0, 0, 0, 0}) == FrameError::InvalidLeadingBits);
    CHECK(error_of([] { auto b = stun(0x0001, 0); b[5] = 0; return b; }()) == FrameError::BadMagicCookie);
    CHECK(error_of(stun(0x0001, 6)) == FrameError::StunLengthNotMultipleOf4);
    CHECK(error_of(Bytes{0x40, 0x00, 0x01, 0x00}, 64) == FrameError::FrameTooLarge);
    CHECK(error_of(stun(0x0001, 0x100), 64) == FrameError::FrameTooLarge);
}

TEST_CASE("the framer's memory is fixed: it never offers more room than one maximal frame") {
    StreamFramer f(256);
    CHECK(f.write_space().size() == 256);
    f.commit(1000);  // a caller bug or lie is clamped, not trusted
    CHECK(f.buffered() == 256);
}
