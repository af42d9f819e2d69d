#include "server/option_support.hpp"

namespace turn::server {

std::vector<OptionNotice> unsupported_options(const config::Config& c) {
    std::vector<OptionNotice> out;
    auto warn = [&out](bool set, const char* text) {
        if (set) out.push_back({false, text});
    };
    if (c.no_udp && !c.stun_only)
        out.push_back({true, "no-udp: UDP is the only client transport so far; nothing would listen"});
    warn(!c.cert.empty() || !c.pkey.empty(), "cert/pkey: TLS listeners are not built yet; the certificate is not used");
    warn(c.dtls, "dtls: DTLS listeners are not built yet; the option has no effect");
    warn(c.mobility, "mobility: RFC 8016 mobility is not built yet; the option has no effect");
    warn(c.log_binding, "log-binding: Binding requests are not logged yet; the option has no effect");
    warn(c.alt_listening_port != 0 || c.alt_tls_listening_port != 0,
         "alt-listening-port/alt-tls-listening-port: alternate listeners are not built yet");
    return out;
}

}  // namespace turn::server
