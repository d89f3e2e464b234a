// The CUDA trainer: one warp trains one run, a few runs to a block, the whole step loop of an
// advance() inside one kernel launch. What the CPU backend does, in the same order, from the
// same random stream:
//   batch: the first m steps of Fisher-Yates on the run's permutation (kept across batches),
//          from the 32-bit words of SplitMix64 with Lemire's rejection (core/random.h);
//   step:  loss and gradient, then the optimizer (SGD with momentum and weight decay, or Adam,
//          on the trainable layers), then the divergence check, then a snapshot when one is due
//          (parameters, batch loss, test MSE, gradient norm per layer, dead units).
// Layout inside a warp: lanes over samples where a pass runs over the batch (forward), lanes
// over units where it sums over the batch (gradients): no reduction across lanes but for the
// loss and the output bias. Per-unit arrays of samples have an odd stride, so that both kinds
// of access hit distinct shared-memory banks.
//
// The kernel's pieces, each in its own file, in the order they build on each other:
//   devicewarp.cuh       the platform (CUDA or its emulation), the warp's size and sums;
//   devicelayout.cuh     the per-run structs, the Launch, a warp's arena and its layout;
//   devicesampling.cuh   SplitMix64's words, Lemire's draws, the batch sampler;
//   devicepasses.cuh     loss and gradient of the 1- and 2-layer nets;
//   deviceoptimizer.cuh  SGD and Adam;
//   devicesnapshots.cuh  snapshots (test MSE, gradient norms, dead units);
//   devicekernel.cuh     the training kernel and the sampler's own kernel.
// This file is the host's side: the device's memory, the runs' setup and the launches.
#include "gpu/devicekernel.cuh"
#include "gpu/devicelayout.cuh"
#include "gpu/devicetrainer.h"
#include "gpu/devicewarp.cuh"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

namespace relulab::gpu {

namespace device {

// The host's calls into CUDA: an error is a std::runtime_error with CUDA's message.
void check(cudaError_t status, const char* what) {
    if (status != cudaSuccess)
        throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
}

template <typename T> T* deviceAlloc(std::size_t count) {
    void* p = nullptr;
    if (count > 0)
        check(cudaMalloc(&p, count * sizeof(T)), "cudaMalloc");
    return static_cast<T*>(p);
}

template <typename T> void upload(T* to, const T* from, std::size_t count) {
    if (count > 0)
        check(cudaMemcpy(to, from, count * sizeof(T), cudaMemcpyHostToDevice), "copy to the GPU");
}

template <typename T> void download(T* to, const T* from, std::size_t count) {
    if (count > 0)
        check(cudaMemcpy(to, from, count * sizeof(T), cudaMemcpyDeviceToHost), "copy from the GPU");
}

} // namespace device

using namespace device;

DeviceProbe probeDevice() {
    DeviceProbe probe;
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) { // no driver (as in CI), no device: "no GPU", never a crash
        probe.whyNot = std::string("no usable CUDA device (") + cudaGetErrorString(status) + ")";
        cudaGetLastError();
        return probe;
    }
    if (count == 0) {
        probe.whyNot = "no CUDA device";
        return probe;
    }
    cudaDeviceProp properties{};
    if (cudaGetDeviceProperties(&properties, 0) != cudaSuccess) {
        probe.whyNot = "the CUDA device did not answer";
        cudaGetLastError();
        return probe;
    }
    probe.usable = true;
    probe.name = properties.name;
    probe.multiprocessors = properties.multiProcessorCount;
    return probe;
}

int parameterCount(const NetShape& shape) {
    const int w = shape.width;
    return shape.hiddenLayers == 1 ? 3 * w + 1 : w * w + 4 * w + 1;
}

int statisticsPerSnapshot(const NetShape& shape) {
    return 2 + (shape.hiddenLayers + 1) + shape.hiddenLayers + 1;
}

using TrainKernel = void (*)(Launch);

// The trainer's kernel: the one of RELULAB_CUDA_MIN_BLOCKS (4, 5 or 8; 4 when unset or
// anything else), a knob for timing them against each other on a GPU.
TrainKernel trainKernelFor() {
    const char* chosen = std::getenv("RELULAB_CUDA_MIN_BLOCKS");
    const std::string value = chosen ? chosen : "";
    if (value == "5")
        return trainKernel<5>;
    if (value == "8")
        return trainKernel<8>;
    return trainKernel<4>;
}

struct DeviceTrainer::Impl {
    int runs = 0;
    Launch launch{};
    int warpsPerBlock = 1;
    std::size_t sharedBytes = 0;
    TrainKernel kernel = trainKernelFor();
    std::vector<void*> allocations;
    std::vector<DeviceRunState> states;
    std::vector<RunProgressState> deviceStates;
    std::vector<RunConstants> constants; // the host's copy
    std::vector<float> snapshotParameters;
    std::vector<double> snapshotStatistics;
    std::vector<char> cancelled;

    template <typename T> T* allocate(std::size_t count) {
        T* p = deviceAlloc<T>(count);
        if (p)
            allocations.push_back(p);
        return p;
    }

    ~Impl() {
        for (void* p : allocations)
            cudaFree(p);
    }

    void readStates() {
        download(deviceStates.data(), launch.states, deviceStates.size());
        for (int r = 0; r < runs; ++r) {
            states[r].stepsDone = deviceStates[r].stepsDone;
            states[r].lastLoss = deviceStates[r].lastLoss;
            states[r].status = static_cast<DeviceRunStatus>(deviceStates[r].status);
            states[r].snapshotsDone = deviceStates[r].snapshotsDone;
        }
    }
};

DeviceTrainer::DeviceTrainer(const NetShape& shape, const std::vector<DeviceRun>& runs)
    : m(std::make_unique<Impl>()) {
    if (shape.hiddenLayers < 1 || shape.hiddenLayers > 2 || shape.width < 1 ||
        shape.width > maxWidth || shape.batch < 1 || runs.empty())
        throw std::invalid_argument("DeviceTrainer: unsupported shape");
    check(cudaSetDevice(0), "cudaSetDevice");
    Impl& d = *m;
    d.runs = static_cast<int>(runs.size());
    Launch& L = d.launch;
    L.runs = d.runs;
    L.hiddenLayers = shape.hiddenLayers;
    L.width = shape.width;
    L.activation = shape.activation;
    L.activationParameter = shape.activationParameter;
    L.batch = shape.batch;
    L.sampling = shape.sampling;
    L.parameters = parameterCount(shape);
    L.statistics = statisticsPerSnapshot(shape);
    L.stride = std::max(shape.batch, warpLanes) | 1;

    bool anyMomentum = false, anyAdam = false;
    int largestTrainingSet = 0;
    for (const DeviceRun& run : runs) {
        if (static_cast<int>(run.initialParameters.size()) != L.parameters)
            throw std::invalid_argument("DeviceTrainer: parameter count does not match the shape");
        anyAdam = anyAdam || run.optimizer.kind == adamKind;
        anyMomentum =
            anyMomentum || run.optimizer.kind == adamKind || run.optimizer.momentum != 0.0;
        largestTrainingSet = std::max(largestTrainingSet, run.trainCount);
    }
    L.permutationWords = largestTrainingSet;
    layArena(nullptr, L.hiddenLayers, L.width, L.parameters, L.stride, L.permutationWords,
             anyMomentum, anyAdam, L.batch, &L.arenaWords);

    // Shared memory when a block of a few warps fits in it; global memory otherwise.
    int device = 0, sharedLimit = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&sharedLimit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device),
          "cudaDeviceGetAttribute");
    const std::size_t arenaBytes = static_cast<std::size_t>(L.arenaWords) * sizeof(float);
    d.warpsPerBlock = 4;
    while (d.warpsPerBlock > 1 &&
           d.warpsPerBlock * arenaBytes > static_cast<std::size_t>(sharedLimit))
        d.warpsPerBlock /= 2;
    L.arenaInShared = arenaBytes <= static_cast<std::size_t>(sharedLimit);
    d.sharedBytes = L.arenaInShared ? d.warpsPerBlock * arenaBytes : 0;
    if (d.sharedBytes > 48 * 1024)
        check(cudaFuncSetAttribute(d.kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                   static_cast<int>(d.sharedBytes)),
              "raising the shared memory limit");

    // Data: one copy per data set.
    struct DeviceData {
        float *trainX, *trainY, *testX, *testY;
    };
    std::map<const void*, DeviceData> deviceData;
    std::vector<RunConstants> constants(runs.size());
    std::vector<float> parameters(static_cast<std::size_t>(d.runs) * L.parameters);
    std::vector<std::uint32_t> permutations(static_cast<std::size_t>(d.runs) * L.permutationWords);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const DeviceRun& run = runs[r];
        auto [found, isNew] = deviceData.try_emplace(run.dataKey);
        DeviceData& data = found->second;
        if (isNew) {
            data = {d.allocate<float>(run.trainCount), d.allocate<float>(run.trainCount),
                    d.allocate<float>(run.testCount), d.allocate<float>(run.testCount)};
            upload(data.trainX, run.trainX, run.trainCount);
            upload(data.trainY, run.trainY, run.trainCount);
            upload(data.testX, run.testX, run.testCount);
            upload(data.testY, run.testY, run.testCount);
        }
        RunConstants& c = constants[r];
        c.trainX = data.trainX;
        c.trainY = data.trainY;
        c.testX = data.testX;
        c.testY = data.testY;
        c.trainCount = run.trainCount;
        c.testCount = run.testCount;
        c.seed = run.samplingSeed;
        c.steps = run.steps;
        c.snapshotEvery = run.snapshotEvery;
        const OptimizerSettings& o = run.optimizer;
        c.kind = o.kind;
        c.learningRate = static_cast<float>(o.learningRate);
        c.momentum = static_cast<float>(o.momentum);
        c.weightDecay = static_cast<float>(o.weightDecay);
        c.beta1 = static_cast<float>(o.beta1);
        c.beta2 = static_cast<float>(o.beta2);
        c.epsilon = static_cast<float>(o.epsilon);
        c.learningRateExact = o.learningRate;
        c.beta1Exact = o.beta1;
        c.beta2Exact = o.beta2;
        c.trainableLayers = o.trainableLayers;
        std::copy(run.initialParameters.begin(), run.initialParameters.end(),
                  parameters.begin() + static_cast<std::ptrdiff_t>(r) * L.parameters);
        for (int i = 0; i < run.trainCount; ++i)
            permutations[r * L.permutationWords + i] = static_cast<std::uint32_t>(i);
    }
    RunConstants* deviceConstants = d.allocate<RunConstants>(constants.size());
    upload(deviceConstants, constants.data(), constants.size());
    L.constants = deviceConstants;
    d.constants = std::move(constants);
    d.deviceStates.assign(runs.size(), RunProgressState{0, 0.0f, 0, 0, 0, 0});
    L.states = d.allocate<RunProgressState>(runs.size());
    upload(L.states, d.deviceStates.data(), d.deviceStates.size());
    const std::size_t parameterWords = static_cast<std::size_t>(d.runs) * L.parameters;
    L.parameterState = d.allocate<float>(parameterWords);
    upload(L.parameterState, parameters.data(), parameterWords);
    if (anyMomentum) {
        L.firstMoment = d.allocate<float>(parameterWords);
        check(cudaMemset(L.firstMoment, 0, parameterWords * sizeof(float)), "cudaMemset");
    }
    if (anyAdam) {
        L.secondMoment = d.allocate<float>(parameterWords);
        check(cudaMemset(L.secondMoment, 0, parameterWords * sizeof(float)), "cudaMemset");
    }
    L.permutations = d.allocate<std::uint32_t>(permutations.size());
    upload(L.permutations, permutations.data(), permutations.size());
    if (!L.arenaInShared)
        L.globalArena = d.allocate<float>(static_cast<std::size_t>(d.runs) * L.arenaWords);
    d.states.assign(runs.size(), DeviceRunState{});
    d.cancelled.assign(runs.size(), 0);
    L.maxNewSnapshots = 0; // advance() sizes the snapshot buffers for its launch
}

DeviceTrainer::~DeviceTrainer() = default;

int DeviceTrainer::runCount() const {
    return m->runs;
}

void DeviceTrainer::cancel(int run) {
    m->cancelled[run] = 1;
}

bool DeviceTrainer::advance(long steps) {
    Impl& d = *m;
    Launch& L = d.launch;
    // Cancellations first, as the status the kernel skips on.
    bool changed = false;
    for (int r = 0; r < d.runs; ++r)
        if (d.cancelled[r] && d.states[r].status == DeviceRunStatus::Running) {
            d.deviceStates[r].status = static_cast<int>(DeviceRunStatus::Cancelled);
            d.states[r].status = DeviceRunStatus::Cancelled;
            changed = true;
        }
    if (changed) // the host copy is current: every field was read back after the last launch
        upload(L.states, d.deviceStates.data(), d.deviceStates.size());
    long start = -1;
    for (int r = 0; r < d.runs; ++r)
        if (d.states[r].status == DeviceRunStatus::Running)
            start = start < 0 ? d.states[r].stepsDone : std::min(start, d.states[r].stepsDone);
    if (start < 0) { // nothing left to launch: no snapshots are new
        for (RunProgressState& state : d.deviceStates)
            state.newSnapshots = 0;
        return false;
    }
    L.stepEnd = start + std::max(1L, steps);

    // Room for every snapshot this launch can take: step 1 and each multiple of an interval.
    int most = 0;
    for (int r = 0; r < d.runs; ++r) {
        const long every = d.constants[r].snapshotEvery;
        const long from = d.states[r].stepsDone, to = std::min(L.stepEnd, d.constants[r].steps);
        const long multiples = to / every - from / every;
        most = std::max(most, static_cast<int>(multiples + (from < 1 && to >= 1 ? 1 : 0)));
    }
    if (most > L.maxNewSnapshots) {
        L.maxNewSnapshots = most;
        const std::size_t slots = static_cast<std::size_t>(d.runs) * most;
        for (void* p :
             {static_cast<void*>(L.snapshotParameters), static_cast<void*>(L.snapshotStatistics)})
            if (p) {
                cudaFree(p);
                d.allocations.erase(std::find(d.allocations.begin(), d.allocations.end(), p));
            }
        L.snapshotParameters = d.allocate<float>(slots * L.parameters);
        L.snapshotStatistics = d.allocate<double>(slots * L.statistics);
        d.snapshotParameters.resize(slots * L.parameters);
        d.snapshotStatistics.resize(slots * L.statistics);
    }

    const int blocks = (d.runs + d.warpsPerBlock - 1) / d.warpsPerBlock;
    RELULAB_LAUNCH(d.kernel, blocks, d.warpsPerBlock * warpLanes, d.sharedBytes)(L);
    check(cudaGetLastError(), "starting the training kernel");
    check(cudaDeviceSynchronize(), "the training kernel");
    d.readStates();
    if (L.maxNewSnapshots > 0) {
        download(d.snapshotParameters.data(), L.snapshotParameters, d.snapshotParameters.size());
        download(d.snapshotStatistics.data(), L.snapshotStatistics, d.snapshotStatistics.size());
    }
    for (int r = 0; r < d.runs; ++r)
        if (d.states[r].status == DeviceRunStatus::Running)
            return true;
    return false;
}

const DeviceRunState& DeviceTrainer::state(int run) const {
    return m->states[run];
}

int DeviceTrainer::newSnapshots(int run) const {
    return m->deviceStates[run].newSnapshots;
}

const float* DeviceTrainer::snapshotParameters(int run, int k) const {
    const Launch& L = m->launch;
    return m->snapshotParameters.data() +
           (static_cast<std::size_t>(run) * L.maxNewSnapshots + k) * L.parameters;
}

const double* DeviceTrainer::snapshotStatistics(int run, int k) const {
    const Launch& L = m->launch;
    return m->snapshotStatistics.data() +
           (static_cast<std::size_t>(run) * L.maxNewSnapshots + k) * L.statistics;
}

std::vector<float> DeviceTrainer::parameters(int run) const {
    const Launch& L = m->launch;
    std::vector<float> values(L.parameters);
    download(values.data(), L.parameterState + static_cast<std::size_t>(run) * L.parameters,
             values.size());
    return values;
}

std::vector<std::uint32_t> DeviceTrainer::firstBatches(int run, int steps) {
    Impl& d = *m;
    Launch L = d.launch;
    std::uint32_t* log = d.allocate<std::uint32_t>(static_cast<std::size_t>(steps) * L.batch);
    L.batchLog = log;
    L.batchLogSteps = steps;
    float* arena = d.allocate<float>(static_cast<std::size_t>(L.arenaWords));
    RELULAB_LAUNCH(batchLogKernel, 1, warpLanes, 0)(L, run, arena);
    check(cudaGetLastError(), "starting the sampling kernel");
    check(cudaDeviceSynchronize(), "the sampling kernel");
    std::vector<std::uint32_t> indices(static_cast<std::size_t>(steps) * L.batch);
    download(indices.data(), log, indices.size());
    return indices;
}

} // namespace relulab::gpu
