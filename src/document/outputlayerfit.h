#pragma once

#include "document/experiment.h"

#include <string>

namespace relulab {

// An experiment's settings with its output layer set by hand to the least-squares fit for the
// layers before it as their initializers make them (seed 003's elbows placed by hand): the
// ridge regression of the training targets on [penultimate features, 1] with penalty `lambda`
// (the bias penalised too, as core/ridge.h), stored as the output layer's `values`
// initializer. Also the fit's training MSE.
struct OutputLayerFit {
    ExperimentSettings settings;
    double trainingMse = 0.0;
};

// Throws InvalidInput naming what stops it (no identity output or not the mse loss, a data set
// that cannot load, settings that cannot make the net).
OutputLayerFit fitOutputLayer(const ExperimentSettings& settings, double lambda,
                              const std::string& baseDirectory = {});

} // namespace relulab
