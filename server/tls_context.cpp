#include "server/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "server/dtls_cookie.hpp"

namespace turn::server {

std::string openssl_reason() {
    std::array<char, 256> buf{};
    unsigned long last = 0;
    while (const unsigned long e = ERR_get_error()) last = e;
    if (last == 0) return "unknown OpenSSL error";
    ERR_error_string_n(last, buf.data(), buf.size());
    return buf.data();
}

namespace {

std::string failure(const std::string& what) { return what + ": " + openssl_reason(); }

// RFC 7443: TURN's ALPN labels. A client that offers others gets no ALPN
// answer rather than a failed handshake (browsers offer none).
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen,
                void*) {
    static constexpr std::array<std::string_view, 2> kOurs{"stun.turn", "stun.nat-discovery"};
    for (unsigned int i = 0; i < inlen;) {
        const unsigned int len = in[i];
        if (i + 1 + len > inlen) break;
        const std::string_view offered(reinterpret_cast<const char*>(in + i + 1), len);
        if (std::find(kOurs.begin(), kOurs.end(), offered) != kOurs.end()) {
            *out = in + i + 1;
            *outlen = static_cast<unsigned char>(len);
            return SSL_TLSEXT_ERR_OK;
        }
        i += 1 + len;
    }
    return SSL_TLSEXT_ERR_NOACK;
}

Result<void, std::string> load_dh(SSL_CTX* ctx, const std::string& file) {
    if (file.empty()) {
        SSL_CTX_set_dh_auto(ctx, 1);
        return {};
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(file.c_str(), "r"), &BIO_free);
    if (!bio) return unexpected(failure("dh-file " + file));
    EVP_PKEY* dh = PEM_read_bio_Parameters(bio.get(), nullptr);
    if (dh == nullptr) return unexpected(failure("dh-file " + file + ": no DH parameters"));
    if (SSL_CTX_set0_tmp_dh_pkey(ctx, dh) != 1) {
        EVP_PKEY_free(dh);
        return unexpected(failure("dh-file " + file));
    }
    return {};
}

Result<void, std::string> load_identity(SSL_CTX* ctx, const TlsSettings& s) {
    if (SSL_CTX_use_certificate_chain_file(ctx, s.cert.c_str()) != 1) return unexpected(failure("cert " + s.cert));
    if (SSL_CTX_use_PrivateKey_file(ctx, s.pkey.c_str(), SSL_FILETYPE_PEM) != 1)
        return unexpected(failure("pkey " + s.pkey));
    if (SSL_CTX_check_private_key(ctx) != 1) return unexpected(failure("pkey " + s.pkey + " does not match cert"));
    if (!s.ca_file.empty()) {
        // coturn's CA-file: client certificates are required and verified.
        if (SSL_CTX_load_verify_locations(ctx, s.ca_file.c_str(), nullptr) != 1)
            return unexpected(failure("CA-file " + s.ca_file));
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    return {};
}

Result<void, std::string> set_algorithms(SSL_CTX* ctx, const TlsSettings& s) {
    if (!s.cipher_list.empty() && SSL_CTX_set_cipher_list(ctx, s.cipher_list.c_str()) != 1)
        return unexpected(failure("cipher-list " + s.cipher_list));
    if (!s.ec_curve_name.empty() && SSL_CTX_set1_groups_list(ctx, s.ec_curve_name.c_str()) != 1)
        return unexpected(failure("ec-curve-name " + s.ec_curve_name));
    return load_dh(ctx, s.dh_file);
}

}  // namespace

TlsSettings tls_settings(const config::Config& c) {
    return {c.cert, c.pkey, c.ca_file, c.cipher_list, c.dh_file, c.ec_curve_name, c.no_tlsv1_2};
}

Result<SslCtxPtr, std::string> make_tls_context(const TlsSettings& s, TlsFlavor flavor) {
    const bool dtls = flavor == TlsFlavor::Datagram;
    SslCtxPtr ctx(SSL_CTX_new(dtls ? DTLS_server_method() : TLS_server_method()), &SSL_CTX_free);
    if (!ctx) return unexpected(failure("SSL_CTX_new"));
    // Nothing older than TLS 1.2 / DTLS 1.2 (RFC 8996 deprecates the rest).
    const int floor = dtls ? DTLS1_2_VERSION : (s.tls13_only ? TLS1_3_VERSION : TLS1_2_VERSION);
    SSL_CTX_set_min_proto_version(ctx.get(), floor);
    SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    // Idle connections give their 34 KiB of record buffers back.
    SSL_CTX_set_mode(ctx.get(), SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_alpn_select_cb(ctx.get(), &select_alpn, nullptr);
    // RFC 6347 §4.2.1: DTLS answers a first ClientHello statelessly.
    if (dtls) install_cookie_callbacks(ctx.get());
    if (auto r = load_identity(ctx.get(), s); !r) return unexpected(r.error());
    if (auto r = set_algorithms(ctx.get(), s); !r) return unexpected(r.error());
    return ctx;
}

Result<std::unique_ptr<TlsContexts>, std::string> TlsContexts::load(TlsSettings s) {
    std::unique_ptr<TlsContexts> t(new TlsContexts(std::move(s)));
    if (auto r = t->build(); !r) return unexpected(r.error());
    return t;
}

Result<void, std::string> TlsContexts::build() {
    auto stream = make_tls_context(settings_, TlsFlavor::Stream);
    if (!stream) return unexpected(stream.error());
    auto datagram = make_tls_context(settings_, TlsFlavor::Datagram);
    if (!datagram) return unexpected(datagram.error());
    std::lock_guard lock(mutex_);
    stream_ = std::move(*stream);
    datagram_ = std::move(*datagram);
    return {};
}

Result<void, std::string> TlsContexts::reload() { return build(); }

SslCtxPtr TlsContexts::stream() const {
    std::lock_guard lock(mutex_);
    return stream_;
}

SslCtxPtr TlsContexts::datagram() const {
    std::lock_guard lock(mutex_);
    return datagram_;
}

}  // namespace turn::server
