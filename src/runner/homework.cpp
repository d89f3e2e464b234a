#include "runner/homework.h"

#include <string>

namespace relulab {

RunSpec linearizedFeaturesRun(int hiddenLayers, int width, bool outputLayerOnly, long steps,
                              std::shared_ptr<const Dataset> data) {
    RunSpec spec;
    spec.name = std::to_string(hiddenLayers) + "x" + std::to_string(width) +
                (outputLayerOnly ? " output layer only" : " all layers");
    spec.architecture.inputs = 1;
    for (int l = 0; l < hiddenLayers; ++l)
        spec.architecture.layers.push_back({width, Activation::relu()});
    spec.architecture.layers.push_back({1, Activation::identity()});
    spec.initializers.assign(spec.architecture.layers.size(), InitializerSpec{});
    spec.initializers.front() = InitializerSpec::elbows(0.0, 1.0);
    spec.initSeed = 1; // the linearized-features template's seeds
    spec.loss = LossKind::Mse;
    spec.training.optimizer.kind = OptimizerKind::Sgd;
    spec.training.optimizer.learningRate = outputLayerOnly ? 0.2 : 0.02;
    if (outputLayerOnly) {
        spec.training.trainableLayers.assign(spec.architecture.layers.size(), false);
        spec.training.trainableLayers.back() = true;
    }
    spec.training.sampling = SamplingKind::WithoutReplacement;
    spec.training.batchSize = 40;
    spec.training.samplingSeed = 2;
    spec.steps = steps;
    spec.snapshotEvery = std::min(1000L, steps);
    spec.data = std::move(data);
    return spec;
}

} // namespace relulab
