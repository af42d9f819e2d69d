#include "protocol/rfc5769_vectors.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include "protocol/attributes.hpp"
#include "protocol/credentials.hpp"
#include "protocol/integrity.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"

namespace turn::proto::rfc5769 {
namespace {

// clang-format off
constexpr std::uint8_t kSampleRequest[] = {
    0x00, 0x01, 0x00, 0x58,  // Request type and message length
    0x21, 0x12, 0xa4, 0x42,  // Magic cookie
    0xb7, 0xe7, 0xa7, 0x01,  // }
    0xbc, 0x34, 0xd6, 0x86,  // }  Transaction ID
    0xfa, 0x87, 0xdf, 0xae,  // }
    0x80, 0x22, 0x00, 0x10,  // SOFTWARE attribute header
    0x53, 0x54, 0x55, 0x4e,  // }
    0x20, 0x74, 0x65, 0x73,  // }  User-agent...
    0x74, 0x20, 0x63, 0x6c,  // }  ...name
    0x69, 0x65, 0x6e, 0x74,  // }
    0x00, 0x24, 0x00, 0x04,  // PRIORITY attribute header
    0x6e, 0x00, 0x01, 0xff,  // ICE priority value
    0x80, 0x29, 0x00, 0x08,  // ICE-CONTROLLED attribute header
    0x93, 0x2f, 0xf9, 0xb1,  // }  Pseudo-random tie breaker...
    0x51, 0x26, 0x3b, 0x36,  // }   ...for ICE control
    0x00, 0x06, 0x00, 0x09,  // USERNAME attribute header
    0x65, 0x76, 0x74, 0x6a,  // }
    0x3a, 0x68, 0x36, 0x76,  // }  Username (9 bytes) and padding (3 bytes)
    0x59, 0x20, 0x20, 0x20,  // }
    0x00, 0x08, 0x00, 0x14,  // MESSAGE-INTEGRITY attribute header
    0x9a, 0xea, 0xa7, 0x0c,  // }
    0xbf, 0xd8, 0xcb, 0x56,  // }
    0x78, 0x1e, 0xf2, 0xb5,  // }  HMAC-SHA1 fingerprint
    0xb2, 0xd3, 0xf2, 0x49,  // }
    0xc1, 0xb5, 0x71, 0xa2,  // }
    0x80, 0x28, 0x00, 0x04,  // FINGERPRINT attribute header
    0xe5, 0x7a, 0x3b, 0xcf,  // CRC32 fingerprint
};

constexpr std::uint8_t kSampleIPv4Response[] = {
    0x01, 0x01, 0x00, 0x3c,  // Response type and message length
    0x21, 0x12, 0xa4, 0x42,  // Magic cookie
    0xb7, 0xe7, 0xa7, 0x01,  // }
    0xbc, 0x34, 0xd6, 0x86,  // }  Transaction ID
    0xfa, 0x87, 0xdf, 0xae,  // }
    0x80, 0x22, 0x00, 0x0b,  // SOFTWARE attribute header
    0x74, 0x65, 0x73, 0x74,  // }
    0x20, 0x76, 0x65, 0x63,  // }  UTF-8 server name
    0x74, 0x6f, 0x72, 0x20,  // }
    0x00, 0x20, 0x00, 0x08,  // XOR-MAPPED-ADDRESS attribute header
    0x00, 0x01, 0xa1, 0x47,  // Address family (IPv4) and xor'd mapped port number
    0xe1, 0x12, 0xa6, 0x43,  // Xor'd mapped IPv4 address
    0x00, 0x08, 0x00, 0x14,  // MESSAGE-INTEGRITY attribute header
    0x2b, 0x91, 0xf5, 0x99,  // }
    0xfd, 0x9e, 0x90, 0xc3,  // }
    0x8c, 0x74, 0x89, 0xf9,  // }  HMAC-SHA1 fingerprint
    0x2a, 0xf9, 0xba, 0x53,  // }
    0xf0, 0x6b, 0xe7, 0xd7,  // }
    0x80, 0x28, 0x00, 0x04,  // FINGERPRINT attribute header
    0xc0, 0x7d, 0x4c, 0x96,  // CRC32 fingerprint
};

constexpr std::uint8_t kSampleIPv6Response[] = {
    0x01, 0x01, 0x00, 0x48,  // Response type and message length
    0x21, 0x12, 0xa4, 0x42,  // Magic cookie
    0xb7, 0xe7, 0xa7, 0x01,  // }
    0xbc, 0x34, 0xd6, 0x86,  // }  Transaction ID
    0xfa, 0x87, 0xdf, 0xae,  // }
    0x80, 0x22, 0x00, 0x0b,  // SOFTWARE attribute header
    0x74, 0x65, 0x73, 0x74,  // }
    0x20, 0x76, 0x65, 0x63,  // }  UTF-8 server name
    0x74, 0x6f, 0x72, 0x20,  // }
    0x00, 0x20, 0x00, 0x14,  // XOR-MAPPED-ADDRESS attribute header
    0x00, 0x02, 0xa1, 0x47,  // Address family (IPv6) and xor'd mapped port number
    0x01, 0x13, 0xa9, 0xfa,  // }
    0xa5, 0xd3, 0xf1, 0x79,  // }  Xor'd mapped IPv6 address
    0xbc, 0x25, 0xf4, 0xb5,  // }
    0xbe, 0xd2, 0xb9, 0xd9,  // }
    0x00, 0x08, 0x00, 0x14,  // MESSAGE-INTEGRITY attribute header
    0xa3, 0x82, 0x95, 0x4e,  // }
    0x4b, 0xe6, 0x7b, 0xf1,  // }
    0x17, 0x84, 0xc9, 0x7c,  // }  HMAC-SHA1 fingerprint
    0x82, 0x92, 0xc2, 0x75,  // }
    0xbf, 0xe3, 0xed, 0x41,  // }
    0x80, 0x28, 0x00, 0x04,  // FINGERPRINT attribute header
    0xc8, 0xfb, 0x0b, 0x4c,  // CRC32 fingerprint
};

constexpr std::uint8_t kSampleLongTermRequest[] = {
    0x00, 0x01, 0x00, 0x60,  // Request type and message length
    0x21, 0x12, 0xa4, 0x42,  // Magic cookie
    0x78, 0xad, 0x34, 0x33,  // }
    0xc6, 0xad, 0x72, 0xc0,  // }  Transaction ID
    0x29, 0xda, 0x41, 0x2e,  // }
    0x00, 0x06, 0x00, 0x12,  // USERNAME attribute header
    0xe3, 0x83, 0x9e, 0xe3,  // }
    0x83, 0x88, 0xe3, 0x83,  // }
    0xaa, 0xe3, 0x83, 0x83,  // }  Username value (18 bytes) and padding (2 bytes)
    0xe3, 0x82, 0xaf, 0xe3,  // }
    0x82, 0xb9, 0x00, 0x00,  // }
    0x00, 0x15, 0x00, 0x1c,  // NONCE attribute header
    0x66, 0x2f, 0x2f, 0x34,  // }
    0x39, 0x39, 0x6b, 0x39,  // }
    0x35, 0x34, 0x64, 0x36,  // }
    0x4f, 0x4c, 0x33, 0x34,  // }  Nonce value
    0x6f, 0x4c, 0x39, 0x46,  // }
    0x53, 0x54, 0x76, 0x79,  // }
    0x36, 0x34, 0x73, 0x41,  // }
    0x00, 0x14, 0x00, 0x0b,  // REALM attribute header
    0x65, 0x78, 0x61, 0x6d,  // }
    0x70, 0x6c, 0x65, 0x2e,  // }  Realm value (11 bytes) and padding (1 byte)
    0x6f, 0x72, 0x67, 0x00,  // }
    0x00, 0x08, 0x00, 0x14,  // MESSAGE-INTEGRITY attribute header
    0xf6, 0x70, 0x24, 0x65,  // }
    0x6d, 0xd6, 0x4a, 0x3e,  // }
    0x02, 0xb8, 0xe0, 0x71,  // }  HMAC-SHA1 fingerprint
    0x2e, 0x85, 0xc9, 0xa2,  // }
    0x8c, 0xa8, 0x96, 0x66,  // }
};
// clang-format on

std::span<const std::uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Collects named checks; each failing check records why.
class Checker {
public:
    void expect(std::string name, bool ok, std::string why) {
        results_.push_back({std::move(name), ok, ok ? std::string{} : std::move(why)});
    }
    std::vector<CheckResult> take() { return std::move(results_); }

private:
    std::vector<CheckResult> results_;
};

template <class A>
bool text_is(const StunMessage& m, std::string_view expected) {
    auto a = m.get<A>();
    return a && a->value == expected;
}

void check_sample_request(Checker& c) {
    auto m = StunMessage::decode(sample_request());
    c.expect("2.1 request: decodes, FINGERPRINT matches", m.ok(),
             m ? "" : std::string(decode_error_name(m.error())));
    if (!m) return;
    c.expect("2.1 request: Binding request", m->type() == MessageType{Method::Binding, MessageClass::Request},
             "wrong message type");
    c.expect("2.1 request: SOFTWARE", text_is<Software>(*m, kRequestSoftware), "wrong SOFTWARE");
    c.expect("2.1 request: USERNAME", text_is<Username>(*m, kRequestUsername), "wrong USERNAME");
    c.expect("2.1 request: MESSAGE-INTEGRITY (short-term)",
             verify_integrity(*m, as_bytes(kShortTermPassword)) == IntegrityStatus::Valid, "HMAC mismatch");
    c.expect("2.1 request: wrong password rejected",
             verify_integrity(*m, as_bytes("wrong")) == IntegrityStatus::Invalid, "wrong key accepted");
}

void check_response(Checker& c, const std::string& name, std::span<const std::uint8_t> bytes,
                    std::string_view ip) {
    auto m = StunMessage::decode(bytes);
    c.expect(name + ": decodes, FINGERPRINT matches", m.ok(), m ? "" : std::string(decode_error_name(m.error())));
    if (!m) return;
    c.expect(name + ": SOFTWARE", text_is<Software>(*m, kResponseSoftware), "wrong SOFTWARE");
    const auto mapped = m->get<XorMappedAddress>();
    const auto want = TransportAddress::parse(ip, kMappedPort);
    c.expect(name + ": XOR-MAPPED-ADDRESS", mapped && want && mapped->address == *want,
             mapped ? "decoded " + mapped->address.to_string() : "attribute did not decode");
    c.expect(name + ": MESSAGE-INTEGRITY",
             verify_integrity(*m, as_bytes(kShortTermPassword)) == IntegrityStatus::Valid, "HMAC mismatch");
    // Flip one bit inside SOFTWARE: the CRC must no longer match.
    std::vector<std::uint8_t> broken(bytes.begin(), bytes.end());
    broken[27] ^= 0x01;
    auto b = StunMessage::decode(broken);
    c.expect(name + ": flipped byte fails FINGERPRINT", !b && b.error() == DecodeError::FingerprintMismatch,
             "corruption not detected");
}

LongTermKey long_term_key() {
    return derive_long_term_key(PasswordAlgorithmId::Md5, kLongTermUsername, kLongTermRealm, kLongTermPassword);
}

void check_long_term_request(Checker& c) {
    auto m = StunMessage::decode(sample_long_term_request());
    c.expect("2.4 long-term request: decodes", m.ok(), m ? "" : std::string(decode_error_name(m.error())));
    if (!m) return;
    c.expect("2.4 long-term request: USERNAME", text_is<Username>(*m, kLongTermUsername), "wrong USERNAME");
    c.expect("2.4 long-term request: NONCE", text_is<Nonce>(*m, kLongTermNonce), "wrong NONCE");
    c.expect("2.4 long-term request: REALM", text_is<Realm>(*m, kLongTermRealm), "wrong REALM");
    c.expect("2.4 long-term request: MESSAGE-INTEGRITY (MD5 key)",
             verify_integrity(*m, long_term_key().view()) == IntegrityStatus::Valid, "HMAC mismatch");
    const auto wrong = derive_long_term_key(PasswordAlgorithmId::Md5, kLongTermUsername, kLongTermRealm, "x");
    c.expect("2.4 long-term request: wrong password rejected",
             verify_integrity(*m, wrong.view()) == IntegrityStatus::Invalid, "wrong key accepted");
}

void check_long_term_encoding(Checker& c) {
    std::array<std::uint8_t, 256> buf{};
    TransactionId tid;
    std::copy_n(sample_long_term_request().begin() + 8, 12, tid.bytes.begin());
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, tid);
    b.add(Username{kLongTermUsername}).add(Nonce{kLongTermNonce}).add(Realm{kLongTermRealm});
    b.add_message_integrity(long_term_key().view());
    auto out = b.finish();
    c.expect("2.4 long-term request: re-encoded byte for byte",
             out && std::ranges::equal(*out, sample_long_term_request()), "encoding differs");
}

}  // namespace

std::span<const std::uint8_t> sample_request() { return kSampleRequest; }
std::span<const std::uint8_t> sample_ipv4_response() { return kSampleIPv4Response; }
std::span<const std::uint8_t> sample_ipv6_response() { return kSampleIPv6Response; }
std::span<const std::uint8_t> sample_long_term_request() { return kSampleLongTermRequest; }

std::vector<CheckResult> run_checks() {
    Checker c;
    check_sample_request(c);
    check_response(c, "2.2 IPv4 response", sample_ipv4_response(), kMappedIPv4);
    check_response(c, "2.3 IPv6 response", sample_ipv6_response(), kMappedIPv6);
    check_long_term_request(c);
    check_long_term_encoding(c);
    return c.take();
}

}  // namespace turn::proto::rfc5769
