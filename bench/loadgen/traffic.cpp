#include "bench/loadgen/traffic.hpp"

#include <algorithm>
#include <vector>

#include "bench/loadgen/payload.hpp"

namespace turn::bench {

namespace {

constexpr std::uint64_t kTimerTag = ~0ULL;
constexpr std::uint64_t kPeerTag = ~0ULL - 1;
constexpr std::uint64_t kDrainNs = 300'000'000;
// Pacing tick: short enough that a 20k pkt/s stream leaves in small groups.
constexpr std::uint64_t kMinTickNs = 500'000;

class TrafficRun {
public:
    TrafficRun(Target& t, const TrafficSpec& spec) : t_(t), spec_(spec), seq_(spec.flows, 0) {
        // Each flow's receiving socket is tagged with its index; a shared peer with kPeerTag.
        if (spec_.dir == Direction::PeerToClient) {
            for (std::size_t i = 0; i < spec_.flows; ++i) ep_.add(t_.flows[i].fd.get(), i);
        } else if (t_.distinct_peers) {
            for (std::size_t i = 0; i < spec_.flows; ++i) ep_.add(t_.flows[i].peer.get(), i);
        } else {
            ep_.add(t_.peer.get(), kPeerTag);
        }
    }

    TrafficResult run() {
        r_.drops_before = udp_drops(t_.drop_scope);
        r_.cpu_before = sample_cpu(t_.pid);
        start_ = now_ns();
        const auto end = start_ + static_cast<std::uint64_t>(spec_.seconds * 1e9);
        if (spec_.rate > 0) paced(end); else flood(end);
        r_.send_seconds = static_cast<double>(now_ns() - start_) / 1e9;
        r_.received_in_window = r_.received;
        const auto drain_end = now_ns() + kDrainNs;
        for (std::uint64_t now; (now = now_ns()) < drain_end;)
            poll(static_cast<int>((drain_end - now) / 1'000'000) + 1);
        r_.total_seconds = static_cast<double>(now_ns() - start_) / 1e9;
        r_.cpu_after = sample_cpu(t_.pid);
        r_.drops_after = udp_drops(t_.drop_scope);
        return r_;
    }

private:
    // Sends what the clock says is due, in whole bursts, at every timer tick.
    void paced(std::uint64_t end) {
        const double burst_ns = 1e9 * static_cast<double>(spec_.burst) / spec_.rate;
        Fd timer = open_timer(std::max<std::uint64_t>(kMinTickNs, static_cast<std::uint64_t>(burst_ns)));
        ep_.add(timer.get(), kTimerTag);
        timer_ = timer.get();
        // A stalled client catches up by at most 10 ms of traffic, not in one flood.
        const auto cap = std::max<std::uint64_t>(spec_.burst, static_cast<std::uint64_t>(spec_.rate / 100));
        for (std::uint64_t now; (now = now_ns()) < end;) {
            const auto due_total = static_cast<std::uint64_t>(spec_.rate * static_cast<double>(now - start_) / 1e9);
            std::uint64_t due = due_total > offered_ ? due_total - offered_ : 0;
            due = std::min(due, cap) / spec_.burst * spec_.burst;
            if (due > 0) send(due);
            poll(-1);
        }
        ep_.remove(timer_);
        timer_ = -1;
    }

    // One burst per flow, then whatever has arrived, until the time is up.
    void flood(std::uint64_t end) {
        while (now_ns() < end) {
            send(spec_.flows * spec_.burst);
            poll(0);
        }
    }

    void send(std::uint64_t packets) {
        int batch_fd = -1;
        for (std::uint64_t i = 0; i < packets; ++i) {
            const std::size_t flow = (offered_ / spec_.burst) % spec_.flows;
            const bool to_peer = spec_.dir == Direction::ClientToPeer;
            const int fd = to_peer ? t_.flows[flow].fd.get() : peer_fd(t_, t_.flows[flow]);
            if (batch_.size() > 0 && (fd != batch_fd || batch_.full())) r_.sent += batch_.flush(batch_fd);
            batch_fd = fd;
            build(flow, to_peer);
            ++offered_;
        }
        if (batch_.size() > 0) r_.sent += batch_.flush(batch_fd);
    }

    void build(std::size_t flow, bool to_peer) {
        auto out = batch_.next();
        const std::size_t head = to_peer ? write_client_framing(t_, out, spec_.payload) : 0;
        write_stamp(out.subspan(head), {spec_.phase, static_cast<std::uint32_t>(flow), seq_[flow]++, 0});
        batch_.commit(head + spec_.payload, to_peer ? nullptr : &t_.flows[flow].relayed);
    }

    void poll(int timeout_ms) {
        for (const auto& ev : ep_.wait(timeout_ms)) {
            if (ev.data.u64 == kTimerTag) {
                read_timer(timer_);
                continue;
            }
            drain(receiving_fd(ev.data.u64), spec_.dir == Direction::ClientToPeer);
        }
    }

    // The socket behind an epoll tag (see the constructor).
    int receiving_fd(std::uint64_t tag) const {
        if (tag == kPeerTag) return t_.peer.get();
        const Flow& f = t_.flows[tag];
        return spec_.dir == Direction::ClientToPeer ? f.peer.get() : f.fd.get();
    }

    void drain(int fd, bool at_peer) {
        const std::size_t skip = at_peer ? 0 : client_framing(t_);
        for (std::size_t n; (n = recv_.receive(fd)) > 0;) {
            for (std::size_t i = 0; i < n; ++i) {
                const auto p = recv_.packet(i);
                if (p.size() < skip) continue;
                const auto s = read_stamp(p.subspan(skip));
                if (s && s->phase == spec_.phase) ++r_.received;
            }
            if (n < RecvBatch::kSlots) break;
        }
    }

    Target& t_;
    TrafficSpec spec_;
    std::vector<std::uint32_t> seq_;
    Epoll ep_;
    SendBatch batch_;
    RecvBatch recv_;
    TrafficResult r_;
    std::uint64_t start_ = 0;
    std::uint64_t offered_ = 0;
    int timer_ = -1;
};

}  // namespace

TrafficResult run_traffic(Target& t, const TrafficSpec& spec) { return TrafficRun(t, spec).run(); }

}  // namespace turn::bench
