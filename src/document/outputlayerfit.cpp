#include "document/outputlayerfit.h"

#include "core/error.h"
#include "core/initializer.h"
#include "core/ridge.h"
#include "document/handbuild.h"

namespace relulab {

OutputLayerFit fitOutputLayer(const ExperimentSettings& settings, double lambda,
                              const std::string& baseDirectory) {
    const Architecture& a = settings.architecture;
    a.validate();
    if (a.layers.back().activation.kind != ActivationKind::Identity ||
        settings.loss != LossKind::Mse)
        throw InvalidInput("network.layers[" + std::to_string(a.layers.size() - 1) + "]",
                           "fitting the output layer by least squares needs an identity output "
                           "layer and the mse loss",
                           {SettingField::Loss});
    const Dataset data = generateDataset(settings.dataset, baseDirectory);
    // In float32 as a run starts it, so that the layers before the output are a run's exactly.
    Network<double> net = initialNetwork(settings);
    const double mse = fitOutputLayerByRidge(net, data.trainX, data.trainY, lambda);
    const std::size_t last = a.layers.size() - 1;
    // W^T (inputs x outputs) column by column is PyTorch's weight (outputs x inputs) row by row.
    const arma::vec weights = arma::vectorise(net.weightTransposed(last));
    const arma::vec biases = net.bias(last);
    OutputLayerFit fit{settings, mse};
    if (fit.settings.initializers.size() != a.layers.size())
        fit.settings.initializers.assign(a.layers.size(), InitializerSpec::pytorchDefault());
    fit.settings.initializers[last] =
        InitializerSpec::values({weights.begin(), weights.end()}, {biases.begin(), biases.end()});
    return fit;
}

} // namespace relulab
