// Room bookkeeping: made on first join, gone when empty, capped in size and
// number.
#include <catch2/catch.hpp>

#include "signaling/rooms.hpp"

using namespace turn::signaling;

namespace {

std::vector<PeerId> ids(const std::vector<Peer>& peers) {
    std::vector<PeerId> out;
    for (const auto& p : peers) out.push_back(p.id);
    return out;
}

}  // namespace

TEST_CASE("rooms: the first join makes the room, later joiners learn who is there in join order") {
    Rooms rooms({6, 10});
    CHECK(rooms.join({"a", "Ann"}, "r")->empty());
    CHECK(rooms.room_count() == 1);
    CHECK(ids(*rooms.join({"b", "Bob"}, "r")) == std::vector<PeerId>{"a"});
    const auto others = rooms.join({"c", "Cy"}, "r");
    REQUIRE(others.ok());
    CHECK(*others == std::vector<Peer>{{"a", "Ann"}, {"b", "Bob"}});
    CHECK(rooms.room_of("c") == std::optional<std::string_view>("r"));
}

TEST_CASE("rooms: a full room refuses the next peer, who is then in no room") {
    Rooms rooms({2, 10});
    REQUIRE(rooms.join({"a", ""}, "r").ok());
    REQUIRE(rooms.join({"b", ""}, "r").ok());
    const auto third = rooms.join({"c", ""}, "r");
    REQUIRE_FALSE(third.ok());
    CHECK(third.error() == JoinError::RoomFull);
    CHECK_FALSE(rooms.room_of("c"));
    // Once someone leaves there is space again.
    rooms.leave("a");
    CHECK(rooms.join({"c", ""}, "r").ok());
}

TEST_CASE("rooms: joining twice is refused, leave first") {
    Rooms rooms({6, 10});
    REQUIRE(rooms.join({"a", ""}, "r").ok());
    CHECK(rooms.join({"a", ""}, "other").error() == JoinError::AlreadyJoined);
    CHECK(rooms.join({"a", ""}, "r").error() == JoinError::AlreadyJoined);
    rooms.leave("a");
    CHECK(rooms.join({"a", ""}, "other").ok());
}

TEST_CASE("rooms: leaving tells who stays, and the last one out removes the room") {
    Rooms rooms({6, 10});
    REQUIRE(rooms.join({"a", ""}, "r").ok());
    REQUIRE(rooms.join({"b", ""}, "r").ok());
    CHECK(ids(rooms.leave("a")) == std::vector<PeerId>{"b"});
    CHECK(rooms.room_count() == 1);
    CHECK(rooms.leave("b").empty());
    CHECK(rooms.room_count() == 0);
    CHECK(rooms.members("r") == nullptr);
    CHECK(rooms.leave("nobody").empty());
}

TEST_CASE("rooms: no new room beyond max_rooms, existing rooms still take peers") {
    Rooms rooms({6, 2});
    REQUIRE(rooms.join({"a", ""}, "one").ok());
    REQUIRE(rooms.join({"b", ""}, "two").ok());
    CHECK(rooms.join({"c", ""}, "three").error() == JoinError::TooManyRooms);
    CHECK(rooms.join({"c", ""}, "one").ok());
}

TEST_CASE("rooms: same_room holds only for two different peers of one room") {
    Rooms rooms({6, 10});
    REQUIRE(rooms.join({"a", ""}, "r").ok());
    REQUIRE(rooms.join({"b", ""}, "r").ok());
    REQUIRE(rooms.join({"x", ""}, "elsewhere").ok());
    CHECK(rooms.same_room("a", "b"));
    CHECK_FALSE(rooms.same_room("a", "a"));
    CHECK_FALSE(rooms.same_room("a", "x"));
    CHECK_FALSE(rooms.same_room("a", "nobody"));
    CHECK_FALSE(rooms.same_room("nobody", "ghost"));
}
