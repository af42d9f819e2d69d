// Users given in the configuration (coturn's `user=` option, -u / --user):
//
//   user=<name>:<password>
//   user=<name>:0x<32 hex digits>
//
// The hex form is the 16-byte long-term key itself, MD5(name:realm:password)
// (RFC 8489 §9.2.2), as `turnadmin -k` prints it, so the password need not sit
// in the file. Keys are derived once, at load, for the one realm.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocol/credentials.hpp"
#include "protocol/result.hpp"

namespace turn::auth {

struct StaticUser {
    std::string name;
    proto::LongTermKey key;  // MD5, 16 bytes
};

enum class StaticUserError : std::uint8_t {
    MissingSeparator,  // no ':' between name and password
    InvalidName,       // fails proto::check_credential_text
    InvalidPassword,   // fails proto::check_credential_text
    InvalidHexKey,     // "0x" not followed by exactly 32 hex digits
    DuplicateName,
};

std::string_view static_user_error_name(StaticUserError e);

// Parses one `user=` value. The name ends at the first ':', so names cannot
// hold one and passwords can.
Result<StaticUser, StaticUserError> parse_static_user(std::string_view entry, std::string_view realm);

// The users of the one realm, by name.
class StaticUsers {
public:
    // A second user with the same name is refused rather than silently
    // replacing the first, so a config typo cannot change someone's password.
    Result<void, StaticUserError> add(StaticUser user);

    std::optional<proto::LongTermKey> find(std::string_view name) const;
    std::size_t size() const { return users_.size(); }
    bool empty() const { return users_.empty(); }

private:
    std::map<std::string, proto::LongTermKey, std::less<>> users_;
};

// Parses and adds every entry; stops at the first bad one, reporting its index.
struct StaticUsersLoadError {
    std::size_t index = 0;
    StaticUserError error{};
};
Result<StaticUsers, StaticUsersLoadError> load_static_users(std::span<const std::string> entries,
                                                            std::string_view realm);

}  // namespace turn::auth
