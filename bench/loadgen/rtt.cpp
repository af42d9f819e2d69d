#include "bench/loadgen/rtt.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>

#include "bench/loadgen/payload.hpp"

namespace turn::bench {

namespace {

constexpr std::uint64_t kTimerTag = 0;
constexpr std::uint64_t kPeerTag = 1;
constexpr std::uint64_t kClientTag = 2;
constexpr std::uint64_t kDrainNs = 200'000'000;

// The peer sends every datagram back to where it came from: the relayed address.
void echo(int peer_fd, RecvBatch& rb) {
    for (std::size_t n; (n = rb.receive(peer_fd)) > 0;) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto p = rb.packet(i);
            ::sendto(peer_fd, p.data(), p.size(), 0, reinterpret_cast<const sockaddr*>(&rb.source(i)),
                     sizeof(sockaddr_in));
        }
        if (n < RecvBatch::kSlots) break;
    }
}

void collect(int client_fd, std::size_t framing, RecvBatch& rb, std::uint32_t phase, std::vector<std::uint64_t>& out) {
    for (std::size_t n; (n = rb.receive(client_fd)) > 0;) {
        const std::uint64_t now = now_ns();
        for (std::size_t i = 0; i < n; ++i) {
            const auto p = rb.packet(i);
            if (p.size() < framing) continue;
            const auto s = read_stamp(p.subspan(framing));
            if (s && s->phase == phase) out.push_back(now - s->sent_ns);
        }
        if (n < RecvBatch::kSlots) break;
    }
}

void send_probe(const Target& t, const Flow& f, std::size_t payload, std::uint32_t phase, std::uint32_t seq) {
    std::array<std::uint8_t, RecvBatch::kSlotSize> buf{};
    const std::size_t head = write_client_framing(t, buf, payload);
    write_stamp(std::span(buf).subspan(head), {phase, 0, seq, now_ns()});
    ::send(f.fd.get(), buf.data(), head + payload, 0);
}

}  // namespace

std::uint64_t RttResult::percentile(double p) const {
    if (samples_ns.empty()) return 0;
    const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples_ns.size() - 1) + 0.5);
    return samples_ns[std::min(i, samples_ns.size() - 1)];
}

RttResult run_rtt(Target& t, double rate, double seconds, std::size_t payload, std::uint32_t phase) {
    RttResult r;
    Flow& f = t.flows.at(0);
    Epoll ep;
    Fd timer = open_timer(static_cast<std::uint64_t>(1e9 / rate));
    ep.add(timer.get(), kTimerTag);
    const int peer = peer_fd(t, f);
    ep.add(peer, kPeerTag);
    ep.add(f.fd.get(), kClientTag);
    RecvBatch rb;
    const std::uint64_t start = now_ns();
    const std::uint64_t end = start + static_cast<std::uint64_t>(seconds * 1e9);
    for (std::uint64_t now; (now = now_ns()) < end + kDrainNs;) {
        for (const auto& ev : ep.wait(1)) {
            if (ev.data.u64 == kTimerTag && read_timer(timer.get()) > 0 && now < end)
                send_probe(t, f, payload, phase, static_cast<std::uint32_t>(r.sent++));
            if (ev.data.u64 == kPeerTag) echo(peer, rb);
            if (ev.data.u64 == kClientTag) collect(f.fd.get(), client_framing(t), rb, phase, r.samples_ns);
        }
    }
    std::sort(r.samples_ns.begin(), r.samples_ns.end());
    return r;
}

}  // namespace turn::bench
