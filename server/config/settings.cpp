#include "option_table.hpp"
#include "sources.hpp"

namespace turn::config {
namespace {

void report(Diagnostics& diagnostics, Severity severity, const Setting& setting,
            std::string message) {
  diagnostics.push_back({severity, setting.where, setting.name, std::move(message)});
}

void apply_one(const Setting& setting, UnknownOption policy, Config& config,
               Diagnostics& diagnostics) {
  const OptionDescriptor* option = find_option(setting.name);
  if (option == nullptr) {
    if (policy == UnknownOption::Warn) {
      report(diagnostics, Severity::Warning, setting, "unknown option, ignored");
    } else {
      report(diagnostics, Severity::Error, setting, "unknown option");
    }
    return;
  }
  if (option->command_line_only()) {
    report(diagnostics, Severity::Warning, setting, "only valid on the command line, ignored");
    return;
  }
  if (option->kind == ValueKind::Required && !setting.value) {
    report(diagnostics, Severity::Error, setting, "missing value");
    return;
  }
  if (auto refusal = option->set(config, setting.value)) {
    report(diagnostics, Severity::Error, setting,
           "invalid value " + in_quotes(setting.value.value_or("")) + ": " + refusal->reason);
  }
}

}  // namespace

void apply_settings(std::span<const Setting> settings, UnknownOption policy, Config& config,
                    Diagnostics& diagnostics) {
  for (const Setting& setting : settings) apply_one(setting, policy, config, diagnostics);
}

}  // namespace turn::config
