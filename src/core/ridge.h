#pragma once

#include "core/network.h"

#include <armadillo>

namespace relulab {

// The penultimate layer's outputs (the input itself for a one-layer net), one row per sample:
// the features a "pretrained" net hands to its output layer.
template <typename T>
arma::Mat<T> penultimateFeatures(const Network<T>& network, const arma::Mat<T>& x);

// Replaces the output layer by the ridge regression of y on [features, 1]:
// [W b]^T = (H^T H + lambda I)^-1 H^T y, the bias penalised too, as in the homework.
// Needs an identity output activation. Returns the training MSE of the new fit.
template <typename T>
double fitOutputLayerByRidge(Network<T>& network, const arma::Mat<T>& x, const arma::Mat<T>& y,
                             double lambda);

} // namespace relulab
