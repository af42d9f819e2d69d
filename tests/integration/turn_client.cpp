#include "turn_client.hpp"

#include <random>
#include <stdexcept>

#include "protocol/byte_order.hpp"
#include "protocol/channel_data.hpp"
#include "protocol/credentials.hpp"

namespace turn::itest {

using namespace proto;

namespace {

// Room for any request a test builds, with a DATA attribute of a full datagram.
constexpr std::size_t kBuildBuffer = kMaxMessageSize;

bool is_answer_with_auth_hint(const StunReply& r) {
    const int code = r.error_code();
    return code == static_cast<int>(StunError::Unauthorized) || code == static_cast<int>(StunError::StaleNonce);
}

}  // namespace

StunMessage StunReply::message() const { return *StunMessage::decode(bytes); }

int StunReply::error_code() const {
    const auto e = message().get<ErrorCode>();
    return e ? e->code : 0;
}

TransactionId random_tid() {
    std::random_device rd;
    TransactionId t;
    for (auto& b : t.bytes) b = static_cast<std::uint8_t>(rd());
    return t;
}

Bytes binding_request(const TransactionId& tid) {
    Bytes buf(kHeaderSize);
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, tid);
    const auto out = b.finish();
    return Bytes(out->begin(), out->end());
}

TurnClient::TurnClient(TransportAddress server, Credentials credentials, SecurityOptions security)
    : TurnClient(std::make_unique<UdpClientTransport>(server), std::move(credentials), std::move(security)) {}

TurnClient::TurnClient(std::unique_ptr<ClientTransport> transport, Credentials credentials, SecurityOptions security)
    : transport_(std::move(transport)), credentials_(std::move(credentials)), security_(std::move(security)) {}

Bytes TurnClient::build_request(Method method, const TransactionId& tid, const AddAttributes& add) const {
    Bytes buf(kBuildBuffer);
    MessageBuilder b(buf, {method, MessageClass::Request}, tid);
    if (add) add(b);
    // RFC 8489 §9.2.3: the long-term attributes go in once the server has
    // told us its realm and a nonce.
    if (has_credentials()) add_credentials(b);
    const auto out = b.finish();
    if (!out) throw std::runtime_error("cannot build request: " + std::string(build_error_name(out.error())));
    return Bytes(out->begin(), out->end());
}

void TurnClient::add_credentials(MessageBuilder& b) const {
    // RFC 8489 §9.2.5: USERHASH when the cookie asks for username anonymity.
    const bool by_hash = security_.userhash || (security_.rfc8489 && challenge_.userhash);
    if (by_hash)
        b.add(Userhash{compute_userhash(credentials_.username, challenge_.realm)});
    else
        b.add(Username{credentials_.username});
    b.add(Realm{challenge_.realm}).add(Nonce{challenge_.nonce});
    // §9.2.5: the list exactly as received, and the algorithm chosen from it.
    if (security_.rfc8489 && challenge_.algorithm) {
        b.add_raw(static_cast<std::uint16_t>(AttrType::PasswordAlgorithms), challenge_.algorithms);
        b.add(PasswordAlgorithm{entry_of(*challenge_.algorithm)});
    }
    b.add_integrity(security_.integrity, key().view());
}

LongTermKey TurnClient::key() const {
    const auto alg = security_.rfc8489 ? challenge_.key_algorithm() : PasswordAlgorithmId::Md5;
    return derive_long_term_key(alg, credentials_.username, challenge_.realm, credentials_.password);
}

std::optional<StunReply> TurnClient::transact(std::span<const std::uint8_t> request, const TransactionId& tid) {
    const auto sent = StunMessage::decode(request);
    const bool authenticated = sent->has(AttrType::MessageIntegrity) || sent->has(AttrType::MessageIntegritySha256);
    const LongTermKey request_key = key();  // before learn() can change the realm
    transport_->send(request);
    const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto d = transport_->receive(left);
        if (!d) return std::nullopt;
        const auto msg = StunMessage::decode(*d);
        if (!msg || msg->transaction_id() != tid) continue;
        if (msg->message_class() != MessageClass::SuccessResponse &&
            msg->message_class() != MessageClass::ErrorResponse)
            continue;
        const IntegrityStatus integrity =
            authenticated ? verify_integrity(*msg, request_key.view()) : IntegrityStatus::Missing;
        StunReply reply{std::move(*d), integrity};
        learn(reply);
        return reply;
    }
    return std::nullopt;
}

void TurnClient::learn(const StunReply& reply) {
    if (!is_answer_with_auth_hint(reply)) return;
    if (security_.rfc8489) {
        // A refused challenge leaves the nonce as it was, so request() does
        // not retry (§9.2.5: "MUST NOT retry").
        auto c = auth::read_challenge(reply.message(), security_.algorithms);
        refusal_ = c ? std::nullopt : std::optional(c.error());
        if (c) challenge_ = std::move(*c);
        return;
    }
    const auto realm = reply.get<Realm>();
    const auto nonce = reply.get<Nonce>();
    if (realm) challenge_.realm = std::string(realm->value);
    if (nonce) challenge_.nonce = std::string(nonce->value);
}

std::optional<StunReply> TurnClient::request_once(Method method, const AddAttributes& add) {
    const TransactionId tid = random_tid();
    const Bytes req = build_request(method, tid, add);
    return transact(req, tid);
}

std::optional<StunReply> TurnClient::request(Method method, const AddAttributes& add) {
    const std::string nonce_before = challenge_.nonce;
    auto reply = request_once(method, add);
    if (reply && is_answer_with_auth_hint(*reply) && challenge_.nonce != nonce_before &&
        !credentials_.username.empty())
        reply = request_once(method, add);
    return reply;
}

std::optional<StunReply> TurnClient::allocate(const AddAttributes& extra) {
    return request(Method::Allocate, [&](MessageBuilder& b) {
        b.add(RequestedTransport{RequestedTransport::kUdp});
        if (extra) extra(b);
    });
}

std::optional<StunReply> TurnClient::refresh(std::optional<std::uint32_t> lifetime) {
    return request(Method::Refresh, [&](MessageBuilder& b) {
        if (lifetime) b.add(Lifetime{*lifetime});
    });
}

std::optional<StunReply> TurnClient::create_permission(const TransportAddress& peer) {
    return request(Method::CreatePermission, [&](MessageBuilder& b) { b.add(XorPeerAddress{peer}); });
}

std::optional<StunReply> TurnClient::channel_bind(std::uint16_t channel, const TransportAddress& peer) {
    return request(Method::ChannelBind,
                   [&](MessageBuilder& b) { b.add(ChannelNumber{channel}).add(XorPeerAddress{peer}); });
}

void TurnClient::send_indication(const TransportAddress& peer, std::span<const std::uint8_t> data) {
    // RFC 8656 §11.1: indications carry no integrity and get no answer.
    Bytes buf(kBuildBuffer);
    MessageBuilder b(buf, {Method::Send, MessageClass::Indication}, random_tid());
    b.add(XorPeerAddress{peer}).add(DataAttr{data});
    transport_->send(*b.finish());
}

void TurnClient::send_channel_data(std::uint16_t channel, std::span<const std::uint8_t> data) {
    const std::size_t size = kChannelDataHeaderSize + data.size();
    Bytes frame(transport_->is_stream() ? pad4(size) : size, 0);
    write_channel_data_header(std::span<std::uint8_t, kChannelDataHeaderSize>(frame.data(), kChannelDataHeaderSize),
                              channel, static_cast<std::uint16_t>(data.size()));
    std::copy(data.begin(), data.end(), frame.begin() + kChannelDataHeaderSize);
    transport_->send(frame);
}

std::optional<TurnClient::Relayed> TurnClient::receive_relayed(std::chrono::milliseconds timeout) {
    const auto d = transport_->receive(timeout);
    if (!d) return std::nullopt;
    if (const auto cd = decode_channel_data(*d))
        return Relayed{{}, cd->channel, Bytes(cd->payload.begin(), cd->payload.end())};
    const auto msg = StunMessage::decode(*d);
    if (!msg || msg->method() != Method::Data || msg->message_class() != MessageClass::Indication)
        return std::nullopt;
    const auto peer = msg->get<XorPeerAddress>();
    const auto data = msg->get<DataAttr>();
    if (!peer || !data) return std::nullopt;
    return Relayed{peer->address, 0, Bytes(data->value.begin(), data->value.end())};
}

std::optional<TransportAddress> relayed_address(const StunReply& reply) {
    const auto a = reply.get<XorRelayedAddress>();
    if (!a) return std::nullopt;
    return a->address;
}

std::vector<TransportAddress> relayed_addresses(const StunReply& reply) {
    std::vector<TransportAddress> out;
    reply.message().for_each<XorRelayedAddress>([&](const auto& a) {
        if (a) out.push_back(a->address);
    });
    return out;
}

}  // namespace turn::itest
