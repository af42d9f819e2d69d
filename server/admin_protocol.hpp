// The admin interface's line protocol (turnctl <-> turnserver), replacing
// coturn's telnet CLI.
//
// A request is one line of words separated by spaces, at most kMaxLine bytes:
//
//   sessions                 every allocation
//   session <id>             one allocation
//   cancel <id>              end an allocation (its client then gets 437)
//   drain [<seconds>] [wait] refuse new allocations (403); exit once the last
//                            one ends, or after <seconds>; with `wait`, the
//                            answer comes when the drain is over
//   reload                   re-read the config: users, secrets, peer lists,
//                            TLS certificate, verbosity
//   status                   threads, allocations, draining or not
//   auth <password>          first, on the TCP port (admin-port)
//   help, quit
//
// The answer is zero or more record lines, then one status line, "ok" or
// "ok <text>" on success, "error <text>" on failure. A record is a first
// word and key=value fields; values are percent-encoded (RFC 3986 §2.1) when
// they hold anything but visible ASCII or hold '%' or '=':
//
//   session id=7 user=alice transport=UDP client=127.0.0.1:40000 ...
//   ok 1 session
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/result.hpp"

namespace turn::server::admin {

inline constexpr std::size_t kMaxLine = 1024;

enum class Verb : std::uint8_t { Sessions, Session, Cancel, Drain, Reload, Status, Auth, Help, Quit };

struct Command {
    Verb verb = Verb::Help;
    std::uint64_t id = 0;                         // session, cancel
    std::optional<std::chrono::seconds> deadline;  // drain
    bool wait = false;                            // drain
    std::string password;                         // auth
};

// nullopt for an empty line; otherwise the command or why it is refused
// ("unknown command 'x'", "session needs an id", ...).
Result<std::optional<Command>, std::string> parse_command(std::string_view line);

std::string_view help_text();

// Records.
using Field = std::pair<std::string, std::string>;
struct Record {
    std::string kind;  // the first word
    std::vector<Field> fields;

    // The value of `key`, or nullopt.
    std::optional<std::string_view> get(std::string_view key) const;
};

std::string encode_record(const Record& r);  // one line, without the newline
// A line that is not a record (no first word, a field without '=', a kind
// or key that is not visible ASCII, a broken escape) is an error.
Result<Record, std::string> decode_record(std::string_view line);

// Status lines.
std::string ok_line(std::string_view text = {});
std::string error_line(std::string_view text);
// Whether `line` ends an answer: "ok", "ok ...", "error ...".
bool is_status_line(std::string_view line);

}  // namespace turn::server::admin
