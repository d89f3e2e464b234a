#pragma once

// Snapshots: the parameters, then the statistics (batch loss, test MSE, each layer's gradient
// norm, dead ReLU units on the training set, the training set's MSE), and when one is due.

#include "gpu/devicelayout.cuh"
#include "gpu/devicepasses.cuh"

#include <cmath>
#include <cstddef>

namespace relulab::gpu::device {

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
    static_assert(maxWidth % warpLanes == 0, "a lane's flags cover its units of the widest layer");
    constexpr int maxPerLane = maxWidth / warpLanes;
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
    const double trainMse = meanSquaredError(L, a, c.trainX, c.trainY, c.trainCount, lane);
    int dead[2] = {-1, -1};
    if (L.activation == ActivationKind::Relu)
        deadUnits(L, c, a, lane, dead);
    if (lane == 0) {
        statistics[0] = loss;
        statistics[1] = testMse;
        for (int layer = 0; layer < layers; ++layer)
            statistics[2 + layer] = norms[layer];
        for (int layer = 0; layer < L.hiddenLayers; ++layer)
            statistics[2 + layers + layer] = dead[layer];
        statistics[2 + layers + L.hiddenLayers] = trainMse;
    }
    __syncwarp();
    return finite;
}

__device__ inline bool snapshotDue(const RunConstants& c, long step) {
    return step == 1 || step % c.snapshotEvery == 0;
}

} // namespace relulab::gpu::device
