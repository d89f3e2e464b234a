#pragma once

#include "core/nametable.h"

#include "core/architecture.h"

#include <armadillo>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relulab {

enum class OptimizerKind { Sgd, Adam };

// Every kind with its name in files and on the command line, in the order the app lists them.
inline constexpr NameTable<OptimizerKind, 2> optimizerKinds{{{
    {OptimizerKind::Sgd, "sgd"},
    {OptimizerKind::Adam, "adam"},
}}};
static_assert(optimizerKinds.coversEnum());

// Settings with PyTorch's meaning and defaults (torch.optim.SGD, torch.optim.Adam).
struct OptimizerSpec {
    OptimizerKind kind = OptimizerKind::Sgd;
    double learningRate = 0.01;
    double momentum = 0.0;    // SGD
    double weightDecay = 0.0; // both: L2 term added to the gradient
    double beta1 = 0.9;       // Adam
    double beta2 = 0.999;
    double epsilon = 1e-8;

    bool operator==(const OptimizerSpec&) const = default;

    // Throws InvalidInput naming the field under `where` (lr <= 0, momentum outside [0, 1), ...).
    void validate(const std::string& where) const;
};

// Updates the parameters of the trainable layers only: a "parameter group" per run, as the
// homework's optimizer over the output layer alone.
template <typename T> class Optimizer {
public:
    // `trainableLayers`: one flag per layer, or empty for all layers.
    Optimizer(const OptimizerSpec& spec, const Architecture& architecture,
              const std::vector<bool>& trainableLayers = {});

    const OptimizerSpec& spec() const { return m_spec; }
    long stepCount() const { return m_steps; }

    void step(arma::Col<T>& parameters, const arma::Col<T>& gradient);

private:
    struct Range {
        std::size_t begin;
        std::size_t end;
    };

    OptimizerSpec m_spec;
    std::vector<Range> m_ranges; // trainable slices of the flat vector
    arma::Col<T> m_first;        // SGD: momentum buffer; Adam: first moment
    arma::Col<T> m_second;       // Adam: second moment
    long m_steps = 0;
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

} // namespace relulab
