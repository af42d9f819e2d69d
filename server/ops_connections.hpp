// Client connections of the operations endpoints (the metrics HTTP server,
// the admin interface): accepted from a listening socket, each on a libevent
// bufferevent with bounded input, a deadline and a write timeout, so a slow
// or silent client holds one slot for a bounded time and never the thread.
// At most `max_connections` at once; past that, new ones are closed at once.
//
// What the bytes mean is the Handler's business. Connections end through
// close() or close_after_flush() and are freed later by the set, never inside
// one of their own callbacks.
#pragma once

#include <event2/bufferevent.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/event_handles.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

struct OpsLimits {
    std::size_t max_connections = 32;
    std::size_t max_input = 8 * 1024;          // bytes waiting to be understood
    std::chrono::seconds deadline{10};         // set by accept; handlers re-arm or stop it
    std::chrono::seconds write_timeout{10};    // output the client does not read
};

class OpsConnection;

enum class Overrun : std::uint8_t { Input, Deadline };

class OpsHandler {
public:
    virtual ~OpsHandler() = default;
    // New input: `in` holds everything not consumed yet (at most max_input).
    virtual void on_input(OpsConnection& c, evbuffer* in) = 0;
    // The client's input is over max_input, or its deadline passed.
    virtual void on_overrun(OpsConnection& c, Overrun why) = 0;
    virtual void on_closed(OpsConnection&) {}
};

class OpsConnections;

class OpsConnection {
public:
    OpsConnection(OpsConnections& set, bufferevent* bev, std::uint64_t id, std::size_t listener);
    ~OpsConnection();
    OpsConnection(const OpsConnection&) = delete;
    OpsConnection& operator=(const OpsConnection&) = delete;

    std::uint64_t id() const { return id_; }
    std::size_t listener() const { return listener_; }  // as OpsConnections::listen numbered it
    bool open() const { return state_ == State::Open; }
    void send(std::string_view bytes);
    evbuffer* input() const { return bufferevent_get_input(bev_); }
    // Stop reading; once the output has left, shut down our side and read
    // (and drop) what the client still sends, for up to 2 s, before closing:
    // closing with unread input would reset the connection and could cost
    // the client the answer (RFC 9112 §9.6).
    void close_after_flush();
    void close();
    // Writes what is queued now, as far as the socket takes it without
    // waiting: for last words before the process exits.
    void flush_now();
    void arm_deadline(std::chrono::seconds after);
    void stop_deadline();

private:
    enum class State { Open, Closing, Lingering, Closed };
    static void read_cb(bufferevent* bev, void* arg);
    static void write_cb(bufferevent* bev, void* arg);
    static void event_cb(bufferevent* bev, short what, void* arg);
    static void deadline_cb(evutil_socket_t fd, short what, void* arg);
    std::size_t queued() const;
    void linger();

    OpsConnections& set_;
    bufferevent* bev_;
    EventPtr deadline_;
    std::uint64_t id_;
    std::size_t listener_;
    State state_ = State::Open;
};

class OpsConnections {
public:
    OpsConnections(event_base* base, OpsLimits limits, OpsHandler& handler);
    ~OpsConnections();
    OpsConnections(const OpsConnections&) = delete;
    OpsConnections& operator=(const OpsConnections&) = delete;

    // Watches `listener` (TCP or Unix, non-blocking) and adopts what it
    // accepts; returns the listener's number (0, 1, ...).
    Result<std::size_t, std::string> listen(Fd listener);
    OpsConnection* find(std::uint64_t id);
    std::size_t size() const { return connections_.size(); }
    // Every open connection, e.g. to answer a drain that ended.
    void for_each(const std::function<void(OpsConnection&)>& f);
    // Closes every connection (shutdown).
    void close_all();

private:
    friend class OpsConnection;
    struct Listening {
        OpsConnections* set;
        std::size_t index;
        Fd fd;
        EventPtr ev;
    };
    static void accept_cb(evutil_socket_t fd, short what, void* arg);
    static void reap_cb(evutil_socket_t fd, short what, void* arg);
    void accept_from(Listening& l);
    void adopt(int fd, std::size_t listener);
    void retire(OpsConnection& c);

    event_base* base_;
    OpsLimits limits_;
    OpsHandler& handler_;
    std::vector<std::unique_ptr<Listening>> listeners_;
    std::unordered_map<std::uint64_t, std::unique_ptr<OpsConnection>> connections_;
    std::vector<std::uint64_t> retired_;
    EventPtr reaper_;
    std::uint64_t next_id_ = 1;
};

}  // namespace turn::server
