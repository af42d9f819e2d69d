#include "server/admin_server.hpp"

#include <event2/buffer.h>

#include <cstdlib>

#include "auth/admin_password.hpp"

namespace turn::server {
namespace {

constexpr std::size_t kMaxConnections = 16;
constexpr std::chrono::seconds kIdle{60};

OpsLimits admin_limits() {
    OpsLimits l;
    l.max_connections = kMaxConnections;
    l.max_input = admin::kMaxLine + 2;  // one line and its CRLF
    l.deadline = kIdle;
    return l;
}

}  // namespace

AdminServer::AdminServer(event_base* base, AdminEndpoints endpoints, AdminBackend& backend, Logger& log)
    : unix_socket_(std::move(endpoints.unix_socket)),
      password_hash_(std::move(endpoints.password_hash)),
      backend_(backend),
      log_(log),
      connections_(std::make_unique<OpsConnections>(base, admin_limits(), static_cast<OpsHandler&>(*this))) {
    if (unix_socket_) {
        if (auto r = connections_->listen(unix_socket_->take_fd()); !r) log_.error("admin socket: " + r.error());
        else log_.info("admin socket " + unix_socket_->path() + " (turnctl)");
    }
    if (endpoints.tcp) {
        if (auto r = connections_->listen(std::move(endpoints.tcp)); !r) log_.error("admin port: " + r.error());
        else tcp_listener_ = *r;
    }
}

AdminServer::~AdminServer() {
    *alive_ = false;
    connections_->close_all();
    connections_.reset();
}

void AdminServer::on_input(OpsConnection& c, evbuffer*) { pump(c); }

void AdminServer::pump(OpsConnection& c) {
    const std::uint64_t id = c.id();
    sessions_[id].pumping = true;
    while (c.open()) {
        const auto it = sessions_.find(id);
        if (it == sessions_.end() || it->second.busy) break;
        std::size_t length = 0;
        char* line = evbuffer_readln(c.input(), &length, EVBUFFER_EOL_CRLF);
        if (line == nullptr) break;
        const std::string text(line, length);
        std::free(line);
        handle(c, it->second, text);
    }
    if (const auto it = sessions_.find(id); it != sessions_.end()) it->second.pumping = false;
}

void AdminServer::on_overrun(OpsConnection& c, Overrun why) {
    if (why == Overrun::Input) c.send(admin::error_line("line too long") + "\n");
    else if (sessions_[c.id()].busy) return c.arm_deadline(kIdle);  // a command is still being answered
    c.close_after_flush();
}

void AdminServer::on_closed(OpsConnection& c) { sessions_.erase(c.id()); }

void AdminServer::handle(OpsConnection& c, Session& s, std::string_view line) {
    if (!s.authenticated && c.listener() != tcp_listener_) s.authenticated = true;  // the socket's mode let it in
    const auto parsed = admin::parse_command(line);
    if (!parsed) return c.send(admin::error_line(parsed.error()) + "\n");
    if (!parsed->has_value()) return;  // an empty line
    const admin::Command& cmd = **parsed;
    if (cmd.verb == admin::Verb::Auth) return authenticate(c, s, cmd);
    if (!s.authenticated) {
        c.send(admin::error_line("authenticate first: auth <password>") + "\n");
        return c.close_after_flush();
    }
    if (cmd.verb == admin::Verb::Quit) {
        c.send(admin::ok_line("bye") + "\n");
        return c.close_after_flush();
    }
    s.busy = true;
    c.stop_deadline();
    const std::uint64_t id = c.id();
    backend_.run(cmd, [this, id, alive = alive_](std::vector<std::string> lines) {
        if (*alive) answered(id, lines);
    });
}

void AdminServer::authenticate(OpsConnection& c, Session& s, const admin::Command& cmd) {
    if (s.authenticated) return c.send(admin::ok_line("already authenticated") + "\n");
    if (password_hash_.empty() || !auth::check_admin_password(password_hash_, cmd.password)) {
        log_.warning("admin port: wrong password, connection closed");
        c.send(admin::error_line("authentication failed") + "\n");
        return c.close_after_flush();
    }
    s.authenticated = true;
    c.send(admin::ok_line("authenticated") + "\n");
}

// Sends an answer and goes on with the next line the client sent meanwhile.
void AdminServer::answered(std::uint64_t id, const std::vector<std::string>& lines) {
    OpsConnection* c = connections_->find(id);
    if (c == nullptr) return;  // the client left before its answer
    for (const auto& l : lines) c->send(l + "\n");
    // The server may exit right after this answer (a drain that ended).
    c->flush_now();
    Session& s = sessions_[id];
    s.busy = false;
    c->arm_deadline(kIdle);
    if (!s.pumping) pump(*c);  // else the pump on the stack goes on
}

}  // namespace turn::server
