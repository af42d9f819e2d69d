#include "server/dtls_record.hpp"

namespace turn::server {

namespace {

constexpr std::size_t kRecordHeader = 13;
constexpr std::uint8_t kVersionMajor = 0xFE;   // DTLS 1.0 is FE FF, DTLS 1.2 FE FD
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kClientHello = 1;
// RFC 7983 §7: a first byte of 20-63 is DTLS; the content types in use are 20-25.
constexpr std::uint8_t kFirstContentType = 20;
constexpr std::uint8_t kLastContentType = 63;

}  // namespace

DtlsDatagram classify_dtls(std::span<const std::uint8_t> d) {
    if (d.size() < kRecordHeader || d[0] < kFirstContentType || d[0] > kLastContentType || d[1] != kVersionMajor)
        return DtlsDatagram::NotDtls;
    const std::size_t length = (std::size_t{d[11]} << 8) | d[12];
    if (length > d.size() - kRecordHeader) return DtlsDatagram::NotDtls;  // a record never spans datagrams
    const bool epoch0 = d[3] == 0 && d[4] == 0;
    if (d[0] == kHandshake && epoch0 && length > 0 && d[kRecordHeader] == kClientHello)
        return DtlsDatagram::ClientHello;
    return DtlsDatagram::Record;
}

}  // namespace turn::server
