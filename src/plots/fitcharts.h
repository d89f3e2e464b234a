#pragma once

#include "core/dataset.h"
#include "core/network.h"
#include "document/experiment.h"
#include "plots/chart.h"

#include <armadillo>
#include <string>
#include <vector>

namespace relulab {

// Points over the data's inputs (training and test) where 1-D charts evaluate the net.
arma::vec inputGrid(const Dataset& data);

// A 1-D net's fit: the training data, the ground truth (test), the prediction over `grid`,
// its linear pieces where the net is piecewise linear, and each first-layer unit's piece and
// elbow in the unit's colour. With `handles`, the chart offers each first-layer unit's elbow
// (any depth) and a point of its piece (one hidden layer) to drag (Chart.handles).
Chart fitChart(const Network<double>& net, const Dataset& data, const arma::vec& grid,
               const std::string& at, bool handles = false);

// Several runs' fits in one chart, one colour each, at each run's snapshot `snapshots[r]`
// (-1: the last), over the first run's training data and ground truth: a width sweep, or
// seed 003's 1 to 4 hand-set units side by side.
Chart fitsOverlay(const std::vector<const RunRecord*>& runs,
                  const std::vector<const Dataset*>& data, const std::vector<long>& snapshots,
                  const std::string& title);

} // namespace relulab
