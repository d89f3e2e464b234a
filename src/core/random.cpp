#include "core/random.h"

#include "core/isaclones.h"

#include <bit>
#include <cstring>

namespace relulab {

RELULAB_ISA_CLONES void splitMixWordsFill(std::uint64_t seed, std::uint64_t first,
                                          std::uint32_t* words, int count) {
    static_assert(std::endian::native == std::endian::little); // the low half is the first word
    for (int i = 0; i < count; ++i) {
        const std::uint64_t draw = splitMix64(seed, first + static_cast<std::uint64_t>(i));
        std::memcpy(words + 2 * i, &draw, sizeof draw);
    }
}

RELULAB_ISA_CLONES bool boundedOffsets(const std::uint32_t* words, std::uint32_t firstBound,
                                       std::uint32_t count, std::uint32_t* offsets) {
    std::uint32_t mayReject = 0;
    for (std::uint32_t k = 0; k < count; ++k) {
        const std::uint32_t bound = firstBound - k;
        const std::uint64_t product = std::uint64_t{words[k]} * bound;
        offsets[k] = static_cast<std::uint32_t>(product >> 32);
        mayReject |= static_cast<std::uint32_t>(product) < bound;
    }
    return mayReject == 0;
}

} // namespace relulab
