#include "dtls_client.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <stdexcept>

namespace turn::itest {
namespace {

using Clock = std::chrono::steady_clock;

// The same MTU as the server's: a ClientHello cut into the 256-byte
// fragments OpenSSL falls back to could not pass a stateless cookie check.
constexpr long kMtu = 1200;
constexpr std::size_t kRecordHeader = 13;
constexpr std::size_t kHandshakeHeader = 12;
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kHelloVerifyRequest = 3;

std::chrono::milliseconds left_until(Clock::time_point deadline) {
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

}  // namespace

DtlsClient::DtlsClient(proto::TransportAddress server, std::string_view local_ip)
    : socket_(local_ip), server_(server), ctx_(SSL_CTX_new(DTLS_client_method()), &SSL_CTX_free),
      ssl_(nullptr, &SSL_free) {
    if (!ctx_) throw std::runtime_error("SSL_CTX_new(DTLS_client_method) failed");
    SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_NONE, nullptr);  // the test certificate is self-signed
    SSL_CTX_set_min_proto_version(ctx_.get(), DTLS1_2_VERSION);
    new_ssl();
}

void DtlsClient::restart() { new_ssl(); }

void DtlsClient::new_ssl() {
    ssl_.reset(SSL_new(ctx_.get()));
    in_ = BIO_new(BIO_s_mem());
    out_ = BIO_new(BIO_s_mem());
    if (!ssl_ || in_ == nullptr || out_ == nullptr) throw std::runtime_error("cannot set up the DTLS client");
    BIO_set_mem_eof_return(in_, -1);  // empty means "wait", not end of file
    BIO_set_mem_eof_return(out_, -1);
    SSL_set_bio(ssl_.get(), in_, out_);
    SSL_set_options(ssl_.get(), SSL_OP_NO_QUERY_MTU);
    SSL_set_mtu(ssl_.get(), kMtu);
    SSL_set_connect_state(ssl_.get());
}

Bytes DtlsClient::drain() {
    Bytes out(static_cast<std::size_t>(BIO_ctrl_pending(out_)));
    if (!out.empty()) BIO_read(out_, out.data(), static_cast<int>(out.size()));
    return out;
}

Bytes DtlsClient::next_flight() {
    (void)SSL_do_handshake(ssl_.get());
    ERR_clear_error();
    return drain();
}

void DtlsClient::accept(std::span<const std::uint8_t> datagram) {
    BIO_write(in_, datagram.data(), static_cast<int>(datagram.size()));
}

// A memory BIO runs a flight's records together: on loopback one datagram
// carries them all (RFC 6347 §4.1.1 allows several records per datagram).
void DtlsClient::flush() {
    const Bytes out = drain();
    if (!out.empty()) socket_.send_to(server_, out);
}

bool DtlsClient::handshake(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        const int r = SSL_do_handshake(ssl_.get());
        flush();
        if (r == 1) return true;
        if (SSL_get_error(ssl_.get(), r) != SSL_ERROR_WANT_READ) break;
        // Wake for OpenSSL's retransmission timer too (RFC 6347 §4.2.4).
        timeval t{};
        auto wait = left_until(deadline);
        if (DTLSv1_get_timeout(ssl_.get(), &t) == 1)
            wait = std::min(wait, std::chrono::milliseconds(t.tv_sec * 1000 + t.tv_usec / 1000 + 1));
        if (auto d = socket_.receive(wait)) {
            accept(d->bytes);
        } else if (DTLSv1_handle_timeout(ssl_.get()) < 0) {
            break;
        }
        flush();
    }
    ERR_clear_error();
    return false;
}

void DtlsClient::send(std::span<const std::uint8_t> data) {
    SSL_write(ssl_.get(), data.data(), static_cast<int>(data.size()));
    flush();
}

std::optional<Bytes> DtlsClient::receive(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Bytes buf(65536);
    for (;;) {
        const int n = SSL_read(ssl_.get(), buf.data(), static_cast<int>(buf.size()));
        if (n > 0) return Bytes(buf.begin(), buf.begin() + n);
        const int e = SSL_get_error(ssl_.get(), n);
        ERR_clear_error();
        if (e != SSL_ERROR_WANT_READ) return std::nullopt;
        auto d = socket_.receive(left_until(deadline));
        if (!d) return std::nullopt;
        accept(d->bytes);
    }
}

void DtlsClient::close() {
    (void)SSL_shutdown(ssl_.get());
    ERR_clear_error();
    flush();
}

bool DtlsClient::closed_by_server() const { return (SSL_get_shutdown(ssl_.get()) & SSL_RECEIVED_SHUTDOWN) != 0; }

Bytes DtlsClient::peer_certificate() const {
    X509* cert = SSL_get0_peer_certificate(ssl_.get());
    const int size = cert != nullptr ? i2d_X509(cert, nullptr) : 0;
    Bytes der(static_cast<std::size_t>(std::max(size, 0)));
    unsigned char* p = der.data();
    if (size > 0) i2d_X509(cert, &p);
    return der;
}

std::optional<Bytes> dtls_transact(DtlsClient& client, std::span<const std::uint8_t> request,
                                   const proto::TransactionId& tid, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    client.send(request);
    while (auto record = client.receive(left_until(deadline))) {
        const auto msg = proto::StunMessage::decode(*record);
        if (msg && msg->transaction_id() == tid) return record;
    }
    return std::nullopt;
}

bool is_hello_verify_request(std::span<const std::uint8_t> d) {
    // Record header, handshake header, server_version (2), cookie length (1).
    const std::size_t cookie_length_at = kRecordHeader + kHandshakeHeader + 2;
    return d.size() > cookie_length_at && d[0] == kHandshake && d[1] == 0xFE && d[kRecordHeader] == kHelloVerifyRequest &&
           d[cookie_length_at] > 0 && d.size() >= cookie_length_at + 1 + d[cookie_length_at];
}

bool same_first_handshake_record(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    constexpr std::size_t kSequenceStart = 5;  // after type, version and epoch
    constexpr std::size_t kSequenceEnd = 11;
    const auto first_record = [](std::span<const std::uint8_t> d) {
        if (d.size() < kRecordHeader) return std::span<const std::uint8_t>{};
        const std::size_t length = (std::size_t{d[11]} << 8) | d[12];
        return d.first(std::min(d.size(), kRecordHeader + length));
    };
    const auto ra = first_record(a);
    const auto rb = first_record(b);
    return !ra.empty() && ra.size() == rb.size() && ra[0] == kHandshake &&
           std::equal(ra.begin(), ra.begin() + kSequenceStart, rb.begin()) &&
           std::equal(ra.begin() + kSequenceEnd, ra.end(), rb.begin() + kSequenceEnd);
}

}  // namespace turn::itest
