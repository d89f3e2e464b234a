// The CUDA backend's versions in a build without nvcc: there is none to ask.
#include "gpu/cudaaccelerator.h"
#include "gpu/cudaversion.h"

namespace relulab {

LibraryVersion cudaVersion() {
    std::string whyNot;
    makeCudaAccelerator(whyNot);
    return {"CUDA", "not built", "no GPU: " + whyNot};
}

} // namespace relulab
