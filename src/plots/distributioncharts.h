#pragma once

#include "core/dataset.h"
#include "core/distribution.h"
#include "core/layerinspection.h"
#include "document/experiment.h"
#include "plots/chart.h"

#include <array>
#include <string_view>
#include <vector>

namespace relulab {

// What a layer's distributions are of: its weights W, the loss gradient dL/dW on the training
// set, and its units' pre-activations and activations on the training samples.
enum class LayerQuantity { Weights, Gradients, PreActivations, Activations };
struct LayerQuantityDescriptor {
    LayerQuantity kind;
    std::string_view name; // in titles and axes
    std::string_view id;   // in file names: histogram_<id>, distribution_<id>
};
// Every quantity, in the enum's order (the order of the panel's charts).
inline constexpr std::array<LayerQuantityDescriptor, 4> layerQuantities{{
    {LayerQuantity::Weights, "weights W", "weights"},
    {LayerQuantity::Gradients, "gradients dL/dW", "gradients"},
    {LayerQuantity::PreActivations, "pre-activations", "preactivations"},
    {LayerQuantity::Activations, "activations", "activations"},
}};
static_assert(std::size_t(layerQuantities.back().kind) + 1 == layerQuantities.size());
std::string_view quantityName(LayerQuantity quantity);
std::string_view quantityId(LayerQuantity quantity);

std::vector<double> quantityValues(const LayerInspection& layer, LayerQuantity quantity);

// Bins of one quantity of layer `layer` at a snapshot.
Chart histogramChart(const LayerInspection& inspected, LayerQuantity quantity, std::size_t layer,
                     std::size_t layerCount, const std::string& at);

// Every layer's quantities' percentiles (core/distribution.h) at the run's snapshots, at most
// `maxSnapshots` of them evenly spread (the first and last among them), from the stored
// parameters on the training data.
struct RunDistributions {
    std::vector<double> steps;
    // [layer][quantity][snapshot]
    std::vector<std::array<std::vector<Percentiles>, layerQuantities.size()>> layers;
    std::size_t snapshotsInRun = 0;
};
inline constexpr std::size_t distributionSnapshotsAtMost = 200;
RunDistributions runDistributions(const RunRecord& run, const Dataset& data,
                                  std::size_t maxSnapshots = distributionSnapshotsAtMost);

// One quantity of one layer against iterations: nested bands min-max, 7-93%, 16-84% and the
// median, as TensorBoard's distributions.
Chart distributionChart(const RunDistributions& distributions, LayerQuantity quantity,
                        std::size_t layer, std::size_t layerCount);

// Per hidden layer against iterations, the share of its units that pass back (almost) no
// gradient: dead ReLUs (slope 0 on every training sample) and saturated units of activations
// that saturate (core/layerinspection.h's rule); layers whose units can do neither are left out.
// Empty when no layer can.
Chart saturationChart(const RunRecord& run, const Dataset& data,
                      std::size_t maxSnapshots = distributionSnapshotsAtMost);

} // namespace relulab
