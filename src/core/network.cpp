#include "core/network.h"

#include "core/error.h"

#include <string>

namespace relulab {

namespace {

// a = act(z) element-wise, with the choice of activation made once, not per element, so that the
// ReLU loops vectorise.
template <typename T>
void applyActivation(const Activation& activation, const arma::Mat<T>& z, arma::Mat<T>& a) {
    a.set_size(z.n_rows, z.n_cols);
    const T* zi = z.memptr();
    T* ai = a.memptr();
    const arma::uword n = z.n_elem;
    if (activation.kind == ActivationKind::Relu) {
        for (arma::uword i = 0; i < n; ++i)
            ai[i] = zi[i] > T(0) ? zi[i] : T(0);
        return;
    }
    for (arma::uword i = 0; i < n; ++i)
        ai[i] = activation.apply(zi[i]);
}

// delta = upstream * act'(z), likewise.
template <typename T>
void multiplyByDerivative(const Activation& activation, const arma::Mat<T>& z,
                          const arma::Mat<T>& a, const arma::Mat<T>& upstream,
                          arma::Mat<T>& delta) {
    delta.set_size(z.n_rows, z.n_cols);
    const arma::uword n = z.n_elem;
    if (activation.kind == ActivationKind::Relu) {
        for (arma::uword i = 0; i < n; ++i)
            delta[i] = z[i] > T(0) ? upstream[i] : T(0);
        return;
    }
    for (arma::uword i = 0; i < n; ++i)
        delta[i] = upstream[i] * activation.derivative(z[i], a[i]);
}

} // namespace

template <typename T>
Network<T>::Network(Architecture architecture)
    : m_architecture(std::move(architecture)) {
    m_architecture.validate();
    m_slices = m_architecture.slices();
    m_parameters.zeros(m_architecture.parameterCount());
}

template <typename T>
Network<T>::Network(Architecture architecture, arma::Col<T> parameters)
    : Network(std::move(architecture)) {
    setParameters(parameters);
}

template <typename T> void Network<T>::setParameters(const arma::Col<T>& parameters) {
    if (parameters.n_elem != m_parameters.n_elem)
        throw InvalidInput("parameters", "expected " + std::to_string(m_parameters.n_elem) +
                                             " values, got " + std::to_string(parameters.n_elem));
    m_parameters = parameters;
}

template <typename T> arma::Mat<T> Network<T>::weightTransposed(std::size_t layer) {
    const LayerSlice& s = m_slices.at(layer);
    return arma::Mat<T>(m_parameters.memptr() + s.weightOffset, s.inputs, s.units, false, true);
}

template <typename T> const arma::Mat<T> Network<T>::weightTransposed(std::size_t layer) const {
    const LayerSlice& s = m_slices.at(layer);
    T* memory = const_cast<T*>(m_parameters.memptr()) + s.weightOffset;
    return arma::Mat<T>(memory, s.inputs, s.units, false, true);
}

template <typename T> arma::Col<T> Network<T>::bias(std::size_t layer) {
    const LayerSlice& s = m_slices.at(layer);
    return arma::Col<T>(m_parameters.memptr() + s.biasOffset, s.units, false, true);
}

template <typename T> const arma::Col<T> Network<T>::bias(std::size_t layer) const {
    const LayerSlice& s = m_slices.at(layer);
    T* memory = const_cast<T*>(m_parameters.memptr()) + s.biasOffset;
    return arma::Col<T>(memory, s.units, false, true);
}

template <typename T> void Network<T>::checkInput(const arma::Mat<T>& x, const char* what) const {
    if (x.n_cols != static_cast<arma::uword>(m_architecture.inputs))
        throw InvalidInput(what, "expected " + std::to_string(m_architecture.inputs) +
                                     " input columns, got " + std::to_string(x.n_cols));
}

template <typename T> arma::Mat<T> Network<T>::predict(const arma::Mat<T>& x) const {
    ForwardPass<T> pass;
    forward(x, pass);
    return std::move(pass.activations.back());
}

template <typename T> void Network<T>::forward(const arma::Mat<T>& x, ForwardPass<T>& pass) const {
    checkInput(x, "x");
    const std::size_t layers = m_slices.size();
    pass.preActivations.resize(layers);
    pass.activations.resize(layers);
    for (std::size_t l = 0; l < layers; ++l) {
        arma::Mat<T>& z = pass.preActivations[l];
        z = layerInput(x, pass, l) * weightTransposed(l);
        z.each_row() += bias(l).t();
        const Activation& activation = m_architecture.layers[l].activation;
        if (activation.kind == ActivationKind::Identity)
            pass.activations[l] = z;
        else
            applyActivation(activation, z, pass.activations[l]);
    }
}

template <typename T>
std::vector<arma::Mat<T>> Network<T>::backpropagate(const ForwardPass<T>& pass,
                                                    const arma::Mat<T>& outputGradient) const {
    const std::size_t layers = m_slices.size();
    std::vector<arma::Mat<T>> deltas(layers);
    arma::Mat<T> upstream = outputGradient; // dL/dA of the current layer
    for (std::size_t l = layers; l-- > 0;) {
        const Activation& activation = m_architecture.layers[l].activation;
        arma::Mat<T>& delta = deltas[l];
        if (activation.kind == ActivationKind::Identity) {
            delta = std::move(upstream);
        } else {
            multiplyByDerivative(activation, pass.preActivations[l], pass.activations[l], upstream,
                                 delta);
        }
        if (l > 0)
            upstream = delta * weightTransposed(l).t();
    }
    return deltas;
}

template <typename T>
void Network<T>::parameterGradient(const arma::Mat<T>& x, const ForwardPass<T>& pass,
                                   const std::vector<arma::Mat<T>>& deltas,
                                   arma::Col<T>& gradient) const {
    gradient.zeros(m_parameters.n_elem);
    for (std::size_t l = 0; l < m_slices.size(); ++l) {
        const LayerSlice& s = m_slices[l];
        // dL/dW^T = A_in^T * dZ, written into the (inputs x units) view = row-major W layout.
        arma::Mat<T> weightGradient(gradient.memptr() + s.weightOffset, s.inputs, s.units, false,
                                    true);
        weightGradient = layerInput(x, pass, l).t() * deltas[l];
        arma::Col<T> biasGradient(gradient.memptr() + s.biasOffset, s.units, false, true);
        biasGradient = arma::sum(deltas[l], 0).t();
    }
}

template class Network<float>;
template class Network<double>;

} // namespace relulab
