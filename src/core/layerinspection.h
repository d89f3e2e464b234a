#pragma once

#include "core/loss.h"
#include "core/network.h"

#include <armadillo>
#include <optional>
#include <vector>

namespace relulab {

// One layer of a net with given parameters on given data: its weight (units x inputs, as
// PyTorch's) and bias, the gradient of the mean loss with respect to each, and its units'
// pre-activations and activations (samples x units).
struct LayerInspection {
    arma::mat weight;
    arma::vec bias;
    arma::mat weightGradient;
    arma::vec biasGradient;
    arma::mat preActivations;
    arma::mat activations;
};

// Every layer, from one forward and one backward pass over (x, y).
std::vector<LayerInspection> inspectLayers(const Network<double>& net, const arma::mat& x,
                                           const arma::mat& y, LossKind loss);

// The slope below which a unit counts as saturated on a sample: 1% of the largest slope of a
// sigmoid (0.25) is 0.0025, of a tanh 0.01; one threshold for all keeps the chart's rule
// one line long.
inline constexpr double saturatedSlope = 0.01;

// Per layer but the output: for activations that saturate (ActivationDescriptor::saturates),
// the fraction of the layer's units whose slope da/dz is below saturatedSlope on more than half
// of the samples of `pass`; std::nullopt for the others (ReLUs die instead: deadUnits()).
std::vector<std::optional<double>> saturatedFractions(const Network<double>& net,
                                                      const ForwardPass<double>& pass);

} // namespace relulab
