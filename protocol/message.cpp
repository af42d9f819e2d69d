#include "protocol/message.hpp"

#include <algorithm>

#include "protocol/byte_order.hpp"
#include "protocol/crc32.hpp"

namespace turn::proto {
namespace {

constexpr std::uint16_t kMi = static_cast<std::uint16_t>(AttrType::MessageIntegrity);
constexpr std::uint16_t kMi256 = static_cast<std::uint16_t>(AttrType::MessageIntegritySha256);
constexpr std::uint16_t kFp = static_cast<std::uint16_t>(AttrType::Fingerprint);

Result<void, DecodeError> check_header(std::span<const std::uint8_t> b) {
    if (b.size() < kHeaderSize) return unexpected(DecodeError::TooShort);
    if ((b[0] & 0xC0) != 0) return unexpected(DecodeError::NotStun);
    if (load_be32(b.data() + 4) != kMagicCookie) return unexpected(DecodeError::BadMagicCookie);
    const std::size_t length = load_be16(b.data() + 2);
    if (length % 4 != 0) return unexpected(DecodeError::LengthNotMultipleOf4);
    if (kHeaderSize + length != b.size()) return unexpected(DecodeError::LengthMismatch);
    return {};
}

Result<void, DecodeError> check_integrity_lengths(const RawAttribute& a) {
    if (a.type == kMi && a.length != 20) return unexpected(DecodeError::BadIntegrityLength);
    if (a.type == kMi256 && (a.length < 16 || a.length > 32 || a.length % 4 != 0))
        return unexpected(DecodeError::BadIntegritySha256Length);
    if (a.type == kFp && a.length != 4) return unexpected(DecodeError::BadFingerprintLength);
    return {};
}

// Which attributes RFC 8489 §14.5-14.7 let through once integrity was seen.
struct IntegrityState {
    bool mi = false;
    bool mi256 = false;

    bool sealed() const { return mi || mi256; }
    bool admits(std::uint16_t type) const {
        if (type == kFp) return true;
        return type == kMi256 && mi && !mi256;
    }
    void note(std::uint16_t type) {
        mi = mi || type == kMi;
        mi256 = mi256 || type == kMi256;
    }
};

// RFC 8489 §14.7: CRC-32 of everything before FINGERPRINT, XOR 0x5354554e.
// FINGERPRINT is last, so the header length already covers it.
bool fingerprint_matches(std::span<const std::uint8_t> b, const RawAttribute& fp) {
    const std::uint32_t expected = crc32(b.first(fp.offset)) ^ kFingerprintXor;
    return load_be32(b.data() + fp.offset + kAttrHeaderSize) == expected;
}

}  // namespace

Result<StunMessage, DecodeError> StunMessage::decode(std::span<const std::uint8_t> b) {
    if (auto h = check_header(b); !h) return unexpected(h.error());
    StunMessage m;
    m.bytes_ = b;
    m.type_ = decode_message_type(load_be16(b.data()));
    std::copy(b.begin() + 8, b.begin() + 20, m.tid_.bytes.begin());

    IntegrityState integrity;
    const RawAttribute* fingerprint = nullptr;
    for (std::size_t pos = kHeaderSize; pos < b.size();) {
        if (fingerprint != nullptr) return unexpected(DecodeError::AttributeAfterFingerprint);
        if (b.size() - pos < kAttrHeaderSize) return unexpected(DecodeError::AttributeTruncated);
        const RawAttribute a{load_be16(b.data() + pos), load_be16(b.data() + pos + 2),
                             static_cast<std::uint32_t>(pos)};
        // Both sizes are multiples of 4, so a value that fits has room for its padding.
        if (a.length > b.size() - pos - kAttrHeaderSize) return unexpected(DecodeError::AttributeTruncated);
        pos += kAttrHeaderSize + pad4(a.length);
        if (integrity.sealed() && !integrity.admits(a.type)) {
            ++m.ignored_;
            continue;
        }
        if (auto r = check_integrity_lengths(a); !r) return unexpected(r.error());
        integrity.note(a.type);
        if (!m.attrs_.push_back(a)) return unexpected(DecodeError::TooManyAttributes);
        if (a.type == kFp) fingerprint = &m.attrs_[m.attrs_.size() - 1];
    }
    if (fingerprint != nullptr && !fingerprint_matches(b, *fingerprint))
        return unexpected(DecodeError::FingerprintMismatch);
    return m;
}

const RawAttribute* StunMessage::find(AttrType t) const {
    const auto wanted = static_cast<std::uint16_t>(t);
    for (const auto& a : attrs_)
        if (a.type == wanted) return &a;
    return nullptr;
}

UnknownAttributes StunMessage::unknown_comprehension_required() const {
    UnknownAttributes u;
    for (const auto& a : attrs_) {
        if (!is_comprehension_required(a.type) || is_known_attribute(a.type)) continue;
        if (std::find(u.types.begin(), u.types.end(), a.type) == u.types.end()) u.types.push_back(a.type);
    }
    return u;
}

std::string_view decode_error_name(DecodeError e) {
    switch (e) {
        case DecodeError::TooShort: return "shorter than a STUN header";
        case DecodeError::NotStun: return "leading bits are not 00";
        case DecodeError::BadMagicCookie: return "bad magic cookie";
        case DecodeError::LengthNotMultipleOf4: return "message length not a multiple of 4";
        case DecodeError::LengthMismatch: return "message length does not match the data";
        case DecodeError::AttributeTruncated: return "attribute runs past the end of the message";
        case DecodeError::TooManyAttributes: return "too many attributes";
        case DecodeError::BadIntegrityLength: return "MESSAGE-INTEGRITY is not 20 bytes";
        case DecodeError::BadIntegritySha256Length: return "MESSAGE-INTEGRITY-SHA256 has a bad length";
        case DecodeError::BadFingerprintLength: return "FINGERPRINT is not 4 bytes";
        case DecodeError::FingerprintMismatch: return "FINGERPRINT does not match";
        case DecodeError::AttributeAfterFingerprint: return "attribute after FINGERPRINT";
    }
    return "unknown decode error";
}

}  // namespace turn::proto
