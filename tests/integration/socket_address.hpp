// Conversions between the codec's TransportAddress and sockaddr for the
// test's own sockets (UDP endpoints, TCP clients, listeners and peers), and
// waiting on a descriptor with a deadline.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "protocol/transport_address.hpp"

namespace turn::itest {

socklen_t to_sockaddr(const proto::TransportAddress& a, sockaddr_storage& s);
proto::TransportAddress from_sockaddr(const sockaddr_storage& s);
// The address a socket is bound to.
proto::TransportAddress local_address_of(int fd);
// "what: strerror(errno)".
std::runtime_error socket_error(const std::string& what);
// Waits until `fd` has `events` (POLLIN, POLLOUT); false at the deadline.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline);

}  // namespace turn::itest
