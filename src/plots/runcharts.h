#pragma once

#include "core/dataset.h"
#include "document/experiment.h"
#include "plots/chart.h"

#include <vector>

namespace relulab {

// Every chart of a run at one of its snapshots (the last one by default): the fit with each
// first-layer unit's piece and elbow, errors, gradient norms per layer, dead units, the
// singular values and principal features of the per-sample Jacobian, and the hidden features
// with a ridge fit of the output layer on them. Charts that do not apply (a fit for a 2-D
// input) are left out. `data` is the run's data set.
std::vector<Chart> runCharts(const RunRecord& run, const Dataset& data, long snapshot = -1);

// Test error against steps for every run of an experiment, overlaid.
Chart errorComparison(const Experiment& experiment);

} // namespace relulab
