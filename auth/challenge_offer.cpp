#include "auth/challenge_offer.hpp"

#include <algorithm>

namespace turn::auth {

using proto::PasswordAlgorithmId;

proto::PasswordAlgorithms offered_algorithms(AlgorithmOffer offer) {
    constexpr auto md5 = proto::entry_of(PasswordAlgorithmId::Md5);
    constexpr auto sha256 = proto::entry_of(PasswordAlgorithmId::Sha256);
    proto::PasswordAlgorithms list;
    switch (offer) {
        case AlgorithmOffer::Md5Only: list.entries.push_back(md5); break;
        case AlgorithmOffer::Sha256First:
            list.entries.push_back(sha256);
            list.entries.push_back(md5);
            break;
        case AlgorithmOffer::Md5First:
            list.entries.push_back(md5);
            list.entries.push_back(sha256);
            break;
    }
    return list;
}

std::string_view algorithm_error_name(AlgorithmError e) {
    switch (e) {
        case AlgorithmError::Malformed: return "malformed PASSWORD-ALGORITHM(S)";
        case AlgorithmError::Incomplete: return "PASSWORD-ALGORITHM and PASSWORD-ALGORITHMS must come together";
        case AlgorithmError::ListMismatch: return "PASSWORD-ALGORITHMS differs from the list sent with the nonce";
        case AlgorithmError::NotOffered: return "PASSWORD-ALGORITHM is not in PASSWORD-ALGORITHMS";
    }
    return "bad password algorithm";
}

Result<NegotiatedAlgorithm, AlgorithmError> negotiate_password_algorithm(const proto::StunMessage& request,
                                                                         std::optional<AlgorithmOffer> offer) {
    const bool has_one = request.has(proto::AttrType::PasswordAlgorithm);
    const bool has_list = request.has(proto::AttrType::PasswordAlgorithms);
    // §9.2.4: "If the request contains neither ... the request is processed
    // as though PASSWORD-ALGORITHM were MD5": RFC 5389 clients echo the
    // cookie without knowing what it means. Stripping both from a request
    // an RFC 8489 client sent would break its MESSAGE-INTEGRITY, which
    // covers them, so this cannot be used to bid one down.
    if (!offer || (!has_one && !has_list)) return NegotiatedAlgorithm{};
    if (has_one != has_list) return unexpected(AlgorithmError::Incomplete);
    const auto chosen = request.get<proto::PasswordAlgorithm>();
    const auto list = request.get<proto::PasswordAlgorithms>();
    if (!chosen || !list) return unexpected(AlgorithmError::Malformed);
    // The list must be the one sent, entry for entry: an attacker who
    // removed SHA-256 from the 401 left the client echoing a shorter list.
    if (!(*list == offered_algorithms(*offer))) return unexpected(AlgorithmError::ListMismatch);
    const auto& entries = list->entries;
    if (std::find(entries.begin(), entries.end(), chosen->entry) == entries.end())
        return unexpected(AlgorithmError::NotOffered);
    // Every entry of an offered list is MD5 or SHA-256 without parameters.
    const auto id = proto::known_password_algorithm(chosen->entry);
    if (!id) return unexpected(AlgorithmError::NotOffered);
    return NegotiatedAlgorithm{*id, false};
}

}  // namespace turn::auth
