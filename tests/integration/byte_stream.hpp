// The client's end of a TCP or TLS connection to the server under test.
// Every read and write has a deadline, so a test sees "data", "nothing yet"
// or "closed by the server" and never hangs on a server that stalls.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>

#include "protocol/transport_address.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

enum class ReadStatus { Data, Timeout, Closed };  // Closed: EOF or reset

class ByteStream {
public:
    virtual ~ByteStream() = default;
    // All of `bytes`; false if the connection broke or the server stopped
    // reading for longer than a test waits for an answer.
    virtual bool write(std::span<const std::uint8_t> bytes) = 0;
    // Appends to `out` what arrives within `timeout`.
    virtual ReadStatus read(Bytes& out, std::chrono::milliseconds timeout) = 0;
    virtual proto::TransportAddress local_address() const = 0;
};

// Reads and discards until the server closes the connection: true if it did
// within `timeout`.
bool closed_within(ByteStream& s, std::chrono::milliseconds timeout);

// Waits for `events` (POLLIN, POLLOUT) on `fd` until `deadline`: false on timeout.
bool poll_until(int fd, short events, std::chrono::steady_clock::time_point deadline);

struct TcpOptions {
    // SO_RCVBUF, set before connecting so the window is small too (0: the
    // kernel's default). A client that does not read fills it quickly.
    int receive_buffer = 0;
    // Writes go out in pieces of this many bytes, a pause between them, so
    // the server sees frames arrive in parts (0: whole).
    std::size_t write_chunk = 0;
};

class TcpStream final : public ByteStream {
public:
    // Connected to `server` (a blocking connect on loopback); throws
    // std::runtime_error if refused.
    explicit TcpStream(const proto::TransportAddress& server, TcpOptions options = {});
    // Takes a connected socket: one a test's listener accepted (tcp_peer.hpp).
    explicit TcpStream(int connected_fd);
    TcpStream(TcpStream&& o) noexcept;
    TcpStream& operator=(TcpStream&&) = delete;
    TcpStream(const TcpStream&) = delete;
    TcpStream& operator=(const TcpStream&) = delete;
    ~TcpStream() override;

    int fd() const { return fd_; }
    bool write(std::span<const std::uint8_t> bytes) override;
    ReadStatus read(Bytes& out, std::chrono::milliseconds timeout) override;
    proto::TransportAddress local_address() const override { return local_; }

private:
    bool write_all(std::span<const std::uint8_t> bytes);

    int fd_ = -1;
    TcpOptions options_;
    proto::TransportAddress local_;
};

}  // namespace turn::itest
