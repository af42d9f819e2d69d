// The admin interface turnctl talks to (admin_protocol.hpp), on the control
// thread's loop: a Unix socket (mode 0600: the file's permissions are the
// access control) and, with admin-port, 127.0.0.1 TCP, where a client must
// first send `auth <password>` (checked against admin-password-hash in
// constant time; a wrong one ends the connection).
//
// One command at a time per connection: lines that arrive while one is being
// answered wait their turn. A line over kMaxLine ends the connection; bad
// lines get an error line. A connection idle for a minute is closed, except
// one waiting for a drain to finish. At most 16 connections.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocol/result.hpp"
#include "server/admin_protocol.hpp"
#include "server/logger.hpp"
#include "server/ops_connections.hpp"
#include "server/unix_socket.hpp"

namespace turn::server {

// What runs the commands (control_plane.hpp). `answer` takes the whole
// answer, status line last; it may be called later, on the same thread.
class AdminBackend {
public:
    using Answer = std::function<void(std::vector<std::string> lines)>;
    virtual ~AdminBackend() = default;
    virtual void run(const admin::Command& c, Answer answer) = 0;
};

struct AdminEndpoints {
    std::optional<UnixListener> unix_socket;
    Fd tcp;                         // listening on 127.0.0.1, or none
    std::string password_hash;      // for tcp
};

class AdminServer final : private OpsHandler {
public:
    AdminServer(event_base* base, AdminEndpoints endpoints, AdminBackend& backend, Logger& log);
    ~AdminServer() override;
    AdminServer(const AdminServer&) = delete;
    AdminServer& operator=(const AdminServer&) = delete;

private:
    struct Session {
        bool authenticated = false;
        bool busy = false;     // a command is being answered
        bool pumping = false;  // pump() is on the stack
    };

    void on_input(OpsConnection& c, evbuffer* in) override;
    void on_overrun(OpsConnection& c, Overrun why) override;
    void on_closed(OpsConnection& c) override;
    void handle(OpsConnection& c, Session& s, std::string_view line);
    void authenticate(OpsConnection& c, Session& s, const admin::Command& cmd);
    void answered(std::uint64_t id, const std::vector<std::string>& lines);
    // Handles the lines that wait, one command at a time.
    void pump(OpsConnection& c);

    std::optional<UnixListener> unix_socket_;  // unlinks the path when the server goes
    std::string password_hash_;
    std::optional<std::size_t> tcp_listener_;  // its number in connections_
    AdminBackend& backend_;
    Logger& log_;
    std::unique_ptr<OpsConnections> connections_;
    std::unordered_map<std::uint64_t, Session> sessions_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // answers after the server went are dropped
};

}  // namespace turn::server
