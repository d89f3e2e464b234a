#pragma once

#include "core/architecture.h"
#include "core/datasetspec.h"
#include "core/initializer.h"
#include "core/loss.h"
#include "core/training.h"
#include "runner/runresult.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace relulab {

// What one run needs, as the user set it: stored with every run "as it was".
struct ExperimentSettings {
    DatasetSpec dataset; // its seed is the experiment's data seed
    Architecture architecture;
    std::vector<InitializerSpec> initializers; // one per layer
    std::uint64_t initSeed = 0;
    LossKind loss = LossKind::Mse;
    TrainingSpec training; // optimizer, trainable layers, sampling, batch size, sampling seed
    long steps = 1000;
    long snapshotEvery = 100;
    std::optional<double> ridgeLambda; // fit the output layer by ridge first

    bool operator==(const ExperimentSettings&) const = default;
};

// Values to sweep over: every combination becomes a run. Empty lists keep the setting.
struct SweepSpec {
    std::vector<int> widths;       // every hidden layer's units
    std::vector<int> hiddenLayers; // depth: copies of the last hidden layer (and its initializer)
    std::vector<std::uint64_t> initSeeds;
    std::vector<double> learningRates;

    // More would be a plan, not an experiment: each run is trained and stored.
    static constexpr std::size_t maxRuns = 10'000;

    bool operator==(const SweepSpec&) const = default;
    // Every combination of the lists (saturating at the largest size_t).
    std::size_t runCount() const {
        std::size_t runs = 1;
        for (const std::size_t values :
             {widths.size(), hiddenLayers.size(), initSeeds.size(), learningRates.size()})
            if (__builtin_mul_overflow(runs, std::max<std::size_t>(values, 1), &runs))
                return SIZE_MAX;
        return runs;
    }
    bool empty() const {
        return widths.empty() && hiddenLayers.empty() && initSeeds.empty() && learningRates.empty();
    }
};

// The run and snapshot a continued run started from.
struct RunParent {
    std::string uid;
    long step = 0; // the parent's snapshot after this step
    bool operator==(const RunParent&) const = default;
};

// One training run of an experiment and its results.
struct RunRecord {
    std::string uid;
    std::string label;     // "width 10, seed 3", or the experiment's name
    std::string startedAt; // ISO 8601, UTC
    ExperimentSettings settings;
    RunResult result;
    std::optional<RunParent> parent = {}; // none: trained from its initialization
};

// A run's record without its parameters (initial, final, every snapshot's: the bulk of a
// run): what a chart of its errors, or a list of its snapshots, needs.
inline RunRecord withoutParameters(const RunRecord& run) {
    RunRecord light{run.uid, run.label, run.startedAt, run.settings, {}, run.parent};
    const RunResult& r = run.result;
    light.result.status = r.status;
    light.result.message = r.message;
    light.result.stepsDone = r.stepsDone;
    light.result.wallSeconds = r.wallSeconds;
    light.result.backend = r.backend;
    light.result.backendNote = r.backendNote;
    SnapshotSeries& s = light.result.snapshots;
    s.steps = r.snapshots.steps;
    s.trainError = r.snapshots.trainError;
    s.testError = r.snapshots.testError;
    s.trainSetError = r.snapshots.trainSetError;
    s.trainAccuracy = r.snapshots.trainAccuracy;
    s.testAccuracy = r.snapshots.testAccuracy;
    s.count = r.snapshots.count;
    return light;
}

struct Experiment {
    std::string uid;
    std::string name;
    std::string notes; // markdown
    ExperimentSettings settings;
    SweepSpec sweep;
    std::vector<RunRecord> runs;
};

// Everything of `experiment` but its runs (which can be large): what an edit changes.
inline Experiment withoutRuns(const Experiment& experiment) {
    return {experiment.uid,      experiment.name,  experiment.notes,
            experiment.settings, experiment.sweep, {}};
}

struct Notebook {
    std::vector<Experiment> experiments;

    Experiment* find(const std::string& name);
    const Experiment* find(const std::string& name) const;
    // "continued from "EXPERIMENT / RUN" after step N", the parent found by uid ("a deleted
    // run" when it is gone).
    std::string describeParent(const RunParent& parent) const;
};

// A fresh unique id for experiments and runs.
std::string newUid();

} // namespace relulab
