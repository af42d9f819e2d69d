// DTLS clients of one worker thread (RFC 6347; RFC 8656 §3.1 and RFC 7350
// for TURN over DTLS): the worker's SO_REUSEPORT UDP sockets on the TLS
// ports receive, and this demultiplexes by client address. A datagram from
// an address with a session goes to it; a ClientHello from any other goes
// through the stateless cookie exchange (DtlsGate), so spoofed ClientHellos
// create nothing; everything else is dropped. A session's records are STUN
// messages and ChannelData for the relay core, under the ClientKey
// kDtlsListener | listener index with the client's address.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "relay/relay_core.hpp"
#include "server/dtls_bio.hpp"
#include "server/dtls_gate.hpp"
#include "server/dtls_session.hpp"
#include "server/logger.hpp"
#include "server/tls_context.hpp"
#include "server/udp_transport.hpp"

namespace turn::server {

struct DtlsSettings {
    const TlsContexts* tls = nullptr;        // null: DTLS is off
    const DtlsCookies* cookies = nullptr;
    std::uint32_t max_sessions = 10000;      // per thread
    std::chrono::seconds handshake{10};      // from the verified ClientHello to Finished
    std::chrono::seconds idle{60};           // silent and holding no allocation
};

struct alignas(relay::kCounterAlign) DtlsCounters {
    relay::Counter sessions;  // started after a verified cookie
    relay::Counter dropped;   // neither a ClientHello nor for a session
    relay::Counter refused_over_limit;
    relay::Counter ended;  // for any reason, timeouts included
    relay::Counter ended_timeout;
    relay::Counter send_drops;  // too large for a record, or no session
};

class DtlsServer final : public ClientSink {
public:
    DtlsServer(const std::vector<Listener>& listeners, DtlsSettings settings, const relay::Clock& clock,
               IoCounters& io, Logger& log);
    // Established sessions get a close_notify; the core is not told (it is gone first).
    ~DtlsServer();
    DtlsServer(const DtlsServer&) = delete;
    DtlsServer& operator=(const DtlsServer&) = delete;

    void attach(relay::RelayCore* core) { core_ = core; }
    // One datagram received on DTLS listener `listener`; decrypted in place.
    void on_datagram(std::size_t listener, const sockaddr_storage& from, relay::PacketView datagram);
    void send(const relay::ClientKey& to, std::span<const std::uint8_t> data) override;
    // Records leave as they are written (send()), so nothing waits for the turn's end.
    void flush() override {}
    // The DTLS listener's address; always secure.
    std::optional<relay::Arrival> arrival(const relay::ClientKey& client) const override;
    // Once a second: retransmissions, deadlines, a reloaded certificate.
    void sweep();

    std::size_t sessions() const { return sessions_.size(); }
    const DtlsCounters& counters() const { return counters_; }
    std::uint64_t cookies_sent() const { return gate_.cookies_sent(); }
    // One line with the counters, for the log.
    std::string summary() const;

private:
    using SessionMap = std::unordered_map<relay::ClientKey, std::unique_ptr<DtlsSession>, relay::ClientKeyHash>;

    void admit(const relay::ClientKey& key, relay::PacketView datagram, SessionMap::iterator existing);
    void feed(SessionMap::iterator it, relay::PacketView datagram);
    void end(SessionMap::iterator it, std::string why);
    // Ends the session if it failed, took too long, or idles; true if it ended.
    bool expire(SessionMap::iterator it, relay::Millis now);
    // Counts a dropped datagram, and logs at most one line per interval.
    void drop(const proto::TransportAddress& from, std::string_view what, relay::Counter& counter);

    const std::vector<Listener>& listeners_;
    DtlsSettings settings_;
    const relay::Clock& clock_;
    Logger& log_;
    DatagramBio bio_;
    DtlsGate gate_;
    SessionMap sessions_;
    relay::RelayCore* core_ = nullptr;
    DtlsCounters counters_;
    std::optional<relay::Millis> drop_logged_;
    std::uint64_t drops_since_log_ = 0;
};

}  // namespace turn::server
