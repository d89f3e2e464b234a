#pragma once

#include "core/network.h"
#include "document/experiment.h"

#include <cstddef>

namespace relulab {

// Building a 1-D net by hand before training (seed 000's elbows in [0, 1], seed 003's shifted
// ReLUs): edits of an experiment's initial parameters, each returning the settings with every
// layer's initializer `values`, so that the parameters not edited stay as they were drawn (a
// seeded draw of one layer depends on the layers drawn before it).

// The experiment's net as its initializers and seed make it, judged on the whole training set
// as a run of 0 steps is (one snapshot, labelled `label`): the panels' preview before training.
// The first snapshot of a full-batch run that training then makes has the same loss and
// gradient. Throws for settings or a data set that cannot make the run.
RunRecord untrainedRun(ExperimentSettings settings, const std::string& baseDirectory,
                       const std::string& label);

// The net an experiment starts from, as a run draws it (in float32, from its initializers and
// seed), in double.
Network<double> initialNetwork(const ExperimentSettings& settings);

// `settings` whose every layer is a `values` initializer: the values typed stay as they are,
// the other layers take `net`'s parameters (initialNetwork's).
ExperimentSettings withInitialValues(const ExperimentSettings& settings,
                                     const Network<double>& net);

// First-layer unit `unit`'s elbow moved to x: its bias becomes -w x (w as the values hold it,
// a run rounding both to float32), its weight w kept. Throws
// InvalidInput for a net whose input is not 1-D or without a hidden layer, a unit out of range,
// a unit of weight 0 (it has no elbow) or an x that is no finite number.
ExperimentSettings withElbowAt(const ExperimentSettings& settings, std::size_t unit, double x);

// A net of one hidden layer: unit `unit`'s piece out act(w x + b) made to pass through (x, y)
// by its output weight, out = y / act(w x + b); its elbow stays. Throws InvalidInput where the
// piece is 0 at x (no output weight moves it there) or the net is not of that shape.
ExperimentSettings withPieceThrough(const ExperimentSettings& settings, std::size_t unit, double x,
                                    double y);

} // namespace relulab
