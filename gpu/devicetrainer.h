#pragma once

// The CUDA trainer's host interface: plain C++ (no CUDA, Qt or Armadillo headers), so that the
// runner's side of the backend builds with the host compiler and the kernels with nvcc alone.

#include "core/activationmath.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace relulab::gpu {

// The values of the core's enums that the device code switches on, as plain ints: their headers
// are out of nvcc's reach (core/optimizer.h includes Armadillo; core/sampler.h is C++20, with
// <span>, and nvcc compiles the kernels as C++17). cudaaccelerator.cpp, which sees both, asserts
// that each is the enum's value.
inline constexpr int sgdKind = 0;                    // OptimizerKind::Sgd
inline constexpr int adamKind = 1;                   // OptimizerKind::Adam
inline constexpr int withoutReplacementSampling = 0; // SamplingKind::WithoutReplacement
inline constexpr int withReplacementSampling = 1;    // SamplingKind::WithReplacement
inline constexpr int fullBatchSampling = 2;          // SamplingKind::FullBatch

// The widest hidden layer the kernels take (a lane's flags in the dead-unit count are sized by
// it): the homework's homeworkMaxWidth (runner/homeworkshape.h, which includes Armadillo),
// asserted equal in cudaaccelerator.cpp.
inline constexpr int maxWidth = 256;

// A usable CUDA device, or why there is none (no driver, no device, an error): never a crash.
struct DeviceProbe {
    bool usable = false;
    std::string name;   // "NVIDIA H200"
    std::string whyNot; // when not usable
    int multiprocessors = 0;
};
DeviceProbe probeDevice();

// The shape every run of one DeviceTrainer shares: 1 input, `hiddenLayers` (1 or 2) layers of
// `width` units with one activation, 1 identity output; MSE.
struct NetShape {
    int hiddenLayers = 1;
    int width = 1;
    ActivationKind activation = ActivationKind::Identity;
    float activationParameter = 0;             // slope, alpha or beta
    int batch = 1;                             // samples per step
    int sampling = withoutReplacementSampling; // SamplingKind's value
};

// Parameters in PyTorch's state_dict order for this shape.
int parameterCount(const NetShape& shape);

struct OptimizerSettings {
    int kind = sgdKind; // OptimizerKind's value: sgdKind or adamKind
    double learningRate = 0.01;
    double momentum = 0;
    double weightDecay = 0;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    unsigned trainableLayers = ~0u; // bit l: layer l trains
};

// One run as the device trains it. The data pointers are the host's float32 columns; runs with
// the same dataKey share one copy on the device.
struct DeviceRun {
    const void* dataKey = nullptr;
    const float* trainX = nullptr;
    const float* trainY = nullptr;
    int trainCount = 0;
    const float* testX = nullptr;
    const float* testY = nullptr;
    int testCount = 0;
    std::uint64_t samplingSeed = 0; // the run's seed as BatchSampler mixes it (seed ^ stream)
    long steps = 0;
    long snapshotEvery = 1;
    OptimizerSettings optimizer;
    std::vector<float> initialParameters;
};

enum class DeviceRunStatus : int {
    Running = 0,
    Finished,
    LossDiverged,
    ParametersDiverged,
    Cancelled
};

// A run's state after the last advance().
struct DeviceRunState {
    long stepsDone = 0;
    float lastLoss = 0;
    DeviceRunStatus status = DeviceRunStatus::Running;
    int snapshotsDone = 0; // all snapshots taken so far
};

// Snapshot statistics, in this order after the parameters: batch loss, test MSE (NaN without
// test data), the gradient norm of each layer, the dead units of each hidden layer (-1 when the
// activation is not ReLU), then the training set's MSE.
int statisticsPerSnapshot(const NetShape& shape);

// Trains runs of one shape together: one warp a run, the whole step loop in one kernel launch
// per advance(). Throws std::runtime_error with CUDA's message on a device error.
class DeviceTrainer {
public:
    DeviceTrainer(const NetShape& shape, const std::vector<DeviceRun>& runs);
    ~DeviceTrainer();
    DeviceTrainer(const DeviceTrainer&) = delete;
    DeviceTrainer& operator=(const DeviceTrainer&) = delete;

    int runCount() const;

    // Stops the run at its next advance (its state stays as it is).
    void cancel(int run);

    // Up to `steps` more steps for every running run, in one launch. Returns false once no run
    // is running any more.
    bool advance(long steps);

    const DeviceRunState& state(int run) const;
    // Snapshots taken in the last advance(): they are snapshots
    // state(run).snapshotsDone - newSnapshots(run) ... state(run).snapshotsDone - 1.
    int newSnapshots(int run) const;
    const float* snapshotParameters(int run, int k) const; // k < newSnapshots(run)
    const double* snapshotStatistics(int run, int k) const;
    // The parameters now (after the last advance).
    std::vector<float> parameters(int run) const;

    // The sample indices of the first `steps` batches, as the device draws them (a check that
    // both backends see the same batches); called before any advance().
    std::vector<std::uint32_t> firstBatches(int run, int steps);

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace relulab::gpu
