// One server under test, as the load client sees it: where it listens, its
// pid (for /proc), the client's peer socket for it, and its flows.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "bench/loadgen/net.hpp"
#include "bench/loadgen/proc_stats.hpp"

namespace turn::bench {

// A client socket with an allocation whose channel kChannel is bound to the peer.
struct Flow {
    Fd fd;
    sockaddr_in relayed{};
    std::string nonce;  // for the Refresh that frees it
};

struct Target {
    std::string name;
    sockaddr_in server{};
    pid_t pid = 0;
    Fd peer;  // receives what the relay sends to peers; sends and echoes to relayed addresses
    sockaddr_in peer_addr{};
    std::vector<Flow> flows;
    DropScope drop_scope;  // which sockets' drops are the server's and which the client's
};

}  // namespace turn::bench
