#pragma once

#include <cstddef>
#include <cstdint>

namespace relulab {

// Where one staged batch's samples go, in batch order: a kernel's inputs and targets (one of
// each per sample).
template <typename T> struct StagingSlot {
    T* x;
    T* y;
};

// A faster stand-in for the general forward/backward on minibatches, used by TrainingLoop with
// the same batches and optimizer. Batches are staged a step ahead: the loop stages step k+1's
// batch before step k's compute(), so that gathering its samples overlaps step k's math (and its
// stores have reached the cache by the time step k+1 loads them).
template <typename T> class BatchKernel {
public:
    virtual ~BatchKernel() = default;

    // Queues a batch (sample indices into the kernel's data; read now, not kept). At most two
    // are queued at a time.
    virtual void stage(const std::uint32_t* batch) = 0;

    // Queues a batch whose samples the caller writes into the slot before the next compute()
    // or stage: for a caller that gathers them as it draws them.
    virtual StagingSlot<T> stageSlot() = 0;

    // Loss of the oldest queued batch at `parameters` and dL/dθ into `gradient`; dequeues it.
    virtual T compute(const T* parameters, T* gradient) = 0;

    // Mean squared error of the net at `parameters` over `count` samples (one input and one
    // target each), as the test error of a snapshot. Leaves the staged batches as they are.
    virtual T meanSquaredError(const T* parameters, const T* x, const T* y, std::size_t count) = 0;

    // One batch on its own: stage, then compute.
    T lossAndGradient(const T* parameters, const std::uint32_t* batch, T* gradient) {
        stage(batch);
        return compute(parameters, gradient);
    }
};

} // namespace relulab
