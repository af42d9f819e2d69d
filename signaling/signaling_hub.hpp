// The signaling protocol (signal_messages.hpp) over the room bookkeeping
// (rooms.hpp): a client's message in, messages to it and its room's peers
// out, through an Outbox. The hub stamps "from" on every relayed signal and
// only relays between peers of one room, so a client can neither pose as
// another nor reach a peer outside its room. No sockets: the server feeds
// it, and the unit tests feed it the same way.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "signaling/json_parser.hpp"
#include "signaling/rooms.hpp"
#include "signaling/signal_messages.hpp"

namespace turn::signaling {

class Outbox {
public:
    virtual ~Outbox() = default;
    // Queues a text message for `to`; never calls back into the hub.
    virtual void send(const PeerId& to, std::string text) = 0;
};

struct HubSettings {
    RoomLimits rooms;
    json::Limits json;
};

class SignalingHub {
public:
    // The iceServers array for a peer's `joined` message.
    using IceServersFor = std::function<json::Value(const PeerId&)>;

    SignalingHub(HubSettings settings, Outbox& outbox, IceServersFor ice_servers)
        : settings_(settings), rooms_(settings.rooms), outbox_(outbox), ice_servers_(std::move(ice_servers)) {}

    // A text message from `from`. An error is sent back to it as an `error`
    // message, and also returned so the server can log it.
    std::optional<MessageError> on_message(const PeerId& from, std::string_view text);

    // The client is gone: its room's peers get peer-left.
    void on_disconnect(const PeerId& id) { leave(id); }

    const Rooms& rooms() const { return rooms_; }

private:
    std::optional<MessageError> join(const PeerId& id, JoinRequest request);
    std::optional<MessageError> signal(const PeerId& from, const SignalRequest& request);
    void leave(const PeerId& id);
    std::optional<MessageError> refuse(const PeerId& to, MessageError error);

    HubSettings settings_;
    Rooms rooms_;
    Outbox& outbox_;
    IceServersFor ice_servers_;
};

}  // namespace turn::signaling
