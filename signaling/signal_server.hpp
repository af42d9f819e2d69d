// turnsignal's network side on one libevent loop: the HTTP and HTTPS
// listeners, the connections (connection.hpp), the hub they share
// (signaling_hub.hpp), one timer that pings every WebSocket client, and the
// deferred freeing of finished connections, so no connection is destroyed
// inside one of its own callbacks or while the hub is sending.
#pragma once

#include <event2/event.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocol/result.hpp"
#include "server/accept_overflow.hpp"
#include "server/event_handles.hpp"
#include "server/logger.hpp"
#include "server/tls_context.hpp"
#include "server/udp_socket.hpp"
#include "signaling/connection.hpp"
#include "signaling/origin_policy.hpp"
#include "signaling/settings.hpp"
#include "signaling/signaling_hub.hpp"
#include "signaling/web_root.hpp"

namespace turn::signaling {

class SignalServer final : public Outbox, public ConnectionHost {
public:
    // Loads TLS, opens the web root and binds the listeners; the error says
    // which (a port in use names the address).
    static Result<std::unique_ptr<SignalServer>, std::string> create(event_base* base, SignalSettings settings,
                                                                     server::Logger& log);
    ~SignalServer() override;
    SignalServer(const SignalServer&) = delete;
    SignalServer& operator=(const SignalServer&) = delete;

    // Outbox: a hub message for a client.
    void send(const PeerId& to, std::string text) override;

    // SIGTERM/SIGINT: stop accepting, say 1001 to every WebSocket client.
    void shut_down();
    // SIGUSR2: new TLS connections get the re-read certificate.
    void reload_tls();

    // ConnectionHost.
    const ConnectionLimits& limits() const override { return limits_; }
    server::Logger& log() override { return log_; }
    RouteContext route_context(const std::string& local_host) override;
    PeerId open_client(Connection& c, std::string turn_host) override;
    std::optional<MessageError> deliver(const PeerId& from, std::string_view text) override;
    void leave(Connection& c) override;
    void retire(Connection& c) override;

private:
    struct Listener {
        SignalServer* server;
        server::Fd fd;
        bool tls;
        server::EventPtr ev;
    };
    struct Client {
        Connection* connection;
        std::string turn_host;  // for its ICE server URLs
    };

    SignalServer(event_base* base, SignalSettings settings, server::Logger& log);
    Result<void, std::string> listen(const proto::TransportAddress& address, bool tls);
    static void accept_cb(evutil_socket_t fd, short what, void* arg);
    static void ping_cb(evutil_socket_t fd, short what, void* arg);
    static void reap_cb(evutil_socket_t fd, short what, void* arg);
    void accept_from(Listener& listener);
    void admit(int fd, bool tls);
    bufferevent* make_bufferevent(int fd, bool tls);
    void reap();
    std::string new_id() const;
    json::Value ice_servers_for(const PeerId& id);

    event_base* base_;
    SignalSettings settings_;
    ConnectionLimits limits_;
    server::Logger& log_;
    server::AcceptOverflow overflow_;
    std::unique_ptr<server::TlsContexts> tls_;
    std::optional<WebRoot> web_root_;
    OriginPolicy origins_;
    SignalingHub hub_;
    std::vector<std::unique_ptr<Listener>> listeners_;
    std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
    std::unordered_map<PeerId, Client> clients_;
    std::vector<PeerId> departed_;            // to leave the hub at the next reap
    std::vector<std::uint64_t> finished_;     // connections to free at the next reap
    std::uint64_t next_serial_ = 1;
    server::EventPtr ping_timer_;
    server::EventPtr reaper_;
};

}  // namespace turn::signaling
