#include "core/random.h"

namespace relulab {

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
splitMix64Fill(std::uint64_t seed, std::uint64_t first, std::uint64_t* out, int count) {
    for (int i = 0; i < count; ++i)
        out[i] = splitMix64(seed, first + static_cast<std::uint64_t>(i));
}

} // namespace relulab
