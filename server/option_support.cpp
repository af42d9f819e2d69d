#include "server/option_support.hpp"

namespace turn::server {

std::vector<OptionNotice> unsupported_options(const config::Config& c) {
    std::vector<OptionNotice> out;
    auto warn = [&out](bool set, const char* text) {
        if (set) out.push_back({false, text});
    };
    if (c.no_udp && c.no_tcp && (c.no_tls || c.cert.empty()))
        out.push_back({true, "no-udp, no-tcp and no TLS (no-tls or no cert): nothing would listen"});
    warn(!c.no_tls && c.cert.empty() && !c.pkey.empty(), "pkey without cert: TLS needs cert; TCP ports serve plain TCP");
    warn(c.dtls, "dtls: DTLS listeners are not built yet; the option has no effect");
    warn(c.mobility, "mobility: RFC 8016 mobility is not built yet; the option has no effect");
    warn(c.log_binding, "log-binding: Binding requests are not logged yet; the option has no effect");
    return out;
}

}  // namespace turn::server
