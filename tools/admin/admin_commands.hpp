// What each turnadmin command does, against the SQLite user database in
// coturn's schema; output in coturn's formats, so scripts written against
// coturn's turnadmin read ours:
//
//   -l  <name>[<realm>]        -S  <secret>[<realm>]      -L  <name> or <name>[<realm>]
//   -I  <origin> ==>> <realm>  -G  <opt>[<realm>]=<value> -k  0x<32 hex digits>
//   --list-oauth-keys  <kid>[<realm>] as_rs_alg=<alg> ikm_key=<base64> timestamp=<s> lifetime=<s>
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include "admin_args.hpp"

namespace turn::admin {

enum class ExitCode : int {
    Ok = 0,
    Usage = 1,     // bad or missing arguments, refused values
    Database = 2,  // the database cannot be opened, read or written
    NotFound = 3,  // deleting a user, admin, secret, origin or oauth key that is not there
};

struct AdminIo {
    std::ostream& out;
    std::ostream& err;
};

ExitCode run_admin(const AdminArgs& args, AdminIo io);

// Parses and runs; what main() calls.
ExitCode turnadmin_main(std::span<const std::string_view> args, AdminIo io);

// coturn's canonical origin: lowercase, and http/https get their default
// port when none is given ("HTTPS://Foo.Example" -> "https://foo.example:443").
std::string canonical_origin(std::string_view origin);

}  // namespace turn::admin
