// Binding through the relay core (RFC 8489 §7.3, RFC 5780 §6.1): which of
// the thread's sockets the response leaves from, where it goes, what it holds.
#include <catch2/catch.hpp>

#include "relay_harness.hpp"

using namespace turn;
using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

// Listener i of the fake transport: A1:P1, A1:P2, A2:P1, A2:P2.
const std::vector<TransportAddress> kListeners = {addr("192.0.2.1", 3478), addr("192.0.2.1", 3479),
                                                  addr("192.0.2.2", 3478), addr("192.0.2.2", 3479)};

HarnessOptions with_discovery() {
    HarnessOptions o;
    o.discovery.ips = {addr("192.0.2.1", 0), addr("192.0.2.2", 0)};
    o.discovery.ports = {{3478, 3479}, {5349, 5350}};
    return o;
}

struct DiscoveryHarness : Harness {
    explicit DiscoveryHarness(HarnessOptions o = with_discovery()) : Harness(std::move(o)) {
        transport.listeners = kListeners;
    }

    // A Binding request with `attrs`, room for large PADDING.
    Sent& bind(const std::function<void(MessageBuilder&)>& attrs = {}, const ClientKey* from = nullptr) {
        std::vector<std::uint8_t> out(4096);
        MessageBuilder b(out, {Method::Binding, MessageClass::Request}, next_tid());
        if (attrs) attrs(b);
        out.resize(b.finish()->size());
        transport.sent.clear();
        send(out, from);
        REQUIRE(transport.sent.size() == 1);
        return transport.sent.back();
    }
};

// A view of s.bytes: valid until the next bind() clears what was sent.
StunMessage decoded(const Sent& s) {
    auto m = StunMessage::decode(s.bytes);
    REQUIRE(m);
    return *m;
}

}  // namespace

TEST_CASE("with discovery, a Binding response has both mapped addresses, RESPONSE-ORIGIN and OTHER-ADDRESS") {
    DiscoveryHarness h;
    const Sent& sent = h.bind();
    CHECK(sent.client == h.client);
    const auto m = decoded(sent);
    CHECK(m.get<XorMappedAddress>()->address == h.client.addr);
    CHECK(m.get<MappedAddress>()->address == h.client.addr);
    CHECK(m.get<ResponseOrigin>()->address == addr("192.0.2.1", 3478));
    CHECK(m.get<OtherAddress>()->address == addr("192.0.2.2", 3479));
}

TEST_CASE("change IP and port: the response leaves from this thread's socket on A2:P2") {
    DiscoveryHarness h;
    const Sent& sent = h.bind([](MessageBuilder& b) { b.add(ChangeRequest{true, true}); });
    CHECK(sent.client.listener == 3);
    CHECK(sent.client.addr == h.client.addr);
    CHECK(decoded(sent).get<ResponseOrigin>()->address == addr("192.0.2.2", 3479));
}

TEST_CASE("RESPONSE-PORT sends the response to the client's IP at that port, from the same socket") {
    DiscoveryHarness h;
    const Sent& sent = h.bind([](MessageBuilder& b) { b.add(ResponsePort{41000}); });
    CHECK(sent.client.listener == 0);
    CHECK(sent.client.addr == addr("192.0.2.10", 41000));
    CHECK(decoded(sent).get<XorMappedAddress>()->address == h.client.addr);  // still the request's source
}

TEST_CASE("PADDING comes back as long as the request's, zero-filled") {
    DiscoveryHarness h;
    const std::vector<std::uint8_t> pad(1500, 0xAB);
    const Sent& sent = h.bind([&](MessageBuilder& b) { b.add(PaddingAttr{pad}); });
    const auto m = decoded(sent);
    const auto padding = m.get<PaddingAttr>();
    REQUIRE(padding);
    CHECK(padding->value.size() == 1500);
    CHECK(std::all_of(padding->value.begin(), padding->value.end(), [](std::uint8_t b) { return b == 0; }));
    CHECK(sent.bytes.size() < 1500 + 120);  // the request's size plus the usual attributes
}

TEST_CASE("without discovery a Binding response is XOR-MAPPED-ADDRESS alone, and RFC 5780 asks get 420") {
    DiscoveryHarness h(HarnessOptions{});
    const auto plain = decoded(h.bind());
    CHECK(plain.get<XorMappedAddress>());
    CHECK_FALSE(plain.has(AttrType::MappedAddress));
    CHECK_FALSE(plain.has(AttrType::ResponseOrigin));
    CHECK_FALSE(plain.has(AttrType::OtherAddress));
    const auto refused = decoded(h.bind([](MessageBuilder& b) { b.add(ChangeRequest{true, false}); }));
    CHECK(refused.get<ErrorCode>()->code == 420);
    const auto unknown = refused.get<UnknownAttributes>();
    REQUIRE(unknown);
    REQUIRE(unknown->types.size() == 1);
    CHECK(unknown->types[0] == static_cast<std::uint16_t>(AttrType::ChangeRequest));
}

TEST_CASE("a TLS client's response names the TLS listener and its alternate, and changes get 400") {
    DiscoveryHarness h;
    h.transport.other_arrival = Arrival{addr("192.0.2.1", 5349), true};
    const ClientKey tls{kStreamConnection | 7, addr("192.0.2.10", 40001)};
    const auto m = decoded(h.bind({}, &tls));
    CHECK(m.get<ResponseOrigin>()->address == addr("192.0.2.1", 5349));
    CHECK(m.get<OtherAddress>()->address == addr("192.0.2.2", 5350));
    const auto refused = decoded(h.bind([](MessageBuilder& b) { b.add(ChangeRequest{false, true}); }, &tls));
    CHECK(refused.get<ErrorCode>()->code == 400);
}

TEST_CASE("a change to an address this thread has no socket for gets 500, not a response from elsewhere") {
    DiscoveryHarness h;
    h.transport.listeners.pop_back();  // no A2:P2 socket
    const Sent& sent = h.bind([](MessageBuilder& b) { b.add(ChangeRequest{true, true}); });
    CHECK(sent.client.listener == 0);
    CHECK(decoded(sent).get<ErrorCode>()->code == 500);
}
