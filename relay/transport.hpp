// What the relay core needs from the network, and nothing more, so the TURN
// state machine runs in tests without sockets (DESIGN.md: relay/ sends
// through a small transport interface).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "protocol/result.hpp"
#include "protocol/transport_address.hpp"

namespace turn::relay {

struct Allocation;

// `ClientKey::listener` of a TCP or TLS client: this bit plus a connection
// number unique within the worker thread.
inline constexpr std::uint32_t kStreamConnection = 0x8000'0000u;
// `ClientKey::listener` of a DTLS client: this bit plus the index of the
// worker's DTLS listening socket (the address is the client's, as for UDP).
inline constexpr std::uint32_t kDtlsListener = 0x4000'0000u;

// A client as the server sees it: its address plus which listening socket it
// reached (replies must leave from that socket's address), or for a stream
// client which connection it is on. Together with the server's protocol this
// is RFC 8656's 5-tuple.
struct ClientKey {
    std::uint32_t listener = 0;
    proto::TransportAddress addr;

    // TCP or TLS: ChannelData is padded (RFC 8656 §12.5), and closing the
    // connection ends the allocation.
    bool is_stream() const { return (listener & kStreamConnection) != 0; }
    // DTLS: a datagram transport, so ChannelData is not padded (RFC 8656
    // §12.5), but a session that ends takes the allocation with it.
    bool is_dtls() const { return !is_stream() && (listener & kDtlsListener) != 0; }

    friend bool operator==(const ClientKey&, const ClientKey&) = default;
};

struct ClientKeyHash {
    std::size_t operator()(const ClientKey& k) const;
};

using RelaySocket = std::int32_t;

enum class OpenError : std::uint8_t {
    AddressInUse,   // the port is taken by someone else: try another
    Failed,         // anything else (descriptor limit, address not local)
};

// Where a client's requests arrive: the server's own transport address
// (the listening socket for UDP and DTLS, the accepting socket's address for
// TCP and TLS) and whether the client is secured (TLS, DTLS). RFC 5780 names
// it in RESPONSE-ORIGIN; RFC 8489 §10 redirects secured clients with their
// own list (tls-alternate-server).
struct Arrival {
    proto::TransportAddress local;
    bool secure = false;
};

class Transport {
public:
    virtual ~Transport() = default;

    // Datagrams queued here may point into the current receive batch or the
    // core's response arena; both stay valid until flush().
    virtual void send_to_client(const ClientKey& to, std::span<const std::uint8_t> data) = 0;
    virtual void send_to_peer(RelaySocket from, const proto::TransportAddress& to,
                              std::span<const std::uint8_t> data) = 0;
    virtual void flush() = 0;

    // A UDP socket bound to `local`, whose datagrams come back through
    // RelayCore::on_peer_datagram for `owner`.
    virtual Result<RelaySocket, OpenError> open_relay(const proto::TransportAddress& local, Allocation* owner,
                                                      bool dont_fragment) = 0;
    virtual void close_relay(RelaySocket s) = 0;

    // Where `client` reached the server; nullopt when unknown (the default).
    virtual std::optional<Arrival> arrival(const ClientKey& client) const {
        (void)client;
        return std::nullopt;
    }
    // The ClientKey::listener of this thread's UDP listening socket bound to
    // `local`, so a response can leave from it (RFC 5780 CHANGE-REQUEST);
    // nullopt when there is none (the default).
    virtual std::optional<std::uint32_t> udp_listener_at(const proto::TransportAddress& local) const {
        (void)local;
        return std::nullopt;
    }
};

}  // namespace turn::relay
