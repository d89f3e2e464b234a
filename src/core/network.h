#pragma once

#include "core/architecture.h"

#include <armadillo>
#include <vector>

namespace relulab {

// What a forward pass keeps for backpropagation: per layer, the pre-activations Z and the
// activations A = a(Z), one row per sample.
template <typename T> struct ForwardPass {
    std::vector<arma::Mat<T>> preActivations;
    std::vector<arma::Mat<T>> activations;

    const arma::Mat<T>& output() const { return activations.back(); }
};

// A multilayer perceptron over one flat parameter vector in PyTorch's state_dict order
// (per layer: weight row-major, then bias). Samples are rows of the input matrix.
template <typename T> class Network {
public:
    explicit Network(Architecture architecture);
    Network(Architecture architecture, arma::Col<T> parameters);

    const Architecture& architecture() const { return m_architecture; }
    const std::vector<LayerSlice>& slices() const { return m_slices; }
    std::size_t layerCount() const { return m_slices.size(); }
    std::size_t parameterCount() const { return m_parameters.n_elem; }

    arma::Col<T>& parameters() { return m_parameters; }
    const arma::Col<T>& parameters() const { return m_parameters; }
    void setParameters(const arma::Col<T>& parameters);

    // Layer l's weight as an (inputs x units) column-major view over the flat vector: the
    // transpose of PyTorch's (units x inputs) row-major weight, sharing its memory, so that
    // Z = A * W^T is a plain product.
    arma::Mat<T> weightTransposed(std::size_t layer);
    const arma::Mat<T> weightTransposed(std::size_t layer) const;
    arma::Col<T> bias(std::size_t layer);
    const arma::Col<T> bias(std::size_t layer) const;

    arma::Mat<T> predict(const arma::Mat<T>& x) const;
    void forward(const arma::Mat<T>& x, ForwardPass<T>& pass) const;

    // dL/dZ for every layer, from dL/d(output) and a forward pass over the same x.
    std::vector<arma::Mat<T>> backpropagate(const ForwardPass<T>& pass,
                                            const arma::Mat<T>& outputGradient) const;
    // dL/dθ (flat, same layout as the parameters), summed over the samples.
    void parameterGradient(const arma::Mat<T>& x, const ForwardPass<T>& pass,
                           const std::vector<arma::Mat<T>>& deltas, arma::Col<T>& gradient) const;

    // Throws InvalidInput when x does not have `inputs` columns.
    void checkInput(const arma::Mat<T>& x, const char* what) const;

private:
    // Input of layer l: x for the first layer, the previous activations after it.
    const arma::Mat<T>& layerInput(const arma::Mat<T>& x, const ForwardPass<T>& pass,
                                   std::size_t layer) const {
        return layer == 0 ? x : pass.activations[layer - 1];
    }

    Architecture m_architecture;
    std::vector<LayerSlice> m_slices;
    arma::Col<T> m_parameters;
};

extern template class Network<float>;
extern template class Network<double>;

} // namespace relulab
