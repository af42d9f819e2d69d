// Content-Type by file extension for the files a web client is made of.
// Text types say charset=utf-8; anything unknown is application/octet-stream,
// which browsers (with nosniff) neither run nor render.
#pragma once

#include <string_view>

namespace turn::signaling {

std::string_view content_type_for(std::string_view file_name);

}  // namespace turn::signaling
