// The four test vectors of RFC 5769 and the checks they support, shared by
// tools/turnutils_rfc5769check and the unit tests so both check the same thing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace turn::proto::rfc5769 {

// §2.1 Sample Request: Binding with SOFTWARE, PRIORITY, ICE-CONTROLLED,
// USERNAME, MESSAGE-INTEGRITY (short-term, key = the password), FINGERPRINT.
std::span<const std::uint8_t> sample_request();
// §2.2 Sample IPv4 Response, §2.3 Sample IPv6 Response: Binding success
// responses with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT.
std::span<const std::uint8_t> sample_ipv4_response();
std::span<const std::uint8_t> sample_ipv6_response();
// §2.4 Sample Request with Long-Term Authentication: USERNAME, NONCE, REALM,
// MESSAGE-INTEGRITY with the MD5 long-term key.
std::span<const std::uint8_t> sample_long_term_request();

inline constexpr std::string_view kShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";
inline constexpr std::string_view kRequestUsername = "evtj:h6vY";
inline constexpr std::string_view kRequestSoftware = "STUN test client";
inline constexpr std::string_view kResponseSoftware = "test vector";
// U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 ("matrix" in katakana), UTF-8.
inline constexpr std::string_view kLongTermUsername =
    "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9";
inline constexpr std::string_view kLongTermPassword = "TheMatrIX";
inline constexpr std::string_view kLongTermNonce = "f//499k954d6OL34oL9FSTvy64sA";
inline constexpr std::string_view kLongTermRealm = "example.org";
inline constexpr std::string_view kMappedIPv4 = "192.0.2.1";
inline constexpr std::string_view kMappedIPv6 = "2001:db8:1234:5678:11:2233:4455:6677";
inline constexpr std::uint16_t kMappedPort = 32853;

struct CheckResult {
    std::string name;
    bool passed;
    std::string detail;  // what went wrong, empty when passed
};

// Decodes every vector and checks each field, integrity and fingerprint,
// including negative cases (a flipped byte, a wrong password), and rebuilds
// the long-term request byte for byte.
std::vector<CheckResult> run_checks();

}  // namespace turn::proto::rfc5769
