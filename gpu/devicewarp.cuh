#pragma once

// What every part of the CUDA trainer builds on: the platform (CUDA, or its emulation on the CPU
// in gpu/cudaemulation.h when RELULAB_CUDA_EMULATION is set), the warp's size and its sums.

#ifdef RELULAB_CUDA_EMULATION
#include "gpu/cudaemulation.h"
#else
#include <cuda_runtime.h>
#define RELULAB_LAUNCH(kernel, blocks, threads, shared) kernel<<<blocks, threads, shared>>>
__device__ inline float* dynamicShared() {
    extern __shared__ __align__(16) float sharedWords[];
    return sharedWords;
}
#endif

// The kernels and what they share with the host code of devicetrainer.cu (a named namespace:
// the emulated build includes that file from a .cpp).
namespace relulab::gpu::device {

constexpr unsigned fullMask = 0xFFFFFFFFu;
constexpr int warpLanes = 32;

__device__ inline float warpSum(float v) {
    for (int offset = warpLanes / 2; offset > 0; offset /= 2)
        v += __shfl_xor_sync(fullMask, v, offset);
    return v;
}

__device__ inline double warpSum(double v) {
    for (int offset = warpLanes / 2; offset > 0; offset /= 2)
        v += __shfl_xor_sync(fullMask, v, offset);
    return v;
}

} // namespace relulab::gpu::device
