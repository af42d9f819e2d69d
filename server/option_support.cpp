#include "server/option_support.hpp"

namespace turn::server {

std::vector<OptionNotice> unsupported_options(const config::Config& c) {
    std::vector<OptionNotice> out;
    auto warn = [&out](bool set, const char* text) {
        if (set) out.push_back({false, text});
    };
    if (c.no_udp && c.no_tcp && !config::tls_enabled(c) && !config::dtls_enabled(c))
        out.push_back({true, "no-udp, no-tcp and no TLS or DTLS (no-tls, no dtls, or no cert): nothing would listen"});
    warn(!c.no_tls && c.cert.empty() && !c.pkey.empty(), "pkey without cert: TLS needs cert; TCP ports serve plain TCP");
    warn(c.dtls && !c.no_dtls && c.cert.empty(), "dtls without cert: DTLS needs cert; no DTLS listeners");
    warn(c.mobility && c.no_udp, "mobility: RFC 8016 mobility serves UDP clients only; with no-udp it has no effect");
    warn(c.log_binding, "log-binding: Binding requests are not logged yet; the option has no effect");
    return out;
}

}  // namespace turn::server
