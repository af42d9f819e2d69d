// Errors as values (DESIGN.md): a Result holds either a value or a typed error.
// A small stand-in for C++23 std::expected, which the project's C++20 does not have.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace turn {

template <class E>
struct Unexpected {
    E error;
};

template <class E>
Unexpected<E> unexpected(E e) {
    return Unexpected<E>{e};
}

template <class T, class E>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    Result(Unexpected<E> e) : v_(std::in_place_index<1>, e.error) {}  // NOLINT

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    E error() const { return std::get<1>(v_); }

private:
    std::variant<T, E> v_;
};

// Result<void, E>: success carries nothing.
template <class E>
class [[nodiscard]] Result<void, E> {
public:
    Result() = default;
    Result(Unexpected<E> e) : failed_(true), error_(e.error) {}  // NOLINT

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    E error() const { return error_; }

private:
    bool failed_ = false;
    E error_{};
};

}  // namespace turn
