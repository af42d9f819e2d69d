// The DTLS demultiplexer's first look at a datagram (RFC 6347 §4.1, §4.2.2;
// RFC 7983 §7): ClientHello, another DTLS record, or not DTLS at all.
#include <catch2/catch.hpp>

#include <vector>

#include "server/dtls_record.hpp"

using namespace turn::server;

namespace {

using Bytes = std::vector<std::uint8_t>;

// A record header (type, version, epoch, sequence 0, length) and `body`.
Bytes record(std::uint8_t type, std::uint8_t minor, std::uint16_t epoch, const Bytes& body) {
    Bytes r(13 + body.size(), 0);
    r[0] = type;
    r[1] = 0xFE;
    r[2] = minor;
    r[3] = static_cast<std::uint8_t>(epoch >> 8);
    r[4] = static_cast<std::uint8_t>(epoch);
    r[11] = static_cast<std::uint8_t>(body.size() >> 8);
    r[12] = static_cast<std::uint8_t>(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) r[13 + i] = body[i];
    return r;
}

const Bytes kHelloBody = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // msg type 1, lengths zero

}  // namespace

TEST_CASE("a DTLS 1.2 or 1.0 handshake record of epoch 0 with a ClientHello may start a session", "[dtls]") {
    CHECK(classify_dtls(record(22, 0xFD, 0, kHelloBody)) == DtlsDatagram::ClientHello);
    CHECK(classify_dtls(record(22, 0xFF, 0, kHelloBody)) == DtlsDatagram::ClientHello);
}

TEST_CASE("other DTLS records are only for an existing session", "[dtls]") {
    CHECK(classify_dtls(record(22, 0xFD, 1, kHelloBody)) == DtlsDatagram::Record);  // encrypted epoch
    Bytes finished = kHelloBody;
    finished[0] = 20;
    CHECK(classify_dtls(record(22, 0xFD, 0, finished)) == DtlsDatagram::Record);
    CHECK(classify_dtls(record(23, 0xFD, 1, {1, 2, 3})) == DtlsDatagram::Record);  // application data
    CHECK(classify_dtls(record(21, 0xFD, 0, {2, 40})) == DtlsDatagram::Record);   // alert
    CHECK(classify_dtls(record(22, 0xFD, 0, {})) == DtlsDatagram::Record);        // empty handshake record
}

TEST_CASE("STUN, ChannelData, TLS, short and overlong datagrams are not DTLS", "[dtls]") {
    const Bytes stun = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    CHECK(classify_dtls(stun) == DtlsDatagram::NotDtls);
    CHECK(classify_dtls(Bytes{0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0}) == DtlsDatagram::NotDtls);
    Bytes tls = record(22, 0xFD, 0, kHelloBody);
    tls[1] = 0x03;  // TLS's major version
    CHECK(classify_dtls(tls) == DtlsDatagram::NotDtls);
    CHECK(classify_dtls({}) == DtlsDatagram::NotDtls);
    const Bytes hello = record(22, 0xFD, 0, kHelloBody);
    CHECK(classify_dtls(std::span(hello).first(12)) == DtlsDatagram::NotDtls);
    CHECK(classify_dtls(std::span(hello).first(hello.size() - 1)) == DtlsDatagram::NotDtls);  // record cut short
    Bytes type64 = hello;
    type64[0] = 64;  // RFC 7983: 64-79 is TURN ChannelData
    CHECK(classify_dtls(type64) == DtlsDatagram::NotDtls);
}
