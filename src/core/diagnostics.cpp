#include "core/diagnostics.h"

#include <algorithm>
#include <cmath>

namespace relulab {

template <typename T>
std::vector<std::optional<std::vector<bool>>> deadUnits(const Network<T>& network,
                                                        const ForwardPass<T>& pass) {
    std::vector<std::optional<std::vector<bool>>> result;
    for (std::size_t l = 0; l + 1 < network.layerCount(); ++l) {
        if (network.architecture().layers[l].activation.kind != ActivationKind::Relu) {
            result.emplace_back(std::nullopt);
            continue;
        }
        const arma::Mat<T>& z = pass.preActivations[l];
        std::vector<bool> dead(z.n_cols);
        for (arma::uword j = 0; j < z.n_cols; ++j)
            dead[j] = arma::all(z.col(j) <= T(0));
        result.emplace_back(std::move(dead));
    }
    return result;
}

std::vector<std::optional<int>>
deadUnitCounts(const std::vector<std::optional<std::vector<bool>>>& deadUnits) {
    std::vector<std::optional<int>> counts;
    for (const auto& layer : deadUnits) {
        if (layer)
            counts.emplace_back(static_cast<int>(std::count(layer->begin(), layer->end(), true)));
        else
            counts.emplace_back(std::nullopt);
    }
    return counts;
}

template <typename T>
std::vector<double> gradientNormPerLayer(const Network<T>& network, const arma::Col<T>& gradient) {
    std::vector<double> norms;
    for (const LayerSlice& s : network.slices()) {
        double sum = 0.0;
        for (std::size_t i = s.weightOffset; i < s.end(); ++i)
            sum += static_cast<double>(gradient[i]) * static_cast<double>(gradient[i]);
        norms.push_back(std::sqrt(sum));
    }
    return norms;
}

template std::vector<std::optional<std::vector<bool>>> deadUnits(const Network<float>&,
                                                                 const ForwardPass<float>&);
template std::vector<std::optional<std::vector<bool>>> deadUnits(const Network<double>&,
                                                                 const ForwardPass<double>&);
template std::vector<double> gradientNormPerLayer(const Network<float>&, const arma::fvec&);
template std::vector<double> gradientNormPerLayer(const Network<double>&, const arma::vec&);

} // namespace relulab
