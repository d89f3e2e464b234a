#pragma once

#include "runner/runspec.h"

#include <memory>

namespace relulab {

// HW1 Q5 ("linearized features"): 1 -> W (-> W) -> 1 ReLU net, elbows of the first layer
// uniform in [0, 1], MSE, SGD on batches of 40 of the 200 samples drawn without replacement,
// snapshots every 1000 steps. "Output layer only" trains the last layer at lr 0.2, "all layers"
// everything at lr 0.02. The linearized-features template's runs exactly (init seed 1, sampling
// seed 2), which a test holds it to.
RunSpec linearizedFeaturesRun(int hiddenLayers, int width, bool outputLayerOnly, long steps,
                              std::shared_ptr<const Dataset> data);

} // namespace relulab
