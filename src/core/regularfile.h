#pragma once

#include <string>

namespace relulab {

// Refuses (InvalidInput naming `path`) anything that is not a regular file, or a link to one,
// before it is opened: opening a FIFO blocks until something writes to it, and a device or a
// folder is never data. A path that does not exist passes: opening it says so.
void checkRegularFile(const std::string& path);

} // namespace relulab
