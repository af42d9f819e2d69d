#include "bench/loadgen/control.hpp"

#include <sys/socket.h>

#include <vector>

#include "bench/loadgen/payload.hpp"
#include "protocol/attributes.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"

namespace turn::bench {

using namespace proto;

namespace {

constexpr std::uint64_t kRetransmitNs = 500'000'000;
constexpr int kMaxTries = 5;
constexpr int kMaxAuthTries = 3;
constexpr std::uint64_t kGraceNs = 2'000'000'000;
// Room for a saturated stream's backlog: the client must not be where packets drop.
constexpr int kSocketBuffer = 4 << 20;

bool finished(Step s) { return s == Step::Done || s == Step::Failed; }

}  // namespace

Control::Control(const sockaddr_in& server, const Credentials& creds, const TransportAddress& peer)
    : server_(server),
      creds_(creds),
      key_(derive_long_term_key(PasswordAlgorithmId::Md5, creds.user, creds.realm, creds.password)),
      peer_(peer),
      tid_state_(now_ns() | 1) {}

Session Control::new_session(bool own_peer) {
    // 127.1.0.1, 127.1.0.2, ...: last octets 0 and 255 are skipped.
    const std::uint32_t n = next_source_++;
    const std::uint32_t host = (127u << 24) | ((1 + n / (254 * 256)) << 16) | (((n / 254) % 256) << 8) | (1 + n % 254);
    Session s;
    s.fd = open_udp(&server_, kSocketBuffer, htonl(host));
    if (own_peer) s.peer = open_udp(nullptr, kSocketBuffer);
    return s;
}

void Control::send_request(Session& s) {
    for (auto& b : s.tid.bytes) {
        tid_state_ ^= tid_state_ << 13;
        tid_state_ ^= tid_state_ >> 7;
        tid_state_ ^= tid_state_ << 17;
        b = static_cast<std::uint8_t>(tid_state_);
    }
    const Method method = s.step == Step::ChannelBind ? Method::ChannelBind
                          : s.step == Step::Release   ? Method::Refresh
                                                      : Method::Allocate;
    std::array<std::uint8_t, 512> buf{};
    MessageBuilder b(buf, {method, MessageClass::Request}, s.tid);
    if (method == Method::Allocate) b.add(RequestedTransport{});
    if (method == Method::ChannelBind) {
        const auto peer = s.peer.get() >= 0 ? to_transport(local_address(s.peer.get())) : peer_;
        b.add(ChannelNumber{kChannel}).add(XorPeerAddress{peer});
    }
    if (method == Method::Refresh) b.add(Lifetime{0});
    if (s.step != Step::AllocateUnauth) {
        b.add(Username{creds_.user}).add(Realm{creds_.realm}).add(Nonce{s.nonce});
        b.add_message_integrity(key_.view());
    }
    const auto msg = b.finish();
    if (!msg) return;
    ::send(s.fd.get(), msg->data(), msg->size(), 0);  // a loss is retransmitted
    s.sent_ns = now_ns();
    ++s.tries;
}

void Control::advance(Session& s, Plan plan) {
    s.tries = 0;
    switch (s.step) {
        case Step::AllocateUnauth:
        case Step::AllocateAuth:
            s.step = plan.bind_channel ? Step::ChannelBind : plan.release ? Step::Release : Step::Done;
            break;
        case Step::ChannelBind: s.step = plan.release ? Step::Release : Step::Done; break;
        default: s.step = Step::Done; break;
    }
    if (!finished(s.step)) send_request(s);
}

void Control::on_response(Session& s, std::span<const std::uint8_t> bytes, Plan plan) {
    const auto m = StunMessage::decode(bytes);
    if (!m || m->transaction_id() != s.tid) return;  // a late answer to a retransmitted request
    if (m->message_class() == MessageClass::SuccessResponse) {
        if (const auto relayed = m->get<XorRelayedAddress>()) s.relayed = to_sockaddr(relayed->address);
        return advance(s, plan);
    }
    if (m->message_class() != MessageClass::ErrorResponse) return;
    const auto ec = m->get<ErrorCode>();
    const std::uint16_t code = ec ? ec->code : 0;
    const auto nonce = m->get<Nonce>();
    // RFC 8489 §9.2.4: 401 carries the realm and nonce to retry with; 438 a fresh nonce.
    if ((code == 401 || code == 438) && nonce && ++s.auth_tries <= kMaxAuthTries) {
        s.nonce = std::string(nonce->value);
        if (s.step == Step::AllocateUnauth) s.step = Step::AllocateAuth;
        s.tries = 0;
        return send_request(s);
    }
    s.last_error = code;
    s.step = Step::Failed;
}

void Control::run(FunctionRef<std::optional<Session>()> next, FunctionRef<void(Session&&)> finished_cb,
                  std::size_t window, std::uint64_t deadline_ns, Plan plan) {
    std::vector<Session> slots(window);
    std::vector<bool> busy(window, false);
    std::size_t active = 0;
    Epoll ep;
    std::array<std::uint8_t, 2048> buf{};
    while (true) {
        // `next` may say "no more" now and change its mind when a session fails.
        for (std::size_t i = 0; i < window && now_ns() < deadline_ns; ++i) {
            if (busy[i]) continue;
            auto s = next();
            if (!s) break;
            slots[i] = std::move(*s);
            busy[i] = true;
            ++active;
            ep.add(slots[i].fd.get(), i);
            send_request(slots[i]);
        }
        if (active == 0) break;
        const bool late = now_ns() > deadline_ns + kGraceNs;
        for (const auto& ev : ep.wait(late ? 0 : 10)) {
            Session& s = slots[ev.data.u64];
            for (ssize_t n; !finished(s.step) && (n = ::recv(s.fd.get(), buf.data(), buf.size(), 0)) > 0;)
                on_response(s, {buf.data(), static_cast<std::size_t>(n)}, plan);
        }
        const std::uint64_t now = now_ns();
        for (std::size_t i = 0; i < window; ++i) {
            if (!busy[i]) continue;
            Session& s = slots[i];
            if (!finished(s.step) && (late || (now - s.sent_ns > kRetransmitNs && s.tries >= kMaxTries)))
                s.step = Step::Failed;
            else if (!finished(s.step) && now - s.sent_ns > kRetransmitNs)
                send_request(s);
            if (!finished(s.step)) continue;
            ep.remove(s.fd.get());
            busy[i] = false;
            --active;
            finished_cb(std::move(s));
        }
    }
}

}  // namespace turn::bench
