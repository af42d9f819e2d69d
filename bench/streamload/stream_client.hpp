// One TURN client over TCP or TLS for the stream benchmark: connects,
// allocates with long-term credentials and binds a channel to the peer
// (blocking, once), then writes and reads frames without blocking.
#pragma once

#include <openssl/ssl.h>
#include <netinet/in.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/loadgen/control.hpp"
#include "bench/loadgen/net.hpp"

namespace turn::bench {

using SslCtx = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
SslCtx make_client_tls();

class StreamClient {
public:
    // Connects (TLS when `tls` is given) and sets up allocation and channel;
    // nullopt with `error` filled on any failure.
    static std::optional<StreamClient> open(const sockaddr_in& server, SSL_CTX* tls, const Credentials& creds,
                                            const proto::TransportAddress& peer, std::string& error);

    int fd() const { return fd_.get(); }
    const sockaddr_in& relayed() const { return relayed_; }
    // Whole buffer or false (the connection failed).
    bool write_all(std::span<const std::uint8_t> bytes);
    // Reads what is there (non-blocking); calls `frame` for each complete
    // ChannelData payload. False when the connection ended.
    template <class OnPayload>
    bool read_frames(OnPayload&& frame);

private:
    StreamClient(Fd fd, SSL* ssl) : fd_(std::move(fd)), ssl_(ssl, &SSL_free) {}
    std::optional<std::vector<std::uint8_t>> transact(std::span<const std::uint8_t> request);
    long read_some(std::uint8_t* out, std::size_t n);

    Fd fd_;
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl_;
    sockaddr_in relayed_{};
    std::vector<std::uint8_t> in_;
};

template <class OnPayload>
bool StreamClient::read_frames(OnPayload&& frame) {
    std::uint8_t buf[16384];
    for (;;) {
        const long n = read_some(buf, sizeof buf);
        if (n == 0) return false;
        if (n < 0) break;
        in_.insert(in_.end(), buf, buf + n);
    }
    std::size_t used = 0;
    // ChannelData over a stream: 4-byte header, payload padded to 4 (RFC 8656
    // §12.5); a STUN message (bits 00) is its 20-byte header plus its length.
    while (in_.size() - used >= 4) {
        const bool channel_data = (in_[used] & 0xC0) == 0x40;
        const std::size_t len = (std::size_t{in_[used + 2]} << 8) | in_[used + 3];
        const std::size_t whole = channel_data ? 4 + ((len + 3) & ~std::size_t{3}) : 20 + len;
        if (in_.size() - used < whole) break;
        if (channel_data) frame(std::span<const std::uint8_t>(in_.data() + used + 4, len));
        used += whole;
    }
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(used));
    return true;
}

}  // namespace turn::bench
