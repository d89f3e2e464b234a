#pragma once

#include "document/experiment.h"
#include "runner/runspec.h"

#include <memory>
#include <string>
#include <vector>

namespace relulab {

struct PlannedRun {
    std::string label;
    ExperimentSettings settings;
};

// One run per combination of the experiment's sweep (just the experiment without one), labelled
// by the values that vary: "width 20, lr 0.02".
std::vector<PlannedRun> planRuns(const Experiment& experiment);

// The runner's spec for settings and their generated data. Throws InvalidInput naming the field
// when the settings cannot run (the data set's, the network's, the training's).
RunSpec makeRunSpec(const std::string& label, const ExperimentSettings& settings,
                    std::shared_ptr<const Dataset> data);

// Checks everything a run would check, generating the data: the editor's and the CLI's
// validation. `baseDirectory` resolves relative CSV paths.
void validateSettings(const ExperimentSettings& settings, const std::string& baseDirectory);

} // namespace relulab
