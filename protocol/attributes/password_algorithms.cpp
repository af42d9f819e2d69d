#include "protocol/attributes/password_algorithms.hpp"

#include "protocol/byte_order.hpp"

namespace turn::proto {
namespace {

constexpr std::size_t kEntryHeaderSize = 4;

std::size_t entry_size(const PasswordAlgorithmEntry& e) { return kEntryHeaderSize + pad4(e.params.size()); }

// Writes one entry, padding included, and returns the bytes written.
std::size_t encode_entry(std::span<std::uint8_t> out, const PasswordAlgorithmEntry& e) {
    store_be16(out.data(), e.algorithm);
    store_be16(out.data() + 2, static_cast<std::uint16_t>(e.params.size()));
    std::fill(out.begin() + kEntryHeaderSize, out.begin() + static_cast<std::ptrdiff_t>(entry_size(e)),
              std::uint8_t{0});
    std::copy(e.params.begin(), e.params.end(), out.begin() + kEntryHeaderSize);
    return entry_size(e);
}

struct DecodedEntry {
    PasswordAlgorithmEntry entry;
    std::size_t consumed;
};

Result<DecodedEntry, AttrError> decode_entry(std::span<const std::uint8_t> v) {
    if (v.size() < kEntryHeaderSize) return unexpected(AttrError::BadLength);
    const std::size_t params_len = load_be16(v.data() + 2);
    if (params_len > v.size() - kEntryHeaderSize) return unexpected(AttrError::BadLength);
    PasswordAlgorithmEntry e{load_be16(v.data()), v.subspan(kEntryHeaderSize, params_len)};
    // The last entry's padding may coincide with the attribute's own padding.
    const std::size_t consumed = std::min(v.size(), kEntryHeaderSize + pad4(params_len));
    return DecodedEntry{e, consumed};
}

}  // namespace

std::optional<PasswordAlgorithmId> known_password_algorithm(const PasswordAlgorithmEntry& e) {
    for (const auto id : {PasswordAlgorithmId::Md5, PasswordAlgorithmId::Sha256})
        if (e == entry_of(id)) return id;
    return std::nullopt;
}

// A lone PASSWORD-ALGORITHM carries no padding of its own: the attribute's
// padding follows it.
std::size_t PasswordAlgorithm::value_size() const { return kEntryHeaderSize + entry.params.size(); }

void PasswordAlgorithm::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    store_be16(out.data(), entry.algorithm);
    store_be16(out.data() + 2, static_cast<std::uint16_t>(entry.params.size()));
    std::copy(entry.params.begin(), entry.params.end(), out.begin() + kEntryHeaderSize);
}

Result<PasswordAlgorithm, AttrError> PasswordAlgorithm::decode_value(std::span<const std::uint8_t> v,
                                                                     const TransactionId&) {
    auto d = decode_entry(v);
    if (!d) return unexpected(d.error());
    if (d->entry.params.size() + kEntryHeaderSize != v.size()) return unexpected(AttrError::BadLength);
    return PasswordAlgorithm{d->entry};
}

std::size_t PasswordAlgorithms::value_size() const {
    std::size_t n = 0;
    for (const auto& e : entries) n += entry_size(e);
    return n;
}

void PasswordAlgorithms::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    std::size_t at = 0;
    for (const auto& e : entries) at += encode_entry(out.subspan(at), e);
}

Result<PasswordAlgorithms, AttrError> PasswordAlgorithms::decode_value(std::span<const std::uint8_t> v,
                                                                       const TransactionId&) {
    PasswordAlgorithms list;
    for (std::size_t at = 0; at < v.size();) {
        auto d = decode_entry(v.subspan(at));
        if (!d) return unexpected(d.error());
        if (!list.entries.push_back(d->entry)) return unexpected(AttrError::TooManyValues);
        at += d->consumed;
    }
    return list;
}

}  // namespace turn::proto
