// The TURN control plane of the load client (RFC 8656 §7-§9, §12): many
// client sockets, each walking Allocate (401, then authenticated), an
// optional ChannelBind and an optional Refresh with LIFETIME 0, with a window
// of transactions in flight and retransmission on loss.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bench/loadgen/net.hpp"
#include "protocol/credentials.hpp"
#include "protocol/function_ref.hpp"
#include "protocol/stun_header.hpp"
#include "protocol/transport_address.hpp"

namespace turn::bench {

struct Credentials {
    std::string user;
    std::string password;
    std::string realm;
};

enum class Step : std::uint8_t { AllocateUnauth, AllocateAuth, ChannelBind, Release, Done, Failed };

// What a session does once its allocation exists.
struct Plan {
    bool bind_channel = false;  // ChannelBind to the peer (installs its permission too)
    bool release = false;       // then Refresh with LIFETIME 0
};

// Every session binds the same channel number: numbers are per allocation.
inline constexpr std::uint16_t kChannel = 0x4000;

struct Session {
    Fd fd;
    Step step = Step::AllocateUnauth;
    std::string nonce;
    proto::TransactionId tid;
    std::uint64_t sent_ns = 0;
    int tries = 0;       // transmissions of the current request
    int auth_tries = 0;  // 401/438 answers seen, bounded so a bad password cannot loop
    sockaddr_in relayed{};
    std::uint16_t last_error = 0;  // the ERROR-CODE that failed the session
    Fd peer;  // the session's own peer socket, if it has one: ChannelBind names it
};

class Control {
public:
    Control(const sockaddr_in& server, const Credentials& creds, const proto::TransportAddress& peer);

    // A session on a fresh socket connected to the server. Each comes from its
    // own source address in 127.1.0.0 and up, so no 5-tuple is ever reused:
    // a server may keep a freed allocation's 5-tuple for a while (coturn
    // answers a new Allocate on it with 437), which would count against it.
    // With `own_peer`, the session also gets a peer socket of its own that
    // its ChannelBind names instead of the shared peer.
    Session new_session(bool own_peer = false);

    // Takes sessions from `next` (nullopt: no more) and keeps up to `window`
    // in flight; stops taking new ones at `deadline_ns` and gives those in
    // flight two more seconds. Each finished session (Done or Failed) goes to
    // `finished`, which may keep it (its socket and relayed address) or drop it.
    void run(FunctionRef<std::optional<Session>()> next, FunctionRef<void(Session&&)> finished,
             std::size_t window, std::uint64_t deadline_ns, Plan plan);

private:
    void send_request(Session& s);
    void on_response(Session& s, std::span<const std::uint8_t> bytes, Plan plan);
    void advance(Session& s, Plan plan);

    sockaddr_in server_;
    std::uint32_t next_source_ = 0;
    Credentials creds_;
    proto::LongTermKey key_;
    proto::TransportAddress peer_;
    std::uint64_t tid_state_;
};

}  // namespace turn::bench
