#include "signaling/ws_frame.hpp"

namespace turn::signaling::ws {
namespace {

constexpr std::uint8_t kFin = 0x80;
constexpr std::uint8_t kMaskBit = 0x80;
constexpr std::uint8_t kLength16 = 126;
constexpr std::uint8_t kLength64 = 127;

std::uint64_t read_be(std::span<const std::uint8_t> bytes) {
    std::uint64_t v = 0;
    for (std::uint8_t b : bytes) v = (v << 8) | b;
    return v;
}

void append_be(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

bool is_control(Opcode op) { return (static_cast<std::uint8_t>(op) & 0x8) != 0; }

std::variant<NeedMore, FrameHeader, HeaderError> parse_header(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 2) return NeedMore{};
    FrameHeader h;
    h.fin = (bytes[0] & kFin) != 0;
    h.rsv = (bytes[0] >> 4) & 0x7;
    h.opcode = bytes[0] & 0xF;
    const bool masked = (bytes[1] & kMaskBit) != 0;
    const std::uint8_t len7 = bytes[1] & 0x7F;
    const std::size_t extended = len7 == kLength64 ? 8 : (len7 == kLength16 ? 2 : 0);
    h.header_size = 2 + extended + (masked ? 4 : 0);
    if (bytes.size() < h.header_size) return NeedMore{};
    h.payload_length = extended == 0 ? len7 : read_be(bytes.subspan(2, extended));
    // §5.2: "the minimal number of bytes MUST be used to encode the length",
    // and a 64-bit length has its most significant bit 0.
    if (extended == 2 && h.payload_length < kLength16) return HeaderError::NonMinimalLength;
    if (extended == 8 && (h.payload_length >> 63) != 0) return HeaderError::LengthHighBit;
    if (extended == 8 && h.payload_length <= 0xFFFF) return HeaderError::NonMinimalLength;
    if (masked) {
        MaskKey key{};
        for (std::size_t i = 0; i < 4; ++i) key[i] = bytes[2 + extended + i];
        h.mask = key;
    }
    return h;
}

std::optional<std::uint64_t> frame_size(std::span<const std::uint8_t> bytes) {
    const auto parsed = parse_header(bytes);
    const auto* h = std::get_if<FrameHeader>(&parsed);
    if (h == nullptr) return std::nullopt;
    return h->header_size + h->payload_length;
}

void apply_mask(std::span<std::uint8_t> data, const MaskKey& key, std::uint64_t offset) {
    for (std::size_t i = 0; i < data.size(); ++i) data[i] ^= key[(offset + i) % 4];
}

std::string encode_frame(const FrameSpec& spec, std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 14);
    out += static_cast<char>((spec.fin ? kFin : 0) | ((spec.rsv & 0x7) << 4) | static_cast<std::uint8_t>(spec.opcode));
    const std::uint8_t mask_bit = spec.mask ? kMaskBit : 0;
    if (payload.size() < kLength16) {
        out += static_cast<char>(mask_bit | payload.size());
    } else if (payload.size() <= 0xFFFF) {
        out += static_cast<char>(mask_bit | kLength16);
        append_be(out, payload.size(), 2);
    } else {
        out += static_cast<char>(mask_bit | kLength64);
        append_be(out, payload.size(), 8);
    }
    if (spec.mask) out.append(reinterpret_cast<const char*>(spec.mask->data()), spec.mask->size());
    const std::size_t start = out.size();
    out += payload;
    if (spec.mask)
        apply_mask({reinterpret_cast<std::uint8_t*>(out.data()) + start, payload.size()}, *spec.mask);
    return out;
}

std::string server_frame(Opcode op, std::string_view payload, bool fin) {
    return encode_frame({op, fin, 0, std::nullopt}, payload);
}

std::string client_frame(Opcode op, std::string_view payload, const MaskKey& key, bool fin) {
    return encode_frame({op, fin, 0, key}, payload);
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
    std::string out;
    append_be(out, code, 2);
    out += reason;
    return out;
}

std::string close_payload(CloseCode code, std::string_view reason) {
    return close_payload(static_cast<std::uint16_t>(code), reason);
}

bool is_valid_received_close_code(std::uint16_t code) {
    if (code >= 3000 && code <= 4999) return true;  // registered (3xxx) and private (4xxx) use
    if (code >= 1000 && code <= 1003) return true;
    return code >= 1007 && code <= 1014;  // 1004-1006 and 1015 are never sent (§7.4.1)
}

}  // namespace turn::signaling::ws
