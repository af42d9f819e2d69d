// A TCP listener on 127.0.0.1 playing a peer of the relay (RFC 6062 Connect
// reaches it); what it accepts is a TcpStream like the client's own.
#pragma once

#include <chrono>
#include <optional>
#include <utility>

#include "byte_stream.hpp"

namespace turn::itest {

class TcpListener {
public:
    TcpListener();  // an ephemeral port; throws std::runtime_error
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;
    ~TcpListener();

    const proto::TransportAddress& address() const { return local_; }
    // The next connection and where it comes from, or nullopt after `timeout`.
    std::optional<std::pair<TcpStream, proto::TransportAddress>> accept(std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
    proto::TransportAddress local_;
};

// Exactly `n` bytes from `s`, or nullopt (timeout, or closed first).
std::optional<Bytes> read_exactly(ByteStream& s, std::size_t n, std::chrono::milliseconds timeout);

}  // namespace turn::itest
