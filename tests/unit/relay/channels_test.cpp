// The channel table on its own (RFC 8656 §12.2).
#include <catch2/catch.hpp>

#include "relay/channels.hpp"
#include "relay_harness.hpp"

using namespace turn::relay;
using turn::relay::test::addr;

TEST_CASE("a channel binds one number to one peer address, port included") {
    ChannelTable t;
    const auto p = addr("198.51.100.1", 5000);
    CHECK(t.bind(0x4000, p, 0, 1000) == BindResult::Bound);
    CHECK(*t.peer_of(0x4000, 10) == p);
    CHECK(t.number_of(p, 10) == 0x4000);
    CHECK(t.number_of(addr("198.51.100.1", 5001), 10) == 0);
    CHECK(t.peer_of(0x4000, 1000) == nullptr);  // expired at 1000
}

TEST_CASE("the table is bounded") {
    ChannelTable t;
    for (std::uint16_t i = 0; i < ChannelTable::kMaxChannels; ++i)
        REQUIRE(t.bind(static_cast<std::uint16_t>(0x4000 + i), addr("198.51.100.1", static_cast<std::uint16_t>(i + 1)),
                       0, 1000) == BindResult::Bound);
    CHECK(t.bind(0x4FFF, addr("198.51.100.2", 1), 0, 1000) == BindResult::TableFull);
}
