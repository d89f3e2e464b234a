// The CUDA trainer: one warp trains one run, a few runs to a block, the whole step loop of an
// advance() inside one kernel launch. What the CPU backend does, in the same order, from the
// same random stream:
//   batch: the first m steps of Fisher-Yates on the run's permutation (kept across batches),
//          from the 32-bit words of SplitMix64 with Lemire's rejection (core/random.h);
//   step:  loss and gradient, then the optimizer (SGD with momentum and weight decay, or Adam,
//          on the trainable layers), then the divergence check, then a snapshot when one is due
//          (parameters, batch loss, test MSE, gradient norm per layer, dead units).
// Layout inside a warp: lanes over samples where a pass runs over the batch (forward), lanes
// over units where it sums over the batch (gradients): no reduction across lanes but for the
// loss and the output bias. Per-unit arrays of samples have an odd stride, so that both kinds
// of access hit distinct shared-memory banks.
#include "gpu/devicetrainer.h"

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

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

namespace relulab::gpu {

// The kernels and what they share with the host code below (a named namespace: the emulated
// build includes this file from a .cpp).
namespace device {

constexpr unsigned fullMask = 0xFFFFFFFFu;
constexpr int warpLanes = 32;

void check(cudaError_t status, const char* what) {
    if (status != cudaSuccess)
        throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
}

// ActivationKind's values (core/activation.h).
enum Kind : int { Identity, Relu, LeakyRelu, Elu, Sigmoid, Tanh, Selu, Softplus };
constexpr float seluAlpha = 1.6732632423543772848170429916717f;
constexpr float seluScale = 1.0507009873554804934193349852946f;
constexpr float softplusThreshold = 20.0f;

// PyTorch's formulas, as Activation::apply and ::derivative in float.
__device__ inline float activate(int kind, float p, float z) {
    switch (kind) {
    case Relu:
        return z > 0.0f ? z : 0.0f;
    case LeakyRelu:
        return z > 0.0f ? z : p * z;
    case Elu:
        return z > 0.0f ? z : p * expm1f(z);
    case Sigmoid:
        return 1.0f / (1.0f + expf(-z));
    case Tanh:
        return tanhf(z);
    case Selu:
        return z > 0.0f ? seluScale * z : seluScale * seluAlpha * expm1f(z);
    case Softplus:
        return p * z > softplusThreshold ? z : log1pf(expf(p * z)) / p;
    default:
        return z;
    }
}

__device__ inline float derivative(int kind, float p, float z, float a) {
    switch (kind) {
    case Relu:
        return z > 0.0f ? 1.0f : 0.0f;
    case LeakyRelu:
        return z > 0.0f ? 1.0f : p;
    case Elu:
        return z > 0.0f ? 1.0f : p * expf(z);
    case Sigmoid:
        return a / (1.0f + expf(z));
    case Tanh:
        return 1.0f - a * a;
    case Selu:
        return z > 0.0f ? seluScale : seluScale * seluAlpha * expf(z);
    case Softplus:
        return p * z > softplusThreshold ? 1.0f : 1.0f / (1.0f + expf(-p * z));
    default:
        return 1.0f;
    }
}

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
    int kind; // optimizer
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
    int hiddenLayers, width, activation;
    float activationParameter;
    int batch, sampling;
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

// --- The batch -----------------------------------------------------------------------------

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
    if (L.sampling == 2) { // full batch: every sample in order
        for (int b = lane; b < batch; b += warpLanes)
            a.indices[b] = static_cast<std::uint32_t>(b);
        chosen = a.indices;
    } else {
        const bool replace = L.sampling == 1;
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

// --- One hidden layer: p = w1[W], b1[W], w2[W], b2 -------------------------------------------

__device__ inline float outputOneLayer(const Launch& L, const float* p, float x) {
    const int width = L.width;
    float out = p[3 * width], odd = 0.0f;
    int j = 0;
    for (; j + 2 <= width; j += 2) {
        out += p[2 * width + j] *
               activate(L.activation, L.activationParameter, p[j] * x + p[width + j]);
        odd += p[2 * width + j + 1] *
               activate(L.activation, L.activationParameter, p[j + 1] * x + p[width + j + 1]);
    }
    if (j < width)
        out += p[2 * width + j] *
               activate(L.activation, L.activationParameter, p[j] * x + p[width + j]);
    return out + odd;
}

// The pass reads each unit's three parameters as one 16-byte broadcast from a table packed at
// its start, each lane takes two samples (s, s + 32) per read, and for the sums over the batch
// two units (j, j + 32) per read of four samples: a fraction of the shared-memory reads of
// one sample and one unit at a time, with the same arithmetic in the same order.

__device__ inline float hiddenTerm(const Launch& L, float4 unit, float x) {
    return unit.z * activate(L.activation, L.activationParameter, unit.x * x + unit.y);
}

// The sums over the batch for ReLU: the two masked sums, for units j and j + 32 per read of four
// samples (and their x); dL/dw2_j = w1_j sum r x + b1_j sum r over z_j > 0.
__device__ void reluGradientOneLayer(const Launch& L, const Arena& a, int padded, int lane) {
    const int width = L.width;
    const auto* xs = reinterpret_cast<const float4*>(a.x);
    const auto* rs = reinterpret_cast<const float4*>(a.r);
    for (int first = 0; first < width; first += 2 * warpLanes) {
        const int j0 = first + lane, j1 = j0 + warpLanes;
        const float4 none = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        const float4 u0 = j0 < width ? a.units[j0] : none, u1 = j1 < width ? a.units[j1] : none;
        float sumD0 = 0.0f, sumDx0 = 0.0f, sumD1 = 0.0f, sumDx1 = 0.0f;
        auto add = [](const float4& u, float x, float r, float& sumD, float& sumDx) {
            if (u.x * x + u.y > 0.0f) {
                sumD += r;
                sumDx += r * x;
            }
        };
        for (int q = 0; q < padded / 4; ++q) {
            const float4 x = xs[q], r = rs[q];
            add(u0, x.x, r.x, sumD0, sumDx0);
            add(u1, x.x, r.x, sumD1, sumDx1);
            add(u0, x.y, r.y, sumD0, sumDx0);
            add(u1, x.y, r.y, sumD1, sumDx1);
            add(u0, x.z, r.z, sumD0, sumDx0);
            add(u1, x.z, r.z, sumD1, sumDx1);
            add(u0, x.w, r.w, sumD0, sumDx0);
            add(u1, x.w, r.w, sumD1, sumDx1);
        }
        auto store = [&](int j, const float4& u, float sumD, float sumDx) {
            a.g[j] = u.z * sumDx;
            a.g[width + j] = u.z * sumD;
            a.g[2 * width + j] = u.x * sumDx + u.y * sumD;
        };
        if (j0 < width)
            store(j0, u0, sumD0, sumDx0);
        if (j1 < width)
            store(j1, u1, sumD1, sumDx1);
    }
}

// The same for the other activations, a unit a lane and a sample at a time.
__device__ void smoothGradientOneLayer(const Launch& L, const Arena& a, int lane) {
    const int width = L.width;
    for (int j = lane; j < width; j += warpLanes) {
        const float4 u = a.units[j];
        float sumD = 0.0f, sumDx = 0.0f, sumH = 0.0f;
        for (int s = 0; s < L.batch; ++s) {
            const float x = a.x[s], r = a.r[s], z = u.x * x + u.y;
            const float h = activate(L.activation, L.activationParameter, z);
            const float d = derivative(L.activation, L.activationParameter, z, h);
            sumH += r * h;
            sumD += r * d;
            sumDx += r * x * d;
        }
        a.g[j] = u.z * sumDx;
        a.g[width + j] = u.z * sumD;
        a.g[2 * width + j] = sumH;
    }
}

// Loss of the batch in x, y; the gradient into a.g.
__device__ float lossAndGradientOneLayer(const Launch& L, const Arena& a, int lane) {
    const int width = L.width, batch = L.batch;
    for (int j = lane; j < width; j += warpLanes)
        a.units[j] = make_float4(a.p[j], a.p[width + j], a.p[2 * width + j], 0.0f);
    __syncwarp();
    const float scale = 2.0f / static_cast<float>(batch);
    const float outputBias = a.p[3 * width];
    const int padded = wordsRounded(batch);
    float squares = 0.0f, residuals = 0.0f;
    // Samples past the batch, up to its multiple of 4, read as x = 0 and r = 0: they add nothing
    // to the sums over the batch.
    auto finishSample = [&](int s, float out) {
        if (s < batch) {
            const float d = out - a.y[s];
            squares += d * d;
            const float r = d * scale;
            a.r[s] = r;
            residuals += r;
        } else if (s < padded) {
            a.x[s] = 0.0f;
            a.r[s] = 0.0f;
        }
    };
    for (int first = 0; first < padded; first += 2 * warpLanes) {
        const int s0 = first + lane, s1 = s0 + warpLanes;
        const float x0 = s0 < batch ? a.x[s0] : 0.0f, x1 = s1 < batch ? a.x[s1] : 0.0f;
        float out0 = outputBias, odd0 = 0.0f, out1 = outputBias, odd1 = 0.0f;
        int j = 0;
        for (; j + 2 <= width; j += 2) {
            const float4 u = a.units[j], v = a.units[j + 1];
            out0 += hiddenTerm(L, u, x0);
            odd0 += hiddenTerm(L, v, x0);
            out1 += hiddenTerm(L, u, x1);
            odd1 += hiddenTerm(L, v, x1);
        }
        if (j < width) {
            const float4 u = a.units[j];
            out0 += hiddenTerm(L, u, x0);
            out1 += hiddenTerm(L, u, x1);
        }
        finishSample(s0, out0 + odd0);
        finishSample(s1, out1 + odd1);
    }
    const float loss = warpSum(squares) / static_cast<float>(batch);
    const float outputBiasGradient = warpSum(residuals);
    __syncwarp();
    // dL/dw2_j = sum r h_j, dL/dw1_j = w2_j sum r x a'(z_j), dL/db1_j = w2_j sum r a'(z_j).
    if (L.activation == Relu)
        reluGradientOneLayer(L, a, padded, lane);
    else
        smoothGradientOneLayer(L, a, lane);
    if (lane == 0)
        a.g[3 * width] = outputBiasGradient;
    __syncwarp();
    return loss;
}

// --- Two hidden layers: p = w1[W], b1[W], W2[W][W], b2[W], w3[W], b3 --------------------------

struct TwoLayerParameters {
    const float *w1, *b1, *w2, *b2, *w3, *b3;
};

__device__ inline TwoLayerParameters twoLayer(const float* p, int width) {
    TwoLayerParameters t;
    t.w1 = p;
    t.b1 = p + width;
    t.w2 = p + 2 * width;
    t.b2 = t.w2 + width * width;
    t.w3 = t.b2 + width;
    t.b3 = t.w3 + width;
    return t;
}

// out(u, s) = first(u) + sum over v of weight(u, v) in[v][s] for a lane's two samples s0 and s1
// (s1 only when has1), units two at a time: each read of a weight or of an input serves two
// multiply-adds, and each sum runs over v in order. store(u, s, out) takes each result.
template <class Weight, class First, class Store>
__device__ inline void productTwoByTwo(int width, int stride, const float* in, int s0, int s1,
                                       bool has1, Weight weight, First first, Store store) {
    int u = 0;
    for (; u + 2 <= width; u += 2) {
        float o00 = first(u), o01 = first(u), o10 = first(u + 1), o11 = first(u + 1);
        for (int v = 0; v < width; ++v) {
            const float w0 = weight(u, v), w1 = weight(u + 1, v);
            const float i0 = in[v * stride + s0], i1 = has1 ? in[v * stride + s1] : 0.0f;
            o00 += w0 * i0;
            o01 += w0 * i1;
            o10 += w1 * i0;
            o11 += w1 * i1;
        }
        store(u, s0, o00);
        store(u + 1, s0, o10);
        if (has1) {
            store(u, s1, o01);
            store(u + 1, s1, o11);
        }
    }
    if (u < width) {
        float o0 = first(u), o1 = first(u);
        for (int v = 0; v < width; ++v) {
            o0 += weight(u, v) * in[v * stride + s0];
            o1 += weight(u, v) * (has1 ? in[v * stride + s1] : 0.0f);
        }
        store(u, s0, o0);
        if (has1)
            store(u, s1, o1);
    }
}

// Both hidden layers for `count` samples in a.x (lanes over samples), into z1, h1, z2, h2. Each
// lane takes two samples (s, s + 32) and the W x W layer two units at a time, so that each read
// of a weight or of an h1 serves two multiply-adds; each sum runs over j in order as before.
__device__ void forwardTwoLayers(const Launch& L, const Arena& a, int count, int lane) {
    const int width = L.width, stride = L.stride, kind = L.activation;
    const float q = L.activationParameter;
    const TwoLayerParameters t = twoLayer(a.p, width);
    for (int first = 0; first < count; first += 2 * warpLanes) {
        const int s0 = first + lane, s1 = s0 + warpLanes;
        const bool has0 = s0 < count, has1 = s1 < count;
        if (!has0)
            break; // nor s1: the lane has nothing left (and nothing below synchronises)
        const float x0 = a.x[s0], x1 = has1 ? a.x[s1] : 0.0f;
        for (int j = 0; j < width; ++j) {
            const float z0 = t.w1[j] * x0 + t.b1[j];
            a.z1[j * stride + s0] = z0;
            a.h1[j * stride + s0] = activate(kind, q, z0);
            if (has1) {
                const float z1 = t.w1[j] * x1 + t.b1[j];
                a.z1[j * stride + s1] = z1;
                a.h1[j * stride + s1] = activate(kind, q, z1);
            }
        }
        productTwoByTwo(
            width, stride, a.h1, s0, s1, has1, [&](int k, int j) { return t.w2[k * width + j]; },
            [&](int k) { return t.b2[k]; },
            [&](int k, int s, float z) {
                a.z2[k * stride + s] = z;
                a.h2[k * stride + s] = activate(kind, q, z);
            });
    }
    __syncwarp();
}

__device__ inline float outputTwoLayers(const Launch& L, const Arena& a, int s) {
    const TwoLayerParameters t = twoLayer(a.p, L.width);
    float out = t.b3[0];
    for (int k = 0; k < L.width; ++k)
        out += t.w3[k] * a.h2[k * L.stride + s];
    return out;
}

__device__ float lossAndGradientTwoLayers(const Launch& L, const Arena& a, int lane) {
    const int width = L.width, stride = L.stride, batch = L.batch, kind = L.activation;
    const float q = L.activationParameter;
    const TwoLayerParameters t = twoLayer(a.p, width);
    forwardTwoLayers(L, a, batch, lane);
    const float scale = 2.0f / static_cast<float>(batch);
    float squares = 0.0f, residuals = 0.0f;
    for (int s = lane; s < batch; s += warpLanes) {
        const float d = outputTwoLayers(L, a, s) - a.y[s];
        squares += d * d;
        const float r = d * scale;
        a.r[s] = r;
        residuals += r;
        for (int k = 0; k < width; ++k) {
            const int at = k * stride + s;
            a.d2[at] = r * t.w3[k] * derivative(kind, q, a.z2[at], a.h2[at]);
        }
    }
    const float loss = warpSum(squares) / static_cast<float>(batch);
    const float outputBias = warpSum(residuals);
    __syncwarp();

    float* gw1 = a.g;
    float* gb1 = a.g + width;
    float* gw2 = a.g + 2 * width;
    float* gb2 = gw2 + width * width;
    float* gw3 = gb2 + width;
    for (int k = lane; k < width; k += warpLanes) {
        float sumH = 0.0f, sumD = 0.0f;
        for (int s = 0; s < batch; ++s) {
            sumH += a.r[s] * a.h2[k * stride + s];
            sumD += a.d2[k * stride + s];
        }
        gw3[k] = sumH;
        gb2[k] = sumD;
    }
    if (lane == 0)
        gw3[width] = outputBias;
    // dL/dW2[k][j] = sum_s d2[k][s] h1[j][s], lanes over (k, j) with j and j + half together:
    // one read of d2 for two multiply-adds, and consecutive lanes still read consecutive j.
    const int half = (width + 1) / 2;
    for (int pair = lane; pair < width * half; pair += warpLanes) {
        const int k = pair / half, j0 = pair % half, j1 = j0 + half;
        const bool has1 = j1 < width;
        float sum0 = 0.0f, sum1 = 0.0f;
        for (int s = 0; s < batch; ++s) {
            const float d = a.d2[k * stride + s];
            sum0 += d * a.h1[j0 * stride + s];
            sum1 += d * (has1 ? a.h1[j1 * stride + s] : 0.0f);
        }
        gw2[k * width + j0] = sum0;
        if (has1)
            gw2[k * width + j1] = sum1;
    }
    // dH1[j][s] = sum_k W2[k][j] d2[k][s], then through layer 1 (lanes over samples): two
    // samples a lane and two units j at a time, as the forward pass.
    for (int first = 0; first < batch; first += 2 * warpLanes) {
        const int s0 = first + lane, s1 = s0 + warpLanes;
        const bool has0 = s0 < batch, has1 = s1 < batch;
        if (!has0)
            break;
        productTwoByTwo(
            width, stride, a.d2, s0, s1, has1, [&](int j, int k) { return t.w2[k * width + j]; },
            [](int) { return 0.0f; },
            [&](int j, int s, float sum) {
                const int at = j * stride + s;
                a.d1[at] = sum * derivative(kind, q, a.z1[at], a.h1[at]);
            });
    }
    __syncwarp();
    for (int j = lane; j < width; j += warpLanes) {
        float sumDx = 0.0f, sumD = 0.0f;
        for (int s = 0; s < batch; ++s) {
            const float d = a.d1[j * stride + s];
            sumDx += d * a.x[s];
            sumD += d;
        }
        gw1[j] = sumDx;
        gb1[j] = sumD;
    }
    __syncwarp();
    return loss;
}

// --- Optimizer and snapshots -----------------------------------------------------------------

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

// torch.optim's updates in PyTorch's order of operations, as core/optimizer.cpp.
__device__ void optimizerStep(const Launch& L, const RunConstants& c, const Arena& a, long step,
                              int lane) {
    float stepSize = 0.0f, correction2Root = 1.0f;
    if (c.kind == 1) {
        const double t = static_cast<double>(step);
        stepSize = static_cast<float>(c.learningRateExact / (1.0 - pow(c.beta1Exact, t)));
        correction2Root = static_cast<float>(sqrt(1.0 - pow(c.beta2Exact, t)));
    }
    const int layers = L.hiddenLayers + 1;
    for (int layer = 0; layer < layers; ++layer) {
        if (!(c.trainableLayers >> layer & 1u))
            continue;
        const int end = layerStart(L, layer + 1);
        for (int i = layerStart(L, layer) + lane; i < end; i += warpLanes) {
            const float g = a.g[i];
            float p = a.p[i];
            if (c.kind == 0) {
                if (c.momentum == 0.0f && c.weightDecay == 0.0f) {
                    p -= c.learningRate * g;
                } else if (c.momentum == 0.0f) {
                    p -= c.learningRate * (g + c.weightDecay * p);
                } else {
                    const float d = g + c.weightDecay * p;
                    const float buffer = step == 1 ? d : c.momentum * a.first[i] + d;
                    a.first[i] = buffer;
                    p -= c.learningRate * buffer;
                }
            } else {
                const float d = g + c.weightDecay * p;
                a.first[i] += (1.0f - c.beta1) * (d - a.first[i]);
                a.second[i] = c.beta2 * a.second[i] + (1.0f - c.beta2) * d * d;
                const float denominator = sqrtf(a.second[i]) / correction2Root + c.epsilon;
                p -= stepSize * (a.first[i] / denominator);
            }
            a.p[i] = p;
        }
    }
    __syncwarp();
}

// Mean squared error over a data set, 32 samples (or the stride's worth) at a time.
__device__ double meanSquaredError(const Launch& L, const Arena& a, const float* xs,
                                   const float* ys, int count, int lane) {
    double total = 0.0;
    for (int first = 0; first < count; first += L.stride) {
        const int samples = min(L.stride, count - first);
        float squares = 0.0f;
        if (L.hiddenLayers == 1) {
            for (int s = lane; s < samples; s += warpLanes) {
                const float d =
                    outputOneLayer(L, a.p, __ldg(xs + first + s)) - __ldg(ys + first + s);
                squares += d * d;
            }
        } else {
            for (int s = lane; s < samples; s += warpLanes)
                a.x[s] = __ldg(xs + first + s);
            __syncwarp();
            forwardTwoLayers(L, a, samples, lane);
            for (int s = lane; s < samples; s += warpLanes) {
                const float d = outputTwoLayers(L, a, s) - __ldg(ys + first + s);
                squares += d * d;
            }
            __syncwarp();
        }
        total += warpSum(static_cast<double>(squares));
    }
    return total / static_cast<double>(count);
}

// Dead ReLU units of each hidden layer on the training set (z <= 0 for every sample).
__device__ void deadUnits(const Launch& L, const RunConstants& c, const Arena& a, int lane,
                          int* dead) {
    const int width = L.width;
    constexpr int maxPerLane = 256 / warpLanes;
    bool alive[2][maxPerLane] = {};
    if (L.hiddenLayers == 1) {
        for (int m = 0; lane + m * warpLanes < width; ++m) {
            const int j = lane + m * warpLanes;
            for (int s = 0; s < c.trainCount && !alive[0][m]; ++s)
                alive[0][m] = a.p[j] * __ldg(c.trainX + s) + a.p[width + j] > 0.0f;
        }
    } else {
        for (int first = 0; first < c.trainCount; first += L.stride) {
            const int samples = min(L.stride, c.trainCount - first);
            for (int s = lane; s < samples; s += warpLanes)
                a.x[s] = __ldg(c.trainX + first + s);
            __syncwarp();
            forwardTwoLayers(L, a, samples, lane);
            for (int m = 0; lane + m * warpLanes < width; ++m) {
                const int j = lane + m * warpLanes;
                for (int s = 0; s < samples; ++s) {
                    alive[0][m] = alive[0][m] || a.z1[j * L.stride + s] > 0.0f;
                    alive[1][m] = alive[1][m] || a.z2[j * L.stride + s] > 0.0f;
                }
            }
            __syncwarp();
        }
    }
    for (int layer = 0; layer < L.hiddenLayers; ++layer) {
        int count = 0;
        for (int m = 0; lane + m * warpLanes < width; ++m)
            count += alive[layer][m] ? 0 : 1;
        for (int offset = warpLanes / 2; offset > 0; offset /= 2)
            count += __shfl_xor_sync(fullMask, count, offset);
        dead[layer] = count;
    }
}

// Snapshot k of this launch: parameters, then the statistics. Returns false when the
// parameters are no longer finite.
__device__ bool takeSnapshot(const Launch& L, const RunConstants& c, const Arena& a, int run, int k,
                             float loss, int lane) {
    const std::size_t slot = static_cast<std::size_t>(run) * L.maxNewSnapshots + k;
    float* parameters = L.snapshotParameters + slot * L.parameters;
    double* statistics = L.snapshotStatistics + slot * L.statistics;
    bool finite = true;
    for (int i = lane; i < L.parameters; i += warpLanes) {
        parameters[i] = a.p[i];
        finite = finite && isfinite(a.p[i]);
    }
    finite = __all_sync(fullMask, finite);
    const int layers = L.hiddenLayers + 1;
    double norms[3];
    for (int layer = 0; layer < layers; ++layer) {
        double sum = 0.0;
        for (int i = layerStart(L, layer) + lane; i < layerStart(L, layer + 1); i += warpLanes)
            sum += static_cast<double>(a.g[i]) * static_cast<double>(a.g[i]);
        norms[layer] = sqrt(warpSum(sum));
    }
    const double testMse =
        c.testCount > 0 ? meanSquaredError(L, a, c.testX, c.testY, c.testCount, lane) : nan("");
    int dead[2] = {-1, -1};
    if (L.activation == Relu)
        deadUnits(L, c, a, lane, dead);
    if (lane == 0) {
        statistics[0] = loss;
        statistics[1] = testMse;
        for (int layer = 0; layer < layers; ++layer)
            statistics[2 + layer] = norms[layer];
        for (int layer = 0; layer < L.hiddenLayers; ++layer)
            statistics[2 + layers + layer] = dead[layer];
    }
    __syncwarp();
    return finite;
}

__device__ inline bool snapshotDue(const RunConstants& c, long step) {
    return step == 1 || step % c.snapshotEvery == 0;
}

// --- The kernel ------------------------------------------------------------------------------

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

template <typename T> T* deviceAlloc(std::size_t count) {
    void* p = nullptr;
    if (count > 0)
        check(cudaMalloc(&p, count * sizeof(T)), "cudaMalloc");
    return static_cast<T*>(p);
}

template <typename T> void upload(T* to, const T* from, std::size_t count) {
    if (count > 0)
        check(cudaMemcpy(to, from, count * sizeof(T), cudaMemcpyHostToDevice), "copy to the GPU");
}

template <typename T> void download(T* to, const T* from, std::size_t count) {
    if (count > 0)
        check(cudaMemcpy(to, from, count * sizeof(T), cudaMemcpyDeviceToHost), "copy from the GPU");
}

} // namespace device

using namespace device;

DeviceProbe probeDevice() {
    DeviceProbe probe;
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) { // no driver (as in CI), no device: "no GPU", never a crash
        probe.whyNot = std::string("no usable CUDA device (") + cudaGetErrorString(status) + ")";
        cudaGetLastError();
        return probe;
    }
    if (count == 0) {
        probe.whyNot = "no CUDA device";
        return probe;
    }
    cudaDeviceProp properties{};
    if (cudaGetDeviceProperties(&properties, 0) != cudaSuccess) {
        probe.whyNot = "the CUDA device did not answer";
        cudaGetLastError();
        return probe;
    }
    probe.usable = true;
    probe.name = properties.name;
    probe.multiprocessors = properties.multiProcessorCount;
    return probe;
}

int parameterCount(const NetShape& shape) {
    const int w = shape.width;
    return shape.hiddenLayers == 1 ? 3 * w + 1 : w * w + 4 * w + 1;
}

int statisticsPerSnapshot(const NetShape& shape) {
    return 2 + (shape.hiddenLayers + 1) + shape.hiddenLayers;
}

using TrainKernel = void (*)(Launch);

// The trainer's kernel: the one of RELULAB_CUDA_MIN_BLOCKS (4, 5 or 8; 4 when unset or
// anything else), a knob for timing them against each other on a GPU.
TrainKernel trainKernelFor() {
    const char* chosen = std::getenv("RELULAB_CUDA_MIN_BLOCKS");
    const std::string value = chosen ? chosen : "";
    if (value == "5")
        return trainKernel<5>;
    if (value == "8")
        return trainKernel<8>;
    return trainKernel<4>;
}

struct DeviceTrainer::Impl {
    int runs = 0;
    Launch launch{};
    int warpsPerBlock = 1;
    std::size_t sharedBytes = 0;
    TrainKernel kernel = trainKernelFor();
    std::vector<void*> allocations;
    std::vector<DeviceRunState> states;
    std::vector<RunProgressState> deviceStates;
    std::vector<RunConstants> constants; // the host's copy
    std::vector<float> snapshotParameters;
    std::vector<double> snapshotStatistics;
    std::vector<char> cancelled;

    template <typename T> T* allocate(std::size_t count) {
        T* p = deviceAlloc<T>(count);
        if (p)
            allocations.push_back(p);
        return p;
    }

    ~Impl() {
        for (void* p : allocations)
            cudaFree(p);
    }

    void readStates() {
        download(deviceStates.data(), launch.states, deviceStates.size());
        for (int r = 0; r < runs; ++r) {
            states[r].stepsDone = deviceStates[r].stepsDone;
            states[r].lastLoss = deviceStates[r].lastLoss;
            states[r].status = static_cast<DeviceRunStatus>(deviceStates[r].status);
            states[r].snapshotsDone = deviceStates[r].snapshotsDone;
        }
    }
};

DeviceTrainer::DeviceTrainer(const NetShape& shape, const std::vector<DeviceRun>& runs)
    : m(std::make_unique<Impl>()) {
    if (shape.hiddenLayers < 1 || shape.hiddenLayers > 2 || shape.width < 1 || shape.width > 256 ||
        shape.batch < 1 || runs.empty())
        throw std::invalid_argument("DeviceTrainer: unsupported shape");
    check(cudaSetDevice(0), "cudaSetDevice");
    Impl& d = *m;
    d.runs = static_cast<int>(runs.size());
    Launch& L = d.launch;
    L.runs = d.runs;
    L.hiddenLayers = shape.hiddenLayers;
    L.width = shape.width;
    L.activation = shape.activation;
    L.activationParameter = shape.activationParameter;
    L.batch = shape.batch;
    L.sampling = shape.sampling;
    L.parameters = parameterCount(shape);
    L.statistics = statisticsPerSnapshot(shape);
    L.stride = std::max(shape.batch, warpLanes) | 1;

    bool anyMomentum = false, anyAdam = false;
    int largestTrainingSet = 0;
    for (const DeviceRun& run : runs) {
        if (static_cast<int>(run.initialParameters.size()) != L.parameters)
            throw std::invalid_argument("DeviceTrainer: parameter count does not match the shape");
        anyAdam = anyAdam || run.optimizer.kind == 1;
        anyMomentum = anyMomentum || run.optimizer.kind == 1 || run.optimizer.momentum != 0.0;
        largestTrainingSet = std::max(largestTrainingSet, run.trainCount);
    }
    L.permutationWords = largestTrainingSet;
    layArena(nullptr, L.hiddenLayers, L.width, L.parameters, L.stride, L.permutationWords,
             anyMomentum, anyAdam, L.batch, &L.arenaWords);

    // Shared memory when a block of a few warps fits in it; global memory otherwise.
    int device = 0, sharedLimit = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&sharedLimit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device),
          "cudaDeviceGetAttribute");
    const std::size_t arenaBytes = static_cast<std::size_t>(L.arenaWords) * sizeof(float);
    d.warpsPerBlock = 4;
    while (d.warpsPerBlock > 1 &&
           d.warpsPerBlock * arenaBytes > static_cast<std::size_t>(sharedLimit))
        d.warpsPerBlock /= 2;
    L.arenaInShared = arenaBytes <= static_cast<std::size_t>(sharedLimit);
    d.sharedBytes = L.arenaInShared ? d.warpsPerBlock * arenaBytes : 0;
    if (d.sharedBytes > 48 * 1024)
        check(cudaFuncSetAttribute(d.kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                   static_cast<int>(d.sharedBytes)),
              "raising the shared memory limit");

    // Data: one copy per data set.
    struct DeviceData {
        float *trainX, *trainY, *testX, *testY;
    };
    std::map<const void*, DeviceData> deviceData;
    std::vector<RunConstants> constants(runs.size());
    std::vector<float> parameters(static_cast<std::size_t>(d.runs) * L.parameters);
    std::vector<std::uint32_t> permutations(static_cast<std::size_t>(d.runs) * L.permutationWords);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const DeviceRun& run = runs[r];
        auto [found, isNew] = deviceData.try_emplace(run.dataKey);
        DeviceData& data = found->second;
        if (isNew) {
            data = {d.allocate<float>(run.trainCount), d.allocate<float>(run.trainCount),
                    d.allocate<float>(run.testCount), d.allocate<float>(run.testCount)};
            upload(data.trainX, run.trainX, run.trainCount);
            upload(data.trainY, run.trainY, run.trainCount);
            upload(data.testX, run.testX, run.testCount);
            upload(data.testY, run.testY, run.testCount);
        }
        RunConstants& c = constants[r];
        c.trainX = data.trainX;
        c.trainY = data.trainY;
        c.testX = data.testX;
        c.testY = data.testY;
        c.trainCount = run.trainCount;
        c.testCount = run.testCount;
        c.seed = run.samplingSeed;
        c.steps = run.steps;
        c.snapshotEvery = run.snapshotEvery;
        const OptimizerSettings& o = run.optimizer;
        c.kind = o.kind;
        c.learningRate = static_cast<float>(o.learningRate);
        c.momentum = static_cast<float>(o.momentum);
        c.weightDecay = static_cast<float>(o.weightDecay);
        c.beta1 = static_cast<float>(o.beta1);
        c.beta2 = static_cast<float>(o.beta2);
        c.epsilon = static_cast<float>(o.epsilon);
        c.learningRateExact = o.learningRate;
        c.beta1Exact = o.beta1;
        c.beta2Exact = o.beta2;
        c.trainableLayers = o.trainableLayers;
        std::copy(run.initialParameters.begin(), run.initialParameters.end(),
                  parameters.begin() + static_cast<std::ptrdiff_t>(r) * L.parameters);
        for (int i = 0; i < run.trainCount; ++i)
            permutations[r * L.permutationWords + i] = static_cast<std::uint32_t>(i);
    }
    RunConstants* deviceConstants = d.allocate<RunConstants>(constants.size());
    upload(deviceConstants, constants.data(), constants.size());
    L.constants = deviceConstants;
    d.constants = std::move(constants);
    d.deviceStates.assign(runs.size(), RunProgressState{0, 0.0f, 0, 0, 0, 0});
    L.states = d.allocate<RunProgressState>(runs.size());
    upload(L.states, d.deviceStates.data(), d.deviceStates.size());
    const std::size_t parameterWords = static_cast<std::size_t>(d.runs) * L.parameters;
    L.parameterState = d.allocate<float>(parameterWords);
    upload(L.parameterState, parameters.data(), parameterWords);
    if (anyMomentum) {
        L.firstMoment = d.allocate<float>(parameterWords);
        check(cudaMemset(L.firstMoment, 0, parameterWords * sizeof(float)), "cudaMemset");
    }
    if (anyAdam) {
        L.secondMoment = d.allocate<float>(parameterWords);
        check(cudaMemset(L.secondMoment, 0, parameterWords * sizeof(float)), "cudaMemset");
    }
    L.permutations = d.allocate<std::uint32_t>(permutations.size());
    upload(L.permutations, permutations.data(), permutations.size());
    if (!L.arenaInShared)
        L.globalArena = d.allocate<float>(static_cast<std::size_t>(d.runs) * L.arenaWords);
    d.states.assign(runs.size(), DeviceRunState{});
    d.cancelled.assign(runs.size(), 0);
    L.maxNewSnapshots = 0; // advance() sizes the snapshot buffers for its launch
}

DeviceTrainer::~DeviceTrainer() = default;

int DeviceTrainer::runCount() const {
    return m->runs;
}

void DeviceTrainer::cancel(int run) {
    m->cancelled[run] = 1;
}

bool DeviceTrainer::advance(long steps) {
    Impl& d = *m;
    Launch& L = d.launch;
    // Cancellations first, as the status the kernel skips on.
    bool changed = false;
    for (int r = 0; r < d.runs; ++r)
        if (d.cancelled[r] && d.states[r].status == DeviceRunStatus::Running) {
            d.deviceStates[r].status = static_cast<int>(DeviceRunStatus::Cancelled);
            d.states[r].status = DeviceRunStatus::Cancelled;
            changed = true;
        }
    if (changed) // the host copy is current: every field was read back after the last launch
        upload(L.states, d.deviceStates.data(), d.deviceStates.size());
    long start = -1;
    for (int r = 0; r < d.runs; ++r)
        if (d.states[r].status == DeviceRunStatus::Running)
            start = start < 0 ? d.states[r].stepsDone : std::min(start, d.states[r].stepsDone);
    if (start < 0) { // nothing left to launch: no snapshots are new
        for (RunProgressState& state : d.deviceStates)
            state.newSnapshots = 0;
        return false;
    }
    L.stepEnd = start + std::max(1L, steps);

    // Room for every snapshot this launch can take: step 1 and each multiple of an interval.
    int most = 0;
    for (int r = 0; r < d.runs; ++r) {
        const long every = d.constants[r].snapshotEvery;
        const long from = d.states[r].stepsDone, to = std::min(L.stepEnd, d.constants[r].steps);
        const long multiples = to / every - from / every;
        most = std::max(most, static_cast<int>(multiples + (from < 1 && to >= 1 ? 1 : 0)));
    }
    if (most > L.maxNewSnapshots) {
        L.maxNewSnapshots = most;
        const std::size_t slots = static_cast<std::size_t>(d.runs) * most;
        for (void* p :
             {static_cast<void*>(L.snapshotParameters), static_cast<void*>(L.snapshotStatistics)})
            if (p) {
                cudaFree(p);
                d.allocations.erase(std::find(d.allocations.begin(), d.allocations.end(), p));
            }
        L.snapshotParameters = d.allocate<float>(slots * L.parameters);
        L.snapshotStatistics = d.allocate<double>(slots * L.statistics);
        d.snapshotParameters.resize(slots * L.parameters);
        d.snapshotStatistics.resize(slots * L.statistics);
    }

    const int blocks = (d.runs + d.warpsPerBlock - 1) / d.warpsPerBlock;
    RELULAB_LAUNCH(d.kernel, blocks, d.warpsPerBlock * warpLanes, d.sharedBytes)(L);
    check(cudaGetLastError(), "starting the training kernel");
    check(cudaDeviceSynchronize(), "the training kernel");
    d.readStates();
    if (L.maxNewSnapshots > 0) {
        download(d.snapshotParameters.data(), L.snapshotParameters, d.snapshotParameters.size());
        download(d.snapshotStatistics.data(), L.snapshotStatistics, d.snapshotStatistics.size());
    }
    for (int r = 0; r < d.runs; ++r)
        if (d.states[r].status == DeviceRunStatus::Running)
            return true;
    return false;
}

const DeviceRunState& DeviceTrainer::state(int run) const {
    return m->states[run];
}

int DeviceTrainer::newSnapshots(int run) const {
    return m->deviceStates[run].newSnapshots;
}

const float* DeviceTrainer::snapshotParameters(int run, int k) const {
    const Launch& L = m->launch;
    return m->snapshotParameters.data() +
           (static_cast<std::size_t>(run) * L.maxNewSnapshots + k) * L.parameters;
}

const double* DeviceTrainer::snapshotStatistics(int run, int k) const {
    const Launch& L = m->launch;
    return m->snapshotStatistics.data() +
           (static_cast<std::size_t>(run) * L.maxNewSnapshots + k) * L.statistics;
}

std::vector<float> DeviceTrainer::parameters(int run) const {
    const Launch& L = m->launch;
    std::vector<float> values(L.parameters);
    download(values.data(), L.parameterState + static_cast<std::size_t>(run) * L.parameters,
             values.size());
    return values;
}

std::vector<std::uint32_t> DeviceTrainer::firstBatches(int run, int steps) {
    Impl& d = *m;
    Launch L = d.launch;
    std::uint32_t* log = d.allocate<std::uint32_t>(static_cast<std::size_t>(steps) * L.batch);
    L.batchLog = log;
    L.batchLogSteps = steps;
    float* arena = d.allocate<float>(static_cast<std::size_t>(L.arenaWords));
    RELULAB_LAUNCH(batchLogKernel, 1, warpLanes, 0)(L, run, arena);
    check(cudaGetLastError(), "starting the sampling kernel");
    check(cudaDeviceSynchronize(), "the sampling kernel");
    std::vector<std::uint32_t> indices(static_cast<std::size_t>(steps) * L.batch);
    download(indices.data(), log, indices.size());
    return indices;
}

} // namespace relulab::gpu
