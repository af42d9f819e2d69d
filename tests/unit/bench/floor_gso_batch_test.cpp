// The floor's send batches (bench/forwarder/gso_batch.hpp) on real loopback
// sockets: whatever goes as one GSO message, one sendmmsg or one sendto,
// every datagram arrives once, whole and in order, at its own destination.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "bench/forwarder/gso_batch.hpp"
#include "bench/loadgen/net.hpp"

using namespace turn::bench;
using namespace turn::bench::floor;

namespace {

struct Receiver {
    Fd fd = open_udp(nullptr, 1 << 20);
    sockaddr_in addr = local_address(fd.get());

    std::vector<std::string> drain() const {
        std::vector<std::string> got;
        std::vector<char> buf(70000);
        for (ssize_t n; (n = ::recv(fd.get(), buf.data(), buf.size(), MSG_DONTWAIT)) >= 0;)
            got.emplace_back(buf.data(), static_cast<std::size_t>(n));
        return got;
    }
};

// `count` datagrams of `size` bytes, each with its own first bytes.
std::vector<std::string> datagrams(std::size_t count, std::size_t size, char fill) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        std::string d(size, fill);
        d.replace(0, std::min(size, std::to_string(i).size()), std::to_string(i).substr(0, size));
        out.push_back(d);
    }
    return out;
}

// A socket and a batch that sends from it; queue() keeps pointers into the
// caller's strings, which outlive the flush().
struct Sender {
    explicit Sender(bool gso) : batch(gso) {}
    void queue(const sockaddr_in& to, const std::string& d) {
        batch.push(to, {reinterpret_cast<const std::uint8_t*>(d.data()), d.size()});
    }
    void queue(const Receiver& to, const std::vector<std::string>& ds) {
        for (const auto& d : ds) queue(to.addr, d);
    }
    SendCounters flush() {
        SendCounters c;
        batch.flush(fd.get(), c);
        return c;
    }
    Fd fd = open_udp(nullptr, 4 << 20);
    GsoBatch batch;
};

}  // namespace

TEST_CASE("a run of equal-size datagrams to one destination goes as one GSO message and arrives as datagrams") {
    Receiver peer;
    Sender sender(true);
    const auto sent = datagrams(32, 160, 'a');
    sender.queue(peer, sent);
    const auto c = sender.flush();
    CHECK(c.datagrams == 32);
    CHECK(c.dropped == 0);
    CHECK(c.syscalls == 1);
    CHECK(c.gso_messages == (sender.batch.gso() ? 1 : 0));  // a kernel without GSO: the batch fell back
    CHECK(peer.drain() == sent);
    CHECK(sender.batch.empty());
}

TEST_CASE("more equal-size datagrams than one GSO message may carry are split, not lost") {
    Receiver peer;
    Sender sender(true);
    const auto sent = datagrams(GsoBatch::kMaxDatagrams, 100, 'b');  // 256 > kMaxSegments (64)
    sender.queue(peer, sent);
    CHECK(sender.batch.full());
    CHECK(sender.flush().datagrams == sent.size());
    CHECK(peer.drain() == sent);
}

TEST_CASE("sizes and destinations that change make new messages, all in one sendmmsg") {
    Receiver a, b;
    Sender sender(true);
    const auto to_a1 = datagrams(4, 200, 'c');
    const auto to_a2 = datagrams(1, 50, 'd');  // another size to the same destination
    const auto to_b = datagrams(3, 200, 'e');  // the first size to another destination
    sender.queue(a, to_a1);
    sender.queue(a, to_a2);
    sender.queue(b, to_b);
    const auto c = sender.flush();
    CHECK(c.datagrams == 8);
    CHECK(c.syscalls == 1);
    std::vector<std::string> expect_a = to_a1;
    expect_a.insert(expect_a.end(), to_a2.begin(), to_a2.end());
    CHECK(a.drain() == expect_a);
    CHECK(b.drain() == to_b);
}

TEST_CASE("without GSO every datagram is its own message, and a single one goes by sendto") {
    Receiver peer;
    Sender sender(false);
    const auto sent = datagrams(5, 120, 'f');
    sender.queue(peer, sent);
    const auto c = sender.flush();
    CHECK(c.gso_messages == 0);
    CHECK(c.datagrams == 5);
    CHECK(peer.drain() == sent);

    const auto one = datagrams(1, 120, 'g');
    sender.queue(peer, one);
    const auto single = sender.flush();
    CHECK(single.syscalls == 1);
    CHECK(single.datagrams == 1);
    CHECK(peer.drain() == one);
}

TEST_CASE("a datagram the kernel refuses is counted as dropped and the rest still go") {
    Receiver peer;
    Sender sender(true);
    // A destination on port 0 cannot be sent to (EINVAL), between good ones.
    sockaddr_in nowhere = peer.addr;
    nowhere.sin_port = 0;
    const std::string before(64, 'h'), lost(64, 'i'), after(80, 'j');
    sender.queue(peer.addr, before);
    sender.queue(nowhere, lost);
    sender.queue(peer.addr, after);
    const auto c = sender.flush();
    CHECK(c.datagrams == 2);
    CHECK(c.dropped == 1);
    CHECK(peer.drain() == std::vector<std::string>{before, after});
}
