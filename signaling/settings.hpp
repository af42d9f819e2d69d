// turnsignal's settings, worked out from the shared config (one file for
// turnserver and turnsignal): what to listen on, what to serve, what to hand
// out, and every limit. Problems that stop the start come back as an error;
// those worth knowing about as warnings.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "protocol/result.hpp"
#include "protocol/transport_address.hpp"
#include "server/config/config.hpp"
#include "server/tls_context.hpp"
#include "signaling/ice_servers.hpp"
#include "signaling/signaling_hub.hpp"
#include "signaling/ws_reader.hpp"

namespace turn::signaling {

struct SignalSettings {
    std::optional<proto::TransportAddress> http;   // plain HTTP and ws://
    std::optional<proto::TransportAddress> https;  // HTTPS and wss://
    std::optional<server::TlsSettings> tls;        // with https
    std::filesystem::path web_root;
    std::vector<std::string> allowed_origins;
    IceSettings ice;
    HubSettings hub;
    ws::ReaderLimits reader;
    double message_rate = 50;   // frames per second per client
    double message_burst = 200;
    std::chrono::seconds ping_interval{15};
    std::size_t max_clients = 1000;
    std::vector<std::string> warnings;
};

// `default_web_root` is used when signaling-web-root is not set.
Result<SignalSettings, std::string> signal_settings(const config::Config& c,
                                                    const std::filesystem::path& default_web_root);

}  // namespace turn::signaling
