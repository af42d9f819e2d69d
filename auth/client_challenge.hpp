// The client's side of RFC 8489 §9.2.5: what a 401 or 438 asks the next
// request to carry, and when a client must not retry at all because the
// challenge shows a bid-down (§9.2.1). For the project's own clients
// (tools and the integration test client); the server never uses it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/attributes/password_algorithms.hpp"
#include "protocol/message.hpp"
#include "protocol/result.hpp"

namespace turn::auth {

struct ClientChallenge {
    std::string realm;
    std::string nonce;
    // PASSWORD-ALGORITHMS as received, to be echoed byte for byte (§9.2.5:
    // "with the same content"); empty when the challenge had none.
    std::vector<std::uint8_t> algorithms;
    // The PASSWORD-ALGORITHM to send: the first of the list the client
    // supports. nullopt without a list: no attribute, and the key is MD5.
    std::optional<proto::PasswordAlgorithmId> algorithm;
    // The nonce cookie asks for USERHASH instead of USERNAME (§9.2.5).
    bool userhash = false;

    proto::PasswordAlgorithmId key_algorithm() const { return algorithm.value_or(proto::PasswordAlgorithmId::Md5); }
};

// Why a client must not retry (§9.2.5), or cannot.
enum class ChallengeRefusal : std::uint8_t {
    NotAChallenge,         // no usable REALM or NONCE
    AlgorithmsStripped,    // the cookie says PASSWORD-ALGORITHMS was sent, and it is missing
    MalformedAlgorithms,   // PASSWORD-ALGORITHMS does not decode
    NoSupportedAlgorithm,  // the list names nothing the client supports
};

std::string_view challenge_refusal_name(ChallengeRefusal r);

// Reads a 401 or 438 `response`; `supported` is what the client can use.
Result<ClientChallenge, ChallengeRefusal> read_challenge(const proto::StunMessage& response,
                                                         std::span<const proto::PasswordAlgorithmId> supported);

}  // namespace turn::auth
