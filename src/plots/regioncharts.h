#pragma once

#include "core/dataset.h"
#include "core/loss.h"
#include "core/network.h"
#include "document/experiment.h"
#include "plots/chart.h"
#include "plots/surfacecharts.h"

#include <optional>
#include <string>

namespace relulab {

// Whether the net's function is piecewise linear (relu, leaky_relu and identity layers only):
// the nets whose linear regions and breakpoints exist.
bool isPiecewiseLinear(const Architecture& architecture);

// The net restricted to the plane: a net of 2 inputs whose first layer takes the plane's two
// inputs, the others folded into its bias at their values on the plane. Exact: it computes what
// the whole net computes at every point of the plane.
Network<double> planeNet(const Network<double>& net, const InputPlane& plane);

// The exact linear regions of a piecewise linear net over the plane's box, outlined over its
// surface, with the count in the title.
Chart linearRegionsChart(const Network<double>& net, LossKind loss, const InputPlane& plane,
                         const std::string& at);

// Linear regions (2 or more inputs: over the plane; 1 input: pieces over the data's range)
// against iterations, at up to `samples` snapshots spread over the run and the last one.
Chart regionCountChart(const RunRecord& run, const std::optional<InputPlane>& plane, double low,
                       double high, std::size_t samples = 60);

} // namespace relulab
