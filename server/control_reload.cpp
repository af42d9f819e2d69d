// turnctl reload: the config read again, what may change live applied on
// every worker through its queue (control_plane.hpp).
#include "server/config/load_config.hpp"
#include "server/config_reload.hpp"
#include "server/control_plane.hpp"
#include "server/relay_setup.hpp"

namespace turn::server {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// Why the file or the command line cannot be used, every error on one line.
std::string config_errors(const config::Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics)
        if (d.severity == config::Severity::Error) out += (out.empty() ? "" : "; ") + config::to_string(d);
    return out;
}

Result<relay::LiveSettings, std::string> live_settings(const config::Config& c, const ReloadSource& source) {
    relay::LiveSettings s;
    if (source.auth_required) {
        auto a = make_authenticator(c, source.db);
        if (!a) return unexpected(a.error());
        s.authenticator = std::make_shared<const auth::Authenticator>(std::move(*a));
    }
    s.policy = std::make_shared<const relay::PeerPolicy>(peer_policy_config(c));
    return s;
}

std::string summary(const ReloadPlan& plan, const std::string& tls) {
    std::string out = plan.applied.empty() ? "nothing to apply" : "applied " + joined(plan.applied);
    if (!tls.empty()) out += "; " + tls;
    if (!plan.restart.empty()) out += "; changed but need a restart: " + joined(plan.restart);
    return out;
}

}  // namespace

void ControlPlane::reload(Answer answer) {
    const auto loaded = config::load_config(reload_.args, config::LoadOptions{config::default_config_paths()});
    if (!loaded.ok()) return answer({admin::error_line("config not reloaded: " + config_errors(loaded.diagnostics))});
    ReloadPlan plan = plan_reload(reload_.running, loaded.config);
    auto live = live_settings(plan.next, reload_);
    if (!live) return answer({admin::error_line("config not reloaded: " + live.error())});
    ask_all([&live](AdminReply r) { return AdminMessage{ApplyLiveSettings{*live, std::move(r)}}; },
            [this, plan = std::move(plan), answer = std::move(answer)](Reports) {
                reload_.running = plan.next;
                log_.set_level(log_level(plan.next));
                std::string tls;
                bool tls_ok = true;
                if (reload_.tls != nullptr) {
                    // As SIGUSR2: new connections get the files' certificate.
                    const auto r = reload_.tls->reload();
                    tls_ok = r.ok();
                    tls = tls_ok ? "TLS certificate re-read" : "TLS reload failed, old certificate kept: " + r.error();
                }
                const std::string text = summary(plan, tls);
                log_.info("turnctl reload: " + text);
                answer({tls_ok ? admin::ok_line(text) : admin::error_line(text)});
            });
}

}  // namespace turn::server
