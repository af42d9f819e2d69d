// RFC 8016 mobility against the real server: an allocation made with a
// MOBILITY-TICKET follows its client to a new source port (a new 5-tuple,
// as after an address change) with a Refresh carrying the ticket, keeping
// its relayed address, permissions and channels; with two relay threads
// the new 5-tuple lands on the other thread about every other time, and the
// allocation moves there. Then what is refused, and with which code.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "protocol/channel_data.hpp"
#include "round_trips.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr const char* kOtherUser = "bob";
constexpr const char* kOtherPassword = "bob-password";

// Two relay threads, mobility on, debug lines (which name the threads of
// each move), loopback peers, and a second user.
ServerConfig mobility_server(bool mobility = true) {
    auto config =
        auth_with({"allow-loopback-peers", "verbose", std::string("user=") + kOtherUser + ":" + kOtherPassword});
    if (mobility) config.lines.push_back("mobility");
    config.relay_threads = 2;
    return config;
}

// A client with a mobile allocation and a channel to a peer.
struct MobileClient {
    explicit MobileClient(const ServerProcess& server) : client(client_of(server)) {
        const auto reply = client.allocate_mobile();
        REQUIRE(reply);
        INFO("error code " << reply->error_code());
        REQUIRE(reply->is_success());
        relayed = *relayed_address(*reply);
        REQUIRE(client.mobility_ticket().size() == 32);
        REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
    }

    TurnClient client;
    UdpEndpoint peer;
    TransportAddress relayed;
};

std::unique_ptr<ClientTransport> new_port(const ServerProcess& server) {
    return std::make_unique<UdpClientTransport>(server.address());
}

// The client moves to a new source port and takes its allocation along
// (RFC 8016 §3.2); the old transport is returned, still open.
std::unique_ptr<ClientTransport> move_client(TurnClient& client, const ServerProcess& server) {
    const std::string ticket = client.mobility_ticket();
    auto old = client.switch_transport(new_port(server));
    const auto reply = client.refresh_with_ticket();
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    REQUIRE(reply->is_success());
    CHECK(reply->integrity == IntegrityStatus::Valid);
    CHECK(client.mobility_ticket() != ticket);  // the next generation: `ticket` moves nothing now
    return old;
}

// The debug line of a move between threads names the new 5-tuple.
bool moved_across_threads(const ServerProcess& server, const TurnClient& client) {
    return server.log_shows("mobility: allocation for " + client.local_address().to_string() + " moved from worker",
                            std::chrono::milliseconds(0));
}

// ChannelData on kChannel from `from` (the client's old 5-tuple).
void send_channel_data_from(TurnClient& client, std::unique_ptr<ClientTransport>& from, std::string_view text) {
    auto current = client.switch_transport(std::move(from));
    client.send_channel_data(kChannel, as_bytes(text));
    from = client.switch_transport(std::move(current));
}

// RFC 8016 make-before-break: right after the move the old 5-tuple is still
// served, both ways.
void require_old_served(MobileClient& m, std::unique_ptr<ClientTransport>& old) {
    m.peer.send_to(m.relayed, as_bytes("to the old 5-tuple"));
    const auto at_old = old->receive(kAnswerTimeout);
    REQUIRE(at_old);
    const auto cd = decode_channel_data(*at_old);
    REQUIRE(cd);
    CHECK(cd->channel == kChannel);
    CHECK(as_text(cd->payload) == "to the old 5-tuple");
    send_channel_data_from(m.client, old, "from the old 5-tuple");
    const auto at_peer = m.peer.receive(kAnswerTimeout);
    REQUIRE(at_peer);
    CHECK(as_text(at_peer->bytes) == "from the old 5-tuple");
    CHECK(at_peer->from == m.relayed);
}

std::string tampered(std::string ticket) {
    ticket[7] = ticket[7] == 'A' ? 'B' : 'A';
    return ticket;
}

}  // namespace

TEST_CASE("a Refresh with the MOBILITY-TICKET from a new source port moves the allocation, within and across relay "
          "threads, and the old port is served until the client uses the new one",
          "[mobility]") {
    ServerProcess server(mobility_server());
    MobileClient m(server);
    require_bound_channel_round_trip(m.client, m.peer, m.relayed, kChannel, "before moving");
    // SO_REUSEPORT puts each new source port on either thread: move until
    // both kinds of move happened (each move is one or the other, 1 in 2).
    bool across = false;
    bool within = false;
    for (int i = 0; i < 24 && !(across && within); ++i) {
        auto old = move_client(m.client, server);
        (moved_across_threads(server, m.client) ? across : within) = true;
        require_old_served(m, old);
        // The same relayed address, channel and permission, from the new
        // 5-tuple; its first packet ends the handoff.
        require_bound_channel_round_trip(m.client, m.peer, m.relayed, kChannel, "after move #" + std::to_string(i));
        m.client.send_indication(m.peer.address(), as_bytes("indication"));
        const auto at_peer = m.peer.receive(kAnswerTimeout);
        REQUIRE(at_peer);
        CHECK(at_peer->from == m.relayed);
        // From then on the old 5-tuple reaches nothing.
        send_channel_data_from(m.client, old, "too late");
        CHECK_FALSE(m.peer.receive(kSilenceTimeout));
    }
    CHECK(across);
    CHECK(within);
}

TEST_CASE("forged, tampered, replayed and another user's tickets are refused, and the allocation stays put",
          "[mobility]") {
    ServerProcess server(mobility_server());
    MobileClient m(server);
    const std::string first = m.client.mobility_ticket();
    move_client(m.client, server);
    const std::string current = m.client.mobility_ticket();
    auto holder = m.client.switch_transport(new_port(server));  // a third 5-tuple tries the bad tickets

    // Not tickets of this server, and one that already moved its allocation
    // (a replay): none names an allocation this request may take, 437.
    const int mismatch = code(StunError::AllocationMismatch);
    CHECK(m.client.refresh_with_ticket(std::string(32, 'A'))->error_code() == mismatch);
    CHECK(m.client.refresh_with_ticket(tampered(current))->error_code() == mismatch);
    CHECK(m.client.refresh_with_ticket("not a ticket")->error_code() == mismatch);
    CHECK(m.client.refresh_with_ticket(first)->error_code() == mismatch);
    // An empty one asks for a ticket, which only an Allocate may: 400.
    CHECK(m.client.refresh_with_ticket("")->error_code() == code(StunError::BadRequest));
    // The current ticket, signed by another user: 441 (RFC 8656 §5).
    TurnClient bob(server.address(), {kOtherUser, kOtherPassword});
    CHECK(bob.refresh_with_ticket(current)->error_code() == code(StunError::WrongCredentials));

    // Nothing moved: the allocation still serves the 5-tuple that holds it.
    m.client.switch_transport(std::move(holder));
    require_bound_channel_round_trip(m.client, m.peer, m.relayed, kChannel, "still here");
}

TEST_CASE("an Allocate's MOBILITY-TICKET with a value gets 400 Bad Request", "[mobility]") {
    ServerProcess server(mobility_server());
    TurnClient client = client_of(server);
    const auto reply = client.allocate([](MessageBuilder& b) { b.add(MobilityTicket{as_bytes("please")}); });
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::BadRequest));
}

TEST_CASE("without the mobility option, MOBILITY-TICKET gets 405 Mobility Forbidden", "[mobility]") {
    ServerProcess server(mobility_server(false));
    TurnClient client = client_of(server);
    const auto allocated = client.allocate_mobile();
    REQUIRE(allocated);
    CHECK(allocated->error_code() == code(StunError::MobilityForbidden));
    require_allocation(client);
    const auto refreshed = client.refresh_with_ticket(std::string(32, 'A'));
    REQUIRE(refreshed);
    CHECK(refreshed->error_code() == code(StunError::MobilityForbidden));
}

TEST_CASE("a TCP client asking for a MOBILITY-TICKET gets 405: its allocation ends with its connection", "[mobility]") {
    ServerProcess server(mobility_server());
    TurnClient client = tcp_client_of(server);
    const auto reply = client.allocate_mobile();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::MobilityForbidden));
}
