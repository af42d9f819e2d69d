#include "signaling/rooms.hpp"

#include <algorithm>

namespace turn::signaling {

Result<std::vector<Peer>, JoinError> Rooms::join(const Peer& peer, const std::string& room) {
    if (room_of_.contains(peer.id)) return unexpected(JoinError::AlreadyJoined);
    auto it = rooms_.find(room);
    if (it == rooms_.end()) {
        if (rooms_.size() >= limits_.max_rooms) return unexpected(JoinError::TooManyRooms);
        it = rooms_.emplace(room, std::vector<Peer>{}).first;
    }
    std::vector<Peer>& members = it->second;
    if (members.size() >= limits_.room_size) return unexpected(JoinError::RoomFull);
    std::vector<Peer> others = members;
    members.push_back(peer);
    room_of_.emplace(peer.id, room);
    return others;
}

std::vector<Peer> Rooms::leave(const PeerId& id) {
    const auto where = room_of_.find(id);
    if (where == room_of_.end()) return {};
    const auto room = rooms_.find(where->second);
    room_of_.erase(where);
    std::vector<Peer>& members = room->second;
    std::erase_if(members, [&](const Peer& p) { return p.id == id; });
    std::vector<Peer> rest = members;
    if (members.empty()) rooms_.erase(room);
    return rest;
}

std::optional<std::string_view> Rooms::room_of(const PeerId& id) const {
    const auto it = room_of_.find(id);
    if (it == room_of_.end()) return std::nullopt;
    return std::string_view(it->second);
}

bool Rooms::same_room(const PeerId& a, const PeerId& b) const {
    if (a == b) return false;
    const auto ra = room_of(a);
    return ra && ra == room_of(b);
}

const std::vector<Peer>* Rooms::members(const std::string& room) const {
    const auto it = rooms_.find(room);
    return it == rooms_.end() ? nullptr : &it->second;
}

}  // namespace turn::signaling
