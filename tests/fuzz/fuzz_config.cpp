// libFuzzer target: arbitrary text through the coturn-format and the YAML
// config loaders. A hostile or broken file must give diagnostics, never a
// crash, a hang or an exception escaping the library.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/config/load_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    turn::config::Config conf;
    turn::config::Diagnostics diags;
    turn::config::load_conf_text(text, "fuzz.conf", conf, diags);
    turn::config::validate(conf, diags);
    turn::config::Config yaml;
    turn::config::load_yaml_text(text, "fuzz.yaml", yaml, diags);
    (void)turn::config::print_config(conf);
    return 0;
}
