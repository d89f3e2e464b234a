#pragma once

namespace relulab::cli {

// The layer inspection's speed goals, best of a few tries each: every distribution (all layers,
// all four quantities) of a 151-snapshot run of a 1-40-40-1 net on 200 samples, recomputed from
// its parameters (goal: 100 ms), and the gradient map of a 256 x 256 layer on 200 samples with
// its forward and backward pass (goal: 10 ms).
struct LayerChartTimes {
    double distributionsMs = 1e300;
    double gradientMapMs = 1e300;
};

LayerChartTimes measureLayerCharts();

} // namespace relulab::cli
