#include "document/handbuild.h"

#include "core/error.h"
#include "core/initializer.h"
#include "document/runplan.h"
#include "runner/trainrun.h"

#include <cmath>

namespace relulab {

namespace {

std::vector<double> toStd(const arma::vec& v) {
    return {v.begin(), v.end()};
}

// The first hidden layer of a 1-D net, with `unit` among its units.
void checkFirstLayerUnit(const Architecture& a, std::size_t unit, std::size_t layers) {
    a.validate();
    if (a.inputs != 1 || a.layers.size() < 2)
        throw InvalidInput("network", "hand-building places the elbows of a net with one input "
                                      "and at least one hidden layer");
    if (layers > 0 && a.layers.size() != layers)
        throw InvalidInput("network", "a unit's piece is moved by its output weight in a net of "
                                      "one hidden layer");
    if (unit >= std::size_t(a.layers[0].units))
        throw InvalidInput("network.layers[0]",
                           "hidden 1 has " + std::to_string(a.layers[0].units) +
                               " units; there is no unit " + std::to_string(unit),
                           {}, "hidden 1");
}

void checkFinite(const char* what, double value) {
    if (!std::isfinite(value))
        throw InvalidInput(what, "must be a finite number");
}

} // namespace

RunRecord untrainedRun(ExperimentSettings settings, const std::string& baseDirectory,
                       const std::string& label) {
    settings.steps = 0;
    RunRecord run;
    run.label = label;
    const auto data =
        std::make_shared<const Dataset>(generateDataset(settings.dataset, baseDirectory));
    RunProgress progress;
    run.result = trainRun(makeRunSpec(run.label, settings, data), progress);
    if (run.result.status != RunStatus::Finished)
        throw std::runtime_error(run.result.message);
    run.settings = std::move(settings);
    return run;
}

Network<double> initialNetwork(const ExperimentSettings& settings) {
    const Architecture& a = settings.architecture;
    a.validate();
    Network<float> drawn(a); // as a run starts: float32
    initializeNetwork(drawn, settings.initializers, settings.initSeed);
    return Network<double>(a, arma::conv_to<arma::vec>::from(drawn.parameters()));
}

ExperimentSettings withInitialValues(const ExperimentSettings& settings,
                                     const Network<double>& net) {
    ExperimentSettings edited = settings;
    const std::size_t layers = settings.architecture.layers.size();
    if (edited.initializers.size() != layers)
        edited.initializers.assign(layers, InitializerSpec::pytorchDefault());
    for (std::size_t l = 0; l < layers; ++l)
        if (edited.initializers[l].kind != InitializerKind::Values) // typed values stay as typed
            // W^T (inputs x units) column by column is PyTorch's weight (units x inputs) row by
            // row.
            edited.initializers[l] = InitializerSpec::values(
                toStd(arma::vectorise(net.weightTransposed(l))), toStd(net.bias(l)));
    return edited;
}

ExperimentSettings withElbowAt(const ExperimentSettings& settings, std::size_t unit, double x) {
    checkFirstLayerUnit(settings.architecture, unit, 0);
    checkFinite("elbow", x);
    ExperimentSettings edited = withInitialValues(settings, initialNetwork(settings));
    const double w = edited.initializers[0].weights[unit];
    if (w == 0.0)
        throw InvalidInput("network.layers[0].init",
                           "unit " + std::to_string(unit) +
                               " has weight 0: it has no elbow to move",
                           {}, "hidden 1");
    edited.initializers[0].biases[unit] = -w * x;
    return edited;
}

ExperimentSettings withPieceThrough(const ExperimentSettings& settings, std::size_t unit, double x,
                                    double y) {
    checkFirstLayerUnit(settings.architecture, unit, 2);
    checkFinite("x", x);
    checkFinite("y", y);
    ExperimentSettings edited = withInitialValues(settings, initialNetwork(settings));
    const double w = edited.initializers[0].weights[unit], b = edited.initializers[0].biases[unit];
    const double unitValue = settings.architecture.layers[0].activation.apply(w * x + b);
    if (unitValue == 0.0 || !std::isfinite(unitValue))
        throw InvalidInput("network.layers[1].init",
                           "unit " + std::to_string(unit) + " is 0 at x = " + std::to_string(x) +
                               ": no output weight moves its piece there",
                           {}, "output");
    const double out = y / unitValue;
    checkFinite("output weight", out);
    edited.initializers[1].weights[unit] = out;
    return edited;
}

} // namespace relulab
