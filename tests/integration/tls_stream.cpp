#include "tls_stream.hpp"

#include <openssl/err.h>
#include <poll.h>

#include <array>
#include <stdexcept>

#include "turn_client.hpp"

namespace turn::itest {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadBlock = 16 * 1024;  // one TLS record at most
// RFC 7443 §4: the ALPN label for TURN, in the wire's length-prefixed form.
constexpr std::array<unsigned char, 10> kAlpnTurn = {9, 's', 't', 'u', 'n', '.', 't', 'u', 'r', 'n'};

std::string openssl_reason(int ssl_error) {
    std::array<char, 256> buf{};
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return "SSL error " + std::to_string(ssl_error) + " (connection closed)";
    ERR_error_string_n(e, buf.data(), buf.size());
    return buf.data();
}

}  // namespace

TlsStream::TlsStream(TcpStream tcp)
    : tcp_(std::move(tcp)), ctx_(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free), ssl_(nullptr, &SSL_free) {
    if (!ctx_) throw std::runtime_error("SSL_CTX_new failed");
    SSL_CTX_set_min_proto_version(ctx_.get(), TLS1_2_VERSION);
    SSL_CTX_set_alpn_protos(ctx_.get(), kAlpnTurn.data(), kAlpnTurn.size());
    ssl_.reset(SSL_new(ctx_.get()));
    if (!ssl_ || SSL_set_fd(ssl_.get(), tcp_.fd()) != 1) throw std::runtime_error("SSL_new failed");
    const int r = retry([&] { return SSL_connect(ssl_.get()); }, Clock::now() + kAnswerTimeout);
    if (r <= 0)
        throw std::runtime_error("TLS handshake: " +
                                 (timed_out_ ? std::string("timed out") : openssl_reason(SSL_get_error(ssl_.get(), r))));
}

template <class Op>
int TlsStream::retry(Op&& op, Clock::time_point deadline) {
    timed_out_ = false;
    for (;;) {
        const int r = op();
        if (r > 0) return r;
        const int e = SSL_get_error(ssl_.get(), r);
        const short wait = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        if (wait == 0) return r;
        if (!poll_until(tcp_.fd(), wait, deadline)) {
            timed_out_ = true;
            return r;
        }
    }
}

bool TlsStream::write(std::span<const std::uint8_t> bytes) {
    const auto deadline = Clock::now() + kAnswerTimeout;
    while (!bytes.empty()) {
        const int n = retry([&] { return SSL_write(ssl_.get(), bytes.data(), static_cast<int>(bytes.size())); },
                            deadline);
        if (n <= 0) return false;
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return true;
}

ReadStatus TlsStream::read(Bytes& out, std::chrono::milliseconds timeout) {
    const std::size_t had = out.size();
    out.resize(had + kReadBlock);
    const int n = retry([&] { return SSL_read(ssl_.get(), out.data() + had, static_cast<int>(kReadBlock)); },
                        Clock::now() + timeout);
    out.resize(had + static_cast<std::size_t>(std::max(n, 0)));
    if (n > 0) return ReadStatus::Data;
    ERR_clear_error();
    return timed_out_ ? ReadStatus::Timeout : ReadStatus::Closed;
}

Bytes TlsStream::peer_certificate() const {
    std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl_.get()), &X509_free);
    if (!cert) return {};
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert.get(), &der);
    if (len <= 0) return {};
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

std::string TlsStream::alpn() const {
    const unsigned char* p = nullptr;
    unsigned int len = 0;
    SSL_get0_alpn_selected(ssl_.get(), &p, &len);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), len);
}

}  // namespace turn::itest
