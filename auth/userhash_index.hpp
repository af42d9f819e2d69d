// Users by USERHASH (RFC 8489 §14.4): SHA-256(username ":" realm), which an
// RFC 8489 client sends instead of USERNAME when the server asks for
// username anonymity (§9.2.5). A hash cannot be reversed, so the server
// hashes every name it knows once, when it loads them, and looks requests
// up here: one SHA-256 per user per load (static users at start-up, the
// database's users on the auth thread each time the file changed), about
// 100 bytes per user, and an O(log n) lookup with no hashing per request.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace turn::auth {

class UserhashIndex {
public:
    using Hash = std::array<std::uint8_t, 32>;

    // Indexes `name` of `realm`. A second name with the same hash (which
    // SHA-256 does not produce) would keep the first.
    void add(std::string_view name, std::string_view realm);

    // The name whose hash `userhash` is; nullopt for any other value,
    // including one that is not 32 bytes. A view into the index.
    std::optional<std::string_view> find(std::span<const std::uint8_t> userhash) const;
    std::size_t size() const { return names_.size(); }

private:
    std::map<Hash, std::string> names_;
};

}  // namespace turn::auth
