// The project's own TURN client for integration tests (RFC 8656 over UDP),
// built on the protocol/ codec: it sends a request and waits, with a
// timeout, for the response carrying the same transaction ID, and it does
// the long-term credential dance (RFC 8489 §9.2: 401 with REALM and NONCE,
// then retry with MESSAGE-INTEGRITY; 438 -> retry with the new NONCE).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "protocol/attributes.hpp"
#include "protocol/credentials.hpp"
#include "protocol/integrity.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

using namespace std::chrono_literals;

// How long a test waits for any one answer on loopback; far above real
// latency, even under ASan.
inline constexpr std::chrono::milliseconds kAnswerTimeout = 2s;
// How long a test waits to be sure nothing comes.
inline constexpr std::chrono::milliseconds kSilenceTimeout = 300ms;

// A received STUN message that owns its bytes; decoded on each access, so it
// can be copied and moved freely.
struct StunReply {
    Bytes bytes;
    // MESSAGE-INTEGRITY checked with the key of the request, when the request
    // carried one (RFC 8489 §9.2.5); Missing for unauthenticated requests.
    proto::IntegrityStatus integrity = proto::IntegrityStatus::Missing;

    proto::StunMessage message() const;  // bytes were checked to decode when received
    proto::MessageClass message_class() const { return message().message_class(); }
    bool is_success() const { return message_class() == proto::MessageClass::SuccessResponse; }
    // The ERROR-CODE number, or 0 when there is none.
    int error_code() const;
    template <class A>
    auto get() const {
        return message().get<A>();
    }
};

struct Credentials {
    std::string username;
    std::string password;
};

using AddAttributes = std::function<void(proto::MessageBuilder&)>;

proto::TransactionId random_tid();

class TurnClient {
public:
    TurnClient(proto::TransportAddress server, Credentials credentials = {});

    const proto::TransportAddress& local_address() const { return socket_.address(); }
    const UdpEndpoint& socket() const { return socket_; }

    // A request of `method`: attributes from `add`, then, once the realm and
    // nonce are known, USERNAME, REALM, NONCE and MESSAGE-INTEGRITY.
    Bytes build_request(proto::Method method, const proto::TransactionId& tid, const AddAttributes& add) const;
    // Sends `request` and waits for the response with `tid`; other datagrams
    // are skipped. Learns REALM and NONCE from 401 and 438 answers.
    std::optional<StunReply> transact(std::span<const std::uint8_t> request, const proto::TransactionId& tid);
    // One attempt with what the client knows now.
    std::optional<StunReply> request_once(proto::Method method, const AddAttributes& add = {});
    // RFC 8489 §9.2.3-9.2.4: on 401 or 438 with a new NONCE, retries once.
    std::optional<StunReply> request(proto::Method method, const AddAttributes& add = {});

    // RFC 8656 §7.1 with REQUESTED-TRANSPORT UDP; `extra` adds more attributes.
    std::optional<StunReply> allocate(const AddAttributes& extra = {});
    std::optional<StunReply> refresh(std::optional<std::uint32_t> lifetime);
    std::optional<StunReply> create_permission(const proto::TransportAddress& peer);
    std::optional<StunReply> channel_bind(std::uint16_t channel, const proto::TransportAddress& peer);
    void send_indication(const proto::TransportAddress& peer, std::span<const std::uint8_t> data);
    void send_channel_data(std::uint16_t channel, std::span<const std::uint8_t> data);
    void send_raw(std::span<const std::uint8_t> bytes) { socket_.send_to(server_, bytes); }

    // What the relay sends unasked: a Data indication (RFC 8656 §11.4) or
    // ChannelData (§12.4). nullopt after the timeout.
    struct Relayed {
        proto::TransportAddress peer;  // Data indication: XOR-PEER-ADDRESS
        std::uint16_t channel = 0;     // ChannelData: the channel number
        Bytes payload;
    };
    std::optional<Relayed> receive_relayed(std::chrono::milliseconds timeout = kAnswerTimeout);

    const std::string& nonce() const { return nonce_; }
    const std::string& realm() const { return realm_; }

private:
    void learn(const StunReply& reply);
    bool has_credentials() const { return !nonce_.empty() && !credentials_.username.empty(); }
    proto::LongTermKey key() const;

    UdpEndpoint socket_;
    proto::TransportAddress server_;
    Credentials credentials_;
    std::string realm_;
    std::string nonce_;
};

// XOR-RELAYED-ADDRESS of an Allocate success, or nullopt.
std::optional<proto::TransportAddress> relayed_address(const StunReply& reply);
// Every XOR-RELAYED-ADDRESS, in order: two for a dual allocation (RFC 8656 §7.2).
std::vector<proto::TransportAddress> relayed_addresses(const StunReply& reply);

}  // namespace turn::itest
