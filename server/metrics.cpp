#include "server/metrics.hpp"

#include <string_view>

#include "server/prometheus_text.hpp"

namespace turn::server {
namespace {

using relay::TrafficTotals;
using Workers = std::vector<WorkerStats>;

template <class F>
std::uint64_t sum(const Workers& workers, F value) {
    std::uint64_t total = 0;
    for (const auto& w : workers) total += value(w);
    return total;
}

// One counter of a per-thread group (CoreCounters, IoCounters, ...), summed
// over the workers that have the group.
template <class Group>
struct Field {
    std::string_view name;  // the metric's name, or its label value in a labelled family
    std::string_view help;
    const relay::Counter Group::*counter;
};

template <class Group>
std::uint64_t sum_of(const Workers& workers, const Group* WorkerStats::*group, const relay::Counter Group::*counter) {
    return sum(workers, [&](const WorkerStats& w) {
        const Group* g = w.*group;
        return g == nullptr ? 0 : (g->*counter).load();
    });
}

template <class Group, std::size_t N>
void counters(PrometheusText& out, const Workers& workers, const Group* WorkerStats::*group,
              const Field<Group> (&fields)[N]) {
    for (const auto& f : fields) out.single(f.name, MetricType::Counter, f.help, sum_of(workers, group, f.counter));
}

// The samples of a family labelled `key`, one per field; the caller starts the family.
template <class Group, std::size_t N>
void labelled(PrometheusText& out, const Workers& workers, std::string_view family, std::string_view key,
              const Group* WorkerStats::*group, const Field<Group> (&fields)[N]) {
    for (const auto& f : fields) out.sample(family, sum_of(workers, group, f.counter), {{key, f.name}});
}

using C = relay::CoreCounters;
constexpr Field<C> kCoreCounters[] = {
    {"stun_binding_request", "Incoming STUN Binding requests", &C::binding_requests},
    {"stun_binding_response", "Outgoing STUN Binding success responses", &C::binding_responses},
    {"stun_binding_error", "Outgoing STUN Binding error responses", &C::binding_errors},
    {"turn_auth_failures_total", "Requests answered 401 or 438 (credentials or nonce refused)", &C::auth_failures},
    {"turn_allocations_created_total", "Allocations created", &C::allocations_created},
};
constexpr Field<C> kDropReasons[] = {
    {"malformed", "", &C::dropped_malformed},
    {"no_allocation", "", &C::dropped_no_allocation},
    {"no_permission", "", &C::dropped_no_permission},
    {"peer_policy", "", &C::dropped_peer_policy},
};
using I = IoCounters;
constexpr Field<I> kIoCounters[] = {
    {"turn_udp_datagrams_received_total", "UDP datagrams received", &I::datagrams_in},
    {"turn_udp_datagrams_sent_total", "UDP datagrams sent", &I::datagrams_out},
    {"turn_udp_send_drops_total", "UDP datagrams the kernel refused to send", &I::send_drops},
    {"turn_udp_receive_truncated_total", "UDP datagrams truncated on receive", &I::recv_truncated},
    {"turn_udp_gro_batches_total", "UDP receives that carried several datagrams (GRO)", &I::gro_batches},
    {"turn_udp_gro_overflow_total", "Datagrams of GRO buffers dropped for want of room", &I::gro_overflow},
};
using S = StreamCounters;
constexpr Field<S> kStreamCounters[] = {
    {"turn_stream_accepted_total", "TCP/TLS client connections accepted", &S::accepted},
    {"turn_stream_refused_total", "TCP/TLS clients refused over the per-thread limit", &S::refused_over_limit},
    {"turn_stream_output_drops_total", "Frames dropped for TCP/TLS clients that do not read", &S::output_drops},
};
constexpr Field<S> kStreamCloseReasons[] = {
    {"bad_start", "", &S::closed_bad_start}, {"timeout", "", &S::closed_timeout}, {"framing", "", &S::closed_framing}};
using D = DtlsCounters;
constexpr Field<D> kDtlsCounters[] = {
    {"turn_dtls_sessions_total", "DTLS sessions started", &D::sessions},
    {"turn_dtls_sessions_ended_total", "DTLS sessions ended", &D::ended},
    {"turn_dtls_refused_total", "DTLS sessions refused over the per-thread limit", &D::refused_over_limit},
};
using P = SpliceCounters;
constexpr Field<P> kSpliceCounters[] = {
    {"turn_tcp_relay_pairs_total", "RFC 6062 data connections bound to peers", &P::pairs},
    {"turn_tcp_relay_bytes_to_peer_total", "RFC 6062 bytes relayed to peers", &P::bytes_to_peer},
    {"turn_tcp_relay_bytes_to_client_total", "RFC 6062 bytes relayed to clients", &P::bytes_to_client},
};

// coturn's traffic families: the client side (rcv: from clients, sent: to
// clients) and the peer side (rcv: from peers, sent: to peers).
struct TrafficField {
    std::string_view suffix;
    std::string_view help;
    std::uint64_t TrafficTotals::*field;
};
constexpr TrafficField kTrafficFields[] = {
    {"rcvp", "data packets received from clients", &TrafficTotals::packets_to_peer},
    {"rcvb", "data bytes received from clients", &TrafficTotals::bytes_to_peer},
    {"sentp", "data packets sent to clients", &TrafficTotals::packets_to_client},
    {"sentb", "data bytes sent to clients", &TrafficTotals::bytes_to_client},
    {"peer_rcvp", "data packets received from peers", &TrafficTotals::packets_to_client},
    {"peer_rcvb", "data bytes received from peers", &TrafficTotals::bytes_to_client},
    {"peer_sentp", "data packets sent to peers", &TrafficTotals::packets_to_peer},
    {"peer_sentb", "data bytes sent to peers", &TrafficTotals::bytes_to_peer},
};

TrafficTotals published_traffic(const WorkerStats& w) {
    const WorkerGauges& g = *w.gauges;
    return {g.packets_to_peer, g.bytes_to_peer, g.packets_to_client, g.bytes_to_client, g.dropped_over_bandwidth};
}

relay::TrafficByUser traffic_by_user(const Workers& workers) {
    relay::TrafficByUser all;
    for (const auto& w : workers) {
        if (w.users == nullptr) continue;
        for (const auto& [user, t] : w.users->snapshot()) all[user] += t;
    }
    return all;
}

void traffic_metrics(PrometheusText& out, const MetricsSources& s) {
    TrafficTotals total;
    for (const auto& w : s.workers) total += published_traffic(w);
    const relay::TrafficByUser by_user = s.username_labels ? traffic_by_user(s.workers) : relay::TrafficByUser{};
    for (const auto& f : kTrafficFields) {
        const std::string name = "turn_traffic_" + std::string(f.suffix);
        out.family(name, MetricType::Counter, "Relayed " + std::string(f.help) + ", by realm");
        if (!s.username_labels) out.sample(name, total.*f.field, {{"realm", s.realm}});
        for (const auto& [user, t] : by_user) out.sample(name, t.*f.field, {{"realm", s.realm}, {"user", user}});
    }
    for (const auto& f : kTrafficFields)
        out.single("turn_total_traffic_" + std::string(f.suffix), MetricType::Counter,
                   "Relayed " + std::string(f.help), total.*f.field);
}

void per_thread_gauge(PrometheusText& out, const Workers& workers, std::string_view name, std::string_view help,
                      const relay::Counter WorkerGauges::*field) {
    out.family(name, MetricType::Gauge, help);
    for (const auto& w : workers) out.sample(name, (w.gauges->*field).load(), {{"thread", std::to_string(w.index)}});
}

void allocation_metrics(PrometheusText& out, const MetricsSources& s) {
    out.family("turn_total_allocations", MetricType::Gauge, "Current allocations, by client transport");
    for (std::size_t t = 0; t < kClientTransports; ++t) {
        const auto n = sum(s.workers, [t](const WorkerStats& w) { return w.gauges->allocations_by_transport[t].load(); });
        out.sample("turn_total_allocations", n, {{"type", client_transport_name(static_cast<ClientTransport>(t))}});
    }
    using G = WorkerGauges;
    per_thread_gauge(out, s.workers, "turn_allocations_active", "Current allocations, by relay thread", &G::allocations);
    per_thread_gauge(out, s.workers, "turn_permissions_active", "Current permissions, by relay thread", &G::permissions);
    per_thread_gauge(out, s.workers, "turn_channels_active", "Current channel bindings, by relay thread", &G::channels);
    out.single("turn_tcp_relay_connections", MetricType::Gauge, "Current RFC 6062 peer connections",
               sum(s.workers, [](const WorkerStats& w) { return w.gauges->tcp_relay_connections.load(); }));
    out.family("turn_relay_ports_free", MetricType::Gauge, "Relay ports free, by relay address");
    for (const auto& p : s.pools) out.sample("turn_relay_ports_free", p.pool->free_ports(), {{"relay_ip", p.relay_ip}});
    out.single("turn_draining", MetricType::Gauge, "1 while the server drains (turnctl drain)",
               sum(s.workers, [](const WorkerStats& w) { return w.gauges->draining.load(); }) != 0 ? 1 : 0);
}

void drop_metrics(PrometheusText& out, const Workers& workers) {
    constexpr std::string_view name = "turn_dropped_total";
    out.family(name, MetricType::Counter, "Packets and requests dropped or refused, by reason");
    labelled(out, workers, name, "reason", &WorkerStats::core, kDropReasons);
    out.sample(name, sum(workers, [](const WorkerStats& w) { return w.gauges->dropped_over_bandwidth.load(); }),
               {{"reason", "over_bandwidth"}});
}

void stream_metrics(PrometheusText& out, const Workers& workers) {
    counters(out, workers, &WorkerStats::streams, kStreamCounters);
    constexpr std::string_view closed = "turn_stream_closed_total";
    out.family(closed, MetricType::Counter, "TCP/TLS clients the server closed, by reason");
    labelled(out, workers, closed, "reason", &WorkerStats::streams, kStreamCloseReasons);
    out.single("turn_stream_clients", MetricType::Gauge, "Current TCP/TLS client connections",
               sum(workers, [](const WorkerStats& w) { return w.gauges->stream_clients.load(); }));
}

}  // namespace

std::string render_metrics(const MetricsSources& sources) {
    PrometheusText out;
    counters(out, sources.workers, &WorkerStats::core, kCoreCounters);
    traffic_metrics(out, sources);
    allocation_metrics(out, sources);
    drop_metrics(out, sources.workers);
    counters(out, sources.workers, &WorkerStats::io, kIoCounters);
    stream_metrics(out, sources.workers);
    counters(out, sources.workers, &WorkerStats::dtls, kDtlsCounters);
    counters(out, sources.workers, &WorkerStats::splices, kSpliceCounters);
    return out.take();
}

}  // namespace turn::server
