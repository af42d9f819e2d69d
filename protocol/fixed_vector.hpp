// A vector with inline, fixed capacity: decoded messages hold their attribute
// index in one of these, so decoding never touches the heap.
#pragma once

#include <array>
#include <cstddef>
#include <span>

namespace turn {

template <class T, std::size_t N>
class FixedVector {
public:
    static constexpr std::size_t kCapacity = N;

    // Returns false, and changes nothing, when full.
    bool push_back(const T& v) {
        if (size_ == N) return false;
        items_[size_++] = v;
        return true;
    }
    void clear() { size_ = 0; }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    bool full() const { return size_ == N; }
    const T& operator[](std::size_t i) const { return items_[i]; }
    T& operator[](std::size_t i) { return items_[i]; }
    const T* begin() const { return items_.data(); }
    const T* end() const { return items_.data() + size_; }
    std::span<const T> span() const { return {items_.data(), size_}; }

    friend bool operator==(const FixedVector& a, const FixedVector& b) {
        if (a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (!(a.items_[i] == b.items_[i])) return false;
        return true;
    }

private:
    std::array<T, N> items_{};
    std::size_t size_ = 0;
};

}  // namespace turn
