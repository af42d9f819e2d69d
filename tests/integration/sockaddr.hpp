// TransportAddress <-> sockaddr for the harness's sockets (UDP and TCP).
#pragma once

#include <sys/socket.h>

#include <string>

#include "protocol/transport_address.hpp"

namespace turn::itest {

socklen_t to_sockaddr(const proto::TransportAddress& a, sockaddr_storage& s);
proto::TransportAddress from_sockaddr(const sockaddr_storage& s);
// The local address `fd` is bound to.
proto::TransportAddress local_address_of(int fd);
// `what` and strerror(errno).
std::string errno_text(const std::string& what);

}  // namespace turn::itest
