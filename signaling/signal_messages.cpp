#include "signaling/signal_messages.hpp"

#include <algorithm>

#include "signaling/json_writer.hpp"

namespace turn::signaling {
namespace {

MessageError bad(ErrorCode code, std::string message) { return {code, std::move(message)}; }

bool is_plain_text(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x20 || b == 0x7F;
    });
}

// A string member within [min, max] bytes without control characters.
Result<std::string, MessageError> text_field(const json::Value& msg, std::string_view key, std::size_t min,
                                             std::size_t max) {
    const json::Value* v = msg.find(key);
    const std::string* s = v != nullptr ? v->as_string() : nullptr;
    if (s == nullptr) {
        if (v == nullptr && min == 0) return std::string();
        return unexpected(bad(ErrorCode::BadMessage, "'" + std::string(key) + "' must be a string"));
    }
    if (s->size() < min || s->size() > max || !is_plain_text(*s))
        return unexpected(bad(ErrorCode::BadMessage, "'" + std::string(key) + "' must be " + std::to_string(min) +
                                                         "-" + std::to_string(max) +
                                                         " bytes without control characters"));
    return *s;
}

Result<ClientMessage, MessageError> parse_join(const json::Value& msg) {
    auto room = text_field(msg, "room", 1, kMaxRoomBytes);
    if (!room) return unexpected(room.error());
    auto name = text_field(msg, "name", 0, kMaxNameBytes);
    if (!name) return unexpected(name.error());
    return ClientMessage{JoinRequest{std::move(*room), std::move(*name)}};
}

Result<ClientMessage, MessageError> parse_signal(const json::Value& msg) {
    auto to = text_field(msg, "to", 1, kMaxPeerIdBytes);
    if (!to) return unexpected(to.error());
    const json::Value* data = msg.find("data");
    if (data == nullptr) return unexpected(bad(ErrorCode::BadMessage, "'data' is missing"));
    return ClientMessage{SignalRequest{std::move(*to), *data}};
}

std::string with_type(std::string_view type, json::Value::Object members) {
    members.insert(members.begin(), json::Member{"type", type});
    return json::write(json::Value(std::move(members)));
}

}  // namespace

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::BadJson: return "bad-json";
        case ErrorCode::BadMessage: return "bad-message";
        case ErrorCode::UnknownType: return "unknown-type";
        case ErrorCode::AlreadyJoined: return "already-joined";
        case ErrorCode::NotJoined: return "not-joined";
        case ErrorCode::RoomFull: return "room-full";
        case ErrorCode::TooManyRooms: return "too-many-rooms";
        case ErrorCode::UnknownPeer: return "unknown-peer";
    }
    return "bad-message";
}

Result<ClientMessage, MessageError> parse_client_message(std::string_view text, const json::Limits& limits) {
    auto parsed = json::parse(text, limits);
    if (!parsed)
        return unexpected(bad(ErrorCode::BadJson, "malformed JSON at byte " + std::to_string(parsed.error().offset) +
                                                      ": " + std::string(json::parse_error_name(parsed.error().error))));
    const json::Value* type = parsed->find("type");
    if (type == nullptr || type->as_string() == nullptr)
        return unexpected(bad(ErrorCode::BadMessage, "a message is an object with a string 'type'"));
    const std::string& t = *type->as_string();
    if (t == "join") return parse_join(*parsed);
    if (t == "signal") return parse_signal(*parsed);
    if (t == "leave") return ClientMessage{LeaveRequest{}};
    return unexpected(bad(ErrorCode::UnknownType, "unknown message type (join, signal and leave are known)"));
}

std::string joined_message(const PeerId& id, std::string_view room, const std::vector<Peer>& peers,
                           json::Value ice_servers) {
    json::Value::Array list;
    for (const Peer& p : peers) list.emplace_back(json::Value::Object{{"id", p.id}, {"name", p.name}});
    return with_type("joined", {{"id", id}, {"room", room}, {"peers", std::move(list)},
                                {"iceServers", std::move(ice_servers)}});
}

std::string peer_joined_message(const Peer& peer) { return with_type("peer-joined", {{"id", peer.id}, {"name", peer.name}}); }

std::string peer_left_message(const PeerId& id) { return with_type("peer-left", {{"id", id}}); }

std::string signal_message(const PeerId& from, const json::Value& data) {
    return with_type("signal", {{"from", from}, {"data", data}});
}

std::string error_message(ErrorCode code, std::string_view message) {
    return with_type("error", {{"code", error_code_name(code)}, {"message", message}});
}

}  // namespace turn::signaling
