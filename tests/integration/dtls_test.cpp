// DTLS clients (RFC 6347, RFC 7350) on the UDP side of the TLS port: the
// handshake and STUN over it, the stateless cookie exchange under a flood
// of ClientHellos from many addresses, garbage, stalled handshakes, idle
// sessions, close_notify, the options that turn DTLS on and off, and a
// certificate reloaded on SIGUSR2.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <thread>

#include "dtls_client.hpp"
#include "dtls_fixture.hpp"
#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

Bytes binding_request(const TransactionId& tid) {
    Bytes buf(64);
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, tid);
    const auto bytes = *b.finish();
    return Bytes(bytes.begin(), bytes.end());
}

Bytes allocate_request(const TransactionId& tid) {
    Bytes buf(128);
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, tid);
    b.add(RequestedTransport{RequestedTransport::kUdp});
    const auto bytes = *b.finish();
    return Bytes(bytes.begin(), bytes.end());
}

// A Binding request over `client`: XOR-MAPPED-ADDRESS of the success, if any.
std::optional<TransportAddress> reflexive_address(DtlsClient& client) {
    const TransactionId tid = random_tid();
    const auto reply = dtls_transact(client, binding_request(tid), tid, kAnswerTimeout);
    if (!reply) return std::nullopt;
    const auto mapped = StunMessage::decode(*reply)->get<XorMappedAddress>();
    if (!mapped) return std::nullopt;
    return mapped->address;
}

// The class and error code of an Allocate answer over `client`.
std::optional<int> allocate_status(DtlsClient& client) {
    const TransactionId tid = random_tid();
    const auto reply = dtls_transact(client, allocate_request(tid), tid, kAnswerTimeout);
    if (!reply) return std::nullopt;
    const StunReply r{*reply};
    return r.is_success() ? 0 : r.error_code();
}

// A fresh client that completes the handshake and gets its own address back.
void require_served(const DtlsServerSetup& dtls) {
    DtlsClient client(dtls.address());
    REQUIRE(client.handshake(kDtlsHandshakeTimeout));
    const auto mapped = reflexive_address(client);
    REQUIRE(mapped);
    CHECK(*mapped == client.socket().address());
}

}  // namespace

TEST_CASE("a DTLS client on the TLS port completes the handshake and gets its address from a Binding request", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({}));
    require_served(dtls);
    CHECK(count_occurrences(server.log(), "(DTLS)") == 1);  // the listening line
}

TEST_CASE("DTLS is off without dtls, with dtls and no-dtls, and without a certificate", "[dtls]") {
    DtlsServerSetup dtls;
    const std::string port_line = "tls-listening-port=" + std::to_string(dtls.port);
    const auto without_dtls = GENERATE_COPY(
        std::vector<std::string>{"cert=" + dtls.certificate.cert.string(), "pkey=" + dtls.certificate.key.string(), port_line},
        std::vector<std::string>{"cert=" + dtls.certificate.cert.string(), "pkey=" + dtls.certificate.key.string(),
                                 port_line, "dtls", "no-dtls"},
        std::vector<std::string>{port_line, "dtls"});
    ServerProcess server({without_dtls});
    DtlsClient client(dtls.address());
    const Bytes hello = client.next_flight();
    client.socket().send_to(dtls.address(), hello);
    CHECK_FALSE(client.socket().receive(kSilenceTimeout));
    CHECK(count_occurrences(server.log(), "(DTLS)") == 0);
}

TEST_CASE("spoofed-looking ClientHellos get only HelloVerifyRequests no larger than themselves, and no session", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({}));
    DtlsClient real(dtls.address());
    const Bytes hello = real.next_flight();
    REQUIRE(!hello.empty());

    // 200 sources on ten loopback addresses, every one answered statelessly.
    std::vector<UdpEndpoint> sources;
    for (int host = 2; host < 12; ++host)
        for (int i = 0; i < 20; ++i) sources.emplace_back("127.0.0." + std::to_string(host));
    for (const auto& s : sources) s.send_to(dtls.address(), hello);
    for (const auto& s : sources) {
        const auto reply = s.receive(kAnswerTimeout);
        REQUIRE(reply);
        CHECK(is_hello_verify_request(reply->bytes));
        CHECK(reply->bytes.size() <= hello.size());  // no amplification (RFC 6347 §4.2.1)
    }

    // The real client's cookie is bound to its address: replayed from
    // elsewhere it only earns another HelloVerifyRequest.
    real.socket().send_to(dtls.address(), hello);
    const auto verify = real.socket().receive(kAnswerTimeout);
    REQUIRE(verify);
    REQUIRE(is_hello_verify_request(verify->bytes));
    real.accept(verify->bytes);
    const Bytes with_cookie = real.next_flight();
    for (std::size_t i = 0; i < 20; ++i) sources[i].send_to(dtls.address(), with_cookie);
    for (std::size_t i = 0; i < 20; ++i) {
        const auto reply = sources[i].receive(kAnswerTimeout);
        REQUIRE(reply);
        CHECK(is_hello_verify_request(reply->bytes));
    }

    // From its own address it starts the one session, and is served.
    real.socket().send_to(dtls.address(), with_cookie);
    REQUIRE(real.handshake(kDtlsHandshakeTimeout));
    const auto mapped = reflexive_address(real);
    REQUIRE(mapped);
    CHECK(*mapped == real.socket().address());
    require_served(dtls);

    server.stop();
    const std::string log = server.log();
    INFO(log);
    CHECK(count_occurrences(log, "session started") == 2);
    CHECK(log.find("2 sessions started, 222 HelloVerifyRequests sent") != std::string::npos);
}

TEST_CASE("garbage on the DTLS port is dropped with one log line per interval, and clients are still served", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({}));
    UdpEndpoint junk("127.0.0.1");
    const TransactionId tid = random_tid();
    std::vector<Bytes> garbage = {
        binding_request(tid),                                           // STUN, not DTLS
        {},                                                              // empty
        {0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4},   // application data, no session
        {0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 1},         // record longer than the datagram
        {0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1},            // a ClientHello cut short
    };
    for (int i = 0; i < 100; ++i) {
        Bytes random(static_cast<std::size_t>(1 + i * 13));
        for (std::size_t j = 0; j < random.size(); ++j) random[j] = static_cast<std::uint8_t>(j * 31 + i);
        garbage.push_back(std::move(random));
    }
    for (const auto& g : garbage) junk.send_to(dtls.address(), g);
    CHECK_FALSE(junk.receive(kSilenceTimeout));
    require_served(dtls);
    CHECK(count_occurrences(server.log(), "DTLS: dropped") == 1);
    CHECK(count_occurrences(server.log(), "session started") == 1);
}

TEST_CASE("over max-tcp-connections-per-thread DTLS sessions, a ClientHello gets no answer and a log line", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({"max-tcp-connections-per-thread=1"}));
    DtlsClient first(dtls.address());
    REQUIRE(first.handshake(kDtlsHandshakeTimeout));
    DtlsClient second(dtls.address());
    second.socket().send_to(dtls.address(), second.next_flight());
    CHECK_FALSE(second.socket().receive(kSilenceTimeout));
    CHECK(wait_for_log(server, "over the session limit", 2s));
    first.close();
    REQUIRE(wait_for_log(server, "closed by the client", 2s));
    require_served(dtls);
}

TEST_CASE("a client that stalls in the handshake gets retransmissions, then is freed at tcp-handshake-timeout", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({"tcp-handshake-timeout=2"}));
    DtlsClient client(dtls.address());
    client.socket().send_to(dtls.address(), client.next_flight());
    const auto verify = client.socket().receive(kAnswerTimeout);
    REQUIRE(verify);
    REQUIRE(is_hello_verify_request(verify->bytes));
    client.accept(verify->bytes);
    client.socket().send_to(dtls.address(), client.next_flight());
    // The server's flight, then the same again on its timer (RFC 6347 §4.2.4).
    const auto first = client.socket().receive(kAnswerTimeout);
    REQUIRE(first);
    bool retransmitted = false;
    const auto until = std::chrono::steady_clock::now() + 2500ms;
    while (!retransmitted && std::chrono::steady_clock::now() < until) {
        const auto again = client.socket().receive(200ms);
        retransmitted = again && same_first_handshake_record(again->bytes, first->bytes);
    }
    CHECK(retransmitted);
    CHECK(wait_for_log(server, "handshake not finished within 2 s", 5s));
    // Freed: nothing more comes, and the next client is served.
    while (client.socket().receive(kSilenceTimeout)) {
    }
    CHECK_FALSE(client.socket().receive(1500ms));
    require_served(dtls);
}

TEST_CASE("an established DTLS session without an allocation ends at tcp-idle-timeout", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({"tcp-idle-timeout=1"}));
    DtlsClient client(dtls.address());
    REQUIRE(client.handshake(kDtlsHandshakeTimeout));
    REQUIRE(reflexive_address(client));
    CHECK(wait_for_log(server, "idle without an allocation", 5s));
    // Its close_notify (RFC 5246 §7.2.1) reaches the client.
    CHECK_FALSE(client.receive(kAnswerTimeout));
    CHECK(client.closed_by_server());
}

TEST_CASE("close_notify ends a DTLS session and frees its allocation for the next client", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({}, 1));  // one relay port
    DtlsClient first(dtls.address());
    DtlsClient second(dtls.address());
    REQUIRE(first.handshake(kDtlsHandshakeTimeout));
    REQUIRE(second.handshake(kDtlsHandshakeTimeout));
    CHECK(allocate_status(first) == std::optional<int>(0));
    CHECK(allocate_status(second) == std::optional<int>(code(StunError::InsufficientCapacity)));
    first.close();
    REQUIRE(wait_for_log(server, "closed by the client (close_notify)", 5s));
    CHECK(allocate_status(second) == std::optional<int>(0));
}

TEST_CASE("a new handshake from the address of an established session replaces it and frees its allocation", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({}, 1));  // one relay port
    DtlsClient client(dtls.address());
    REQUIRE(client.handshake(kDtlsHandshakeTimeout));
    CHECK(allocate_status(client) == std::optional<int>(0));
    client.restart();
    REQUIRE(client.handshake(kDtlsHandshakeTimeout));
    CHECK(allocate_status(client) == std::optional<int>(0));
    CHECK(count_occurrences(server.log(), "new handshake from the same address") == 1);
}

TEST_CASE("after SIGUSR2 new DTLS sessions get the reloaded certificate", "[dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(dtls.config({}));
    {
        DtlsClient before(dtls.address());
        REQUIRE(before.handshake(kDtlsHandshakeTimeout));
        CHECK(before.peer_certificate() == dtls.certificate.der);
    }
    const TestCertificate next = make_test_certificate("reloaded.test", 2);
    std::filesystem::copy_file(next.cert, dtls.certificate.cert, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(next.key, dtls.certificate.key, std::filesystem::copy_options::overwrite_existing);
    server.signal(SIGUSR2);
    REQUIRE(wait_for_log(server, "TLS certificate and key reloaded", 5s));
    // Workers pick the new context up on their next sweep, within a second.
    std::this_thread::sleep_for(1100ms);
    DtlsClient after(dtls.address());
    REQUIRE(after.handshake(kDtlsHandshakeTimeout));
    CHECK(after.peer_certificate() == next.der);
}
