#include "client_link.hpp"

namespace turn::itest {

std::optional<Bytes> UdpLink::receive(std::chrono::milliseconds timeout) {
    auto d = socket_.receive(timeout);
    if (!d) return std::nullopt;
    return std::move(d->bytes);
}

}  // namespace turn::itest
