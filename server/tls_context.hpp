// The server's TLS (and DTLS) contexts, built from the config: certificate
// chain, key, optional client CA, cipher list, DH parameters, key exchange
// group, protocol floor and ALPN. Reloadable at run time (SIGUSR2): a new
// context is built aside and swapped in; connections keep the context they
// started with, and a reload that fails keeps the old one.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <mutex>
#include <string>

#include "protocol/result.hpp"
#include "server/config/config.hpp"

namespace turn::server {

struct TlsSettings {
    std::string cert;
    std::string pkey;
    std::string ca_file;
    std::string cipher_list;
    std::string dh_file;
    std::string ec_curve_name;
    bool tls13_only = false;
};

TlsSettings tls_settings(const config::Config& c);

enum class TlsFlavor { Stream, Datagram };  // TLS over TCP, DTLS over UDP

using SslCtxPtr = std::shared_ptr<SSL_CTX>;
using SslPtr = std::unique_ptr<SSL, decltype(&SSL_free)>;

// The last error on this thread's OpenSSL error queue as text, and the
// queue emptied so the next call starts clean.
std::string openssl_reason();

// A context, or an error naming the file or setting and OpenSSL's reason.
Result<SslCtxPtr, std::string> make_tls_context(const TlsSettings& s, TlsFlavor flavor);

class TlsContexts {
public:
    static Result<std::unique_ptr<TlsContexts>, std::string> load(TlsSettings s);

    // Thread-safe; the returned context stays valid while held.
    SslCtxPtr stream() const;
    SslCtxPtr datagram() const;
    // Re-reads the files; on failure the current contexts stay.
    Result<void, std::string> reload();

private:
    explicit TlsContexts(TlsSettings s) : settings_(std::move(s)) {}
    Result<void, std::string> build();

    const TlsSettings settings_;
    mutable std::mutex mutex_;
    SslCtxPtr stream_;
    SslCtxPtr datagram_;
};

}  // namespace turn::server
