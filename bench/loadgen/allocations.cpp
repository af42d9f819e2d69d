#include "bench/loadgen/allocations.hpp"

#include <chrono>
#include <thread>

#include "bench/loadgen/payload.hpp"
#include "bench/loadgen/proc_stats.hpp"

namespace turn::bench {

namespace {

constexpr std::size_t kSetupWindow = 64;
constexpr std::uint64_t kSetupTimeoutNs = 60'000'000'000;

void tally(SetupResult& r, const Session& s) {
    if (s.step == Step::Done) {
        ++r.done;
    } else {
        ++r.failed;
        if (s.last_error != 0) r.last_error = s.last_error;
    }
}

}  // namespace

SetupResult create_flows(Control& c, std::size_t n, std::vector<Flow>& out, bool own_peers) {
    SetupResult r;
    // A fresh socket may get the port of one closed moments ago, whose 5-tuple
    // the server still maps to an old session (coturn answers 437 then): such
    // a flow is replaced by another socket, a bounded number of times.
    const std::size_t max_failures = n / 2 + 10;
    std::size_t started = 0, finished = 0;
    c.run([&]() -> std::optional<Session> {
            const std::size_t in_flight = started - finished;
            if (r.failed > max_failures || r.done + in_flight >= n) return std::nullopt;
            ++started;
            return c.new_session(own_peers);
        },
        [&](Session&& s) {
            ++finished;
            tally(r, s);
            if (s.step == Step::Done)
                out.push_back({std::move(s.fd), s.relayed, std::move(s.nonce), std::move(s.peer)});
        },
        kSetupWindow, now_ns() + kSetupTimeoutNs, Plan{.bind_channel = true});
    return r;
}

SetupResult release_flows(Control& c, std::vector<Flow>& flows) {
    SetupResult r;
    std::size_t next = 0;
    c.run([&]() -> std::optional<Session> {
            if (next == flows.size()) return std::nullopt;
            Flow& f = flows[next++];
            Session s;
            s.fd = std::move(f.fd);
            s.step = Step::Release;
            s.nonce = std::move(f.nonce);
            return s;
        },
        [&](Session&& s) { tally(r, s); }, kSetupWindow, now_ns() + kSetupTimeoutNs, Plan{.release = true});
    flows.clear();
    return r;
}

AllocRateResult run_alloc_rate(Control& c, double seconds, std::size_t window) {
    AllocRateResult r;
    const std::uint64_t start = now_ns();
    std::uint64_t last = start;
    c.run([&]() -> std::optional<Session> { return c.new_session(); },
          [&](Session&& s) {
              tally(r.setup, s);
              last = now_ns();
          },
          window, start + static_cast<std::uint64_t>(seconds * 1e9), Plan{.release = true});
    r.seconds = static_cast<double>(last - start) / 1e9;
    return r;
}

MemoryResult run_memory(Control& c, const Target& t, std::size_t n) {
    MemoryResult r;
    r.rss_before_kib = rss_kib(t.pid);
    std::vector<Flow> held;
    held.reserve(n);
    r.setup = create_flows(c, n, held, t.distinct_peers);
    // Let the server finish whatever the last answers left it doing.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    r.rss_after_kib = rss_kib(t.pid);
    r.released = release_flows(c, held);
    return r;
}

}  // namespace turn::bench
