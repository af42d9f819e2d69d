// The YAML form of the config: one mapping from coturn's long option names to
// a scalar, a sequence (repeatable options) or true/false (flags):
//
//   listening-port: 3478
//   listening-ip: [127.0.0.1, "::1"]
//   lt-cred-mech: true
//
// Values are taken as text and go through the same parsers as the .conf file.
#include <yaml-cpp/yaml.h>

#include "option_table.hpp"
#include "sources.hpp"

namespace turn::config {
namespace {

// yaml-cpp counts lines from 0 and marks some nodes with -1.
Location location(const std::string& source, const YAML::Mark& mark) {
  return {source, mark.line < 0 ? 0 : mark.line + 1};
}

void error(Diagnostics& diagnostics, Location where, std::string option, std::string message) {
  diagnostics.push_back({Severity::Error, std::move(where), std::move(option), std::move(message)});
}

void read_sequence(const std::string& name, const YAML::Node& items, const std::string& source,
                   std::vector<Setting>& settings, Diagnostics& diagnostics) {
  const OptionDescriptor* option = find_option(name);
  if (option != nullptr && !option->repeatable) {
    error(diagnostics, location(source, items.Mark()), name, "takes one value, not a list");
    return;
  }
  for (const YAML::Node& item : items) {
    if (!item.IsScalar()) {
      error(diagnostics, location(source, item.Mark()), name, "list items must be plain values");
      continue;
    }
    settings.push_back({name, item.Scalar(), location(source, item.Mark())});
  }
}

void read_entry(const YAML::Node& key, const YAML::Node& value, const std::string& source,
                std::vector<Setting>& settings, Diagnostics& diagnostics) {
  Location where = location(source, key.Mark());
  if (!key.IsScalar()) {
    error(diagnostics, where, "", "option names must be plain text");
    return;
  }
  const std::string& name = key.Scalar();
  if (value.IsNull()) {
    settings.push_back({name, std::nullopt, where});
  } else if (value.IsScalar()) {
    settings.push_back({name, value.Scalar(), where});
  } else if (value.IsSequence()) {
    read_sequence(name, value, source, settings, diagnostics);
  } else {
    error(diagnostics, where, name, "expected a value or a list of values");
  }
}

std::vector<Setting> read_document(const YAML::Node& root, const std::string& source,
                                   Diagnostics& diagnostics) {
  std::vector<Setting> settings;
  if (root.IsNull()) return settings;  // an empty file sets nothing
  if (!root.IsMap()) {
    error(diagnostics, location(source, root.Mark()), "",
          "expected a mapping from option names to values");
    return settings;
  }
  for (const auto& entry : root) read_entry(entry.first, entry.second, source, settings, diagnostics);
  return settings;
}

}  // namespace

std::vector<Setting> parse_yaml_text(std::string_view text, const std::string& source,
                                     Diagnostics& diagnostics) {
  // yaml-cpp reports errors by throwing; none may leave the library.
  try {
    return read_document(YAML::Load(std::string(text)), source, diagnostics);
  } catch (const YAML::Exception& e) {
    error(diagnostics, location(source, e.mark), "", "YAML: " + e.msg);
  } catch (const std::exception& e) {
    error(diagnostics, {source, 0}, "", std::string("YAML: ") + e.what());
  }
  return {};
}

}  // namespace turn::config
