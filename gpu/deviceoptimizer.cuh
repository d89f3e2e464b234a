#pragma once

// The optimizer's step on the trainable layers: SGD with momentum and weight decay, or Adam.

#include "gpu/devicelayout.cuh"

#include <cmath>

namespace relulab::gpu::device {

// torch.optim's updates in PyTorch's order of operations, as core/optimizer.cpp.
__device__ void optimizerStep(const Launch& L, const RunConstants& c, const Arena& a, long step,
                              int lane) {
    float stepSize = 0.0f, correction2Root = 1.0f;
    if (c.kind == adamKind) {
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
            if (c.kind == sgdKind) {
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

} // namespace relulab::gpu::device
