// The fast float32 kernels, compiled once per instruction set: the including file defines
// RELULAB_KERNEL_NAMESPACE and RELULAB_KERNEL_LANES (floats per vector).
//
// Layout: samples of the batch run along the vector lanes (1 hidden layer: the measured
// 1.4-1.8x over vectorising the units); the width x width layer of 2-layer nets is done as small
// register-blocked products. Lanes past the batch hold zero residuals, so they add nothing.
#include "runner/fastkernelfactories.h"

#include <immintrin.h>

#include <algorithm>
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

typedef int VI __attribute__((vector_size(4 * lanes)));

// Two-source shuffle masks for groupSums: at the level where each input holds units in blocks
// of 2h lanes, output lane o sums source lanes `first[o]` and `first[o] + h`, taking the units of
// the first source, then of the second (indices >= lanes), so the order is kept.
struct FoldMasks {
    VI first[8];
    VI second[8];
    FoldMasks() {
        int level = 0;
        for (int h = lanes / 2; h >= 1; h /= 2, ++level) {
            const int unitsPerInput = lanes / (2 * h);
            for (int o = 0; o < lanes; ++o) {
                const int q = o / h, t = o % h;
                const int source = q < unitsPerInput ? 0 : lanes;
                const int block = q < unitsPerInput ? q : q - unitsPerInput;
                first[level][o] = source + block * 2 * h + t;
                second[level][o] = first[level][o] + h;
            }
        }
    }
};
// Built on first use, not at program start: this file is compiled for its instruction set, and
// a static initializer would run those instructions on every CPU before any dispatch.
inline const FoldMasks& foldMasks() {
    static const FoldMasks masks;
    return masks;
}

// The lane sums of up to `lanes` vectors at once, as one vector (lane i: sum of v[i]; 0 past
// `valid`): about three operations per vector instead of a log2(lanes) chain each. Slots past
// `valid` are never read, so they need no zero fill.
inline V groupSums(V (&v)[lanes], int valid) {
    const FoldMasks& masks = foldMasks();
    auto fold = [&masks](V a, V b, int level) {
        return __builtin_shuffle(a, b, masks.first[level]) +
               __builtin_shuffle(a, b, masks.second[level]);
    };
    int i = 0;
    for (; 2 * i + 1 < valid; ++i)
        v[i] = fold(v[2 * i], v[2 * i + 1], 0);
    if (2 * i < valid) {
        v[i] = fold(v[2 * i], V{}, 0);
        ++i;
    }
    for (; i < lanes / 2; ++i)
        v[i] = V{};
    int count = lanes / 2, level = 1;
    for (int h = lanes / 4; h >= 1; h /= 2, ++level, count /= 2)
        for (int i = 0; i < count / 2; ++i)
            v[i] = fold(v[2 * i], v[2 * i + 1], level);
    return v[0];
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

// The batch, gathered into vectors, and what both depths share. NV: vectors per batch.
template <int NV> struct Batch {
    alignas(64) V x[NV];
    alignas(64) V y[NV];
    alignas(64) V mask[NV]; // 1 on real samples, 0 on padding lanes
    int size;

    Batch(int samples)
        : size(samples) {
        for (int v = 0; v < NV; ++v)
            for (int i = 0; i < lanes; ++i) {
                x[v][i] = y[v][i] = 0.0f;
                mask[v][i] = v * lanes + i < samples ? 1.0f : 0.0f;
            }
    }

    void gather(const float* xs, const float* ys, const std::uint32_t* batch) {
        auto* bx = reinterpret_cast<float*>(x);
        auto* by = reinterpret_cast<float*>(y);
        for (int b = 0; b < size; ++b) {
            bx[b] = xs[batch[b]];
            by[b] = ys[batch[b]];
        }
    }

    // Residuals 2 (out - y) / B (0 on padding) into r; returns the batch MSE.
    float residuals(const V* out, V* r, V& residualSum) const {
        V squares{};
        residualSum = V{};
        const float scale = 2.0f / static_cast<float>(size);
        for (int v = 0; v < NV; ++v) {
            const V d = (out[v] - y[v]) * mask[v];
            squares += d * d;
            r[v] = d * scale;
            residualSum += r[v];
        }
        return horizontalSum(squares) / static_cast<float>(size);
    }
};

// 1 -> W -> 1.
template <class Units, int NV> class OneHiddenLayer final : public FastKernel {
public:
    OneHiddenLayer(const FastKernelShape& shape, Units units)
        : m_units(units)
        , m_width(shape.width)
        , m_xs(shape.x)
        , m_ys(shape.y)
        , m_batch(shape.batchSize) {}

    float lossAndGradient(const float* p, const std::uint32_t* indices, float* g) override {
        m_batch.gather(m_xs, m_ys, indices);
        const int width = m_width;
        const float* w1 = p;
        const float* b1 = p + width;
        const float* w2 = p + 2 * width;
        V x[NV], out[NV], r[NV];
        for (int v = 0; v < NV; ++v) {
            x[v] = m_batch.x[v];
            out[v] = broadcast(p[3 * width]);
        }
        for (int j = 0; j < width; ++j) {
            const V w = broadcast(w1[j]), b = broadcast(b1[j]), o = broadcast(w2[j]);
            for (int v = 0; v < NV; ++v)
                out[v] += o * m_units.apply(w * x[v] + b);
        }
        V residualSum;
        const float loss = m_batch.residuals(out, r, residualSum);

        if constexpr (std::is_same_v<Units, ReluUnits>) {
            // ReLU needs only two masked sums per unit: with A_j = sum r [z_j > 0] and
            // B_j = sum r x [z_j > 0], dL/dw2_j = w1_j B_j + b1_j A_j, dL/dw1_j = w2_j B_j and
            // dL/db1_j = w2_j A_j.
            V rx[NV];
            for (int v = 0; v < NV; ++v)
                rx[v] = r[v] * x[v];

            for (int j0 = 0; j0 < width; j0 += lanes) {
                const int units = std::min(lanes, width - j0);
                V sumA[lanes], sumB[lanes];
                for (int u = 0; u < units; ++u) {
                    const V w = broadcast(w1[j0 + u]), b = broadcast(b1[j0 + u]);
                    V a{}, bb{};
                    for (int v = 0; v < NV; ++v) {
                        const auto active = w * x[v] + b > 0.0f;
                        a = active ? a + r[v] : a; // merge-masked adds
                        bb = active ? bb + rx[v] : bb;
                    }
                    sumA[u] = a;
                    sumB[u] = bb;
                }
                const V a = groupSums(sumA, units), bb = groupSums(sumB, units);
                for (int u = 0; u < units; ++u) {
                    const int j = j0 + u;
                    g[2 * width + j] = w1[j] * bb[u] + b1[j] * a[u];
                    g[j] = w2[j] * bb[u];
                    g[width + j] = w2[j] * a[u];
                }
            }
        } else {
            // dL/dw2_j = sum r h_j; dL/dw1_j = w2_j sum r a'(z_j) x; dL/db1_j = w2_j sum r a'(z_j),
            // summed over the lanes a group of units at a time.
            for (int j0 = 0; j0 < width; j0 += lanes) {
                const int units = std::min(lanes, width - j0);
                V sumH[lanes], sumDx[lanes], sumD[lanes]; // only the first `units` are written
                for (int u = 0; u < units; ++u) {
                    const V w = broadcast(w1[j0 + u]), b = broadcast(b1[j0 + u]);
                    V accH{}, accDx{}, accD{};
                    for (int v = 0; v < NV; ++v) {
                        const V z = w * x[v] + b;
                        const V h = m_units.apply(z);
                        const V rd = r[v] * m_units.derivative(z, h);
                        accH += r[v] * h;
                        accDx += rd * x[v];
                        accD += rd;
                    }
                    sumH[u] = accH;
                    sumDx[u] = accDx;
                    sumD[u] = accD;
                }
                const V h = groupSums(sumH, units), dx = groupSums(sumDx, units),
                        d = groupSums(sumD, units);
                for (int u = 0; u < units; ++u) {
                    g[2 * width + j0 + u] = h[u];
                    g[j0 + u] = w2[j0 + u] * dx[u];
                    g[width + j0 + u] = w2[j0 + u] * d[u];
                }
            }
        }
        g[3 * width] = horizontalSum(residualSum);
        return loss;
    }

private:
    Units m_units;
    int m_width;
    const float* m_xs;
    const float* m_ys;
    Batch<NV> m_batch;
};

// 1 -> W -> W -> 1. Parameters: w1[W], b1[W], W2[W][W] (row k feeds unit k), b2[W], w3[W], b3.
template <class Units, int NV> class TwoHiddenLayers final : public FastKernel {
    static constexpr int block = 4; // rows (or columns) of W2 per register block

public:
    TwoHiddenLayers(const FastKernelShape& shape, Units units)
        : m_units(units)
        , m_width(shape.width)
        , m_widthVectors((shape.width + lanes - 1) / lanes)
        , m_xs(shape.x)
        , m_ys(shape.y)
        , m_batch(shape.batchSize) {
        const auto unitVectors = static_cast<std::size_t>(m_width * NV);
        for (auto* buffer : {&m_z1, &m_h1, &m_z2, &m_h2, &m_dz2})
            buffer->resize(unitVectors);
        m_h1BySample.resize(static_cast<std::size_t>(NV * lanes * m_widthVectors));
        m_w1.resize(static_cast<std::size_t>(m_widthVectors));
        m_b1.resize(static_cast<std::size_t>(m_widthVectors));
    }

    float lossAndGradient(const float* p, const std::uint32_t* indices, float* g) override {
        m_batch.gather(m_xs, m_ys, indices);
        const int width = m_width, wv = m_widthVectors, batch = m_batch.size;
        const float* w1 = p;
        const float* b1 = p + width;
        const float* w2 = p + 2 * width;
        const float* b2 = w2 + width * width;
        const float* w3 = b2 + width;
        const V* x = m_batch.x;

        // Layer 1, unit-major (vectors over the batch) for the products below...
        for (int j = 0; j < width; ++j) {
            const V w = broadcast(w1[j]), b = broadcast(b1[j]);
            for (int v = 0; v < NV; ++v) {
                const V z = w * x[v] + b;
                m_z1[j * NV + v] = z;
                m_h1[j * NV + v] = m_units.apply(z);
            }
        }
        // ...and sample-major (vectors over units) for dL/dW2 without horizontal sums. Units
        // past the width get weight and bias 0; their columns of dL/dW2 are never read.
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

        int k = 0;
        for (; k + block <= width; k += block)
            layerTwoForward<block>(k, w2, b2);
        for (; k + 2 <= width; k += 2)
            layerTwoForward<2>(k, w2, b2);
        for (; k < width; ++k)
            layerTwoForward<1>(k, w2, b2);

        V out[NV], r[NV];
        for (int v = 0; v < NV; ++v)
            out[v] = broadcast(w3[width]);
        for (int u = 0; u < width; ++u) {
            const V o = broadcast(w3[u]);
            for (int v = 0; v < NV; ++v)
                out[v] += o * m_h2[u * NV + v];
        }
        V residualSum;
        const float loss = m_batch.residuals(out, r, residualSum);

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

        int row = 0;
        for (; row + block <= width; row += block)
            layerTwoWeightGradient<block>(row, gw2);
        for (; row + 2 <= width; row += 2)
            layerTwoWeightGradient<2>(row, gw2);
        for (; row < width; ++row)
            layerTwoWeightGradient<1>(row, gw2);

        int j = 0;
        for (; j + block <= width; j += block)
            layerOneBackward<block>(j, w2, gw1, gb1);
        for (; j + 2 <= width; j += 2)
            layerOneBackward<2>(j, w2, gw1, gb1);
        for (; j < width; ++j)
            layerOneBackward<1>(j, w2, gw1, gb1);
        return loss;
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

    // dL/dW2 rows row..row+Rows: sum over samples of dZ2[row][b] H1[b][:], two vectors of
    // units at a time.
    template <int Rows> void layerTwoWeightGradient(int row, float* gw2) {
        const int width = m_width, wv = m_widthVectors, batch = m_batch.size;
        const float* d[Rows];
        for (int i = 0; i < Rows; ++i)
            d[i] = reinterpret_cast<const float*>(&m_dz2[(row + i) * NV]);
        for (int u = 0; u < wv; u += 2) {
            const bool pair = u + 1 < wv;
            V acc[Rows][2] = {};
            for (int b = 0; b < batch; ++b) {
                const V* h = &m_h1BySample[b * wv + u];
                const V h0 = h[0];
                const V h1 = pair ? h[1] : V{};
                for (int i = 0; i < Rows; ++i) {
                    const V db = broadcast(d[i][b]);
                    acc[i][0] += db * h0;
                    acc[i][1] += db * h1;
                }
            }
            for (int i = 0; i < Rows; ++i) {
                float* target = gw2 + (row + i) * width;
                const int first = u * lanes;
                const int count = std::min(width - first, pair ? 2 * lanes : lanes);
                std::memcpy(target + first, acc[i],
                            static_cast<std::size_t>(count) * sizeof(float));
            }
        }
    }

    // dH1 columns j..j+Columns = sum_k W2[k][j] dZ2[k], then through layer 1.
    template <int Columns> void layerOneBackward(int j, const float* w2, float* gw1, float* gb1) {
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
        const V* x = m_batch.x;
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
    const float* m_xs;
    const float* m_ys;
    Batch<NV> m_batch;
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
