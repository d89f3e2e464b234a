#include "core/architecture.h"

#include "core/error.h"
#include "core/numbertext.h"

#include <cmath>
#include <string>

namespace relulab {

std::string layerDisplayName(std::size_t layer, std::size_t layerCount) {
    return layer + 1 == layerCount ? std::string("output") : "hidden " + std::to_string(layer + 1);
}

void Architecture::validate(const std::string& root) const {
    if (inputs < 1 || inputs > maxInputs)
        throw InvalidInput(root + ".inputs",
                           "must be between 1 and " + std::to_string(maxInputs) + ", got " +
                               std::to_string(inputs),
                           {SettingField::NetworkInputs});
    if (layers.empty())
        throw InvalidInput(root + ".layers", "needs at least one layer",
                           {SettingField::NetworkLayers});
    if (layers.size() > static_cast<std::size_t>(maxLayers))
        throw InvalidInput(root + ".layers",
                           "at most " + std::to_string(maxLayers) + " layers, got " +
                               std::to_string(layers.size()),
                           {SettingField::NetworkLayers});
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const std::string where = root + ".layers[" + std::to_string(l) + "]";
        const std::string name = layerDisplayName(l, layers.size()); // the path counts from 0
        const LayerSpec& layer = layers[l];
        if (layer.units < 1 || layer.units > maxUnits)
            throw InvalidInput(where + ".units",
                               "must be between 1 and " + std::to_string(maxUnits) + ", got " +
                                   std::to_string(layer.units),
                               layerField(SettingField::LayerUnits, l), name);
        const double p = layer.activation.parameter;
        const ActivationDescriptor* kind = activationKinds.find(layer.activation.kind);
        if (!kind)
            throw InvalidInput(where + ".activation", "is not an activation ReLU Lab knows",
                               layerField(SettingField::LayerActivation, l), name);
        const std::string parameter = where + "." + std::string(kind->parameterName);
        if (!std::isfinite(p))
            throw InvalidInput(parameter, "must be a finite number",
                               layerField(SettingField::LayerParameter, l), name);
        if (kind->parameterLowOpen ? !(p > kind->parameterLow) : !(p >= kind->parameterLow))
            throw InvalidInput(parameter,
                               std::string(kind->parameterLowOpen ? "must be > " : "must be >= ") +
                                   shortNumber(kind->parameterLow),
                               layerField(SettingField::LayerParameter, l), name);
    }
}

std::size_t Architecture::parameterCount() const {
    std::size_t count = 0;
    std::size_t in = static_cast<std::size_t>(inputs);
    for (const LayerSpec& layer : layers) {
        const auto units = static_cast<std::size_t>(layer.units);
        count += units * in + units;
        in = units;
    }
    return count;
}

std::vector<LayerSlice> Architecture::slices() const {
    std::vector<LayerSlice> result;
    result.reserve(layers.size());
    std::size_t offset = 0;
    std::size_t in = static_cast<std::size_t>(inputs);
    for (const LayerSpec& layer : layers) {
        LayerSlice slice;
        slice.inputs = in;
        slice.units = static_cast<std::size_t>(layer.units);
        slice.weightOffset = offset;
        slice.biasOffset = offset + slice.weightCount();
        offset = slice.end();
        in = slice.units;
        result.push_back(slice);
    }
    return result;
}

} // namespace relulab
