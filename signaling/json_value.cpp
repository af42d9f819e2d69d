#include "signaling/json_value.hpp"

#include <algorithm>

namespace turn::signaling::json {

const Value* Value::find(std::string_view key) const {
    const Object* object = as_object();
    if (object == nullptr) return nullptr;
    const auto it = std::find_if(object->begin(), object->end(), [&](const Member& m) { return m.key == key; });
    return it == object->end() ? nullptr : &it->value;
}

}  // namespace turn::signaling::json
