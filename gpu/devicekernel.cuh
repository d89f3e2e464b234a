#pragma once

// The kernels: the training loop of one launch (a warp a run: batch, loss and gradient,
// optimizer step, divergence check, snapshot), and the sampler alone for firstBatches().

#include "gpu/devicelayout.cuh"
#include "gpu/deviceoptimizer.cuh"
#include "gpu/devicepasses.cuh"
#include "gpu/devicesampling.cuh"
#include "gpu/devicesnapshots.cuh"

#include <cstddef>
#include <cstdint>

namespace relulab::gpu::device {

__device__ void copyWords(float* to, const float* from, int words, int lane) {
    for (int i = lane; i < words; i += warpLanes)
        to[i] = from[i];
}

// At least `MinBlocks` blocks of four warps an SM: 4 keeps ptxas to 128 registers without
// spills (it would otherwise take 166 for more unrolling, at the cost of a quarter of the
// resident warps); 5 and 8 trade spills for more warps to hide latency with. Which is fastest is
// the GPU's to say: RELULAB_CUDA_MIN_BLOCKS picks one (see trainKernelFor).
template <int MinBlocks>
__global__ void __launch_bounds__(4 * warpLanes, MinBlocks) trainKernel(Launch L) {
    float* shared = dynamicShared();
    const int warp = threadIdx.x / warpLanes, lane = threadIdx.x % warpLanes;
    const int run = blockIdx.x * (blockDim.x / warpLanes) + warp;
    if (run >= L.runs) // the whole warp leaves: nothing below synchronises the block
        return;
    const RunConstants c = L.constants[run];
    RunProgressState st = L.states[run];
    st.newSnapshots = 0;
    if (st.status != static_cast<int>(DeviceRunStatus::Running) || st.stepsDone >= L.stepEnd) {
        if (lane == 0)
            L.states[run] = st;
        return;
    }
    float* base = L.arenaInShared ? shared + static_cast<std::size_t>(warp) * L.arenaWords
                                  : L.globalArena + static_cast<std::size_t>(run) * L.arenaWords;
    const Arena a = layArena(base, L);
    const std::size_t offset = static_cast<std::size_t>(run) * L.parameters;
    copyWords(a.p, L.parameterState + offset, L.parameters, lane);
    if (a.first)
        copyWords(a.first, L.firstMoment + offset, L.parameters, lane);
    if (a.second)
        copyWords(a.second, L.secondMoment + offset, L.parameters, lane);
    std::uint32_t* permutation =
        L.permutations + static_cast<std::size_t>(run) * L.permutationWords;
    for (int i = lane; i < c.trainCount; i += warpLanes)
        a.permutation[i] = permutation[i];
    __syncwarp();

    const long last = c.steps < L.stepEnd ? c.steps : L.stepEnd;
    long step = st.stepsDone;
    while (step < last) {
        ++step;
        drawBatch(L, c, st, a, lane, nullptr);
        const float loss = L.hiddenLayers == 1 ? lossAndGradientOneLayer(L, a, lane)
                                               : lossAndGradientTwoLayers(L, a, lane);
        optimizerStep(L, c, a, step, lane);
        st.lastLoss = loss;
        if (!isfinite(loss)) {
            st.status = static_cast<int>(DeviceRunStatus::LossDiverged);
            break;
        }
        if (snapshotDue(c, step) && st.newSnapshots < L.maxNewSnapshots) {
            const bool finite = takeSnapshot(L, c, a, run, st.newSnapshots, loss, lane);
            ++st.newSnapshots;
            ++st.snapshotsDone;
            if (!finite) {
                st.status = static_cast<int>(DeviceRunStatus::ParametersDiverged);
                break;
            }
        }
    }
    st.stepsDone = step;
    if (st.status == static_cast<int>(DeviceRunStatus::Running) && step >= c.steps)
        st.status = static_cast<int>(DeviceRunStatus::Finished);

    copyWords(L.parameterState + offset, a.p, L.parameters, lane);
    if (a.first)
        copyWords(L.firstMoment + offset, a.first, L.parameters, lane);
    if (a.second)
        copyWords(L.secondMoment + offset, a.second, L.parameters, lane);
    for (int i = lane; i < c.trainCount; i += warpLanes)
        permutation[i] = a.permutation[i];
    if (lane == 0)
        L.states[run] = st;
}

// The sampler alone for `L.batchLogSteps` batches of one run, from a copy of its state.
__global__ void batchLogKernel(Launch L, int run, float* arena) {
    const int lane = threadIdx.x;
    const RunConstants c = L.constants[run];
    RunProgressState st = L.states[run];
    const Arena a = layArena(arena, L);
    const std::uint32_t* permutation =
        L.permutations + static_cast<std::size_t>(run) * L.permutationWords;
    for (int i = lane; i < c.trainCount; i += warpLanes)
        a.permutation[i] = permutation[i];
    __syncwarp();
    for (int step = 0; step < L.batchLogSteps; ++step)
        drawBatch(L, c, st, a, lane, L.batchLog + static_cast<std::size_t>(step) * L.batch);
}

} // namespace relulab::gpu::device
