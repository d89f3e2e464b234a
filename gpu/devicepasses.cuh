#pragma once

// The nets' passes over a batch: the loss and its gradient for 1 hidden layer (the packed-unit
// pass, ReLU's masked sums and the other activations' sums) and for 2 hidden layers (the
// forward pass that the snapshots use too, and the backward pass).

#include "core/activationmath.h"
#include "gpu/devicelayout.cuh"

namespace relulab::gpu::device {

// --- One hidden layer: p = w1[W], b1[W], w2[W], b2 -------------------------------------------

__device__ inline float outputOneLayer(const Launch& L, const float* p, float x) {
    const int width = L.width;
    float out = p[3 * width], odd = 0.0f;
    int j = 0;
    for (; j + 2 <= width; j += 2) {
        out += p[2 * width + j] *
               activationValue<float>(L.activation, L.activationParameter, p[j] * x + p[width + j]);
        odd += p[2 * width + j + 1] * activationValue<float>(L.activation, L.activationParameter,
                                                             p[j + 1] * x + p[width + j + 1]);
    }
    if (j < width)
        out += p[2 * width + j] *
               activationValue<float>(L.activation, L.activationParameter, p[j] * x + p[width + j]);
    return out + odd;
}

// The pass reads each unit's three parameters as one 16-byte broadcast from a table packed at
// its start, each lane takes two samples (s, s + 32) per read, and for the sums over the batch
// two units (j, j + 32) per read of four samples: a fraction of the shared-memory reads of
// one sample and one unit at a time, with the same arithmetic in the same order.

__device__ inline float hiddenTerm(const Launch& L, float4 unit, float x) {
    return unit.z *
           activationValue<float>(L.activation, L.activationParameter, unit.x * x + unit.y);
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
            const float h = activationValue<float>(L.activation, L.activationParameter, z);
            const float d = activationDerivative<float>(L.activation, L.activationParameter, z, h);
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
    if (L.activation == ActivationKind::Relu)
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
    const int width = L.width, stride = L.stride;
    const ActivationKind kind = L.activation;
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
            a.h1[j * stride + s0] = activationValue<float>(kind, q, z0);
            if (has1) {
                const float z1 = t.w1[j] * x1 + t.b1[j];
                a.z1[j * stride + s1] = z1;
                a.h1[j * stride + s1] = activationValue<float>(kind, q, z1);
            }
        }
        productTwoByTwo(
            width, stride, a.h1, s0, s1, has1, [&](int k, int j) { return t.w2[k * width + j]; },
            [&](int k) { return t.b2[k]; },
            [&](int k, int s, float z) {
                a.z2[k * stride + s] = z;
                a.h2[k * stride + s] = activationValue<float>(kind, q, z);
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
    const int width = L.width, stride = L.stride, batch = L.batch;
    const ActivationKind kind = L.activation;
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
            a.d2[at] = r * t.w3[k] * activationDerivative<float>(kind, q, a.z2[at], a.h2[at]);
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
                a.d1[at] = sum * activationDerivative<float>(kind, q, a.z1[at], a.h1[at]);
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

} // namespace relulab::gpu::device
