// RAII owners for libevent objects (the Envoy habit DESIGN.md asks for).
#pragma once

#include <event2/event.h>

#include <memory>

namespace turn::server {

struct EventBaseFree {
    void operator()(event_base* b) const { event_base_free(b); }
};
struct EventFree {
    void operator()(event* e) const { event_free(e); }
};

using EventBasePtr = std::unique_ptr<event_base, EventBaseFree>;
using EventPtr = std::unique_ptr<event, EventFree>;

}  // namespace turn::server
