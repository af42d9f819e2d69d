// A UDP socket on 127.0.0.1 for the I/O unit tests, and draining it.
#pragma once

#include <catch2/catch.hpp>

#include <sys/socket.h>

#include <string>
#include <vector>

#include "server/socket_address.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

struct Endpoint {
    explicit Endpoint(UdpOptions options = {.recv_buffer = 1 << 20}) {
        auto s = open_udp(*proto::TransportAddress::parse("127.0.0.1", 0), options);
        REQUIRE(s);
        fd = std::move(*s);
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        REQUIRE(getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len) == 0);
        REQUIRE(from_sockaddr(ss, addr));
    }
    std::vector<std::string> drain() {
        std::vector<std::string> got;
        char buf[70000];
        for (;;) {
            const ssize_t n = recv(fd.get(), buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0) break;
            got.emplace_back(buf, static_cast<std::size_t>(n));
        }
        return got;
    }
    Fd fd;
    proto::TransportAddress addr;
};

}  // namespace turn::server
