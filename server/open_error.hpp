// Why a relay socket could not be opened, as the relay core needs to know:
// a port someone else holds is retried elsewhere, a full descriptor table is
// counted (and reported by the worker), anything else just fails.
#pragma once

#include <cerrno>

#include "relay/transport.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

inline relay::OpenError open_error_of(const SocketError& e) {
    switch (e.err) {
        case EADDRINUSE: return relay::OpenError::AddressInUse;
        case EMFILE:  // this process's RLIMIT_NOFILE
        case ENFILE:  // the system's file table
            return relay::OpenError::NoDescriptors;
        default: return relay::OpenError::Failed;
    }
}

}  // namespace turn::server
