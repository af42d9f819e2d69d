// The signaling protocol end to end without sockets: clients' messages into
// the hub, and what each client is sent.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "signaling/json_parser.hpp"
#include "signaling/signaling_hub.hpp"

using namespace turn::signaling;

namespace {

struct Sent {
    PeerId to;
    json::Value message;
};

class RecordingOutbox final : public Outbox {
public:
    void send(const PeerId& to, std::string text) override {
        auto parsed = json::parse(text);
        REQUIRE(parsed.ok());
        sent.push_back({to, *parsed});
    }

    // Everything sent to `to` since the last call, oldest first.
    std::vector<json::Value> take(const PeerId& to) {
        std::vector<json::Value> out;
        std::erase_if(sent, [&](Sent& s) {
            if (s.to != to) return false;
            out.push_back(std::move(s.message));
            return true;
        });
        return out;
    }

    std::vector<Sent> sent;
};

std::string str(const json::Value& v, std::string_view key) {
    const json::Value* member = v.find(key);
    REQUIRE(member != nullptr);
    REQUIRE(member->as_string() != nullptr);
    return *member->as_string();
}

struct Fixture {
    RecordingOutbox outbox;
    SignalingHub hub{HubSettings{{3, 2}, {}}, outbox, [](const PeerId& id) {
                         return json::Value::Array{json::Value::Object{{"urls", json::Value::Array{"turn:h:3478"}},
                                                                       {"username", "1:" + id}}};
                     }};

    void join(const PeerId& id, std::string_view room, std::string_view name = "") {
        CHECK_FALSE(hub.on_message(id, R"({"type":"join","room":")" + std::string(room) + R"(","name":")" +
                                           std::string(name) + "\"}"));
    }

    std::string error_code_after(const PeerId& id, std::string_view text) {
        const auto error = hub.on_message(id, text);
        REQUIRE(error);
        const auto replies = outbox.take(id);
        REQUIRE(replies.size() == 1);
        CHECK(str(replies[0], "type") == "error");
        CHECK_FALSE(str(replies[0], "message").empty());
        CHECK(str(replies[0], "code") == error_code_name(error->code));
        return str(replies[0], "code");
    }
};

}  // namespace

TEST_CASE("hub: a joiner gets joined with its id, the room, the peers there and ICE servers") {
    Fixture f;
    f.join("a", "room1", "Ann");
    auto to_a = f.outbox.take("a");
    REQUIRE(to_a.size() == 1);
    CHECK(str(to_a[0], "type") == "joined");
    CHECK(str(to_a[0], "id") == "a");
    CHECK(str(to_a[0], "room") == "room1");
    CHECK(to_a[0].find("peers")->as_array()->empty());
    CHECK(str(to_a[0].find("iceServers")->as_array()->at(0), "username") == "1:a");

    f.join("b", "room1", "Bob");
    const auto to_b = f.outbox.take("b");
    REQUIRE(to_b.size() == 1);
    const auto& peers = *to_b[0].find("peers")->as_array();
    REQUIRE(peers.size() == 1);
    CHECK(str(peers[0], "id") == "a");
    CHECK(str(peers[0], "name") == "Ann");
    to_a = f.outbox.take("a");
    REQUIRE(to_a.size() == 1);
    CHECK(str(to_a[0], "type") == "peer-joined");
    CHECK(str(to_a[0], "id") == "b");
    CHECK(str(to_a[0], "name") == "Bob");
}

TEST_CASE("hub: a signal reaches its peer with from stamped by the server and data unchanged") {
    Fixture f;
    f.join("a", "r");
    f.join("b", "r");
    f.outbox.sent.clear();
    const std::string data = R"({"sdp":{"type":"offer","sdp":"v=0\r\n"},"n":1.50,"list":[null,true]})";
    CHECK_FALSE(f.hub.on_message("a", R"({"type":"signal","to":"b","from":"c","data":)" + data + "}"));
    const auto to_b = f.outbox.take("b");
    REQUIRE(to_b.size() == 1);
    CHECK(str(to_b[0], "type") == "signal");
    CHECK(str(to_b[0], "from") == "a");  // not the "c" the sender claimed
    CHECK(*to_b[0].find("data") == *json::parse(data));
    CHECK(to_b[0].find("data")->find("n")->as_number()->text == "1.50");
    CHECK(f.outbox.sent.empty());
}

TEST_CASE("hub: signals only reach peers of the sender's own room") {
    Fixture f;
    f.join("a", "r");
    f.join("b", "r");
    f.join("x", "other");
    f.outbox.sent.clear();
    CHECK(f.error_code_after("a", R"({"type":"signal","to":"x","data":1})") == "unknown-peer");
    CHECK(f.error_code_after("a", R"({"type":"signal","to":"nobody","data":1})") == "unknown-peer");
    CHECK(f.error_code_after("a", R"({"type":"signal","to":"a","data":1})") == "unknown-peer");
    CHECK(f.error_code_after("lonely", R"({"type":"signal","to":"a","data":1})") == "not-joined");
    CHECK(f.outbox.sent.empty());
}

TEST_CASE("hub: the room size cap refuses the next joiner with room-full") {
    Fixture f;  // rooms of 3
    f.join("a", "r");
    f.join("b", "r");
    f.join("c", "r");
    f.outbox.sent.clear();
    CHECK(f.error_code_after("d", R"({"type":"join","room":"r"})") == "room-full");
    CHECK(f.outbox.sent.empty());  // nobody in the room hears of it
    CHECK(f.hub.rooms().members("r")->size() == 3);
}

TEST_CASE("hub: beyond max rooms a new room is refused with too-many-rooms") {
    Fixture f;  // 2 rooms
    f.join("a", "one");
    f.join("b", "two");
    CHECK(f.error_code_after("c", R"({"type":"join","room":"three"})") == "too-many-rooms");
}

TEST_CASE("hub: leave and disconnect both tell the others peer-left, and the empty room goes") {
    Fixture f;
    f.join("a", "r");
    f.join("b", "r");
    f.join("c", "r");
    f.outbox.sent.clear();
    CHECK_FALSE(f.hub.on_message("a", R"({"type":"leave"})"));
    for (const char* other : {"b", "c"}) {
        const auto got = f.outbox.take(other);
        REQUIRE(got.size() == 1);
        CHECK(str(got[0], "type") == "peer-left");
        CHECK(str(got[0], "id") == "a");
    }
    CHECK(f.outbox.take("a").empty());
    f.hub.on_disconnect("b");
    CHECK(str(f.outbox.take("c").at(0), "id") == "b");
    f.hub.on_disconnect("c");
    CHECK(f.hub.rooms().room_count() == 0);
    // A client that left may join again.
    f.join("a", "again");
    CHECK(str(f.outbox.take("a").at(0), "type") == "joined");
}

TEST_CASE("hub: joining while in a room is already-joined") {
    Fixture f;
    f.join("a", "r");
    f.outbox.sent.clear();
    CHECK(f.error_code_after("a", R"({"type":"join","room":"s"})") == "already-joined");
}

TEST_CASE("hub: malformed JSON, unknown types and malformed fields get an error, never a crash") {
    Fixture f;
    CHECK(f.error_code_after("a", "{not json") == "bad-json");
    CHECK(f.error_code_after("a", "") == "bad-json");
    CHECK(f.error_code_after("a", R"({"type":"join","type":"x"})") == "bad-json");
    CHECK(f.error_code_after("a", "[1,2]") == "bad-message");
    CHECK(f.error_code_after("a", R"({"room":"r"})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":7})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"dance"})") == "unknown-type");
    CHECK(f.error_code_after("a", R"({"type":"join"})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"join","room":""})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"join","room":5})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"join","room":"r\n"})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"join","room":")" + std::string(65, 'r') + "\"}") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"join","room":"r","name":["x"]})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"signal","to":"b"})") == "bad-message");
    CHECK(f.error_code_after("a", R"({"type":"signal","data":1})") == "bad-message");
    CHECK(f.hub.rooms().room_count() == 0);
}

TEST_CASE("hub: a room name of 64 bytes and unknown extra members are accepted") {
    Fixture f;
    CHECK_FALSE(f.hub.on_message("a", R"({"type":"join","room":")" + std::string(64, 'r') + R"(","extra":{"x":1}})"));
    CHECK(str(f.outbox.take("a").at(0), "type") == "joined");
}
