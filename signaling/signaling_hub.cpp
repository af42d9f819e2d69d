#include "signaling/signaling_hub.hpp"

namespace turn::signaling {
namespace {

MessageError join_error(JoinError e, const std::string& room, std::size_t room_size) {
    switch (e) {
        case JoinError::AlreadyJoined: return {ErrorCode::AlreadyJoined, "already in a room: leave it first"};
        case JoinError::RoomFull:
            return {ErrorCode::RoomFull, "room '" + room + "' is full (" + std::to_string(room_size) + " peers)"};
        case JoinError::TooManyRooms: return {ErrorCode::TooManyRooms, "too many rooms: try again later"};
    }
    return {ErrorCode::BadMessage, "cannot join"};
}

}  // namespace

std::optional<MessageError> SignalingHub::on_message(const PeerId& from, std::string_view text) {
    auto message = parse_client_message(text, settings_.json);
    if (!message) return refuse(from, message.error());
    if (auto* join_request = std::get_if<JoinRequest>(&*message)) return join(from, std::move(*join_request));
    if (const auto* signal_request = std::get_if<SignalRequest>(&*message)) return signal(from, *signal_request);
    leave(from);
    return std::nullopt;
}

std::optional<MessageError> SignalingHub::refuse(const PeerId& to, MessageError error) {
    outbox_.send(to, error_message(error.code, error.message));
    return error;
}

std::optional<MessageError> SignalingHub::join(const PeerId& id, JoinRequest request) {
    const Peer self{id, std::move(request.name)};
    auto others = rooms_.join(self, request.room);
    if (!others) return refuse(id, join_error(others.error(), request.room, settings_.rooms.room_size));
    // The newcomer learns who is there first, then everyone else learns of
    // it, so no peer-joined can reach it before its own joined.
    outbox_.send(id, joined_message(id, request.room, *others, ice_servers_(id)));
    for (const Peer& p : *others) outbox_.send(p.id, peer_joined_message(self));
    return std::nullopt;
}

std::optional<MessageError> SignalingHub::signal(const PeerId& from, const SignalRequest& request) {
    if (!rooms_.room_of(from)) return refuse(from, {ErrorCode::NotJoined, "join a room before signaling"});
    if (!rooms_.same_room(from, request.to))
        return refuse(from, {ErrorCode::UnknownPeer, "no such peer in this room"});
    outbox_.send(request.to, signal_message(from, request.data));
    return std::nullopt;
}

void SignalingHub::leave(const PeerId& id) {
    for (const Peer& p : rooms_.leave(id)) outbox_.send(p.id, peer_left_message(id));
}

}  // namespace turn::signaling
