// The CUDA backend's entry points in a build without nvcc: every run trains on the CPU.
#include "gpu/cudaaccelerator.h"

namespace relulab {

bool builtWithCuda() {
    return false;
}

std::shared_ptr<Accelerator> makeCudaAccelerator(std::string& whyNot) {
    whyNot = "this build has no CUDA backend (nvcc was not found when it was configured)";
    return nullptr;
}

} // namespace relulab
