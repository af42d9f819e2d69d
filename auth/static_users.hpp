// Users given in the configuration (coturn's `user=` option, -u / --user):
//
//   user=<name>:<password>
//   user=<name>:0x<32 hex digits>
//
// The hex form is the 16-byte long-term key itself, MD5(name:realm:password)
// (RFC 8489 §9.2.2), as `turnadmin -k` prints it, so the password need not sit
// in the file. Keys are derived once, at load, for the one realm: from a
// password both the MD5 and the SHA-256 key (§18.5.1), so the user can sign
// with either PASSWORD-ALGORITHM; from a hex key only MD5, since SHA-256 needs
// the password itself. Each user's USERHASH (§14.4) is indexed at load too.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "auth/userhash_index.hpp"
#include "protocol/credentials.hpp"
#include "protocol/result.hpp"

namespace turn::auth {

struct StaticUser {
    std::string name;
    proto::LongTermKey key;                        // MD5, 16 bytes
    std::optional<proto::LongTermKey> sha256_key;  // when the password was given
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
    // `realm` is the one the user's keys were derived for.
    Result<void, StaticUserError> add(StaticUser user, std::string_view realm);

    // The user's key for `alg`; nullopt for an unknown name, or for SHA-256
    // when only the MD5 key was given.
    std::optional<proto::LongTermKey> find(std::string_view name,
                                           proto::PasswordAlgorithmId alg = proto::PasswordAlgorithmId::Md5) const;
    bool contains(std::string_view name) const { return users_.find(name) != users_.end(); }
    // The user a USERHASH of `realm` (the one add() was given) names.
    std::optional<std::string_view> name_of(std::span<const std::uint8_t> userhash) const {
        return userhashes_.find(userhash);
    }
    std::size_t size() const { return users_.size(); }
    bool empty() const { return users_.empty(); }
    // Whether some user can sign only with MD5, and whether some can with SHA-256.
    bool has_md5_only_users() const { return md5_only_ > 0; }
    bool has_sha256_keys() const { return md5_only_ < users_.size(); }

private:
    struct Keys {
        proto::LongTermKey md5;
        std::optional<proto::LongTermKey> sha256;
    };
    std::map<std::string, Keys, std::less<>> users_;
    UserhashIndex userhashes_;
    std::size_t md5_only_ = 0;
};

// Parses and adds every entry; stops at the first bad one, reporting its index.
struct StaticUsersLoadError {
    std::size_t index = 0;
    StaticUserError error{};
};
Result<StaticUsers, StaticUsersLoadError> load_static_users(std::span<const std::string> entries,
                                                            std::string_view realm);

}  // namespace turn::auth
