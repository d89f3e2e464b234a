#pragma once

#include "core/loss.h"
#include "core/network.h"
#include "plots/chart.h"
#include "runner/runresult.h"

#include <string>

namespace relulab {

// Train (the whole training set) and test accuracy against iterations, in percent.
Chart accuracyChart(const SnapshotSeries& snapshots);

// How the samples of each true class were classified, counts written in the cells; `set` names
// the samples ("train", "test") in the title; the note counts the right ones.
Chart confusionChart(const Network<double>& net, LossKind loss, const arma::mat& x,
                     const arma::mat& y, const std::string& set, const std::string& id,
                     const std::string& at);

} // namespace relulab
