#include "auth/client_challenge.hpp"

#include <algorithm>

#include "auth/nonce_cookie.hpp"
#include "protocol/attributes.hpp"

namespace turn::auth {

std::string_view challenge_refusal_name(ChallengeRefusal r) {
    switch (r) {
        case ChallengeRefusal::NotAChallenge: return "no REALM or NONCE";
        case ChallengeRefusal::AlgorithmsStripped: return "the nonce cookie offers PASSWORD-ALGORITHMS, none came";
        case ChallengeRefusal::MalformedAlgorithms: return "malformed PASSWORD-ALGORITHMS";
        case ChallengeRefusal::NoSupportedAlgorithm: return "no supported algorithm in PASSWORD-ALGORITHMS";
    }
    return "refused challenge";
}

Result<ClientChallenge, ChallengeRefusal> read_challenge(const proto::StunMessage& response,
                                                         std::span<const proto::PasswordAlgorithmId> supported) {
    const auto realm = response.get<proto::Realm>();
    const auto nonce = response.get<proto::Nonce>();
    if (!realm || !nonce) return unexpected(ChallengeRefusal::NotAChallenge);
    ClientChallenge c{std::string(realm->value), std::string(nonce->value), {}, std::nullopt, false};
    const auto features = nonce_cookie_features(nonce->value);
    c.userhash = features && features->username_anonymity();
    const proto::RawAttribute* raw = response.find(proto::AttrType::PasswordAlgorithms);
    if (raw == nullptr) {
        // §9.2.5: "MUST NOT retry": whoever removed the list meant the
        // client to fall back to MD5.
        if (features && features->password_algorithms()) return unexpected(ChallengeRefusal::AlgorithmsStripped);
        return c;
    }
    const auto list = response.get<proto::PasswordAlgorithms>();
    if (!list) return unexpected(ChallengeRefusal::MalformedAlgorithms);
    for (const auto& e : list->entries) {
        const auto id = proto::known_password_algorithm(e);
        if (id && std::find(supported.begin(), supported.end(), *id) != supported.end()) {
            c.algorithm = id;
            break;
        }
    }
    if (!c.algorithm) return unexpected(ChallengeRefusal::NoSupportedAlgorithm);
    const auto value = response.value_of(*raw);
    c.algorithms.assign(value.begin(), value.end());
    return c;
}

}  // namespace turn::auth
