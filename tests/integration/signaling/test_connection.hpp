// The test's end of a TCP connection to turnsignal, plain or TLS (OpenSSL,
// certificate not verified: the tests make their own). Every read has a
// deadline, so a test sees data, nothing yet, or the server closing, and
// never hangs on a server that stalls.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace turn::itest {

enum class ReadResult { Data, Timeout, Closed };

class TestConnection {
public:
    // Connected to 127.0.0.1:port (and the TLS handshake done); throws
    // std::runtime_error when refused.
    static TestConnection open(std::uint16_t port, bool tls = false);

    TestConnection(TestConnection&& o) noexcept;
    TestConnection& operator=(TestConnection&&) = delete;
    TestConnection(const TestConnection&) = delete;
    TestConnection& operator=(const TestConnection&) = delete;
    ~TestConnection();

    // All of `bytes`; false if the connection broke.
    bool write(std::string_view bytes);
    // Appends what arrives within `timeout` (first what was put back).
    ReadResult read(std::string& out, std::chrono::milliseconds timeout);
    // Bytes read past what the caller wanted: the next read returns them.
    void put_back(std::string bytes) { unread_ = std::move(bytes) + unread_; }
    // Reads and discards until the server closes: true if it did in time.
    bool closed_within(std::chrono::milliseconds timeout);

private:
    TestConnection(int fd, SSL_CTX* ctx, SSL* ssl) : fd_(fd), ctx_(ctx), ssl_(ssl) {}

    int fd_ = -1;
    std::string unread_;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
};

}  // namespace turn::itest
