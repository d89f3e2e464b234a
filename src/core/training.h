#pragma once

#include "core/batchkernel.h"
#include "core/loss.h"
#include "core/network.h"
#include "core/optimizer.h"
#include "core/sampler.h"

#include <armadillo>
#include <cstdint>
#include <vector>

namespace relulab {

// How a run trains: the general (reference) path that the fast kernels are tested against.
struct TrainingSpec {
    OptimizerSpec optimizer;
    std::vector<bool> trainableLayers; // one flag per layer; empty: all layers
    SamplingKind sampling = SamplingKind::FullBatch;
    std::size_t batchSize = 0; // ignored for full batch
    std::uint64_t samplingSeed = 0;

    bool operator==(const TrainingSpec&) const = default;
};

// Loss on (x, y) and dL/dθ in `gradient`; `pass` receives the forward pass when given.
template <typename T>
T lossAndGradient(const Network<T>& network, const arma::Mat<T>& x, const arma::Mat<T>& y,
                  LossKind loss, arma::Col<T>& gradient, ForwardPass<T>* pass = nullptr);

// Trains a network in place, one optimizer step at a time, on minibatches of (x, y).
template <typename T> class TrainingLoop {
public:
    TrainingLoop(Network<T>& network, const arma::Mat<T>& x, const arma::Mat<T>& y, LossKind loss,
                 const TrainingSpec& spec);

    // A kernel to compute each batch's loss and gradient instead of the general path (not
    // owned; null for the general path), for data of one input and one target. Set it before
    // the first step.
    void setBatchKernel(BatchKernel<T>* kernel) { m_kernel = kernel; }

    // One step on the next batch; returns that batch's loss before the update, as PyTorch's
    // training loops report it.
    T step();

    // Draws `count` batches and drops them: a run continued from step k takes the batches the
    // first run would have taken after it. Call it before the first step.
    void skipBatches(long count);

    long stepCount() const { return m_optimizer.stepCount(); }
    // dL/dθ of the last step's batch, before the update.
    const arma::Col<T>& lastGradient() const { return m_gradient; }

private:
    Network<T>& m_network;
    const arma::Mat<T>& m_x;
    const arma::Mat<T>& m_y;
    LossKind m_loss;
    Optimizer<T> m_optimizer;
    BatchSampler m_sampler;
    arma::uvec m_indices;
    arma::Mat<T> m_batchX;
    arma::Mat<T> m_batchY;
    arma::Col<T> m_gradient;
    ForwardPass<T> m_pass;
    BatchKernel<T>* m_kernel = nullptr;
    bool m_kernelPrimed = false; // the first batch is staged
};

extern template class TrainingLoop<float>;
extern template class TrainingLoop<double>;

} // namespace relulab
