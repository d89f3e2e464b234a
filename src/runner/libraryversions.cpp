#include "runner/libraryversions.h"

#include <armadillo>
#include <oneapi/tbb/version.h>

#include <dlfcn.h>

namespace relulab {

namespace {

// Asked of whatever BLAS the process loaded (Debian picks it by alternatives: libblas.so.3 may
// be OpenBLAS, BLIS or the reference BLAS), so the answer is the one the numbers come from.
LibraryVersion blasVersion() {
    using ConfigFunction = char* (*)();
    auto* config = reinterpret_cast<ConfigFunction>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    if (config == nullptr || config() == nullptr)
        return {"OpenBLAS", "not found",
                "the BLAS loaded is not OpenBLAS (no openblas_get_config)"};
    std::string text = config(); // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_..."
    const std::string prefix = "OpenBLAS ";
    if (text.starts_with(prefix))
        text.erase(0, prefix.size());
    const std::size_t space = text.find(' ');
    return {"OpenBLAS", text.substr(0, space),
            space == std::string::npos ? std::string() : text.substr(space + 1)};
}

} // namespace

std::vector<LibraryVersion> numericsLibraryVersions() {
    std::vector<LibraryVersion> versions;
    versions.push_back({"Armadillo", arma::arma_version::as_string(), "headers"});
    versions.push_back(blasVersion());
    // The library loaded may be newer than the headers the build saw.
    const char* runtime = TBB_runtime_version();
    versions.push_back({"oneTBB", runtime != nullptr ? runtime : "not found",
                        std::string("headers ") + TBB_VERSION_STRING});
    return versions;
}

} // namespace relulab
