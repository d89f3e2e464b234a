#include "document/runplan.h"

#include "core/error.h"
#include "core/numbertext.h"
#include "runner/memoryplan.h"

#include <algorithm>
#include <thread>

namespace relulab {

namespace {

// Sets every hidden layer's width, or the depth by repeating the last hidden layer.
void setWidth(ExperimentSettings& settings, int width) {
    for (std::size_t l = 0; l + 1 < settings.architecture.layers.size(); ++l)
        settings.architecture.layers[l].units = width;
}

void setHiddenLayers(ExperimentSettings& settings, int hidden) {
    auto& layers = settings.architecture.layers;
    if (layers.size() < 2)
        throw InvalidInput("sweep.hidden_layers", "needs a net with a hidden layer to repeat",
                           {SettingField::SweepHiddenLayers});
    if (hidden < 1 || hidden >= Architecture::maxLayers)
        throw InvalidInput("sweep.hidden_layers",
                           "must be between 1 and " + std::to_string(Architecture::maxLayers - 1),
                           {SettingField::SweepHiddenLayers});
    const LayerSpec output = layers.back();
    const LayerSpec last = layers[layers.size() - 2];
    layers.resize(static_cast<std::size_t>(hidden), last);
    layers.push_back(output);
    auto& inits = settings.initializers;
    if (!inits.empty()) {
        const InitializerSpec outputInit = inits.back();
        const InitializerSpec lastInit = inits[inits.size() - 2];
        inits.resize(static_cast<std::size_t>(hidden), lastInit);
        inits.push_back(outputInit);
    }
    auto& trainable = settings.training.trainableLayers;
    if (!trainable.empty()) {
        const bool outputTrains = trainable.back();
        const bool lastTrains = trainable[trainable.size() - 2];
        trainable.resize(static_cast<std::size_t>(hidden), lastTrains);
        trainable.push_back(outputTrains);
    }
}

template <typename T> std::vector<std::optional<T>> orNothing(const std::vector<T>& values) {
    if (values.empty())
        return {std::nullopt};
    return {values.begin(), values.end()};
}

} // namespace

std::vector<PlannedRun> planRuns(const Experiment& experiment) {
    std::vector<PlannedRun> runs;
    const SweepSpec& sweep = experiment.sweep;
    if (const std::size_t count = sweep.runCount(); count > SweepSpec::maxRuns)
        throw InvalidInput(
            "sweep",
            "makes " +
                (count == SIZE_MAX ? std::string("more than 10^19") : std::to_string(count)) +
                " runs; a sweep makes at most " + std::to_string(SweepSpec::maxRuns) +
                " (shorten its lists)");
    for (const auto depth : orNothing(sweep.hiddenLayers))
        for (const auto width : orNothing(sweep.widths))
            for (const auto lr : orNothing(sweep.learningRates))
                for (const auto seed : orNothing(sweep.initSeeds)) {
                    PlannedRun run{{}, experiment.settings};
                    std::string label;
                    auto add = [&label](const std::string& part) {
                        label += (label.empty() ? "" : ", ") + part;
                    };
                    if (depth) {
                        setHiddenLayers(run.settings, *depth);
                        add(std::to_string(*depth) + " hidden");
                    }
                    if (width) {
                        setWidth(run.settings, *width);
                        add("width " + std::to_string(*width));
                    }
                    if (lr) {
                        run.settings.training.optimizer.learningRate = *lr;
                        add("lr " + shortNumber(*lr));
                    }
                    if (seed) {
                        run.settings.initSeed = *seed;
                        add("seed " + std::to_string(*seed));
                    }
                    run.label = label.empty() ? experiment.name : label;
                    runs.push_back(std::move(run));
                }
    return runs;
}

RunSpec makeRunSpec(const std::string& label, const ExperimentSettings& settings,
                    std::shared_ptr<const Dataset> data) {
    RunSpec spec;
    spec.name = label;
    spec.architecture = settings.architecture;
    spec.initializers = settings.initializers;
    spec.initSeed = settings.initSeed;
    spec.loss = settings.loss;
    spec.training = settings.training;
    spec.steps = settings.steps;
    spec.snapshotEvery = settings.snapshotEvery;
    spec.ridgeLambda = settings.ridgeLambda;
    spec.data = std::move(data);
    if (!spec.training.trainableLayers.empty() &&
        spec.training.trainableLayers.size() != spec.architecture.layers.size())
        throw InvalidInput("training.trainable_layers", "expected one flag per layer",
                           {SettingField::TrainableLayers});
    const int inputs = settings.dataset.kind == DatasetKind::Csv && spec.data
                           ? static_cast<int>(spec.data->trainX.n_cols)
                           : settings.dataset.inputDimension();
    if (inputs != settings.architecture.inputs)
        throw InvalidInput("network.inputs",
                           "is " + std::to_string(settings.architecture.inputs) +
                               " but the data set has " + std::to_string(inputs) + " input(s)",
                           {SettingField::NetworkInputs});
    spec.validate();
    return spec;
}

DatasetSource generatingDatasets(std::string baseDirectory) {
    auto made =
        std::make_shared<std::vector<std::pair<DatasetSpec, std::shared_ptr<const Dataset>>>>();
    return [made, baseDirectory = std::move(baseDirectory)](const DatasetSpec& spec) {
        for (const auto& [known, data] : *made)
            if (known == spec)
                return data;
        auto data = std::make_shared<const Dataset>(generateDataset(spec, baseDirectory));
        made->emplace_back(spec, data);
        return data;
    };
}

std::vector<PreparedRun> prepareRuns(const Experiment& experiment, bool withSweeps,
                                     const DatasetSource& data) {
    std::vector<PreparedRun> prepared;
    try {
        std::vector<PlannedRun> plan =
            withSweeps ? planRuns(experiment)
                       : std::vector<PlannedRun>{{experiment.name, experiment.settings}};
        for (PlannedRun& planned : plan) {
            try {
                planned.settings.architecture.validate();
                RunSpec spec =
                    makeRunSpec(planned.label, planned.settings, data(planned.settings.dataset));
                prepared.push_back({std::move(planned), std::move(spec)});
            } catch (const InvalidInput& error) {
                if (plan.size() == 1)
                    throw;
                throw error.under("run \"" + planned.label + "\"");
            }
        }
    } catch (const InvalidInput& error) {
        throw error.under("experiment \"" + experiment.name + "\"");
    }
    return prepared;
}

PreparedRun prepareContinuation(const Experiment& experiment, const RunRecord& parent, long step,
                                const DatasetSource& data, const ExperimentSettings* settings) {
    const ExperimentSettings& chosen = settings ? *settings : experiment.settings;
    try {
        const SnapshotSeries& s = parent.result.snapshots;
        std::size_t index = 0;
        while (index < s.count && s.steps[index] != step)
            ++index;
        if (index == s.count) {
            std::string steps;
            for (std::size_t i = 0; i < s.count && i < 8; ++i)
                steps += (i ? ", " : "") + std::to_string(s.steps[i]);
            if (s.count > 8)
                steps += ", ..., " + std::to_string(s.steps[s.count - 1]);
            throw InvalidInput("from", "run \"" + parent.label + "\" has no snapshot at step " +
                                           std::to_string(step) +
                                           (s.count ? "; its snapshots: " + steps : ""));
        }
        // The parent's network (a width sweep's run has its own width), the experiment's
        // training: its depth must be the parent's for its layer flags to apply.
        const Architecture& a = parent.settings.architecture;
        const Architecture& now = chosen.architecture;
        if (a.inputs != now.inputs || a.layers.size() != now.layers.size())
            throw InvalidInput(
                "from",
                "run \"" + parent.label + "\" has " + std::to_string(a.layers.size()) +
                    " layers on " + std::to_string(a.inputs) + " input(s), the experiment " +
                    std::to_string(now.layers.size()) + " on " + std::to_string(now.inputs) +
                    ": a continued run keeps its parent's network",
                {SettingField::NetworkLayers});
        PlannedRun planned{parent.label + " from " + std::to_string(step), chosen};
        planned.settings.architecture = a;
        planned.settings.ridgeLambda.reset(); // the start is the snapshot's, not a fit
        RunSpec spec = makeRunSpec(planned.label, planned.settings, data(planned.settings.dataset));
        spec.from = RunStartPoint{s.parameters.col(index), step};
        spec.validate();
        return {std::move(planned), std::move(spec)};
    } catch (const InvalidInput& error) {
        throw error.under("experiment \"" + experiment.name + "\"");
    }
}

void checkRunsMemory(const std::vector<PreparedRun>& runs, int threads) {
    std::vector<const RunSpec*> specs;
    for (const PreparedRun& run : runs)
        specs.push_back(&run.spec);
    const unsigned hardware = std::max(std::thread::hardware_concurrency(), 1u);
    checkMemory(specs, threads > 0 ? static_cast<std::size_t>(threads) : hardware);
}

void validateExperiment(const Experiment& experiment, const DatasetSource& data) {
    const std::vector<PreparedRun> runs = prepareRuns(experiment, true, data);
    try {
        checkRunsMemory(runs, 0);
    } catch (const InvalidInput& error) {
        throw error.under("experiment \"" + experiment.name + "\"");
    }
}

} // namespace relulab
