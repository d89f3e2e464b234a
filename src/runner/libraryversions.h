#pragma once

#include <string>
#include <vector>

namespace relulab {

// One library the build uses, for Help > About and `relulab --version`.
struct LibraryVersion {
    std::string name;    // "Armadillo"
    std::string version; // "11.4.2 (Ship of Theseus)"; "not found" when it cannot be told
    std::string detail;  // how it was told or what it is built for; may be empty
};

// The numerics' libraries: Armadillo (its headers' version), the BLAS it calls (OpenBLAS's own
// config string, asked of the library loaded at run time) and oneTBB (run time and headers).
std::vector<LibraryVersion> numericsLibraryVersions();

} // namespace relulab
