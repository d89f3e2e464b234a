#pragma once

// The subset of CUDA that gpu/devicetrainer.cu uses, run on the CPU: every thread of a block is
// a host thread, and each warp's collectives (__syncwarp, shuffles, ballots) meet at a barrier
// of its 32 threads. Slow (tens of microseconds a collective) but the kernels' own code, with
// their indexing and their synchronisation, so that their results can be checked against the
// CPU backend on a machine without a GPU. Built into the relulab_gpu_emulated library only.

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#define __host__
#define __device__
#define __global__
#define __launch_bounds__(...)

using cudaError_t = int;
constexpr cudaError_t cudaSuccess = 0;
constexpr cudaError_t cudaErrorMemoryAllocation = 2;
enum cudaMemcpyKind { cudaMemcpyHostToDevice, cudaMemcpyDeviceToHost };
enum cudaDeviceAttr { cudaDevAttrMaxSharedMemoryPerBlockOptin };
enum cudaFuncAttribute { cudaFuncAttributeMaxDynamicSharedMemorySize };

struct cudaDeviceProp {
    char name[256];
    int multiProcessorCount;
};

struct alignas(16) float4 {
    float x, y, z, w;
};

inline float4 make_float4(float x, float y, float z, float w) {
    return {x, y, z, w};
}

struct dim3 {
    unsigned x = 0, y = 0, z = 0;
};

namespace relulab::emulation {

// What a host thread standing for a GPU thread knows: its indices, its block's shared
// memory and its warp.
struct Warp {
    std::barrier<> barrier{32};
    std::uint64_t slots[2][32];
};

struct ThreadState {
    dim3 threadIdx, blockIdx, blockDim;
    float* shared = nullptr;
    Warp* warp = nullptr;
    int lane = 0;
};

inline thread_local ThreadState self;

// Each collective: every lane writes its word, all meet, each reads what it needs. Two sets
// of slots taken in turn: a lane cannot overwrite a word that another lane has yet to read,
// since it would have to pass the next collective's barrier first.
inline thread_local int lanePhase = 0;

inline std::uint64_t* exchangeWord(std::uint64_t word) {
    Warp& w = *self.warp;
    std::uint64_t* slots = w.slots[lanePhase];
    lanePhase ^= 1;
    slots[self.lane] = word;
    w.barrier.arrive_and_wait();
    return slots;
}

template <typename T> std::uint64_t toWord(T value) {
    static_assert(sizeof(T) <= sizeof(std::uint64_t));
    std::uint64_t word = 0;
    std::memcpy(&word, &value, sizeof(T));
    return word;
}

template <typename T> T fromWord(std::uint64_t word) {
    T value;
    std::memcpy(&value, &word, sizeof(T));
    return value;
}

// Runs kernel() as blocks x threads host threads, a block at a time.
inline void run(unsigned blocks, unsigned threads, std::size_t sharedBytes,
                const std::function<void()>& kernel) {
    for (unsigned b = 0; b < blocks; ++b) {
        // Shared memory starts as garbage on a GPU: a large number here, so that a word read
        // before it is written shows in the results (a NaN could hide behind a comparison).
        std::vector<float> shared((sharedBytes + sizeof(float) - 1) / sizeof(float) + 1, 1.0e6f);
        std::vector<std::unique_ptr<Warp>> warps((threads + 31) / 32);
        for (auto& warp : warps)
            warp = std::make_unique<Warp>();
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t)
            workers.emplace_back([&, b, t] {
                self.threadIdx = {t, 0, 0};
                self.blockIdx = {b, 0, 0};
                self.blockDim = {threads, 0, 0};
                self.shared = shared.data();
                self.warp = warps[t / 32].get();
                self.lane = static_cast<int>(t % 32);
                lanePhase = 0;
                kernel();
                // A lane that returns early leaves its warp's barrier, as a finished GPU
                // thread no longer takes part in its warp's collectives.
                self.warp->barrier.arrive_and_drop();
            });
        for (std::thread& worker : workers)
            worker.join();
    }
}

template <class Kernel>
auto launcher(unsigned blocks, unsigned threads, std::size_t sharedBytes, Kernel kernel) {
    return [=](auto... arguments) {
        run(blocks, threads, sharedBytes, [&] { kernel(arguments...); });
    };
}

} // namespace relulab::emulation

#define threadIdx (::relulab::emulation::self.threadIdx)
#define blockIdx (::relulab::emulation::self.blockIdx)
#define blockDim (::relulab::emulation::self.blockDim)
#define RELULAB_LAUNCH(kernel, blocks, threads, shared)                                            \
    ::relulab::emulation::launcher(blocks, threads, shared, kernel)

inline float* dynamicShared() {
    return ::relulab::emulation::self.shared;
}

inline void __syncwarp(unsigned = 0xFFFFFFFFu) {
    ::relulab::emulation::exchangeWord(0);
}

template <typename T> T __shfl_sync(unsigned, T value, int source) {
    using namespace ::relulab::emulation;
    return fromWord<T>(exchangeWord(toWord(value))[source]);
}

template <typename T> T __shfl_xor_sync(unsigned, T value, int mask) {
    using namespace ::relulab::emulation;
    return fromWord<T>(exchangeWord(toWord(value))[self.lane ^ mask]);
}

inline unsigned __ballot_sync(unsigned, bool predicate) {
    const std::uint64_t* slots = ::relulab::emulation::exchangeWord(predicate ? 1 : 0);
    unsigned bits = 0;
    for (int lane = 0; lane < 32; ++lane)
        bits |= static_cast<unsigned>(slots[lane] & 1) << lane;
    return bits;
}

inline bool __all_sync(unsigned mask, bool predicate) {
    return __ballot_sync(mask, predicate) == 0xFFFFFFFFu;
}

inline int __ffs(int value) {
    return __builtin_ffs(value);
}

template <typename T> T __ldg(const T* p) {
    return *p;
}

using std::isfinite;
using std::max;
using std::min;

inline const char* cudaGetErrorString(cudaError_t status) {
    return status == cudaSuccess ? "no error" : "out of memory";
}

inline cudaError_t cudaGetLastError() {
    return cudaSuccess;
}

inline cudaError_t cudaDeviceSynchronize() {
    return cudaSuccess;
}

inline cudaError_t cudaSetDevice(int) {
    return cudaSuccess;
}

inline cudaError_t cudaGetDevice(int* device) {
    *device = 0;
    return cudaSuccess;
}

inline cudaError_t cudaGetDeviceCount(int* count) {
    *count = 1;
    return cudaSuccess;
}

inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* properties, int) {
    std::strcpy(properties->name, "CUDA emulated on the CPU");
    properties->multiProcessorCount = 1;
    return cudaSuccess;
}

inline cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr, int) {
    *value = 227 * 1024; // a Hopper's opt-in limit, so that both arena placements are exercised
    return cudaSuccess;
}

template <class Kernel> cudaError_t cudaFuncSetAttribute(Kernel, cudaFuncAttribute, int) {
    return cudaSuccess;
}

// Device memory starts as garbage too: all bits set (NaN as floats).
inline cudaError_t cudaMalloc(void** p, std::size_t bytes) {
    *p = std::malloc(bytes);
    if (!*p)
        return cudaErrorMemoryAllocation;
    std::memset(*p, 0xFF, bytes);
    return cudaSuccess;
}

inline cudaError_t cudaFree(void* p) {
    std::free(p);
    return cudaSuccess;
}

inline cudaError_t cudaMemcpy(void* to, const void* from, std::size_t bytes, cudaMemcpyKind) {
    std::memcpy(to, from, bytes);
    return cudaSuccess;
}

inline cudaError_t cudaMemset(void* p, int value, std::size_t bytes) {
    std::memset(p, value, bytes);
    return cudaSuccess;
}
