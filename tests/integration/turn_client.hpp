// The project's own TURN client for integration tests (RFC 8656 over UDP,
// TCP or TLS), built on the protocol/ codec: it sends a request and waits, with a
// timeout, for the response carrying the same transaction ID, and it does
// the long-term credential dance (RFC 8489 §9.2: 401 with REALM and NONCE,
// then retry with MESSAGE-INTEGRITY; 438 -> retry with the new NONCE).
// By default it is an RFC 5389 client (USERNAME, MD5 key, MESSAGE-INTEGRITY,
// blind to the nonce cookie); SecurityOptions make it an RFC 8489 one.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/client_challenge.hpp"
#include "protocol/attributes.hpp"
#include "protocol/credentials.hpp"
#include "protocol/integrity.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "client_transport.hpp"
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

// How the client answers a challenge.
struct SecurityOptions {
    // RFC 8489 §9.2.5: read the nonce cookie and PASSWORD-ALGORITHMS, echo
    // the list, send PASSWORD-ALGORITHM and the key it names, USERHASH when
    // the cookie asks, and refuse to retry a challenge that shows a bid-down.
    // Otherwise an RFC 5389 client.
    bool rfc8489 = false;
    // What the client supports; it takes the first of the server's list
    // that is here.
    std::vector<proto::PasswordAlgorithmId> algorithms{proto::PasswordAlgorithmId::Md5,
                                                       proto::PasswordAlgorithmId::Sha256};
    bool userhash = false;  // USERHASH even when the cookie does not ask for it
    proto::IntegrityKind integrity = proto::IntegrityKind::Sha1;
};

using AddAttributes = std::function<void(proto::MessageBuilder&)>;

proto::TransactionId random_tid();

// A Binding request without attributes (RFC 8489 §6): what a test sends on a
// raw socket to see whether the server answers.
Bytes binding_request(const proto::TransactionId& tid = random_tid());

class TurnClient {
public:
    // Over UDP, from an ephemeral port.
    TurnClient(proto::TransportAddress server, Credentials credentials = {}, SecurityOptions security = {});
    // Over `transport` (stream_client.hpp makes TCP and TLS ones).
    TurnClient(std::unique_ptr<ClientTransport> transport, Credentials credentials = {},
               SecurityOptions security = {});

    proto::TransportAddress local_address() const { return transport_->local_address(); }
    ClientTransport& transport() { return *transport_; }

    // A request of `method`: attributes from `add`, then, once the realm and
    // nonce are known, USERNAME (or USERHASH), REALM, NONCE, the password
    // algorithm attributes of RFC 8489 mode, and the integrity attribute(s).
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
    // Over a stream padded to 4 bytes with zeros (RFC 8656 §12.5).
    void send_channel_data(std::uint16_t channel, std::span<const std::uint8_t> data);
    void send_raw(std::span<const std::uint8_t> bytes) { transport_->send(bytes); }
    // The next datagram or frame as it came, whatever it is.
    std::optional<Bytes> receive_raw(std::chrono::milliseconds timeout) { return transport_->receive(timeout); }

    // What the relay sends unasked: a Data indication (RFC 8656 §11.4) or
    // ChannelData (§12.4). nullopt after the timeout.
    struct Relayed {
        proto::TransportAddress peer;  // Data indication: XOR-PEER-ADDRESS
        std::uint16_t channel = 0;     // ChannelData: the channel number
        Bytes payload;
    };
    std::optional<Relayed> receive_relayed(std::chrono::milliseconds timeout = kAnswerTimeout);

    const std::string& nonce() const { return challenge_.nonce; }
    const std::string& realm() const { return challenge_.realm; }
    // RFC 8489 mode: what the last challenge offered, and why the client
    // refused to answer the last one it refused (§9.2.5).
    const auth::ClientChallenge& challenge() const { return challenge_; }
    std::optional<auth::ChallengeRefusal> refusal() const { return refusal_; }
    // The key requests are signed with now.
    proto::LongTermKey key() const;

private:
    void learn(const StunReply& reply);
    bool has_credentials() const { return !challenge_.nonce.empty() && !credentials_.username.empty(); }
    void add_credentials(proto::MessageBuilder& b) const;

    std::unique_ptr<ClientTransport> transport_;
    Credentials credentials_;
    SecurityOptions security_;
    auth::ClientChallenge challenge_;
    std::optional<auth::ChallengeRefusal> refusal_;
};

// XOR-RELAYED-ADDRESS of an Allocate success, or nullopt.
std::optional<proto::TransportAddress> relayed_address(const StunReply& reply);
// Every XOR-RELAYED-ADDRESS, in order: two for a dual allocation (RFC 8656 §7.2).
std::vector<proto::TransportAddress> relayed_addresses(const StunReply& reply);

}  // namespace turn::itest
