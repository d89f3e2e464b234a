#include "runner/homeworkshape.h"

namespace relulab {

std::optional<std::string> homeworkShapeMismatch(const Architecture& architecture, LossKind loss) {
    const auto& layers = architecture.layers;
    if (loss != LossKind::Mse)
        return "the mse loss only";
    if (architecture.inputs != 1 || layers.size() < 2 ||
        layers.size() > homeworkMaxHiddenLayers + 1 || layers.back().units != 1 ||
        layers.back().activation.kind != ActivationKind::Identity)
        return "1 input, 1 or 2 hidden layers and 1 identity output";
    const LayerSpec& first = layers.front();
    for (std::size_t l = 1; l + 1 < layers.size(); ++l)
        if (layers[l].units != first.units || !(layers[l].activation == first.activation))
            return "hidden layers of the same width and activation";
    if (first.units < 1 || first.units > homeworkMaxWidth)
        return "hidden layers of 1 to " + std::to_string(homeworkMaxWidth) + " units";
    if (!isKnownActivation(first.activation.kind))
        return "the activations of core/activationmath.h (kind " +
               std::to_string(static_cast<int>(first.activation.kind)) + " is none of them)";
    return std::nullopt;
}

} // namespace relulab
