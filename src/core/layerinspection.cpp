#include "core/layerinspection.h"

#include "core/training.h"

namespace relulab {

std::vector<LayerInspection> inspectLayers(const Network<double>& net, const arma::mat& x,
                                           const arma::mat& y, LossKind loss) {
    ForwardPass<double> pass;
    arma::vec gradient;
    lossAndGradient(net, x, y, loss, gradient, &pass);
    std::vector<LayerInspection> layers;
    layers.reserve(net.layerCount());
    for (std::size_t l = 0; l < net.layerCount(); ++l) {
        const LayerSlice& slice = net.slices()[l];
        // The flat vector holds each weight row-major (units x inputs): read as inputs x units.
        const arma::mat weightGradient(gradient.memptr() + slice.weightOffset, slice.inputs,
                                       slice.units);
        layers.push_back({net.weightTransposed(l).t(), net.bias(l), weightGradient.t(),
                          gradient.subvec(slice.biasOffset, slice.end() - 1),
                          pass.preActivations[l], pass.activations[l]});
    }
    return layers;
}

std::vector<std::optional<double>> saturatedFractions(const Network<double>& net,
                                                      const ForwardPass<double>& pass) {
    const Architecture& a = net.architecture();
    std::vector<std::optional<double>> fractions;
    for (std::size_t l = 0; l + 1 < a.layers.size(); ++l) {
        const Activation& activation = a.layers[l].activation;
        const ActivationDescriptor* kind = activationKinds.find(activation.kind);
        if (!kind || !kind->saturates) {
            fractions.emplace_back();
            continue;
        }
        const arma::mat& z = pass.preActivations[l];
        const arma::mat& out = pass.activations[l];
        std::size_t saturated = 0;
        for (arma::uword u = 0; u < z.n_cols; ++u) {
            std::size_t flat = 0;
            for (arma::uword i = 0; i < z.n_rows; ++i)
                flat += std::abs(activation.derivative(z(i, u), out(i, u))) < saturatedSlope;
            saturated += 2 * flat > z.n_rows;
        }
        fractions.push_back(z.n_cols > 0 ? double(saturated) / double(z.n_cols) : 0.0);
    }
    return fractions;
}

} // namespace relulab
