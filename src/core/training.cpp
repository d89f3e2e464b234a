#include "core/training.h"

#include "core/error.h"

namespace relulab {

template <typename T>
T lossAndGradient(const Network<T>& network, const arma::Mat<T>& x, const arma::Mat<T>& y,
                  LossKind loss, arma::Col<T>& gradient, ForwardPass<T>* pass) {
    ForwardPass<T> local;
    ForwardPass<T>& forward = pass ? *pass : local;
    network.forward(x, forward);
    arma::Mat<T> outputGradient;
    const T value = computeLoss(loss, forward.output(), y, &outputGradient);
    network.parameterGradient(x, forward, network.backpropagate(forward, outputGradient), gradient);
    return value;
}

template <typename T>
TrainingLoop<T>::TrainingLoop(Network<T>& network, const arma::Mat<T>& x, const arma::Mat<T>& y,
                              LossKind loss, const TrainingSpec& spec)
    : m_network(network)
    , m_x(x)
    , m_y(y)
    , m_loss(loss)
    , m_optimizer(spec.optimizer, network.architecture(), spec.trainableLayers)
    , m_sampler(x.n_rows, spec.batchSize, spec.sampling, spec.samplingSeed) {
    network.checkInput(x, "x");
    if (y.n_rows != x.n_rows)
        throw InvalidInput("y", "has " + std::to_string(y.n_rows) + " rows but x has " +
                                    std::to_string(x.n_rows));
    m_indices.set_size(m_sampler.batchSize());
    m_gradient.zeros(network.parameterCount());
}

template <typename T> void TrainingLoop<T>::skipBatches(long count) {
    for (long i = 0; i < count; ++i)
        m_sampler.next();
}

template <typename T> T TrainingLoop<T>::step() {
    if (m_kernel) {
        // Kernels take one input and one target per sample: x and y are single columns.
        auto stageNext = [this, x = m_x.memptr(), y = m_y.memptr()] {
            const StagingSlot<T> slot = m_kernel->stageSlot();
            m_sampler.next([&slot, x, y](std::size_t position, std::uint32_t index) {
                slot.x[position] = x[index];
                slot.y[position] = y[index];
            });
        };
        if (!m_kernelPrimed) {
            stageNext();
            m_kernelPrimed = true;
        }
        // The next step's batch first: drawing and gathering it overlaps this step's math.
        stageNext();
        const T value = m_kernel->compute(m_network.parameters().memptr(), m_gradient.memptr());
        m_optimizer.step(m_network.parameters(), m_gradient);
        return value;
    }
    const std::span<const std::uint32_t> batch = m_sampler.next();
    for (std::size_t i = 0; i < batch.size(); ++i)
        m_indices[i] = batch[i];
    m_batchX = m_x.rows(m_indices);
    m_batchY = m_y.rows(m_indices);
    const T value = lossAndGradient(m_network, m_batchX, m_batchY, m_loss, m_gradient, &m_pass);
    m_optimizer.step(m_network.parameters(), m_gradient);
    return value;
}

template float lossAndGradient(const Network<float>&, const arma::fmat&, const arma::fmat&,
                               LossKind, arma::fvec&, ForwardPass<float>*);
template double lossAndGradient(const Network<double>&, const arma::mat&, const arma::mat&,
                                LossKind, arma::vec&, ForwardPass<double>*);
template class TrainingLoop<float>;
template class TrainingLoop<double>;

} // namespace relulab
