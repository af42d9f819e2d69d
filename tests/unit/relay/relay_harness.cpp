#include "relay_harness.hpp"

#include <catch2/catch.hpp>

#include "protocol/credentials.hpp"

namespace turn::relay::test {

using namespace proto;

TransportAddress addr(const char* ip, std::uint16_t port) { return *TransportAddress::parse(ip, port); }

Harness::Harness(HarnessOptions o) {
    RelayConfig rc;
    rc.user_quota = o.user_quota;
    rc.total_quota = o.total_quota;
    rc.max_bps = o.max_bps;
    rc.discovery = o.discovery;
    rc.alternates = o.alternates;
    std::vector<std::unique_ptr<PortPool>> pools;
    for (const auto& ip : o.relay_ips) {
        rc.relay_addresses.push_back({addr(ip.local, 0), addr(ip.advertised, 0)});
        pools.push_back(std::make_unique<PortPool>(o.min_port, o.max_port));
    }
    std::vector<std::string> entries{std::string(kUser) + ":" + kPassword, "bob:builder"};
    entries.insert(entries.end(), o.extra_users.begin(), o.extra_users.end());
    auto users = auth::load_static_users(entries, kRealm);
    REQUIRE(users);
    auth::AuthConfig ac;
    ac.realm = kRealm;
    ac.static_users = std::move(*users);
    auto authenticator = auth::Authenticator::create(std::move(ac));
    REQUIRE(authenticator);
    PeerPolicyConfig policy;
    policy.allow_loopback = o.allow_loopback;
    shared.reset(new SharedRelayState{rc, std::move(pools), Quota(o.user_quota, o.total_quota),
                                      std::move(*authenticator), auth::NonceIssuer({}, o.stale_nonce),
                                      PeerPolicy(policy), {}});
    core = std::make_unique<RelayCore>(*shared, clock, transport);
    core->attach_tcp(tcp, ConnectionIdSpace(0, 1));
    client = {0, addr("192.0.2.10", 40000)};
}

StunMessage Harness::last_response() {
    for (auto it = transport.sent.rbegin(); it != transport.sent.rend(); ++it) {
        if (!it->to_client) continue;
        last = it->bytes;
        auto m = StunMessage::decode(last);
        REQUIRE(m);
        return *m;
    }
    FAIL("no response sent");
    return *StunMessage::decode(last);
}

std::uint16_t Harness::last_error() {
    auto m = last_response();
    auto e = m.get<ErrorCode>();
    return e ? e->code : 0;
}

void Harness::send(const std::vector<std::uint8_t>& bytes, const ClientKey* from) {
    core->on_client_datagram(from ? *from : client, bytes);
    core->end_of_batch();
}

TransactionId Harness::next_tid() {
    TransactionId tid;
    for (int i = 0; i < 4; ++i) tid.bytes[i] = static_cast<std::uint8_t>(tid_counter >> (8 * i));
    ++tid_counter;
    return tid;
}

std::vector<std::uint8_t> Harness::build(Method m, const std::function<void(MessageBuilder&)>& attrs, bool auth,
                                         const TransactionId& tid) {
    std::vector<std::uint8_t> out(1024);
    MessageBuilder b(out, {m, MessageClass::Request}, tid);
    attrs(b);
    if (auth) {
        b.add(Username{user}).add(Realm{kRealm}).add(Nonce{nonce});
        b.add_message_integrity(derive_long_term_key(PasswordAlgorithmId::Md5, user, kRealm, password).view());
    }
    out.resize(b.finish()->size());
    return out;
}

std::vector<std::uint8_t> Harness::request(Method m, const std::function<void(MessageBuilder&)>& attrs, bool auth,
                                           const TransactionId* tid) {
    if (auth && nonce.empty()) {
        // Ask once, unauthenticated, for the realm's nonce (RFC 8489 §9.2.3).
        send(build(m, attrs, false, next_tid()));
        nonce = std::string(last_response().get<Nonce>()->value);
    }
    return build(m, attrs, auth, tid ? *tid : next_tid());
}

bool Harness::roundtrip(Method m, const std::function<void(MessageBuilder&)>& attrs) {
    send(request(m, attrs));
    if (last_error() == 438) {  // the nonce went stale: take the new one, as a client would
        nonce = std::string(last_response().get<Nonce>()->value);
        send(request(m, attrs));
    }
    return last_response().message_class() == MessageClass::SuccessResponse;
}

bool Harness::allocate(const std::function<void(MessageBuilder&)>& extra) {
    return roundtrip(Method::Allocate, [&](MessageBuilder& b) {
        b.add(RequestedTransport{});
        if (extra) extra(b);
    });
}

bool Harness::permit(const TransportAddress& peer) {
    return roundtrip(Method::CreatePermission, [&](MessageBuilder& b) { b.add(XorPeerAddress{peer}); });
}

bool Harness::bind_channel(std::uint16_t number, const TransportAddress& peer) {
    return roundtrip(Method::ChannelBind,
                     [&](MessageBuilder& b) { b.add(ChannelNumber{number}).add(XorPeerAddress{peer}); });
}

}  // namespace turn::relay::test
