#pragma once

#include "core/dataset.h"
#include "document/experiment.h"
#include "plots/chart.h"

#include <optional>

namespace relulab {

// Each first-layer unit of a net on one input, from its initialization (iteration 0) through
// every snapshot: where its activation bends, x = -b / w (a ReLU's elbow, a sigmoid's centre),
// over the training inputs' range, shaded, and as much again either side. Elbows move toward
// the data's kinks, or leave it and die. None for a net without a hidden layer, of several
// inputs, or whose first layer is linear.
std::optional<Chart> elbowTrajectories(const RunRecord& run, const Dataset& data);

// The same units' slopes w against iterations.
std::optional<Chart> slopeTrajectories(const RunRecord& run);

} // namespace relulab
