// The BIO between a DTLS SSL object and the worker's listening socket. DTLS
// needs datagram semantics (RFC 6347 §4.1.1: a record never spans
// datagrams), which a memory BIO does not keep: it would run datagrams
// together on read, and run a flight's records together into one oversized
// datagram on write. So:
//   - a read returns the one datagram the server just received, once
//     (truncated to the reader's buffer, as recvfrom would), then "retry";
//   - every write leaves at once as one datagram, with sendto from the
//     listening socket to the client. A datagram the kernel refuses is
//     counted and reported as sent: DTLS, like UDP, tolerates loss, and
//     the handshake retransmits on its own timer.
#pragma once

#include <openssl/bio.h>

#include <cstdint>
#include <span>

#include "server/socket_address.hpp"
#include "server/udp_batch.hpp"

namespace turn::server {

// The state behind one BIO, owned by it.
struct DatagramLink {
    int fd = -1;                             // the listening socket
    SockAddr peer;                           // where writes go
    std::span<const std::uint8_t> inbound;   // the datagram the next read returns
    IoCounters* counters = nullptr;
    std::uint64_t sent = 0;                  // datagrams written through this BIO
};

// The BIO_METHOD, built once per owner and outliving every BIO made from it.
class DatagramBio {
public:
    DatagramBio();
    ~DatagramBio();
    DatagramBio(const DatagramBio&) = delete;
    DatagramBio& operator=(const DatagramBio&) = delete;

    // A new BIO with a fresh link; null if OpenSSL is out of memory.
    BIO* make() const;
    static DatagramLink& link(BIO* bio);

    // The datagram payload size handshake flights are cut to: 1200 bytes
    // fit the IPv6 minimum MTU (1280) with IP and UDP headers, so no flight
    // relies on IP fragmentation.
    static constexpr long kMtu = 1200;

private:
    BIO_METHOD* method_;
};

}  // namespace turn::server
