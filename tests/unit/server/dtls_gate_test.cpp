// The stateless DTLS front door (RFC 6347 §4.2.1) with a real OpenSSL
// client in memory and real loopback sockets: no cookie or someone else's
// cookie earns a HelloVerifyRequest no larger than the ClientHello and no
// SSL object; the client's own cookie earns the SSL object to go on with.
#include <catch2/catch.hpp>

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <memory>
#include <vector>

#include "server/dtls_gate.hpp"
#include "server/udp_socket.hpp"
#include "loopback_endpoint.hpp"

using namespace turn::server;
using turn::proto::TransportAddress;

namespace {

using Bytes = std::vector<std::uint8_t>;

// A loopback socket that also reads one datagram.
struct Socket : Endpoint {
    Socket() : Endpoint(UdpOptions{}) {}
    std::optional<Bytes> receive() const {
        Bytes buf(2048);
        const ssize_t n = recv(fd.get(), buf.data(), buf.size(), MSG_DONTWAIT);
        if (n < 0) return std::nullopt;
        buf.resize(static_cast<std::size_t>(n));
        return buf;
    }
};

// An OpenSSL DTLS client over memory BIOs: what it would send next.
class MemoryClient {
public:
    MemoryClient() : ctx_(SSL_CTX_new(DTLS_client_method()), &SSL_CTX_free), ssl_(SSL_new(ctx_.get()), &SSL_free) {
        BIO* in = BIO_new(BIO_s_mem());
        out_ = BIO_new(BIO_s_mem());
        BIO_set_mem_eof_return(in, -1);
        SSL_set_bio(ssl_.get(), in, out_);
        configure_dtls_ssl(ssl_.get());  // no fragmented ClientHello
        SSL_set_connect_state(ssl_.get());
    }
    Bytes next() {
        (void)SSL_do_handshake(ssl_.get());
        Bytes b(static_cast<std::size_t>(BIO_ctrl_pending(out_)));
        BIO_read(out_, b.data(), static_cast<int>(b.size()));
        return b;
    }
    void accept(const Bytes& d) { BIO_write(SSL_get_rbio(ssl_.get()), d.data(), static_cast<int>(d.size())); }

private:
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx_;
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl_;
    BIO* out_;
};

// DTLSv1_listen needs no certificate: it answers before any key is used.
SslCtxPtr server_context() {
    SslCtxPtr ctx(SSL_CTX_new(DTLS_server_method()), &SSL_CTX_free);
    install_cookie_callbacks(ctx.get());
    return ctx;
}

DtlsCookies test_cookies() {
    DtlsCookies::Secret s{};
    s.fill(3);
    return DtlsCookies(s);
}

constexpr turn::relay::Millis kNow = 1'000'000;

}  // namespace

TEST_CASE("the DTLS gate admits a ClientHello only with the cookie made for its address", "[dtls]") {
    const DatagramBio bio;
    const DtlsCookies cookies = test_cookies();
    IoCounters io;
    DtlsGate gate(bio, cookies, io);
    gate.set_context(server_context());
    const Socket listener, client, other;
    MemoryClient hello_maker;

    const Bytes hello = hello_maker.next();
    CHECK_FALSE(gate.admit(listener.fd.get(), client.addr, hello, kNow));
    const auto verify = client.receive();
    REQUIRE(verify);
    CHECK(verify->size() <= hello.size());  // RFC 6347 §4.2.1: no amplification
    CHECK((*verify)[0] == 22);
    CHECK((*verify)[13] == 3);  // HelloVerifyRequest

    hello_maker.accept(*verify);
    const Bytes with_cookie = hello_maker.next();
    CHECK_FALSE(gate.admit(listener.fd.get(), other.addr, with_cookie, kNow));
    CHECK(other.receive());  // another HelloVerifyRequest, to the other address
    CHECK_FALSE(gate.admit(listener.fd.get(), client.addr, with_cookie, kNow + turn::relay::seconds(2 * DtlsCookies::kRotationSeconds)));
    CHECK(client.receive());

    const SslPtr admitted = gate.admit(listener.fd.get(), client.addr, with_cookie, kNow);
    CHECK(admitted);
    CHECK_FALSE(client.receive());  // the session answers, not the gate
    CHECK(gate.cookies_sent() == 3);
    CHECK(io.datagrams_out == 3);
}

TEST_CASE("the DTLS gate drops what is not a ClientHello without an answer", "[dtls]") {
    const DatagramBio bio;
    const DtlsCookies cookies = test_cookies();
    IoCounters io;
    DtlsGate gate(bio, cookies, io);
    gate.set_context(server_context());
    const Socket listener, client;
    const Bytes garbage = {22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
    CHECK_FALSE(gate.admit(listener.fd.get(), client.addr, garbage, kNow));
    CHECK_FALSE(gate.admit(listener.fd.get(), client.addr, {}, kNow));
    CHECK_FALSE(client.receive());
    CHECK(gate.cookies_sent() == 0);
    // And the gate still works afterwards.
    MemoryClient hello_maker;
    CHECK_FALSE(gate.admit(listener.fd.get(), client.addr, hello_maker.next(), kNow));
    CHECK(client.receive());
}
