#pragma once

#include "core/network.h"

#include <armadillo>
#include <optional>
#include <vector>

namespace relulab {

// Per hidden layer (every layer but the output): for ReLU layers, which units are dead on the
// batch of the forward pass, i.e. their pre-activation is <= 0 on every row, so no gradient
// reaches their weights; std::nullopt for other activations, which cannot die this way.
template <typename T>
std::vector<std::optional<std::vector<bool>>> deadUnits(const Network<T>& network,
                                                        const ForwardPass<T>& pass);

// The counts of deadUnits().
std::vector<std::optional<int>>
deadUnitCounts(const std::vector<std::optional<std::vector<bool>>>& deadUnits);

// Per layer, the L2 norm of dL/d(weight and bias of that layer) together: vanishing gradients
// show as norms that shrink layer by layer towards the input.
template <typename T>
std::vector<double> gradientNormPerLayer(const Network<T>& network, const arma::Col<T>& gradient);

} // namespace relulab
