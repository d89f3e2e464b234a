// The CUDA backend's versions in a build with nvcc; the runtime is linked statically, so its
// version is the toolkit's, and the driver's is whatever the machine has (0: none).
#include "gpu/cudaversion.h"
#include "gpu/cudaaccelerator.h"

#include <cuda_runtime_api.h>

namespace relulab {

namespace {

// CUDA writes versions as 1000 * major + 10 * minor: 12040 is 12.4.
std::string versionText(int version) {
    return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

} // namespace

LibraryVersion cudaVersion() {
    LibraryVersion cuda{"CUDA", "runtime ", {}};
    int runtime = 0;
    cuda.version += cudaRuntimeGetVersion(&runtime) == cudaSuccess ? versionText(runtime)
                                                                   : std::string("unknown");
    int driver = 0;
    const bool hasDriver = cudaDriverGetVersion(&driver) == cudaSuccess && driver > 0;
    cudaGetLastError(); // a failed query must not stay as the thread's sticky error
    std::string whyNot;
    const auto accelerator = makeCudaAccelerator(whyNot);
    if (accelerator)
        cuda.detail = accelerator->name() + ", driver " + versionText(driver);
    else if (hasDriver) // too old for this runtime, or no device
        cuda.detail = "no GPU: driver " + versionText(driver) + ", " + whyNot;
    else
        cuda.detail = "no GPU: no CUDA driver";
    return cuda;
}

} // namespace relulab
