#include "bench/scale/hold_traffic.hpp"

#include <sys/socket.h>

#include <algorithm>

#include "bench/loadgen/control.hpp"
#include "bench/loadgen/payload.hpp"
#include "protocol/channel_data.hpp"

namespace turn::bench {

namespace {

constexpr std::uint64_t kTickNs = 5'000'000;    // 200 sends a second, each of what is due
constexpr std::uint64_t kDrainNs = 500'000'000;  // late packets still count
constexpr std::uint64_t kPeerTag = ~0ULL;
constexpr std::uint64_t kTimerTag = ~0ULL - 1;
// Distinguishes this run's stamps from anything else arriving.
constexpr std::uint32_t kToPeerPhase = 0x5CA1E001;
constexpr std::uint32_t kToClientPhase = 0x5CA1E002;

class HoldRun {
public:
    HoldRun(std::span<Flow> flows, int peer, const HoldSpec& spec)
        : flows_(flows), peer_(peer), spec_(spec), packet_(proto::kChannelDataHeaderSize + spec.payload, 0),
          seq_(flows.size(), 0) {
        proto::write_channel_data_header(std::span(packet_).first<proto::kChannelDataHeaderSize>(), kChannel,
                                         static_cast<std::uint16_t>(spec.payload));
        epoll_.add(peer_, kPeerTag);
        for (std::size_t i = 0; i < flows_.size(); ++i) epoll_.add(flows_[i].fd.get(), i);
    }

    HoldResult run() {
        const std::uint64_t start = now_ns();
        const std::uint64_t end = start + static_cast<std::uint64_t>(spec_.seconds * 1e9);
        Fd timer = open_timer(kTickNs);
        epoll_.add(timer.get(), kTimerTag);
        timer_ = timer.get();
        for (std::uint64_t now; (now = now_ns()) < end;) {
            const auto due = static_cast<std::uint64_t>(spec_.rate * static_cast<double>(now - start) / 1e9);
            while (offered_ < due) send_next();
            poll(-1);
        }
        r_.seconds = static_cast<double>(now_ns() - start) / 1e9;
        for (std::uint64_t stop = now_ns() + kDrainNs, now; (now = now_ns()) < stop;)
            poll(static_cast<int>((stop - now) / 1'000'000) + 1);
        return std::move(r_);
    }

private:
    // Directions alternate; flows take turns within each.
    void send_next() {
        const bool to_peer = offered_ % 2 == 0;
        const std::size_t flow = (offered_ / 2) % flows_.size();
        ++offered_;
        const Stamp stamp{to_peer ? kToPeerPhase : kToClientPhase, static_cast<std::uint32_t>(flow), seq_[flow]++,
                          now_ns()};
        write_stamp(std::span(packet_).subspan(proto::kChannelDataHeaderSize), stamp);
        DirectionTally& t = to_peer ? r_.to_peer : r_.to_client;
        ssize_t n;
        if (to_peer) {
            n = ::send(flows_[flow].fd.get(), packet_.data(), packet_.size(), 0);
        } else {
            const sockaddr_in& to = flows_[flow].relayed;
            n = ::sendto(peer_, packet_.data() + proto::kChannelDataHeaderSize, spec_.payload, 0,
                         reinterpret_cast<const sockaddr*>(&to), sizeof to);
        }
        ++(n > 0 ? t.sent : t.refused);
    }

    void poll(int timeout_ms) {
        for (const auto& ev : epoll_.wait(timeout_ms)) {
            if (ev.data.u64 == kTimerTag) {
                read_timer(timer_);
            } else if (ev.data.u64 == kPeerTag) {
                drain(peer_, 0, kToPeerPhase, r_.to_peer);
            } else {
                drain(flows_[ev.data.u64].fd.get(), proto::kChannelDataHeaderSize, kToClientPhase, r_.to_client);
            }
        }
    }

    void drain(int fd, std::size_t header, std::uint32_t phase, DirectionTally& t) {
        for (std::size_t n; (n = batch_.receive(fd)) > 0;) {
            const std::uint64_t now = now_ns();
            for (std::size_t i = 0; i < n; ++i) {
                const auto p = batch_.packet(i);
                const auto s = p.size() >= header ? read_stamp(p.subspan(header)) : std::nullopt;
                if (!s || s->phase != phase) continue;
                ++t.received;
                t.latency_us.push_back(static_cast<std::uint32_t>((now - s->sent_ns) / 1000));
            }
            if (n < RecvBatch::kSlots) break;
        }
    }

    std::span<Flow> flows_;
    int peer_;
    HoldSpec spec_;
    std::vector<std::uint8_t> packet_;  // ChannelData header, then the stamped payload
    std::vector<std::uint32_t> seq_;
    Epoll epoll_;
    RecvBatch batch_;
    HoldResult r_;
    std::uint64_t offered_ = 0;
    int timer_ = -1;
};

}  // namespace

HoldResult run_hold_traffic(std::span<Flow> flows, int peer, const HoldSpec& spec) {
    return HoldRun(flows, peer, spec).run();
}

std::uint32_t percentile(std::vector<std::uint32_t>& v, double p) {
    if (v.empty()) return 0;
    const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

}  // namespace turn::bench
