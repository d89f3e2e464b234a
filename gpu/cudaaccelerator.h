#pragma once

#include "runner/accelerator.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace relulab {

// Whether this build has the CUDA backend (CMake found nvcc when it was configured).
bool builtWithCuda();

// The CUDA backend when this build has it and a usable GPU is present; null otherwise, with
// the reason in `whyNot` (no driver, no device, built without CUDA).
std::shared_ptr<Accelerator> makeCudaAccelerator(std::string& whyNot);

// --backend and the app's choice: cpu, cuda (a GPU or an error), auto (a GPU when usable).
enum class BackendChoice { Cpu, Cuda, Auto };
std::string_view backendChoiceName(BackendChoice choice);
std::optional<BackendChoice> backendChoiceFromName(std::string_view name);

// The accelerator for a choice: null for cpu, and for auto without a usable GPU (then `note`
// says why the CPU trains). Throws InvalidInput("backend", why) for cuda without one.
std::shared_ptr<Accelerator> acceleratorFor(BackendChoice choice, std::string& note);

} // namespace relulab
