// A bounded table whose first few entries live inside the owning object and
// the rest on the heap. Allocations usually hold one or two permissions and
// channels (a WebRTC peer's candidates), so the inline part keeps an
// allocation small; the heap part is touched only when a request installs
// more, never on the per-packet path (lookups only read).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "protocol/fixed_vector.hpp"

namespace turn::relay {

template <class T, std::size_t Inline, std::size_t Max>
class SmallTable {
public:
    static constexpr std::size_t kMax = Max;

    std::size_t size() const { return inline_.size() + (overflow_ ? overflow_->size() : 0); }

    // False, and nothing changes, when the table holds Max entries.
    bool push_back(const T& v) {
        if (size() >= Max) return false;
        if (!inline_.full()) return inline_.push_back(v);
        if (!overflow_) overflow_ = std::make_unique<std::vector<T>>();
        overflow_->push_back(v);
        return true;
    }

    template <class Pred>
    T* find_if(Pred pred) {
        for (std::size_t i = 0; i < inline_.size(); ++i)
            if (pred(inline_[i])) return &inline_[i];
        if (overflow_)
            for (auto& e : *overflow_)
                if (pred(e)) return &e;
        return nullptr;
    }
    template <class Pred>
    const T* find_if(Pred pred) const {
        return const_cast<SmallTable*>(this)->find_if(pred);
    }

    template <class F>
    void for_each(F f) const {
        for (const auto& e : inline_) f(e);
        if (overflow_)
            for (const auto& e : *overflow_) f(e);
    }

    // Keeps the entries `keep` accepts, inline first; frees the heap part
    // once it is no longer needed.
    template <class Keep>
    void retain_if(Keep keep) {
        SmallTable kept;
        for_each([&](const T& e) {
            if (keep(e)) kept.push_back(e);
        });
        *this = std::move(kept);
    }

private:
    FixedVector<T, Inline> inline_;
    std::unique_ptr<std::vector<T>> overflow_;
};

}  // namespace turn::relay
