#include "bench/streamload/stream_client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

#include "bench/loadgen/payload.hpp"
#include "protocol/attributes.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "protocol/stream_framer.hpp"

namespace turn::bench {

using namespace proto;

namespace {

constexpr int kSetupTimeoutMs = 5000;

bool wait_for(int fd, short events) {
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, kSetupTimeoutMs) == 1;
}

TransactionId random_tid() {
    TransactionId t;
    std::uint64_t x = now_ns() * 0x9E3779B97F4A7C15ull;
    for (auto& b : t.bytes) b = static_cast<std::uint8_t>(x >>= 5);
    return t;
}

}  // namespace

SslCtx make_client_tls() {
    SslCtx ctx(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
    // The benchmark's servers use a throwaway self-signed certificate.
    if (ctx) SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    return ctx;
}

long StreamClient::read_some(std::uint8_t* out, std::size_t n) {
    if (!ssl_) {
        const ssize_t r = ::recv(fd_.get(), out, n, 0);
        if (r < 0) return (errno == EAGAIN || errno == EINTR) ? -1 : 0;
        return r;
    }
    const int r = SSL_read(ssl_.get(), out, static_cast<int>(n));
    if (r > 0) return r;
    const int e = SSL_get_error(ssl_.get(), r);
    return (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) ? -1 : 0;
}

bool StreamClient::write_all(std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        long n = 0;
        if (ssl_) {
            const int r = SSL_write(ssl_.get(), bytes.data(), static_cast<int>(bytes.size()));
            const int e = r > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), r);
            if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
                if (!wait_for(fd_.get(), e == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN)) return false;
                continue;
            }
            if (r <= 0) return false;
            n = r;
        } else {
            const ssize_t r = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (r < 0 && errno == EAGAIN) {
                if (!wait_for(fd_.get(), POLLOUT)) return false;
                continue;
            }
            if (r <= 0) return false;
            n = r;
        }
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return true;
}

// One request, one response (setup only).
std::optional<std::vector<std::uint8_t>> StreamClient::transact(std::span<const std::uint8_t> request) {
    if (!write_all(request)) return std::nullopt;
    std::vector<std::uint8_t> got;
    std::array<std::uint8_t, 2048> buf{};
    for (;;) {
        const auto f = peek_frame(got, StreamFramer::kMaxFrameSize);
        if (const auto* info = std::get_if<FrameInfo>(&f); info && got.size() >= info->frame_size) {
            got.resize(info->message_size);
            return got;
        }
        if (std::holds_alternative<FrameError>(f)) return std::nullopt;
        const long n = read_some(buf.data(), buf.size());
        if (n == 0) return std::nullopt;
        if (n < 0 && !wait_for(fd_.get(), POLLIN)) return std::nullopt;
        if (n > 0) got.insert(got.end(), buf.begin(), buf.begin() + n);
    }
}

std::optional<StreamClient> StreamClient::open(const sockaddr_in& server, SSL_CTX* tls, const Credentials& creds,
                                               const TransportAddress& peer, std::string& error) {
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0 && errno != EINPROGRESS)
        return error = "connect failed", std::nullopt;
    if (!wait_for(fd.get(), POLLOUT)) return error = "connect timed out", std::nullopt;
    const int raw = fd.get();
    StreamClient c(std::move(fd), tls ? SSL_new(tls) : nullptr);
    if (tls) {
        SSL_set_fd(c.ssl_.get(), raw);
        for (int r; (r = SSL_connect(c.ssl_.get())) != 1;) {
            const int e = SSL_get_error(c.ssl_.get(), r);
            if ((e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) ||
                !wait_for(raw, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT))
                return error = "TLS handshake failed", std::nullopt;
        }
    }
    const LongTermKey key = derive_long_term_key(PasswordAlgorithmId::Md5, creds.user, creds.realm, creds.password);
    std::string nonce;
    std::array<std::uint8_t, 512> buf{};
    // Allocate without credentials (401 gives the nonce), with them, then ChannelBind.
    for (int step = 0; step < 3; ++step) {
        const Method method = step == 2 ? Method::ChannelBind : Method::Allocate;
        MessageBuilder b(buf, {method, MessageClass::Request}, random_tid());
        if (method == Method::Allocate) b.add(RequestedTransport{});
        if (method == Method::ChannelBind) b.add(ChannelNumber{kChannel}).add(XorPeerAddress{peer});
        if (step > 0) {
            b.add(Username{creds.user}).add(Realm{creds.realm}).add(Nonce{nonce});
            b.add_message_integrity(key.view());
        }
        const auto msg = b.finish();
        const auto answer = msg ? c.transact(*msg) : std::nullopt;
        if (!answer) return error = "no answer to setup step " + std::to_string(step), std::nullopt;
        const auto m = StunMessage::decode(*answer);
        if (!m) return error = "undecodable answer to setup step " + std::to_string(step), std::nullopt;
        if (step == 0) {
            const auto n = m->template get<Nonce>();
            if (!n) return error = "no nonce in the 401", std::nullopt;
            nonce = std::string(n->value);
            continue;
        }
        if (m->message_class() != MessageClass::SuccessResponse) {
            const auto ec = m->template get<ErrorCode>();
            return error = "setup step " + std::to_string(step) + " failed: " + std::to_string(ec ? ec->code : 0),
                   std::nullopt;
        }
        if (const auto r = m->template get<XorRelayedAddress>()) c.relayed_ = to_sockaddr(r->address);
    }
    return c;
}

}  // namespace turn::bench
