#pragma once

// The device's data: each run's constants and progress, the Launch (the shape and every
// device array of one launch), a warp's arena and its layout (host and device), and where each
// layer's parameters are.

#include "core/activationmath.h"
#include "gpu/devicetrainer.h"
#include "gpu/devicewarp.cuh"

#include <cstddef>
#include <cstdint>

namespace relulab::gpu::device {

// Per run, fixed for the whole training.
struct RunConstants {
    const float* trainX;
    const float* trainY;
    const float* testX;
    const float* testY;
    int trainCount;
    int testCount;
    std::uint64_t seed;
    long steps;
    long snapshotEvery;
    int kind; // optimizer: sgdKind or adamKind
    float learningRate, momentum, weightDecay, beta1, beta2, epsilon;
    double learningRateExact, beta1Exact, beta2Exact;
    unsigned trainableLayers;
};

// Per run, carried from one launch to the next.
struct RunProgressState {
    long stepsDone;
    float lastLoss;
    int status;
    int snapshotsDone;
    int newSnapshots;
    std::uint64_t wordPosition;
};

// Where the per-run arrays are, and the shape. Every pointer is a device pointer.
struct Launch {
    int runs;
    int hiddenLayers, width;
    ActivationKind activation;
    float activationParameter;
    int batch, sampling;  // sampling: SamplingKind's value (devicetrainer.h)
    int parameters;       // P
    int statistics;       // per snapshot
    int stride;           // samples per unit array: odd, >= max(batch, 32)
    int permutationWords; // the largest training set
    int arenaWords;       // per warp
    bool arenaInShared;   // else in globalArena
    long stepEnd;         // this launch trains steps up to here
    int maxNewSnapshots;  // per run and launch
    const RunConstants* constants;
    RunProgressState* states;
    float* parameterState;       // runs x P
    float* firstMoment;          // runs x P, or null (plain SGD)
    float* secondMoment;         // runs x P, or null (not Adam)
    std::uint32_t* permutations; // runs x permutationWords
    float* globalArena;          // runs x arenaWords when not in shared memory
    float* snapshotParameters;   // runs x maxNewSnapshots x P
    double* snapshotStatistics;  // runs x maxNewSnapshots x statistics
    std::uint32_t* batchLog;     // firstBatches(): steps x batch indices, or null
    int batchLogSteps;
};

// One warp's view of its run: the arena's arrays.
struct Arena {
    float4* units; // 1 hidden layer: unit j's (w1, b1, w2, 0) as of this step's forward pass
    float* p;      // parameters
    float* g;      // gradient of the last step
    float* first;  // optimizer state, or null
    float* second; // Adam's second moment, or null
    std::uint32_t* permutation;
    std::uint32_t* indices; // with replacement: the batch's indices
    float* x;               // stride: the samples being computed on
    float* y;
    float* r;  // residuals 2 (out - y) / B
    float* z1; // [unit][stride], 2 hidden layers: z1, h1, z2, h2, d2, d1
    float* h1;
    float* z2;
    float* h2;
    float* d2;
    float* d1;
};

// Every array of the arena starts on a 16-byte boundary (4 words), so that the 1-layer pass can
// read units and samples four words at a time.
__host__ __device__ inline int wordsRounded(int words) {
    return (words + 3) / 4 * 4;
}

// The 1-layer pass reads samples four at a time, up to the batch rounded up.
__host__ __device__ inline int sampleWords(int stride) {
    return wordsRounded(stride + 3);
}

// Lays a warp's arena out from `base`: its arrays in order, each on 4 words, and the words it
// takes in all (a multiple of 4, so that every warp's arena starts aligned too). The host sizes
// arenas with it (base null: only the count is read) and the kernel finds its arrays with it.
__host__ __device__ inline Arena layArena(float* base, int hiddenLayers, int width, int parameters,
                                          int stride, int permutationWords, bool firstMoment,
                                          bool secondMoment, int batch, int* words = nullptr) {
    Arena a{};
    int taken = 0;
    auto take = [base, &taken](int count) {
        float* here = base ? base + taken : nullptr;
        taken += wordsRounded(count);
        return here;
    };
    if (hiddenLayers == 1)
        a.units = reinterpret_cast<float4*>(take(4 * width));
    a.p = take(parameters);
    a.g = take(parameters);
    a.first = firstMoment ? take(parameters) : nullptr;
    a.second = secondMoment ? take(parameters) : nullptr;
    a.permutation = reinterpret_cast<std::uint32_t*>(take(permutationWords));
    a.indices = reinterpret_cast<std::uint32_t*>(take(batch));
    a.x = take(sampleWords(stride));
    a.y = take(sampleWords(stride));
    a.r = take(sampleWords(stride));
    if (hiddenLayers == 2) {
        const int units = width * stride;
        a.z1 = take(units);
        a.h1 = take(units);
        a.z2 = take(units);
        a.h2 = take(units);
        a.d2 = take(units);
        a.d1 = take(units);
    }
    if (words)
        *words = taken;
    return a;
}

__device__ Arena layArena(float* base, const Launch& L) {
    return layArena(base, L.hiddenLayers, L.width, L.parameters, L.stride, L.permutationWords,
                    L.firstMoment != nullptr, L.secondMoment != nullptr, L.batch);
}

// Layer l's parameters are [layerStart(l), layerStart(l + 1)).
__device__ inline int layerStart(const Launch& L, int layer) {
    const int width = L.width;
    if (layer == 0)
        return 0;
    if (L.hiddenLayers == 1)
        return layer == 1 ? 2 * width : 3 * width + 1;
    if (layer == 1)
        return 2 * width;
    return layer == 2 ? 2 * width + width * width + width : L.parameters;
}

} // namespace relulab::gpu::device
