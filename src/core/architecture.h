#pragma once

#include "core/activation.h"

#include <cstddef>
#include <string>
#include <vector>

namespace relulab {

// One layer: Linear(in -> units) followed by the activation.
struct LayerSpec {
    int units = 1;
    Activation activation;

    bool operator==(const LayerSpec&) const = default;
};

// Where one layer's weight and bias live in the flat parameter vector. The weight is stored
// row-major (units x inputs), as in PyTorch's state_dict, then the bias.
struct LayerSlice {
    std::size_t inputs = 0;
    std::size_t units = 0;
    std::size_t weightOffset = 0;
    std::size_t biasOffset = 0;

    std::size_t weightCount() const { return inputs * units; }
    std::size_t end() const { return biasOffset + units; }
};

// A multilayer perceptron: input dimension and layers, the last one being the output layer.
struct Architecture {
    int inputs = 1;
    std::vector<LayerSpec> layers;

    // Documented limits: wider or deeper nets are refused with a message, not attempted.
    static constexpr int maxUnits = 4096;
    static constexpr int maxInputs = 4096;
    static constexpr int maxLayers = 64;

    bool operator==(const Architecture&) const = default;

    // Throws InvalidInput if impossible, naming the field from `root` ("network.layers[1].units")
    // with its SettingField.
    void validate(const std::string& root = "network") const;

    int outputs() const { return layers.empty() ? 0 : layers.back().units; }
    std::size_t layerCount() const { return layers.size(); }
    std::size_t parameterCount() const;
    std::vector<LayerSlice> slices() const;
};

// Layer `layer` of `layerCount` as users see it everywhere (editor, charts, CSV headers,
// messages): "hidden 1" .. "hidden N", the last one "output" (a 1-layer net has only "output").
std::string layerDisplayName(std::size_t layer, std::size_t layerCount);
inline std::string layerDisplayName(std::size_t layer, const Architecture& architecture) {
    return layerDisplayName(layer, architecture.layerCount());
}

} // namespace relulab
