// coturn's turnutils_uclient as a test driver: one lossless run against a
// server on 127.0.0.1, with turnutils_peer as the echo peer. Shared by the
// tests against our turnserver and those against coturn's (interop).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace turn::itest {

// uclient paces itself: a run takes 5-8 s on loopback, also under ASan and
// with a benchmark running alongside; past this it is stuck.
inline constexpr auto kToolTimeout = std::chrono::seconds(20);

// turnutils_peer echoes every datagram back to its sender.
struct EchoPeer {
    explicit EchoPeer(const std::string& ip = "127.0.0.1");
    std::uint16_t port;
    ChildProcess process;
};

// The summary uclient prints last: "tot_send_msgs=200, tot_recv_msgs=200"
// and "Total lost packets 0 (0.000000%)".
struct UclientTotals {
    long sent = -1;
    long received = -1;
    bool no_loss = false;
};
UclientTotals parse_totals(const std::string& out);

enum class Peer { Echo, None };

// Where uclient reaches the server and where the echo peer listens: loopback
// of either family (uclient's -x asks for an IPv6 relayed address, which
// needs an IPv6 peer).
struct Loopbacks {
    std::string server = "127.0.0.1";
    std::string peer = "127.0.0.1";
};

// Runs uclient (20 messages of 100 bytes per client) against the server on
// `at.server`:`port`, with the echo peer unless the clients talk to each
// other, and checks that every message came back.
void require_lossless_run(std::uint16_t port, std::vector<std::string> options, Peer with = Peer::Echo,
                          const Loopbacks& at = {});

// One uclient run that is expected to fail (refused credentials): it ends,
// within the timeout, without a clean exit or without relaying anything.
void require_refused_run(std::uint16_t port, std::vector<std::string> options);

}  // namespace turn::itest
