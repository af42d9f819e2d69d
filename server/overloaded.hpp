// std::visit over a variant with one lambda per alternative.
#pragma once

namespace turn::server {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};

}  // namespace turn::server
