// What the server offers in a 401 or 438 (RFC 8489 §9.2.4) and how a later
// request must echo it: the security features in the nonce cookie, the
// PASSWORD-ALGORITHMS list, and the checks that catch a bid-down (§9.2.1).
//
// The server is stateless before authentication (DESIGN.md), so it cannot
// remember which list went with which nonce. The nonce remembers it instead:
// the offer is one of a few fixed lists, and its number sits inside the
// nonce, under the nonce's MAC (nonce.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/nonce_cookie.hpp"
#include "protocol/attributes/password_algorithms.hpp"
#include "protocol/message.hpp"
#include "protocol/result.hpp"

namespace turn::auth {

// The PASSWORD-ALGORITHMS lists the server sends, in order of preference
// (§14.11). A client takes the first one it supports (§9.2.5).
enum class AlgorithmOffer : std::uint8_t {
    Md5Only = 1,      // [MD5]: every credential is a stored MD5 key
    Sha256First = 2,  // [SHA-256, MD5]: every credential can make both keys
    Md5First = 3,     // [MD5, SHA-256]: some users have only an MD5 key
};

inline constexpr std::uint8_t kMaxAlgorithmOffer = 3;

struct ChallengeOffer {
    SecurityFeatures features;
    AlgorithmOffer algorithms = AlgorithmOffer::Md5Only;
    friend bool operator==(const ChallengeOffer&, const ChallengeOffer&) = default;
};

// The attribute for `offer`; its entries refer to static storage.
proto::PasswordAlgorithms offered_algorithms(AlgorithmOffer offer);

// Why a request's PASSWORD-ALGORITHM(S) fail §9.2.4; each one is a 400.
enum class AlgorithmError : std::uint8_t {
    Malformed,     // PASSWORD-ALGORITHM or PASSWORD-ALGORITHMS does not decode
    Incomplete,    // one of the two without the other: the other was stripped
    ListMismatch,  // PASSWORD-ALGORITHMS is not the list sent with the nonce
    NotOffered,    // PASSWORD-ALGORITHM is not an entry of that list
};

std::string_view algorithm_error_name(AlgorithmError e);

struct NegotiatedAlgorithm {
    proto::PasswordAlgorithmId id = proto::PasswordAlgorithmId::Md5;
    // The request carried neither attribute and is processed as MD5
    // (§9.2.4): it is answered as an RFC 5389 client would expect.
    bool by_default = true;
    friend bool operator==(const NegotiatedAlgorithm&, const NegotiatedAlgorithm&) = default;
};

// RFC 8489 §9.2.4, for a request whose NONCE carries the cookie with the
// "Password algorithms" bit: `offer` is the list sent with that nonce.
// Without such a nonce (`offer` nullopt) there is nothing to check and the
// request is processed as MD5.
Result<NegotiatedAlgorithm, AlgorithmError> negotiate_password_algorithm(const proto::StunMessage& request,
                                                                         std::optional<AlgorithmOffer> offer);

}  // namespace turn::auth
