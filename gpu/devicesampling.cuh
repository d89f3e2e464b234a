#pragma once

// The batch sampler: SplitMix64's 32-bit words, Lemire's bounded draws, and the batch as
// BatchSampler draws it (Fisher-Yates on the run's permutation, with replacement, or the full
// batch), its samples gathered into the arena.

#include "gpu/devicelayout.cuh"

#include <cstdint>

namespace relulab::gpu::device {

__device__ inline std::uint64_t splitMix64(std::uint64_t seed, std::uint64_t k) {
    std::uint64_t z = seed + (k + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Word k of a run's stream: the low half of draw k / 2 for even k, the high half for odd k.
__device__ inline std::uint32_t streamWord(std::uint64_t seed, std::uint64_t k) {
    const std::uint64_t draw = splitMix64(seed, k >> 1);
    return (k & 1) ? static_cast<std::uint32_t>(draw >> 32) : static_cast<std::uint32_t>(draw);
}

// Lemire's draw below `bound` starting at word `position`, rejections included (one lane).
__device__ inline std::uint32_t drawBelow(std::uint64_t seed, std::uint64_t& position,
                                          std::uint32_t bound) {
    std::uint64_t product = std::uint64_t{streamWord(seed, position++)} * bound;
    auto low = static_cast<std::uint32_t>(product);
    if (low < bound) {
        const std::uint32_t threshold = (0u - bound) % bound;
        while (low < threshold) {
            product = std::uint64_t{streamWord(seed, position++)} * bound;
            low = static_cast<std::uint32_t>(product);
        }
    }
    return static_cast<std::uint32_t>(product >> 32);
}

__device__ inline void swapItems(std::uint32_t* items, std::uint32_t i, std::uint32_t offset) {
    const std::uint32_t item = items[i + offset];
    items[i + offset] = items[i];
    items[i] = item;
}

// Draws the next batch's indices (BatchSampler::next) and gathers its samples into x and y.
// Lanes compute 32 words and their bounded draws at once; lane 0 makes the swaps in order and
// takes any draw that may be rejected word by word, exactly as the CPU does.
__device__ void drawBatch(const Launch& L, const RunConstants& c, RunProgressState& st,
                          const Arena& a, int lane, std::uint32_t* log) {
    const int batch = L.batch;
    const auto n = static_cast<std::uint32_t>(c.trainCount);
    const std::uint32_t* chosen = a.permutation;
    if (L.sampling == fullBatchSampling) { // full batch: every sample in order
        for (int b = lane; b < batch; b += warpLanes)
            a.indices[b] = static_cast<std::uint32_t>(b);
        chosen = a.indices;
    } else {
        const bool replace = L.sampling == withReplacementSampling;
        std::uint32_t* target = replace ? a.indices : a.permutation;
        std::uint64_t position = st.wordPosition;
        int i = 0;
        while (i < batch) {
            const int chunk = min(warpLanes, batch - i);
            bool suspect = false;
            std::uint32_t draw = 0;
            if (lane < chunk) {
                const std::uint32_t bound = replace ? n : n - static_cast<std::uint32_t>(i + lane);
                const std::uint64_t product =
                    std::uint64_t{streamWord(c.seed, position + lane)} * bound;
                draw = static_cast<std::uint32_t>(product >> 32);
                suspect = static_cast<std::uint32_t>(product) < bound;
            }
            const unsigned suspects = __ballot_sync(fullMask, suspect);
            const int good = suspects ? __ffs(suspects) - 1 : chunk;
            std::uint64_t next = position + good;
            if (replace) {
                if (lane < good) // draws with replacement are the indices themselves
                    target[i + lane] = draw;
            } else {
                // The swaps in order on lane 0, each offset taken from its lane by a shuffle,
                // which does not wait on the swap before it as a shared-memory read would.
                for (int k = 0; k < good; ++k) {
                    const std::uint32_t offset = __shfl_sync(fullMask, draw, k);
                    if (lane == 0)
                        swapItems(target, static_cast<std::uint32_t>(i + k), offset);
                }
            }
            if (lane == 0 && good < chunk) {
                const std::uint32_t bound = replace ? n : n - static_cast<std::uint32_t>(i + good);
                const std::uint32_t d = drawBelow(c.seed, next, bound);
                if (replace)
                    target[i + good] = d;
                else
                    swapItems(target, static_cast<std::uint32_t>(i + good), d);
            }
            const int placed = good < chunk ? good + 1 : good;
            position = __shfl_sync(fullMask, next, 0);
            i += placed;
            __syncwarp();
        }
        st.wordPosition = position;
        chosen = target;
    }
    for (int b = lane; b < batch; b += warpLanes) {
        const std::uint32_t index = chosen[b];
        a.x[b] = __ldg(c.trainX + index);
        a.y[b] = __ldg(c.trainY + index);
        if (log)
            log[b] = index;
    }
    __syncwarp();
}

} // namespace relulab::gpu::device
