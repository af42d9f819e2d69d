// turnctl's command line: where the server's admin interface is, and the
// command to send (server/admin_protocol.hpp).
//
//   turnctl [--socket <path> | -c <turnserver.conf>] <command>
//   turnctl --port <port> [--password-file <file>] <command>
//
// -c takes the socket path from the server's own config (admin-socket).
//
// Commands: sessions | session <id> | cancel <id> |
//           drain [--deadline <seconds>] [--wait] | reload | status
//
// On the TCP port the password comes from --password-file (its first line)
// or the TURNCTL_PASSWORD environment variable, never from the command line,
// where other users could read it (ps).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"
#include "server/usage.hpp"

namespace turn::turnctl {

enum class Output : std::uint8_t { Table, Detail, Text };  // how the answer is shown

struct Options {
    std::string socket_path;              // the Unix socket, unless port is set
    bool socket_given = false;            // --socket: wins over -c
    std::optional<std::string> config_file;  // -c
    std::uint16_t port = 0;               // 127.0.0.1 TCP instead
    std::optional<std::string> password_file;
    std::string request;                  // the line sent, without the newline
    Output output = Output::Text;
    bool wait = false;                    // drain --wait: no reply timeout
    bool help = false;
};

// Errors name the argument that is wrong.
Result<Options, std::string> parse_args(const std::vector<std::string_view>& args);

// --help, and the man page (tools/docgen), from the tables the parser reads.
usage::Usage usage();

}  // namespace turn::turnctl
