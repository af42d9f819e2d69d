#include "protocol/message_builder.hpp"

#include <algorithm>

#include "protocol/attribute_type.hpp"
#include "protocol/byte_order.hpp"
#include "protocol/crc32.hpp"
#include "protocol/integrity.hpp"

namespace turn::proto {

MessageBuilder::MessageBuilder(std::span<std::uint8_t> buffer, MessageType type, const TransactionId& tid)
    : buf_(buffer), tid_(tid) {
    if (buf_.size() < kHeaderSize) {
        error_ = BuildError::BufferTooSmall;
        return;
    }
    store_be16(buf_.data(), encode_message_type(type));
    store_be16(buf_.data() + 2, 0);
    store_be32(buf_.data() + 4, kMagicCookie);
    std::copy(tid.bytes.begin(), tid.bytes.end(), buf_.begin() + 8);
    size_ = kHeaderSize;
}

std::optional<std::span<std::uint8_t>> MessageBuilder::reserve(std::uint16_t type, std::size_t length) {
    if (error_) return std::nullopt;
    if (length > 0xFFFF) {
        error_ = BuildError::ValueTooLong;
        return std::nullopt;
    }
    const std::size_t total = kAttrHeaderSize + pad4(length);
    if (size_ + total > kMaxMessageSize) {
        error_ = BuildError::MessageTooLong;
        return std::nullopt;
    }
    if (size_ + total > buf_.size()) {
        error_ = BuildError::BufferTooSmall;
        return std::nullopt;
    }
    std::uint8_t* at = buf_.data() + size_;
    store_be16(at, type);
    store_be16(at + 2, static_cast<std::uint16_t>(length));
    std::fill(at + kAttrHeaderSize, at + total, std::uint8_t{0});
    size_ += total;
    store_be16(buf_.data() + 2, static_cast<std::uint16_t>(size_ - kHeaderSize));
    return std::span<std::uint8_t>(at + kAttrHeaderSize, length);
}

MessageBuilder& MessageBuilder::add_raw(std::uint16_t type, std::span<const std::uint8_t> value) {
    if (auto out = reserve(type, value.size())) std::copy(value.begin(), value.end(), out->begin());
    return *this;
}

MessageBuilder& MessageBuilder::add_message_integrity(std::span<const std::uint8_t> key) {
    const std::size_t offset = size_;
    // reserve() first: the length field then already covers this attribute,
    // which is exactly the length the HMAC must see.
    if (auto out = reserve(static_cast<std::uint16_t>(AttrType::MessageIntegrity), 20)) {
        const auto len = static_cast<std::uint16_t>(size_ - kHeaderSize);
        const Digest d = integrity_hmac(HashAlgorithm::Sha1, key, buf_.first(size_), offset, len);
        std::copy_n(d.bytes.begin(), 20, out->begin());
    }
    return *this;
}

MessageBuilder& MessageBuilder::add_message_integrity_sha256(std::span<const std::uint8_t> key) {
    const std::size_t offset = size_;
    if (auto out = reserve(static_cast<std::uint16_t>(AttrType::MessageIntegritySha256), 32)) {
        const auto len = static_cast<std::uint16_t>(size_ - kHeaderSize);
        const Digest d = integrity_hmac(HashAlgorithm::Sha256, key, buf_.first(size_), offset, len);
        std::copy_n(d.bytes.begin(), 32, out->begin());
    }
    return *this;
}

MessageBuilder& MessageBuilder::add_integrity(IntegrityKind kind, std::span<const std::uint8_t> key) {
    if (kind != IntegrityKind::Sha256) add_message_integrity(key);
    if (kind != IntegrityKind::Sha1) add_message_integrity_sha256(key);
    return *this;
}

MessageBuilder& MessageBuilder::add_fingerprint() {
    const std::size_t offset = size_;
    if (auto out = reserve(static_cast<std::uint16_t>(AttrType::Fingerprint), 4))
        store_be32(out->data(), crc32(buf_.first(offset)) ^ kFingerprintXor);
    return *this;
}

Result<std::span<const std::uint8_t>, BuildError> MessageBuilder::finish() const {
    if (error_) return unexpected(*error_);
    return std::span<const std::uint8_t>(buf_.data(), size_);
}

std::string_view build_error_name(BuildError e) {
    switch (e) {
        case BuildError::BufferTooSmall: return "buffer too small";
        case BuildError::ValueTooLong: return "attribute value too long";
        case BuildError::MessageTooLong: return "message too long";
    }
    return "unknown build error";
}

}  // namespace turn::proto
