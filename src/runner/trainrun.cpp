#include "runner/trainrun.h"

#include "core/classification.h"
#include "core/diagnostics.h"
#include "core/error.h"
#include "core/ridge.h"
#include "runner/fastkernel.h"

#include <chrono>
#include <cmath>
#include <dlfcn.h>
#include <mutex>

namespace relulab {

namespace {

// Runs are the unit of parallelism: OpenBLAS threads inside a run's small products would only
// compete with the other runs. This covers any program using the runner; the relulab executable
// also sets OPENBLAS_NUM_THREADS before OpenBLAS loads (main.cpp), which alone stops the worker
// threads that OpenBLAS starts, and spins, at load time.
void keepBlasSingleThreaded() {
    static std::once_flag once;
    std::call_once(once, [] {
        using SetThreads = void (*)(int);
        if (auto set =
                reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
            set(1);
    });
}

// How often the worker publishes its step and loss; cancellation is checked every step.
constexpr long progressInterval = 64;

// Forward passes over the test and training sets, kept for the whole run so that snapshots
// reuse their memory (fresh matrices of this size would be mapped and faulted in each time).
struct SnapshotBuffers {
    ForwardPass<float> test;
    ForwardPass<float> train;
};

// Fills snapshot column `index`; returns false when the parameters are no longer finite.
// The test error comes from the fast kernel when the run has one: on the homework's 1-layer
// nets the general forward pass over the test set cost 5% of the run.
bool takeSnapshot(const RunSpec& spec, const Network<float>& network, const RunData& data,
                  FastKernel* kernel, const arma::fvec& gradient, double trainError,
                  std::size_t index, SnapshotBuffers& buffers, SnapshotSeries& snapshots) {
    snapshots.parameters.col(index) = network.parameters();
    snapshots.trainError[index] = trainError;
    const std::vector<double> norms = gradientNormPerLayer(network, gradient);
    for (std::size_t l = 0; l < norms.size(); ++l)
        snapshots.gradientNorms(l, index) = norms[l];
    if (data.testX.n_rows > 0 && kernel) {
        snapshots.testError[index] =
            kernel->meanSquaredError(network.parameters().memptr(), data.testX.memptr(),
                                     data.testY.memptr(), data.testX.n_rows);
    } else if (data.testX.n_rows > 0) {
        network.forward(data.testX, buffers.test);
        snapshots.testError[index] = computeLoss(spec.loss, buffers.test.output(), data.testY);
        snapshots.testAccuracy[index] = accuracy(spec.loss, buffers.test.output(), data.testY);
    }
    network.forward(data.trainX, buffers.train); // for the dead units too
    snapshots.trainSetError[index] = computeLoss(spec.loss, buffers.train.output(), data.trainY);
    snapshots.trainAccuracy[index] = accuracy(spec.loss, buffers.train.output(), data.trainY);
    const auto dead = deadUnitCounts(deadUnits(network, buffers.train));
    for (std::size_t l = 0; l < dead.size(); ++l)
        snapshots.deadUnits(l, index) = dead[l] ? *dead[l] : -1;
    snapshots.count = index + 1;
    return network.parameters().is_finite();
}

// The output layer from ridge regression on the initial net's penultimate features, solved in
// double as the homework does with numpy, then stored in float32.
void fitOutputLayer(Network<float>& network, const RunData& data, double lambda) {
    Network<double> exact(network.architecture());
    exact.parameters() = arma::conv_to<arma::vec>::from(network.parameters());
    fitOutputLayerByRidge(exact, arma::conv_to<arma::mat>::from(data.trainX),
                          arma::conv_to<arma::mat>::from(data.trainY), lambda);
    network.parameters() = arma::conv_to<arma::fvec>::from(exact.parameters());
}

const RunSpec& validated(const RunSpec& spec) {
    spec.validate();
    return spec;
}

} // namespace

RunData::RunData(const Dataset& data)
    : trainX(arma::conv_to<arma::fmat>::from(data.trainX))
    , trainY(arma::conv_to<arma::fmat>::from(data.trainY))
    , testX(arma::conv_to<arma::fmat>::from(data.testX))
    , testY(arma::conv_to<arma::fmat>::from(data.testY)) {}

RunStart::RunStart(const RunSpec& spec, RunResult& result)
    : network(validated(spec).architecture)
    , data(*spec.data)
    , snapshotSteps(spec.snapshotSteps()) {
    if (spec.from) {
        network.parameters() = spec.from->parameters;
    } else {
        initializeNetwork(network, spec.initializers, spec.initSeed);
        if (spec.ridgeLambda)
            fitOutputLayer(network, data, *spec.ridgeLambda);
    }
    result.initialParameters = network.parameters();
    result.snapshots.allocate(snapshotSteps, network.parameterCount(), network.layerCount());
}

void endRun(RunResult& result, RunProgress& progress, RunStatus status, std::string message,
            std::chrono::steady_clock::time_point started) {
    result.status = status;
    result.message = std::move(message);
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.step.store(result.stepsDone);
    progress.status.store(status); // last
}

std::string lossBecameMessage(double loss, long step) {
    return "the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " +
           std::to_string(step);
}

std::string parametersBecameMessage(long step) {
    return "the parameters became non-finite by step " + std::to_string(step);
}

void trainRun(const RunSpec& spec, RunProgress& progress, RunResult& result) {
    keepBlasSingleThreaded();
    const auto start = std::chrono::steady_clock::now();
    auto finish = [&](RunStatus status, std::string message = {}) {
        endRun(result, progress, status, std::move(message), start);
    };
    auto publish = [&](std::size_t snapshots) {
        progress.snapshotsPublished.store(snapshots, std::memory_order_release);
    };
    try {
        RunStart start(spec, result);
        Network<float>& network = start.network;
        const RunData& data = start.data;
        TrainingLoop<float> loop(network, data.trainX, data.trainY, spec.loss, spec.training);
        const long first = spec.firstStep();
        loop.skipBatches(first);
        std::unique_ptr<FastKernel> kernel;
        result.backend = "cpu-general";
        const std::size_t batch = spec.training.sampling == SamplingKind::FullBatch
                                      ? data.trainX.n_rows
                                      : spec.training.batchSize;
        const Isa isa = detectIsa();
        if (spec.allowFastKernel && fastKernelSupports(spec.architecture, spec.loss, batch, isa)) {
            kernel = makeFastKernel(spec.architecture, data.trainX.memptr(), data.trainY.memptr(),
                                    batch, isa);
            loop.setBatchKernel(kernel.get());
            result.backend = "cpu-" + std::string(isaName(isa));
        }
        const std::vector<long>& snapshotSteps = start.snapshotSteps;
        SnapshotBuffers buffers;
        progress.status.store(RunStatus::Running);

        if (spec.steps == 0) { // the initial net, judged on the whole training set
            arma::fvec gradient;
            const float loss =
                lossAndGradient(network, data.trainX, data.trainY, spec.loss, gradient);
            const bool finite = takeSnapshot(spec, network, data, kernel.get(), gradient, loss, 0,
                                             buffers, result.snapshots);
            publish(1);
            result.finalParameters = network.parameters();
            if (!finite || !std::isfinite(loss))
                return finish(RunStatus::Diverged, "the initial net's loss is not finite");
            return finish(RunStatus::Finished);
        }

        std::size_t nextSnapshot = 0;
        for (long step = first + 1; step <= first + spec.steps; ++step) {
            const float loss = loop.step();
            result.stepsDone = step - first;
            if (!std::isfinite(loss)) {
                result.finalParameters = network.parameters();
                return finish(RunStatus::Diverged, lossBecameMessage(loss, step));
            }
            if (nextSnapshot < snapshotSteps.size() && step == snapshotSteps[nextSnapshot]) {
                const bool finite =
                    takeSnapshot(spec, network, data, kernel.get(), loop.lastGradient(), loss,
                                 nextSnapshot, buffers, result.snapshots);
                publish(++nextSnapshot);
                if (!finite) {
                    result.finalParameters = network.parameters();
                    return finish(RunStatus::Diverged, parametersBecameMessage(step));
                }
            }
            if (step % progressInterval == 0) {
                progress.step.store(step - first, std::memory_order_relaxed);
                progress.trainError.store(loss, std::memory_order_relaxed);
            }
            if (progress.cancelRequested.load(std::memory_order_relaxed)) {
                result.finalParameters = network.parameters();
                return finish(RunStatus::Cancelled);
            }
        }
        result.finalParameters = network.parameters();
        return finish(RunStatus::Finished);
    } catch (const InvalidInput& error) {
        return finish(RunStatus::Failed, error.what());
    } catch (const std::exception& error) {
        return finish(RunStatus::Failed, std::string("internal error: ") + error.what());
    }
}

RunResult trainRun(const RunSpec& spec, RunProgress& progress) {
    RunResult result;
    trainRun(spec, progress, result);
    return result;
}

} // namespace relulab
