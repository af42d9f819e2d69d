// Response buffers never carry stale memory (coturn's CVE-2020-4067: padding
// bytes of responses leaked what an earlier, larger message had left in a
// reused buffer). Every response here has attributes of lengths that are not
// multiples of 4 (RFC 8489 §14: padded with bytes that "MUST be ignored", and
// which we always write as zeros), and each follows a larger message full of
// non-zero bytes that went through the same buffers. ChannelData padding on
// streams is checked by require_channel_round_trip (stream_client.cpp).
#include <catch2/catch.hpp>

#include <sstream>

#include "fixtures.hpp"
#include "protocol/byte_order.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

// 17 characters: SOFTWARE (server-name) is padded by 3 in every response;
// the realm "itest.example" (13) by 3 in every 401 and 438.
constexpr const char* kOddServerName = "turn-padding-test";

// The padding bytes of every attribute that are not zero, as "type@offset"
// (empty when all are zero).
std::string nonzero_padding(const Bytes& bytes) {
    const auto msg = StunMessage::decode(bytes);
    REQUIRE(msg);
    std::ostringstream bad;
    for (const RawAttribute& a : msg->attributes()) {
        const std::size_t end = a.offset + kAttrHeaderSize + a.length;
        for (std::size_t i = end; i < a.offset + kAttrHeaderSize + pad4(a.length); ++i)
            if (bytes[i] != 0) bad << std::hex << "0x" << a.type << "@" << std::dec << i << " ";
    }
    return bad.str();
}

// A request with `count` distinct unknown comprehension-required attributes
// of 0xFF bytes: its 420 answer lists them all (RFC 8489 §14.9), a large
// response of non-zero bytes through the same response buffer.
Bytes request_with_unknown_attributes(Method m, int count) {
    Bytes buf(kMaxMessageSize);
    MessageBuilder b(buf, {m, MessageClass::Request}, random_tid());
    const Bytes filler(23, 0xFF);
    for (int i = 0; i < count; ++i) b.add_raw(static_cast<std::uint16_t>(0x7F00 + i), filler);
    const auto out = b.finish();
    return Bytes(out->begin(), out->end());
}

// Sends `request` raw and returns the answer's bytes.
Bytes answer_to(TurnClient& client, const Bytes& request) {
    const auto tid = StunMessage::decode(request)->transaction_id();
    const auto reply = client.transact(request, tid);
    REQUIRE(reply);
    return reply->bytes;
}

void require_zero_padding(const std::string& what, const Bytes& response) {
    INFO(what << ": non-zero padding at " << nonzero_padding(response));
    CHECK(nonzero_padding(response).empty());
}

}  // namespace

TEST_CASE("error and success responses with odd-length SOFTWARE, REALM, reason phrases and lists are padded with zeros") {
    ServerProcess server(auth_with({std::string("server-name=") + kOddServerName, "allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const Bytes big_binding = request_with_unknown_attributes(Method::Binding, 30);
    auto after_big = [&](const std::string& what, const Bytes& response) {
        require_zero_padding(what, response);
        // Refill the response buffer with a large answer of 0x7Fxx types.
        require_zero_padding("420 to Binding", answer_to(client, big_binding));
    };

    after_big("Binding success", answer_to(client, binding_request()));
    const auto challenge = client.request_once(Method::Allocate);  // 401 with REALM and NONCE
    REQUIRE(challenge);
    REQUIRE(challenge->error_code() == code(StunError::Unauthorized));
    after_big("401", challenge->bytes);
    // 420 with one unknown attribute: UNKNOWN-ATTRIBUTES of 2 bytes, padded by 2.
    after_big("420 with one type", answer_to(client, request_with_unknown_attributes(Method::Binding, 1)));

    const auto refresh = client.refresh(600);  // 437 "Allocation Mismatch": 19 characters
    REQUIRE(refresh);
    REQUIRE(refresh->error_code() == code(StunError::AllocationMismatch));
    after_big("437", refresh->bytes);

    const auto allocated = client.allocate();
    REQUIRE(allocated);
    REQUIRE(allocated->is_success());
    after_big("Allocate success", allocated->bytes);
    const auto forbidden = client.create_permission(ip_port("10.0.0.1", 9));  // 403 "Forbidden": 9 characters
    REQUIRE(forbidden);
    REQUIRE(forbidden->error_code() == code(StunError::Forbidden));
    after_big("403", forbidden->bytes);
    const auto bad_request = client.request(Method::ChannelBind, [](MessageBuilder&) {});  // 400 "Bad Request": 11
    REQUIRE(bad_request);
    REQUIRE(bad_request->error_code() == code(StunError::BadRequest));
    after_big("400", bad_request->bytes);
}

TEST_CASE("Data indications of odd sizes after a full-size datagram of 0xFF bytes are padded with zeros") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.create_permission(peer.address())->is_success());
    const Bytes big(1400, 0xFF);
    for (std::size_t size : {1u, 2u, 3u, 5u, 1397u}) {
        INFO("payload of " << size << " bytes");
        peer.send_to(relayed, big);
        const auto first = client.receive_raw(kAnswerTimeout);
        REQUIRE(first);
        peer.send_to(relayed, Bytes(size, 0xA5));
        const auto indication = client.receive_raw(kAnswerTimeout);
        REQUIRE(indication);
        CHECK(indication->size() % 4 == 0);
        require_zero_padding("Data indication", *indication);
        const auto data = StunMessage::decode(*indication)->get<DataAttr>();
        REQUIRE(data);
        CHECK(data->value.size() == size);
    }
}
