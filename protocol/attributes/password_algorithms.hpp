// PASSWORD-ALGORITHM (RFC 8489 §14.12) and PASSWORD-ALGORITHMS (§14.11):
//
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |          Algorithm            |  Algorithm Parameters Length  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                    Algorithm Parameters (variable, padded)
//
// PASSWORD-ALGORITHMS is a list of such entries, each padded to 4 bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>

#include "protocol/attribute_type.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/fixed_vector.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"

namespace turn::proto {

// The algorithm numbers of RFC 8489 §18.5.
enum class PasswordAlgorithmId : std::uint16_t {
    Md5 = 0x0001,
    Sha256 = 0x0002,
};

struct PasswordAlgorithmEntry {
    std::uint16_t algorithm = 0;
    std::span<const std::uint8_t> params;

    friend bool operator==(const PasswordAlgorithmEntry& a, const PasswordAlgorithmEntry& b) {
        return a.algorithm == b.algorithm && std::ranges::equal(a.params, b.params);
    }
};

// RFC 8489 §18.5.1: MD5 and SHA-256 take no parameters, so their entries are
// the number alone.
constexpr PasswordAlgorithmEntry entry_of(PasswordAlgorithmId id) { return {static_cast<std::uint16_t>(id), {}}; }

// MD5 or SHA-256 when `e` is exactly one of their entries (parameters
// included); nullopt for any other algorithm number or stray parameters.
std::optional<PasswordAlgorithmId> known_password_algorithm(const PasswordAlgorithmEntry& e);

struct PasswordAlgorithm {
    static constexpr AttrType kType = AttrType::PasswordAlgorithm;
    PasswordAlgorithmEntry entry;

    std::size_t value_size() const;
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<PasswordAlgorithm, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                             const TransactionId&);
    friend bool operator==(const PasswordAlgorithm&, const PasswordAlgorithm&) = default;
};

struct PasswordAlgorithms {
    static constexpr AttrType kType = AttrType::PasswordAlgorithms;
    static constexpr std::size_t kMaxEntries = 8;
    FixedVector<PasswordAlgorithmEntry, kMaxEntries> entries;

    std::size_t value_size() const;
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<PasswordAlgorithms, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                              const TransactionId&);
    friend bool operator==(const PasswordAlgorithms&, const PasswordAlgorithms&) = default;
};

}  // namespace turn::proto
