// The fast float32 kernels, compiled once per instruction set: the including file defines
// RELULAB_KERNEL_NAMESPACE and RELULAB_KERNEL_LANES (floats per vector).
//
// Layout: samples of the batch run along the vector lanes (1 hidden layer: the measured
// 1.4-1.8x over vectorising the units); the width x width layer of 2-layer nets is done as small
// register-blocked products. Lanes past the batch hold zero residuals, so they add nothing.
#include "runner/fastkernelfactories.h"

#include <immintrin.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <iterator>
#include <type_traits>
#include <utility>
#include <vector>

namespace relulab::RELULAB_KERNEL_NAMESPACE {

namespace {

constexpr int lanes = RELULAB_KERNEL_LANES;
typedef float V __attribute__((vector_size(4 * lanes)));

// One broadcast instruction (V{} + s would add 0 first: it cannot fold, as 0 + -0 is +0).
inline V broadcast(float s) {
#if RELULAB_KERNEL_LANES == 16
    return _mm512_set1_ps(s);
#elif RELULAB_KERNEL_LANES == 8
    return _mm256_set1_ps(s);
#else
    return _mm_set1_ps(s);
#endif
}

// max(z, 0), with exactly the semantics of z > 0 ? z : 0 (NaN and -0 give +0) in one instruction.
inline V relu(V z) {
#if RELULAB_KERNEL_LANES == 16
    // The all-ones zero-masked form is the same vmaxps; the plain intrinsic passes GCC 12's
    // _mm512_undefined_ps, which draws a false -Wmaybe-uninitialized.
    return _mm512_maskz_max_ps(static_cast<__mmask16>(0xFFFF), z, _mm512_setzero_ps());
#elif RELULAB_KERNEL_LANES == 8
    return _mm256_max_ps(z, _mm256_setzero_ps());
#else
    return _mm_max_ps(z, _mm_setzero_ps());
#endif
}

// Sum of the lanes by folding halves: constant extracts, no shuffle masks.
template <int Bytes, class Vector> inline float foldSum(Vector v) {
    if constexpr (Bytes == 4) {
        return v[0];
    } else {
        typedef float Half __attribute__((vector_size(Bytes / 2)));
        Half low, high;
        std::memcpy(&low, &v, Bytes / 2);
        std::memcpy(&high, reinterpret_cast<const char*>(&v) + Bytes / 2, Bytes / 2);
        return foldSum<Bytes / 2>(low + high);
    }
}
inline float horizontalSum(V v) {
    return foldSum<4 * lanes>(v);
}

#if RELULAB_KERNEL_LANES == 8
// All ones in lanes below `count`: the mask of AVX2's masked moves.
inline __m256i firstLanes(int count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
#endif

// The first `count` floats at p (1 <= count <= lanes) as a vector, 0 past them; and the
// matching store. Masked moves: no lane-by-lane element access through memory.
inline V loadFirst(const float* p, int count) {
#if RELULAB_KERNEL_LANES == 16
    return _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << count) - 1), p);
#elif RELULAB_KERNEL_LANES == 8
    return _mm256_maskload_ps(p, firstLanes(count));
#else
    V v{};
    for (int i = 0; i < count; ++i)
        v[i] = p[i];
    return v;
#endif
}

inline void storeFirst(float* p, V v, int count) {
#if RELULAB_KERNEL_LANES == 16
    _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << count) - 1), v);
#elif RELULAB_KERNEL_LANES == 8
    _mm256_maskstore_ps(p, firstLanes(count), v);
#else
    for (int i = 0; i < count; ++i)
        p[i] = v[i];
#endif
}

struct ReluUnits {
    V apply(V z) const { return relu(z); }
    V derivative(V z, V) const { return z > 0.0f ? broadcast(1.0f) : V{}; }
};

// Any other activation, lane by lane through the scalar definition.
struct AnyUnits {
    Activation activation;
    V apply(V z) const {
        V a;
        for (int i = 0; i < lanes; ++i)
            a[i] = activation.apply(z[i]);
        return a;
    }
    V derivative(V z, V a) const {
        V d;
        for (int i = 0; i < lanes; ++i)
            d[i] = activation.derivative(z[i], a[i]);
        return d;
    }
};

// Batch vector counts with their own instantiation; a batch is padded up to the next one.
constexpr int vectorCounts[] = {1, 2, 3, 4, 6, 8, 12, 16};

// One batch's samples, gathered into vectors; lanes past the batch stay 0.
template <int NV> struct Samples {
    alignas(64) V x[NV];
    alignas(64) V y[NV];
};

// The queue of staged batches (see BatchKernel) and what both depths share. NV: vectors per
// batch.
template <int NV> class Batches {
public:
    Batches(const FastKernelShape& shape)
        : m_xs(shape.x)
        , m_ys(shape.y)
        , m_size(shape.batchSize)
        , m_inverseSize(1.0f / static_cast<float>(shape.batchSize)) {
        for (int v = 0; v < NV; ++v)
            for (int i = 0; i < lanes; ++i) {
                for (Samples<NV>& slot : m_slots)
                    slot.x[v][i] = slot.y[v][i] = 0.0f;
                m_mask[v][i] = v * lanes + i < m_size ? 1.0f : 0.0f;
            }
    }

    int size() const { return m_size; }

    StagingSlot<float> pushSlot() {
        assert(m_queued < 2);
        Samples<NV>& slot = m_slots[(m_front + m_queued++) & 1];
        return {reinterpret_cast<float*>(slot.x), reinterpret_cast<float*>(slot.y)};
    }

    void push(const std::uint32_t* batch) {
        const StagingSlot<float> slot = pushSlot();
        for (int b = 0; b < m_size; ++b) {
            slot.x[b] = m_xs[batch[b]];
            slot.y[b] = m_ys[batch[b]];
        }
    }

    // The oldest staged batch; valid until the next push.
    const Samples<NV>& pop() {
        assert(m_queued > 0);
        const Samples<NV>& front = m_slots[m_front];
        m_front ^= 1;
        --m_queued;
        return front;
    }

    // Residuals 2 (out - y) / B (0 on padding) into r; returns the batch MSE.
    float residuals(const Samples<NV>& samples, const V* out, V* r, V& residualSum) const {
        V squares{};
        residualSum = V{};
        const V scale = broadcast(2.0f * m_inverseSize);
        for (int v = 0; v < NV; ++v) {
            const V d = (out[v] - samples.y[v]) * m_mask[v];
            squares += d * d;
            r[v] = d * scale;
            residualSum += r[v];
        }
        return horizontalSum(squares) * m_inverseSize;
    }

private:
    const float* m_xs;
    const float* m_ys;
    int m_size;
    float m_inverseSize; // multiplies: a division per step would be on the step's critical path
    Samples<NV> m_slots[2];
    alignas(64) V m_mask[NV]; // 1 on real samples, 0 on padding lanes
    int m_front = 0;
    int m_queued = 0;
};

// Mean squared error of a kernel's net over any number of samples, NV vectors of them at a
// time (the last block padded with zeros and masked out).
template <int NV, class Kernel>
float blockMeanSquaredError(Kernel& kernel, const float* p, const float* xs, const float* ys,
                            std::size_t count) {
    constexpr std::size_t blockSamples = NV * lanes;
    double total = 0; // over blocks in double: test sets can be large
    for (std::size_t first = 0; first < count; first += blockSamples) {
        const std::size_t samples = std::min(blockSamples, count - first);
        alignas(64) V x[NV], y[NV], out[NV];
        if (samples == blockSamples) {
            std::memcpy(x, xs + first, sizeof x);
            std::memcpy(y, ys + first, sizeof y);
        } else {
            for (int v = 0; v < NV; ++v)
                x[v] = y[v] = V{};
            std::memcpy(x, xs + first, samples * sizeof(float));
            std::memcpy(y, ys + first, samples * sizeof(float));
        }
        kernel.forward(p, x, out);
        V squares{};
        for (int v = 0; v < NV; ++v) {
            V d = out[v] - y[v];
            if (samples < blockSamples)
                for (int i = 0; i < lanes; ++i) // padding lanes: the net's output at x = 0
                    if (static_cast<std::size_t>(v * lanes + i) >= samples)
                        d[i] = 0.0f;
            squares += d * d;
        }
        total += horizontalSum(squares);
    }
    return static_cast<float>(total / static_cast<double>(count));
}

// 1 -> W -> 1.
template <class Units, int NV> class OneHiddenLayer final : public FastKernel {
public:
    OneHiddenLayer(const FastKernelShape& shape, Units units)
        : m_units(units)
        , m_width(shape.width)
        , m_batches(shape) {}

    void stage(const std::uint32_t* batch) override { m_batches.push(batch); }
    StagingSlot<float> stageSlot() override { return m_batches.pushSlot(); }

    float compute(const float* p, float* g) override {
        const Samples<NV>& samples = m_batches.pop();
        const int width = m_width;
        const V* x = samples.x;
        V out[NV], r[NV];
        forward(p, x, out);
        V residualSum;
        const float loss = m_batches.residuals(samples, out, r, residualSum);

        // Units along the lanes for the backward pass: its sums over the samples then need no
        // horizontal folds, which cost more than the sums themselves.
        alignas(64) float rs[NV * lanes], rxs[NV * lanes];
        for (int v = 0; v < NV; ++v) {
            std::memcpy(rs + v * lanes, &r[v], sizeof(V));
            const V rx = r[v] * x[v];
            std::memcpy(rxs + v * lanes, &rx, sizeof(V));
        }
        const Residuals residuals{reinterpret_cast<const float*>(samples.x), rs, rxs,
                                  (m_batches.size() + 3) & ~3}; // a padding sample has r = 0
        for (int j0 = 0; j0 < width; j0 += lanes)
            backward(j0, residuals, p, g);
        g[3 * width] = horizontalSum(residualSum);
        return loss;
    }

    float meanSquaredError(const float* p, const float* x, const float* y,
                           std::size_t count) override {
        return blockMeanSquaredError<NV>(*this, p, x, y, count);
    }

    // The net's output for NV vectors of inputs.
    void forward(const float* p, const V* x, V* out) const {
        const int width = m_width;
        const float* w1 = p;
        const float* b1 = p + width;
        const float* w2 = p + 2 * width;
        // Two sums of units, even and odd: one chain of dependent multiply-adds through all
        // units would leave the core waiting on their latency.
        V odd[NV];
        for (int v = 0; v < NV; ++v) {
            out[v] = broadcast(p[3 * width]);
            odd[v] = V{};
        }
        auto addUnit = [&](int j, V* sum) {
            const V w = broadcast(w1[j]), b = broadcast(b1[j]), o = broadcast(w2[j]);
            for (int v = 0; v < NV; ++v)
                sum[v] += o * m_units.apply(w * x[v] + b);
        };
        int j = 0;
        for (; j + 2 <= width; j += 2) {
            addUnit(j, out);
            addUnit(j + 1, odd);
        }
        if (j < width)
            addUnit(j, out);
        for (int v = 0; v < NV; ++v)
            out[v] += odd[v];
    }

private:
    // Per sample (to an even count): x, the residual r and r x.
    struct Residuals {
        const float* x;
        const float* r;
        const float* rx;
        int count;
    };

    // The gradient of units j0 .. j0 + lanes (or to the width), the even and odd samples into
    // separate sums so that the adds do not wait on each other.
    //   dL/dw2_j = sum r h_j, dL/dw1_j = w2_j sum r x a'(z_j), dL/db1_j = w2_j sum r a'(z_j).
    // ReLU needs only two masked sums per unit: with A_j = sum r [z_j > 0] and
    // B_j = sum r x [z_j > 0], dL/dw2_j = w1_j B_j + b1_j A_j, dL/dw1_j = w2_j B_j and
    // dL/db1_j = w2_j A_j.
    void backward(int j0, const Residuals& samples, const float* p, float* g) const {
        constexpr int sums = 4;
        constexpr bool relu = std::is_same_v<Units, ReluUnits>;
        const int width = m_width;
        const int units = std::min(lanes, width - j0);
        const V w = loadFirst(p + j0, units), b = loadFirst(p + width + j0, units);
        V sumD[sums], sumDx[sums], sumH[sums]; // sumH only for other activations
        for (int k = 0; k < sums; ++k)
            sumD[k] = sumDx[k] = sumH[k] = V{};
        for (int s = 0; s < samples.count; s += sums) {
            for (int k = 0; k < sums; ++k) {
                const V x = broadcast(samples.x[s + k]), r = broadcast(samples.r[s + k]),
                        rx = broadcast(samples.rx[s + k]);
                const V z = w * x + b;
                if constexpr (relu) {
                    const auto active = z > 0.0f;
                    sumD[k] = active ? sumD[k] + r : sumD[k]; // merge-masked adds
                    sumDx[k] = active ? sumDx[k] + rx : sumDx[k];
                } else {
                    const V h = m_units.apply(z);
                    const V d = m_units.derivative(z, h);
                    sumH[k] += r * h;
                    sumD[k] += r * d;
                    sumDx[k] += rx * d;
                }
            }
        }
        for (int k = 1; k < sums; ++k) {
            sumD[0] += sumD[k];
            sumDx[0] += sumDx[k];
            sumH[0] += sumH[k];
        }
        const V o = loadFirst(p + 2 * width + j0, units);
        const V h = relu ? w * sumDx[0] + b * sumD[0] : sumH[0];
        storeFirst(g + 2 * width + j0, h, units);
        storeFirst(g + j0, o * sumDx[0], units);
        storeFirst(g + width + j0, o * sumD[0], units);
    }

    Units m_units;
    int m_width;
    Batches<NV> m_batches;
};

// 1 -> W -> W -> 1. Parameters: w1[W], b1[W], W2[W][W] (row k feeds unit k), b2[W], w3[W], b3.
template <class Units, int NV> class TwoHiddenLayers final : public FastKernel {
    static constexpr int block = 4; // rows (or columns) of W2 per register block

public:
    TwoHiddenLayers(const FastKernelShape& shape, Units units)
        : m_units(units)
        , m_width(shape.width)
        , m_widthVectors((shape.width + lanes - 1) / lanes)
        , m_batches(shape) {
        const auto unitVectors = static_cast<std::size_t>(m_width * NV);
        for (auto* buffer : {&m_z1, &m_h1, &m_z2, &m_h2, &m_dz2})
            buffer->resize(unitVectors);
        m_h1BySample.resize(static_cast<std::size_t>(NV * lanes * m_widthVectors));
        m_w1.resize(static_cast<std::size_t>(m_widthVectors));
        m_b1.resize(static_cast<std::size_t>(m_widthVectors));
    }

    void stage(const std::uint32_t* batch) override { m_batches.push(batch); }
    StagingSlot<float> stageSlot() override { return m_batches.pushSlot(); }

    float compute(const float* p, float* g) override {
        const Samples<NV>& samples = m_batches.pop();
        const int width = m_width, wv = m_widthVectors, batch = m_batches.size();
        const float* w1 = p;
        const float* b1 = p + width;
        const float* w2 = p + 2 * width;
        const float* b2 = w2 + width * width;
        const float* w3 = b2 + width;
        const V* x = samples.x;
        V out[NV], r[NV];
        forward(p, x, out);

        // Layer 1 sample-major (vectors over units) as well, for dL/dW2 without horizontal
        // sums. Units past the width get weight and bias 0; their columns of dL/dW2 are never
        // read.
        std::fill(m_w1.begin(), m_w1.end(), V{});
        std::fill(m_b1.begin(), m_b1.end(), V{});
        std::copy(w1, w1 + width, reinterpret_cast<float*>(m_w1.data()));
        std::copy(b1, b1 + width, reinterpret_cast<float*>(m_b1.data()));
        const auto* xs = reinterpret_cast<const float*>(x);
        for (int b = 0; b < batch; ++b) {
            const V xb = broadcast(xs[b]);
            for (int u = 0; u < wv; ++u)
                m_h1BySample[b * wv + u] = m_units.apply(m_w1[u] * xb + m_b1[u]);
        }

        V residualSum;
        const float loss = m_batches.residuals(samples, out, r, residualSum);

        float* gw1 = g;
        float* gb1 = g + width;
        float* gw2 = g + 2 * width;
        float* gb2 = gw2 + width * width;
        float* gw3 = gb2 + width;
        gw3[width] = horizontalSum(residualSum);
        for (int u = 0; u < width; ++u) {
            const V o = broadcast(w3[u]);
            V sumH{}, sumD{};
            for (int v = 0; v < NV; ++v) {
                const V h = m_h2[u * NV + v];
                const V d = r[v] * o * m_units.derivative(m_z2[u * NV + v], h);
                m_dz2[u * NV + v] = d;
                sumH += r[v] * h;
                sumD += d;
            }
            gw3[u] = horizontalSum(sumH);
            gb2[u] = horizontalSum(sumD);
        }

        // dL/dW2 by pairs of unit vectors, and an odd last one on its own with twice the rows
        // (as many independent sums, and no products of zero padding).
        int u = 0;
        for (; u + 2 <= wv; u += 2)
            layerTwoWeightGradient<block, 2>(u, gw2);
        if (u < wv)
            layerTwoWeightGradient<2 * block, 1>(u, gw2);

        int j = 0;
        for (; j + block <= width; j += block)
            layerOneBackward<block>(j, x, w2, gw1, gb1);
        for (; j + 2 <= width; j += 2)
            layerOneBackward<2>(j, x, w2, gw1, gb1);
        for (; j < width; ++j)
            layerOneBackward<1>(j, x, w2, gw1, gb1);
        return loss;
    }

    float meanSquaredError(const float* p, const float* x, const float* y,
                           std::size_t count) override {
        return blockMeanSquaredError<NV>(*this, p, x, y, count);
    }

    // The net's output for NV vectors of inputs; leaves each layer's values unit-major (vectors
    // over the samples) for the backward pass.
    void forward(const float* p, const V* x, V* out) {
        const int width = m_width;
        const float* w1 = p;
        const float* b1 = p + width;
        const float* w2 = p + 2 * width;
        const float* b2 = w2 + width * width;
        const float* w3 = b2 + width;
        for (int j = 0; j < width; ++j) {
            const V w = broadcast(w1[j]), b = broadcast(b1[j]);
            for (int v = 0; v < NV; ++v) {
                const V z = w * x[v] + b;
                m_z1[j * NV + v] = z;
                m_h1[j * NV + v] = m_units.apply(z);
            }
        }
        int k = 0;
        for (; k + block <= width; k += block)
            layerTwoForward<block>(k, w2, b2);
        for (; k + 2 <= width; k += 2)
            layerTwoForward<2>(k, w2, b2);
        for (; k < width; ++k)
            layerTwoForward<1>(k, w2, b2);
        for (int v = 0; v < NV; ++v)
            out[v] = broadcast(w3[width]);
        for (int u = 0; u < width; ++u) {
            const V o = broadcast(w3[u]);
            for (int v = 0; v < NV; ++v)
                out[v] += o * m_h2[u * NV + v];
        }
    }

private:
    // Z2 rows k..k+Rows: b2 + W2 H1, accumulators in registers.
    template <int Rows> void layerTwoForward(int k, const float* w2, const float* b2) {
        const int width = m_width;
        V acc[Rows][NV];
        for (int i = 0; i < Rows; ++i)
            for (int v = 0; v < NV; ++v)
                acc[i][v] = broadcast(b2[k + i]);
        for (int j = 0; j < width; ++j) {
            const V* h = &m_h1[j * NV];
            for (int i = 0; i < Rows; ++i) {
                const V w = broadcast(w2[(k + i) * width + j]);
                for (int v = 0; v < NV; ++v)
                    acc[i][v] += w * h[v];
            }
        }
        for (int i = 0; i < Rows; ++i)
            for (int v = 0; v < NV; ++v) {
                m_z2[(k + i) * NV + v] = acc[i][v];
                m_h2[(k + i) * NV + v] = m_units.apply(acc[i][v]);
            }
    }

    // dL/dW2 columns of unit vectors u..u+Vectors, every row: blocks of Rows rows, then the
    // remainder rows.
    template <int Rows, int Vectors> void layerTwoWeightGradient(int u, float* gw2) {
        const int width = m_width;
        int row = 0;
        for (; row + Rows <= width; row += Rows)
            layerTwoWeightGradientBlock<Rows, Vectors>(row, u, gw2);
        for (; row + 2 <= width; row += 2)
            layerTwoWeightGradientBlock<2, Vectors>(row, u, gw2);
        for (; row < width; ++row)
            layerTwoWeightGradientBlock<1, Vectors>(row, u, gw2);
    }

    // dL/dW2 rows row..row+Rows, unit vectors u..u+Vectors: sum over samples of
    // dZ2[row][b] H1[b][:].
    template <int Rows, int Vectors> void layerTwoWeightGradientBlock(int row, int u, float* gw2) {
        const int width = m_width, wv = m_widthVectors, batch = m_batches.size();
        const float* d[Rows];
        for (int i = 0; i < Rows; ++i)
            d[i] = reinterpret_cast<const float*>(&m_dz2[(row + i) * NV]);
        V acc[Rows][Vectors] = {};
        for (int b = 0; b < batch; ++b) {
            const V* h = &m_h1BySample[b * wv + u];
            for (int i = 0; i < Rows; ++i) {
                const V db = broadcast(d[i][b]);
                for (int c = 0; c < Vectors; ++c)
                    acc[i][c] += db * h[c];
            }
        }
        const int first = u * lanes;
        const int count = std::min(width - first, Vectors * lanes);
        for (int i = 0; i < Rows; ++i)
            std::memcpy(gw2 + (row + i) * width + first, acc[i],
                        static_cast<std::size_t>(count) * sizeof(float));
    }

    // dH1 columns j..j+Columns = sum_k W2[k][j] dZ2[k], then through layer 1.
    template <int Columns>
    void layerOneBackward(int j, const V* x, const float* w2, float* gw1, float* gb1) {
        const int width = m_width;
        V acc[Columns][NV] = {};
        for (int k = 0; k < width; ++k) {
            const V* d = &m_dz2[k * NV];
            for (int c = 0; c < Columns; ++c) {
                const V w = broadcast(w2[k * width + j + c]);
                for (int v = 0; v < NV; ++v)
                    acc[c][v] += w * d[v];
            }
        }
        for (int c = 0; c < Columns; ++c) {
            V sumDx{}, sumD{};
            for (int v = 0; v < NV; ++v) {
                const int at = (j + c) * NV + v;
                const V d = acc[c][v] * m_units.derivative(m_z1[at], m_h1[at]);
                sumDx += d * x[v];
                sumD += d;
            }
            gw1[j + c] = horizontalSum(sumDx);
            gb1[j + c] = horizontalSum(sumD);
        }
    }

    Units m_units;
    int m_width;
    int m_widthVectors;
    Batches<NV> m_batches;
    std::vector<V> m_z1, m_h1, m_z2, m_h2, m_dz2; // unit-major: [unit * NV + v]
    std::vector<V> m_h1BySample;                  // sample-major: [sample * widthVectors + u]
    std::vector<V> m_w1, m_b1;
};

template <int NV, class Units>
std::unique_ptr<FastKernel> make(const FastKernelShape& shape, Units units) {
    if (shape.hiddenLayers == 1)
        return std::make_unique<OneHiddenLayer<Units, NV>>(shape, units);
    return std::make_unique<TwoHiddenLayers<Units, NV>>(shape, units);
}

template <class Units, std::size_t... I>
std::unique_ptr<FastKernel> makeForBatch(const FastKernelShape& shape, Units units,
                                         std::index_sequence<I...>) {
    const int needed = (shape.batchSize + lanes - 1) / lanes;
    std::unique_ptr<FastKernel> kernel;
    // The first instantiated count that holds the batch.
    ((!kernel && vectorCounts[I] >= needed ? (kernel = make<vectorCounts[I]>(shape, units), 0) : 0),
     ...);
    return kernel;
}

} // namespace

int maxBatch() {
    return vectorCounts[std::size(vectorCounts) - 1] * lanes;
}

std::unique_ptr<FastKernel> makeKernel(const FastKernelShape& shape) {
    constexpr auto counts = std::make_index_sequence<std::size(vectorCounts)>{};
    if (shape.activation.kind == ActivationKind::Relu)
        return makeForBatch(shape, ReluUnits{}, counts);
    return makeForBatch(shape, AnyUnits{shape.activation}, counts);
}

} // namespace relulab::RELULAB_KERNEL_NAMESPACE
