#include "core/ridge.h"

#include "core/error.h"
#include "core/loss.h"

#include <cmath>
#include <stdexcept>

namespace relulab {

template <typename T>
arma::Mat<T> penultimateFeatures(const Network<T>& network, const arma::Mat<T>& x) {
    network.checkInput(x, "x");
    if (network.layerCount() == 1)
        return x;
    ForwardPass<T> pass;
    network.forward(x, pass);
    return pass.activations[network.layerCount() - 2];
}

template <typename T>
double fitOutputLayerByRidge(Network<T>& network, const arma::Mat<T>& x, const arma::Mat<T>& y,
                             double lambda) {
    if (!std::isfinite(lambda) || lambda < 0)
        throw InvalidInput("lambda", "must be a finite number >= 0");
    const std::size_t last = network.layerCount() - 1;
    if (network.architecture().layers[last].activation.kind != ActivationKind::Identity)
        throw InvalidInput("network", "ridge regression needs an identity output activation");
    if (y.n_rows != x.n_rows ||
        y.n_cols != static_cast<arma::uword>(network.architecture().outputs()))
        throw InvalidInput("y", "needs one row per sample and one column per output");

    const arma::Mat<T> features = penultimateFeatures(network, x);
    arma::Mat<double> h(features.n_rows, features.n_cols + 1);
    h.head_cols(features.n_cols) = arma::conv_to<arma::mat>::from(features);
    h.col(features.n_cols).ones();
    const arma::mat gram = h.t() * h + lambda * arma::eye(h.n_cols, h.n_cols);
    arma::mat coefficients; // (features + 1) x outputs
    if (!arma::solve(coefficients, gram, h.t() * arma::conv_to<arma::mat>::from(y)))
        throw std::runtime_error("ridge regression: the normal equations are singular; "
                                 "use a larger lambda");

    // W^T view is (features x outputs): exactly the first rows of the coefficients.
    network.weightTransposed(last) =
        arma::conv_to<arma::Mat<T>>::from(coefficients.head_rows(features.n_cols));
    network.bias(last) = arma::conv_to<arma::Col<T>>::from(coefficients.row(features.n_cols).t());
    return static_cast<double>(computeLoss(LossKind::Mse, network.predict(x), y));
}

template arma::fmat penultimateFeatures(const Network<float>&, const arma::fmat&);
template arma::mat penultimateFeatures(const Network<double>&, const arma::mat&);
template double fitOutputLayerByRidge(Network<float>&, const arma::fmat&, const arma::fmat&,
                                      double);
template double fitOutputLayerByRidge(Network<double>&, const arma::mat&, const arma::mat&, double);

} // namespace relulab
