#include "core/optimizer.h"

#include "core/error.h"
#include "core/isaclones.h"
#include "core/nametable.h"

#include <cmath>
#include <string>

namespace relulab {

namespace {

// p -= lr g: the update of plain SGD, done on every training step of most runs. Built for
// AVX-512 and AVX2 as well: a small net's step is a few vectors, and SSE's four lanes plus a
// scalar tail cost as much as the rest of the step's bookkeeping.
template <typename T>
inline void subtractScaled(T* __restrict p, const T* __restrict g, T lr, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i)
        p[i] -= lr * g[i];
}

RELULAB_ISA_CLONES void plainSgd(float* p, const float* g, float lr, std::size_t count) {
    subtractScaled(p, g, lr, count);
}
RELULAB_ISA_CLONES void plainSgd(double* p, const double* g, double lr, std::size_t count) {
    subtractScaled(p, g, lr, count);
}
} // namespace

void OptimizerSpec::validate(const std::string& where) const {
    auto field = [&](const char* name) { return where.empty() ? name : where + "." + name; };
    if (!std::isfinite(learningRate) || learningRate <= 0)
        throw InvalidInput(field("lr"), "must be a finite number > 0",
                           {SettingField::LearningRate});
    if (!std::isfinite(weightDecay) || weightDecay < 0)
        throw InvalidInput(field("weight_decay"), "must be a finite number >= 0",
                           {SettingField::WeightDecay});
    if (!std::isfinite(momentum) || momentum < 0 || momentum >= 1)
        throw InvalidInput(field("momentum"), "must lie in [0, 1)", {SettingField::Momentum});
    if (!std::isfinite(beta1) || beta1 < 0 || beta1 >= 1)
        throw InvalidInput(field("beta1"), "must lie in [0, 1)", {SettingField::Beta1});
    if (!std::isfinite(beta2) || beta2 < 0 || beta2 >= 1)
        throw InvalidInput(field("beta2"), "must lie in [0, 1)", {SettingField::Beta2});
    if (!std::isfinite(epsilon) || epsilon <= 0)
        throw InvalidInput(field("eps"), "must be a finite number > 0", {SettingField::Epsilon});
}

template <typename T>
Optimizer<T>::Optimizer(const OptimizerSpec& spec, const Architecture& architecture,
                        const std::vector<bool>& trainableLayers)
    : m_spec(spec) {
    spec.validate("optimizer");
    const auto slices = architecture.slices();
    if (!trainableLayers.empty() && trainableLayers.size() != slices.size())
        throw InvalidInput("trainable_layers",
                           "expected one flag per layer (" + std::to_string(slices.size()) +
                               "), got " + std::to_string(trainableLayers.size()),
                           {SettingField::TrainableLayers});
    for (std::size_t l = 0; l < slices.size(); ++l) {
        if (!trainableLayers.empty() && !trainableLayers[l])
            continue;
        if (!m_ranges.empty() && m_ranges.back().end == slices[l].weightOffset)
            m_ranges.back().end = slices[l].end(); // merge neighbours
        else
            m_ranges.push_back({slices[l].weightOffset, slices[l].end()});
    }
    if (m_ranges.empty())
        throw InvalidInput("trainable_layers", "no layer is trainable",
                           {SettingField::TrainableLayers});
    m_first.zeros(architecture.parameterCount());
    if (spec.kind == OptimizerKind::Adam)
        m_second.zeros(architecture.parameterCount());
}

template <typename T>
void Optimizer<T>::step(arma::Col<T>& parameters, const arma::Col<T>& gradient) {
    ++m_steps;
    const T lr = static_cast<T>(m_spec.learningRate);
    const T decay = static_cast<T>(m_spec.weightDecay);
    T* __restrict p = parameters.memptr();
    const T* __restrict g = gradient.memptr();
    T* __restrict first = m_first.memptr();

    if (m_spec.kind == OptimizerKind::Sgd) {
        // PyTorch: d = g + decay p; buf = d on the first step, momentum buf + d after; p -= lr buf.
        // One plain loop per case, so that each vectorises.
        const T momentum = static_cast<T>(m_spec.momentum);
        for (const Range& range : m_ranges) {
            const std::size_t begin = range.begin, end = range.end;
            if (m_spec.momentum == 0.0 && m_spec.weightDecay == 0.0) {
                plainSgd(p + begin, g + begin, lr, end - begin);
            } else if (m_spec.momentum == 0.0) {
                for (std::size_t i = begin; i < end; ++i)
                    p[i] -= lr * (g[i] + decay * p[i]);
            } else if (m_steps == 1) {
                for (std::size_t i = begin; i < end; ++i) {
                    first[i] = g[i] + decay * p[i];
                    p[i] -= lr * first[i];
                }
            } else {
                for (std::size_t i = begin; i < end; ++i) {
                    first[i] = momentum * first[i] + (g[i] + decay * p[i]);
                    p[i] -= lr * first[i];
                }
            }
        }
        return;
    }

    // Adam with bias correction, in PyTorch's order of operations.
    const T beta1 = static_cast<T>(m_spec.beta1);
    const T beta2 = static_cast<T>(m_spec.beta2);
    const T eps = static_cast<T>(m_spec.epsilon);
    const auto t = static_cast<double>(m_steps);
    const T stepSize = static_cast<T>(m_spec.learningRate / (1.0 - std::pow(m_spec.beta1, t)));
    const T correction2Root = static_cast<T>(std::sqrt(1.0 - std::pow(m_spec.beta2, t)));
    T* second = m_second.memptr();
    for (const Range& range : m_ranges) {
        for (std::size_t i = range.begin; i < range.end; ++i) {
            const T d = g[i] + decay * p[i];
            first[i] += (T(1) - beta1) * (d - first[i]);
            second[i] = beta2 * second[i] + (T(1) - beta2) * d * d;
            const T denominator = std::sqrt(second[i]) / correction2Root + eps;
            p[i] -= stepSize * (first[i] / denominator);
        }
    }
}

template class Optimizer<float>;
template class Optimizer<double>;

} // namespace relulab
