// The CUDA backend behind the runner's Accelerator interface: the host's side. Each run is set
// up as on the CPU (RunStart: validation, initialisation, ridge fit), runs of one shape train
// together on a DeviceTrainer, and their snapshots come back after every launch.
#include "gpu/cudaaccelerator.h"
#include "core/error.h"
#include "core/optimizer.h"
#include "core/sampler.h"
#include "gpu/devicetrainer.h"
#include "runner/homeworkshape.h"
#include "runner/trainrun.h"

#include <chrono>
#include <map>
#include <stdexcept>
#include <tuple>

namespace relulab {

// The device code's ints are the core's enum values (gpu/devicetrainer.h says why they are ints),
// and its widest layer is the homework's.
static_assert(static_cast<int>(OptimizerKind::Sgd) == gpu::sgdKind);
static_assert(static_cast<int>(OptimizerKind::Adam) == gpu::adamKind);
static_assert(static_cast<int>(SamplingKind::WithoutReplacement) ==
              gpu::withoutReplacementSampling);
static_assert(static_cast<int>(SamplingKind::WithReplacement) == gpu::withReplacementSampling);
static_assert(static_cast<int>(SamplingKind::FullBatch) == gpu::fullBatchSampling);
static_assert(gpu::maxWidth == homeworkMaxWidth,
              "the kernels' per-lane arrays are sized for the homework's widest layer");

namespace {

// Steps per kernel launch: snapshots reach the caller, and cancellation takes effect, between
// launches. A few milliseconds of device time for the homework's nets (the CPU's emulation of
// the device takes a millisecond a step).
#ifdef RELULAB_CUDA_EMULATION
constexpr long stepsPerLaunch = 100;
#else
constexpr long stepsPerLaunch = 5000;
#endif
constexpr std::size_t largestTrainingSet = 1 << 20;
constexpr int largestBatch = 4096; // a 2-layer run keeps 6 x width x batch floats at hand

gpu::NetShape shapeOf(const RunSpec& spec) {
    const auto& layers = spec.architecture.layers;
    gpu::NetShape shape;
    shape.hiddenLayers = static_cast<int>(layers.size()) - 1;
    shape.width = layers.front().units;
    shape.activation = layers.front().activation.kind;
    shape.activationParameter = static_cast<float>(layers.front().activation.parameter);
    shape.sampling = static_cast<int>(spec.training.sampling);
    shape.batch = spec.training.sampling == SamplingKind::FullBatch
                      ? static_cast<int>(spec.data->trainX.n_rows)
                      : static_cast<int>(spec.training.batchSize);
    return shape;
}

auto shapeKey(const gpu::NetShape& s) {
    return std::make_tuple(s.hiddenLayers, s.width, s.activation, s.activationParameter, s.batch,
                           s.sampling);
}

gpu::OptimizerSettings optimizerOf(const RunSpec& spec) {
    const OptimizerSpec& o = spec.training.optimizer;
    gpu::OptimizerSettings settings;
    settings.kind = static_cast<int>(o.kind);
    settings.learningRate = o.learningRate;
    settings.momentum = o.momentum;
    settings.weightDecay = o.weightDecay;
    settings.beta1 = o.beta1;
    settings.beta2 = o.beta2;
    settings.epsilon = o.epsilon;
    const std::vector<bool>& trainable = spec.training.trainableLayers;
    if (!trainable.empty()) {
        settings.trainableLayers = 0;
        for (std::size_t l = 0; l < trainable.size(); ++l)
            if (trainable[l])
                settings.trainableLayers |= 1u << l;
    }
    return settings;
}

// One run on its way through the device.
struct DeviceBound {
    std::size_t index; // into the caller's spans
    std::unique_ptr<RunStart> start;
    gpu::NetShape shape;
    gpu::DeviceRun run;
};

class CudaAccelerator final : public Accelerator {
public:
    explicit CudaAccelerator(gpu::DeviceProbe probe)
        : m_probe(std::move(probe)) {}

    std::string name() const override { return "cuda: " + m_probe.name; }

    bool accepts(const RunSpec& spec, std::string& why) const override {
        if (!spec.allowFastKernel)
            why = "the general path was asked for";
        else if (const auto mismatch = homeworkShapeMismatch(spec.architecture, spec.loss))
            why = "the GPU trains " + *mismatch;
        else if (spec.steps < 1)
            why = "a run of 0 steps only evaluates the initial net";
        else if (spec.from)
            why = "a run continued from a snapshot trains on the CPU";
        else if (!spec.data || spec.data->trainX.n_rows > largestTrainingSet)
            why = "the GPU takes training sets of up to 1048576 samples";
        else if (shapeOf(spec).batch > largestBatch)
            why = "the GPU takes batches of up to 4096 samples";
        else
            return true;
        return false;
    }

    void train(std::span<const RunSpec* const> specs, std::span<RunProgress* const> progress,
               std::span<RunResult* const> results) override {
        const auto started = std::chrono::steady_clock::now();
        auto finish = [&](std::size_t i, RunStatus status, std::string message) {
            endRun(*results[i], *progress[i], status, std::move(message), started);
        };

        // Set up every run as the CPU does, then group them by shape.
        std::map<decltype(shapeKey(gpu::NetShape{})), std::vector<DeviceBound>> groups;
        for (std::size_t i = 0; i < specs.size(); ++i) {
            const RunSpec& spec = *specs[i];
            results[i]->backend = name();
            DeviceBound bound{i, nullptr, {}, {}};
            try {
                bound.start = std::make_unique<RunStart>(spec, *results[i]);
            } catch (const InvalidInput& error) {
                finish(i, RunStatus::Failed, error.what());
                continue;
            }
            const RunData& data = bound.start->data;
            bound.shape = shapeOf(spec);
            gpu::DeviceRun& run = bound.run;
            run.dataKey = spec.data.get();
            run.trainX = data.trainX.memptr();
            run.trainY = data.trainY.memptr();
            run.trainCount = static_cast<int>(data.trainX.n_rows);
            run.testX = data.testX.memptr();
            run.testY = data.testY.memptr();
            run.testCount = static_cast<int>(data.testX.n_rows);
            run.samplingSeed = BatchSampler::streamSeed(spec.training.samplingSeed);
            run.steps = spec.steps;
            run.snapshotEvery = spec.snapshotEvery;
            run.optimizer = optimizerOf(spec);
            const arma::fvec& initial = bound.start->network.parameters();
            run.initialParameters.assign(initial.begin(), initial.end());
            progress[i]->status.store(RunStatus::Running);
            groups[shapeKey(bound.shape)].push_back(std::move(bound));
        }

        struct Group {
            std::vector<DeviceBound> runs;
            std::unique_ptr<gpu::DeviceTrainer> trainer;
            bool active = true;
        };
        std::vector<Group> active;
        for (auto& [key, runs] : groups) {
            Group group{std::move(runs), nullptr, true};
            std::vector<gpu::DeviceRun> deviceRuns;
            for (const DeviceBound& bound : group.runs)
                deviceRuns.push_back(bound.run);
            try {
                group.trainer =
                    std::make_unique<gpu::DeviceTrainer>(group.runs.front().shape, deviceRuns);
            } catch (const std::exception& error) {
                for (const DeviceBound& bound : group.runs)
                    finish(bound.index, RunStatus::Failed, std::string("GPU: ") + error.what());
                continue;
            }
            active.push_back(std::move(group));
        }

        // Every group a launch in turn, so that all of them move on together.
        bool anyActive = !active.empty();
        while (anyActive) {
            anyActive = false;
            for (Group& group : active) {
                if (!group.active)
                    continue;
                gpu::DeviceTrainer& trainer = *group.trainer;
                for (int r = 0; r < trainer.runCount(); ++r)
                    if (progress[group.runs[r].index]->cancelRequested.load())
                        trainer.cancel(r);
                try {
                    group.active = trainer.advance(stepsPerLaunch);
                    collect(group.runs, trainer, progress, results, finish);
                } catch (const std::exception& error) {
                    for (const DeviceBound& bound : group.runs)
                        if (!hasEnded(results[bound.index]->status))
                            finish(bound.index, RunStatus::Failed,
                                   std::string("GPU: ") + error.what());
                    group.active = false;
                }
                anyActive = anyActive || group.active;
            }
        }
    }

private:
    // The snapshots of the last launch into the results, published; ended runs finished.
    template <class Finish>
    static void collect(const std::vector<DeviceBound>& runs, gpu::DeviceTrainer& trainer,
                        std::span<RunProgress* const> progress, std::span<RunResult* const> results,
                        Finish& finish) {
        for (int r = 0; r < trainer.runCount(); ++r) {
            const std::size_t i = runs[r].index;
            RunResult& result = *results[i];
            if (hasEnded(result.status))
                continue;
            const gpu::DeviceRunState& state = trainer.state(r);
            SnapshotSeries& snapshots = result.snapshots;
            const int layers = runs[r].shape.hiddenLayers + 1;
            const int fresh = trainer.newSnapshots(r);
            for (int k = 0; k < fresh; ++k) {
                const std::size_t column = state.snapshotsDone - fresh + k;
                if (column >= snapshots.steps.size())
                    break;
                const float* parameters = trainer.snapshotParameters(r, k);
                const double* statistics = trainer.snapshotStatistics(r, k);
                std::copy(parameters, parameters + snapshots.parameters.n_rows,
                          snapshots.parameters.colptr(column));
                snapshots.trainError[column] = statistics[0];
                snapshots.testError[column] = statistics[1];
                for (int l = 0; l < layers; ++l)
                    snapshots.gradientNorms(l, column) = statistics[2 + l];
                for (int l = 0; l + 1 < layers; ++l)
                    snapshots.deadUnits(l, column) =
                        static_cast<arma::sword>(statistics[2 + layers + l]);
                snapshots.trainSetError[column] = statistics[2 + layers + (layers - 1)];
                snapshots.count = column + 1;
            }
            progress[i]->snapshotsPublished.store(snapshots.count, std::memory_order_release);
            result.stepsDone = state.stepsDone;
            progress[i]->step.store(state.stepsDone, std::memory_order_relaxed);
            progress[i]->trainError.store(state.lastLoss, std::memory_order_relaxed);
            if (state.status == gpu::DeviceRunStatus::Running)
                continue;
            const std::vector<float> final = trainer.parameters(r);
            result.finalParameters = arma::fvec(final);
            switch (state.status) {
            case gpu::DeviceRunStatus::Finished:
                finish(i, RunStatus::Finished, {});
                break;
            case gpu::DeviceRunStatus::LossDiverged:
                finish(i, RunStatus::Diverged, lossBecameMessage(state.lastLoss, state.stepsDone));
                break;
            case gpu::DeviceRunStatus::ParametersDiverged:
                finish(i, RunStatus::Diverged, parametersBecameMessage(state.stepsDone));
                break;
            case gpu::DeviceRunStatus::Cancelled:
            case gpu::DeviceRunStatus::Running:
                finish(i, RunStatus::Cancelled, {});
                break;
            }
        }
    }

    gpu::DeviceProbe m_probe;
};

} // namespace

bool builtWithCuda() {
    return true;
}

std::shared_ptr<Accelerator> makeCudaAccelerator(std::string& whyNot) {
    gpu::DeviceProbe probe = gpu::probeDevice();
    if (!probe.usable) {
        whyNot = probe.whyNot;
        return nullptr;
    }
    return std::make_shared<CudaAccelerator>(std::move(probe));
}

} // namespace relulab
