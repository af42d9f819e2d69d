// The signaling protocol's messages: JSON text in WebSocket text messages,
// one object per message with a "type".
//
// Client to server:
//   {"type":"join","room":"<room>","name":"<display name>"}   name optional
//   {"type":"signal","to":"<peer id>","data":<any JSON>}      SDP, ICE candidates...
//   {"type":"leave"}
// Server to client:
//   {"type":"joined","id":"<your id>","room":"<room>","peers":[{"id":..,"name":..}],"iceServers":[..]}
//   {"type":"peer-joined","id":"<id>","name":"<name>"}
//   {"type":"peer-left","id":"<id>"}
//   {"type":"signal","from":"<id>","data":<as sent>}          "from" is set by the server
//   {"type":"error","code":"<code>","message":"<text for people>"}
//
// Rooms and names are 1-64 (names 0-64) bytes of UTF-8 without control
// characters. Members other than these are ignored, so clients may add their
// own without breaking older servers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/result.hpp"
#include "signaling/json_parser.hpp"
#include "signaling/rooms.hpp"

namespace turn::signaling {

inline constexpr std::size_t kMaxRoomBytes = 64;
inline constexpr std::size_t kMaxNameBytes = 64;
inline constexpr std::size_t kMaxPeerIdBytes = 64;

struct JoinRequest {
    std::string room;
    std::string name;
};
struct SignalRequest {
    PeerId to;
    json::Value data;
};
struct LeaveRequest {};

using ClientMessage = std::variant<JoinRequest, SignalRequest, LeaveRequest>;

// The "code" of an error message.
enum class ErrorCode : std::uint8_t {
    BadJson,        // "bad-json": not a JSON text within the limits
    BadMessage,     // "bad-message": not an object with a string "type", or a field missing or malformed
    UnknownType,    // "unknown-type"
    AlreadyJoined,  // "already-joined": join while in a room
    NotJoined,      // "not-joined": signal while in no room
    RoomFull,       // "room-full"
    TooManyRooms,   // "too-many-rooms"
    UnknownPeer,    // "unknown-peer": "to" is not another peer in the sender's room
};

std::string_view error_code_name(ErrorCode code);

struct MessageError {
    ErrorCode code = ErrorCode::BadMessage;
    std::string message;
};

Result<ClientMessage, MessageError> parse_client_message(std::string_view text, const json::Limits& limits);

std::string joined_message(const PeerId& id, std::string_view room, const std::vector<Peer>& peers,
                           json::Value ice_servers);
std::string peer_joined_message(const Peer& peer);
std::string peer_left_message(const PeerId& id);
std::string signal_message(const PeerId& from, const json::Value& data);
std::string error_message(ErrorCode code, std::string_view message);

}  // namespace turn::signaling
