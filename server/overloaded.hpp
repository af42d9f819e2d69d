// std::visit over a variant with one lambda per alternative.
#pragma once

namespace turn::server {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
// Clang before 17 does not deduce aggregate template arguments (P1816).
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace turn::server
