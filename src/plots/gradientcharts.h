#pragma once

#include "core/dataset.h"
#include "core/layerinspection.h"
#include "document/experiment.h"
#include "plots/chart.h"

#include <string>
#include <vector>

namespace relulab {

// "hidden 1", ..., "output": an index axis's names for a net's layers.
std::vector<std::string> layerNames(std::size_t layerCount);

// The run's parameters where it started (its initial ones; runs of older notebooks: the first
// snapshot's) and at snapshot `index`.
arma::vec initialParameters(const RunRecord& run);
arma::vec snapshotParameters(const RunRecord& run, std::size_t index);

// The batch gradient's norm per layer against iterations, as training saw it.
Chart gradientsChart(const SnapshotSeries& s);

// That norm per layer at the first snapshot beside the one shown (`index`).
Chart gradientBars(const SnapshotSeries& s, std::size_t index, const std::string& at);

// The training set's loss gradient norm per layer (log y) at initialization and at snapshot
// `index`: where along the depth a net's gradient vanishes.
Chart depthProfile(const RunRecord& run, const Dataset& data, std::size_t index,
                   const std::string& at);

// The same for several runs (a depth sweep), one colour each: dashed at initialization, solid
// at each run's snapshot `snapshots[r]` (-1: the last). Layers are numbered from the input, so
// that each line ends at its own output layer.
Chart depthProfileOverlay(const std::vector<const RunRecord*>& runs,
                          const std::vector<const Dataset*>& data,
                          const std::vector<long>& snapshots, const std::string& title);

// What a layer's map shows: dL/dW (and dL/db), W (and b), or their change since initialization.
enum class ParameterMapKind { Gradient, Weights, Change };

// Layer `layer` of the net at the snapshot as a signed heatmap: a row per unit, a column per
// input, then the bias; with `logMagnitude` log10 |value| instead (0 grey). Exact zeros (a dead
// unit's gradient) are grey either way. `initial` is the layer at initialization (for Change).
Chart parameterMap(ParameterMapKind kind, const LayerInspection& shown,
                   const LayerInspection& initial, std::size_t layer, std::size_t layerCount,
                   bool logMagnitude, const std::string& at);

} // namespace relulab
