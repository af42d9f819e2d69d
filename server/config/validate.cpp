#include "load_config.hpp"

namespace turn::config {
namespace {

constexpr std::string_view kMergedSource = "configuration";

void error(Diagnostics& diagnostics, std::string option, std::string message) {
  diagnostics.push_back({Severity::Error, {std::string(kMergedSource), 0}, std::move(option),
                         std::move(message)});
}

}  // namespace

void validate(const Config& config, Diagnostics& diagnostics) {
  if (config.min_port > config.max_port) {
    error(diagnostics, "min-port",
          "min-port " + std::to_string(config.min_port) + " is above max-port " +
              std::to_string(config.max_port));
  }
  // coturn refuses the pair too: credentials both required and not required.
  if (config.lt_cred_mech && config.no_auth) {
    error(diagnostics, "no-auth", "lt-cred-mech and no-auth cannot both be set");
  }
  // An admin port without a password would hand the server to any local user.
  if (config.admin_port != 0 && config.admin_password_hash.empty()) {
    error(diagnostics, "admin-port", "admin-port needs admin-password-hash (turnadmin -P makes one)");
  }
  // use-auth-secret without static-auth-secret is valid: the secrets may come
  // from the user database.
}

}  // namespace turn::config
