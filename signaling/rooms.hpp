// Who is in which room. A room exists from its first join until its last
// peer leaves; it holds at most `room_size` peers (a full mesh: each peer
// connects to every other), and at most `max_rooms` rooms exist at once.
// Pure bookkeeping: no sockets, no messages (signaling_hub.hpp speaks the
// protocol around it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/result.hpp"

namespace turn::signaling {

using PeerId = std::string;

struct Peer {
    PeerId id;
    std::string name;
    bool operator==(const Peer&) const = default;
};

struct RoomLimits {
    std::size_t room_size = 6;
    std::size_t max_rooms = 1000;
};

enum class JoinError : std::uint8_t {
    AlreadyJoined,  // the peer is in a room: leave first
    RoomFull,
    TooManyRooms,   // the room does not exist and no new one may be made
};

class Rooms {
public:
    explicit Rooms(RoomLimits limits) : limits_(limits) {}

    // Adds `peer` to `room` (made if new); returns the peers already there,
    // in the order they joined.
    Result<std::vector<Peer>, JoinError> join(const Peer& peer, const std::string& room);

    // Takes `id` out of its room (removing the room if it is now empty);
    // returns the peers still there. Nothing for a peer in no room.
    std::vector<Peer> leave(const PeerId& id);

    std::optional<std::string_view> room_of(const PeerId& id) const;
    // Both are in the same room (a peer is never its own peer).
    bool same_room(const PeerId& a, const PeerId& b) const;
    const std::vector<Peer>* members(const std::string& room) const;
    std::size_t room_count() const { return rooms_.size(); }

private:
    RoomLimits limits_;
    std::unordered_map<std::string, std::vector<Peer>> rooms_;
    std::unordered_map<PeerId, std::string> room_of_;
};

}  // namespace turn::signaling
