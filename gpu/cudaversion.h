#pragma once

#include "runner/libraryversions.h"

namespace relulab {

// The CUDA backend for Help > About and `relulab --version`: whether this build has it, the
// CUDA runtime it was linked with, the driver's version and the GPU, or why there is none.
// Safe without a driver or a GPU (it asks, and reports the answer).
LibraryVersion cudaVersion();

} // namespace relulab
