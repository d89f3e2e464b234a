#pragma once

#include "document/experiment.h"
#include "runner/runspec.h"

#include <functional>
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

// The data set for settings' spec: generated (once per spec, shared by the runs that use it),
// or the one the caller already has.
using DatasetSource = std::function<std::shared_ptr<const Dataset>(const DatasetSpec&)>;
// Generates each spec's data once; `baseDirectory` resolves relative CSV paths.
DatasetSource generatingDatasets(std::string baseDirectory);

struct PreparedRun {
    PlannedRun planned;
    RunSpec spec;
};

// The runs of `experiment` (its sweep's, or the experiment alone), each checked as a run checks
// it. Throws InvalidInput under "experiment "NAME"" for the first that cannot run.
std::vector<PreparedRun> prepareRuns(const Experiment& experiment, bool withSweeps,
                                     const DatasetSource& data);

// A run of `experiment` continued from `parent`'s snapshot after `step` (the parent may be
// another experiment's run: the output layer trained first, then all layers): the parent's
// network, trained `steps` more with the experiment's settings as they are now (its data, lr,
// optimizer, trained layers, sampling), labelled "<parent> from <step>". Throws InvalidInput
// under "experiment "NAME"" when the parent has no such snapshot or another depth.
// `settings`, when given, stand for the experiment's (the window's "Continue from here…" form).
PreparedRun prepareContinuation(const Experiment& experiment, const RunRecord& parent, long step,
                                const DatasetSource& data,
                                const ExperimentSettings* settings = nullptr);

// The runs' memory together (those of every experiment started at once), `threads` training at
// a time (0: every hardware thread). Throws InvalidInput with the plan's numbers past the limit.
void checkRunsMemory(const std::vector<PreparedRun>& runs, int threads);

// Everything `relulab run` checks before it starts an experiment with its sweep, memory too:
// import's, the editor's and the CLI's one validation.
void validateExperiment(const Experiment& experiment, const DatasetSource& data);

} // namespace relulab
