// Amplification: what an unauthenticated UDP request from a spoofed source
// makes the server send to the victim. Each answer may exceed its request
// by at most kMaxGrowth bytes: the 401 challenge's ERROR-CODE, REALM, NONCE
// and PASSWORD-ALGORITHMS (RFC 8489 §9.2.4), the largest answer a request
// without credentials can draw. Requests that are malformed, indications,
// ChannelData and responses get no answer at all (RFC 8489 §6.3).
// SECURITY.md lists the sizes this test measures; unauthorized-ratelimit
// bounds the rate on top of the size (limits_test.cpp).
#include <catch2/catch.hpp>

#include <iostream>
#include <string_view>

#include "auth/nonce.hpp"
#include "fixtures.hpp"
#include "nat_discovery_fixtures.hpp"
#include "protocol/byte_order.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

// ERROR-CODE 401 "Unauthorized" (4 + 4 + 12), REALM (4 + the realm padded
// to 4), NONCE (4 + its 63 characters padded, auth/nonce.hpp) and
// PASSWORD-ALGORITHMS (4 + two algorithms of 4 bytes): what a 401 adds to a
// bare 20-byte header, with the tests' 13-character realm 120 bytes.
constexpr std::size_t kMaxGrowth =
    20 + 4 + pad4(std::string_view(kRealm).size()) + 4 + pad4(auth::NonceIssuer::kNonceLength) + 4 + 2 * 4;

struct Request {
    const char* name;
    Bytes bytes;
};

Bytes message(Method m, MessageClass cls, const AddAttributes& add = {}, bool fingerprint = false) {
    Bytes buf(kMaxMessageSize);
    MessageBuilder b(buf, {m, cls}, random_tid());
    if (add) add(b);
    if (fingerprint) b.add_fingerprint();
    const auto out = b.finish();
    return Bytes(out->begin(), out->end());
}

Bytes request(Method m, const AddAttributes& add = {}, bool fingerprint = false) {
    return message(m, MessageClass::Request, add, fingerprint);
}

// Credentials that cannot verify: a nonce the server never issued.
void bogus_credentials(MessageBuilder& b) {
    b.add(Username{"mallory"}).add(Realm{kRealm}).add(Nonce{std::string(48, 'a')});
    const std::uint8_t key[16] = {};
    b.add_message_integrity(key);
}

std::vector<Request> unauthenticated_requests() {
    const auto transport = [](MessageBuilder& b) { b.add(RequestedTransport{RequestedTransport::kUdp}); };
    const std::uint8_t unknown[4] = {1, 2, 3, 4};
    return {
        {"Binding", request(Method::Binding)},
        {"Binding with FINGERPRINT", request(Method::Binding, {}, true)},
        {"Binding with an unknown required attribute", request(Method::Binding, [&](MessageBuilder& b) {
             b.add_raw(0x0031, unknown);
         })},
        {"Allocate, bare header", request(Method::Allocate)},
        {"Allocate with REQUESTED-TRANSPORT", request(Method::Allocate, transport)},
        {"Allocate with REQUESTED-TRANSPORT and FINGERPRINT", request(Method::Allocate, transport, true)},
        {"Allocate with a forged nonce", request(Method::Allocate, bogus_credentials)},
        {"Allocate with MESSAGE-INTEGRITY and no USERNAME", request(Method::Allocate, [](MessageBuilder& b) {
             const std::uint8_t key[16] = {};
             b.add_message_integrity(key);
         })},
        {"Refresh", request(Method::Refresh)},
        {"CreatePermission", request(Method::CreatePermission)},
        {"ChannelBind", request(Method::ChannelBind)},
        {"Connect over UDP", request(Method::Connect)},
        {"an unknown method", request(static_cast<Method>(0x0FF))},
    };
}

Bytes first_bytes(Bytes b, std::size_t n) {
    b.resize(n);
    return b;
}

std::vector<Request> unanswered() {
    return {
        {"Send indication without an allocation",
         message(Method::Send, MessageClass::Indication,
                 [](MessageBuilder& b) { b.add(XorPeerAddress{ip_port("192.0.2.1", 9)}).add(DataAttr{as_bytes("x")}); })},
        {"a Binding success response", message(Method::Binding, MessageClass::SuccessResponse)},
        {"a Binding error response", message(Method::Binding, MessageClass::ErrorResponse)},
        {"ChannelData without an allocation", {0x40, 0x01, 0x00, 0x04, 'd', 'a', 't', 'a'}},
        {"a truncated header", first_bytes(request(Method::Binding), 12)},
        {"a datagram that is neither STUN nor ChannelData", {0xFF, 0x00, 0x13, 0x37}},
    };
}

}  // namespace

namespace {

// Each request once from a fresh socket: its answer must exist and stay
// within kMaxGrowth. Prints the sizes SECURITY.md's table lists.
void require_bounded_answers(const TransportAddress& server, const std::vector<Request>& requests) {
    std::cout << "amplification (request -> response bytes, growth, ratio):\n";
    for (const auto& r : requests) {
        INFO(r.name);
        const UdpEndpoint attacker;
        attacker.send_to(server, r.bytes);
        const auto answer = attacker.receive(kAnswerTimeout);
        REQUIRE(answer);
        REQUIRE(StunMessage::decode(answer->bytes));
        CHECK(answer->bytes.size() <= r.bytes.size() + kMaxGrowth);
        std::cout << "  " << r.name << ": " << r.bytes.size() << " -> " << answer->bytes.size() << ", +"
                  << static_cast<long>(answer->bytes.size()) - static_cast<long>(r.bytes.size()) << ", x"
                  << static_cast<double>(answer->bytes.size()) / static_cast<double>(r.bytes.size()) << "\n";
    }
}

}  // namespace

TEST_CASE("no answer to an unauthenticated UDP request is more than kMaxGrowth bytes larger than the request") {
    ServerProcess server(auth_with({}));
    require_bounded_answers(server.address(), unauthenticated_requests());
}

// RFC 5780 (on with two listening IPs) adds MAPPED-ADDRESS, RESPONSE-ORIGIN
// and OTHER-ADDRESS to Binding answers, may send them from another address
// (CHANGE-REQUEST), and pads them as far as the request's PADDING.
TEST_CASE("with RFC 5780 discovery on, Binding answers stay within kMaxGrowth too") {
    DiscoveryServer d;
    std::vector<Request> requests = {
        {"Binding (RFC 5780)", request(Method::Binding)},
        {"Binding with CHANGE-REQUEST (RFC 5780)",
         request(Method::Binding, [](MessageBuilder& b) { b.add(ChangeRequest{true, true}); })},
        {"Binding with 512 bytes of PADDING (RFC 5780)",
         request(Method::Binding, [](MessageBuilder& b) { b.add(PaddingAttr{Bytes(512, 0)}); })},
    };
    require_bounded_answers(d.a1p1(), requests);
}

TEST_CASE("indications, responses, ChannelData and malformed datagrams from an unknown source get no answer") {
    ServerProcess server(auth_with({}));
    UdpEndpoint attacker;
    for (const auto& r : unanswered()) {
        INFO(r.name);
        attacker.send_to(server.address(), r.bytes);
        CHECK_FALSE(attacker.receive(kSilenceTimeout));
    }
}
