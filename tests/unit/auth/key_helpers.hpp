// What the Authenticator tests share: one realm, one clock reading, and the
// RFC 8489 §9.2.2 MD5 key the candidates are compared with.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "auth/authenticator.hpp"

namespace turn::test {

inline constexpr std::string_view kRealm = "example.org";
inline constexpr std::int64_t kNow = 1'699'990'000;

inline proto::LongTermKey md5_key(std::string_view user, std::string_view password) {
    return proto::derive_long_term_key(proto::PasswordAlgorithmId::Md5, user, kRealm, password);
}

inline bool contains(const auth::CandidateKeys& keys, const proto::LongTermKey& k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
}

}  // namespace turn::test
