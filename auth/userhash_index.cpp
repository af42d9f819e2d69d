#include "auth/userhash_index.hpp"

#include <algorithm>

#include "protocol/credentials.hpp"

namespace turn::auth {

void UserhashIndex::add(std::string_view name, std::string_view realm) {
    names_.try_emplace(proto::compute_userhash(name, realm), name);
}

std::optional<std::string_view> UserhashIndex::find(std::span<const std::uint8_t> userhash) const {
    Hash key{};
    if (userhash.size() != key.size()) return std::nullopt;
    std::copy(userhash.begin(), userhash.end(), key.begin());
    const auto it = names_.find(key);
    if (it == names_.end()) return std::nullopt;
    return it->second;
}

}  // namespace turn::auth
