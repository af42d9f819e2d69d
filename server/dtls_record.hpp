// What a datagram on a DTLS port is, from its first record header (RFC 6347
// §4.1) and, for a handshake record, the handshake header (§4.2.2). Pure:
// the server's demultiplexer decides with it whether a datagram may start a
// session, belongs to one, or is dropped.
//
//    0        1        3        5                11       13       14
//   +--------+--------+--------+-----------------+--------+--------+----
//   | type   | version| epoch  | sequence number | length | msg    | ...
//   |        | FE xx  |        | (48 bits)       |        | type   |
//   +--------+--------+--------+-----------------+--------+--------+----
#pragma once

#include <cstdint>
#include <span>

namespace turn::server {

enum class DtlsDatagram : std::uint8_t {
    ClientHello,  // a handshake record of epoch 0 holding a ClientHello: may start a session
    Record,       // some other DTLS record: only for an existing session
    NotDtls,      // anything else: dropped
};

DtlsDatagram classify_dtls(std::span<const std::uint8_t> datagram);

}  // namespace turn::server
