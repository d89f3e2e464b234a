#include "core/initializer.h"

#include "core/error.h"
#include "core/nametable.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

namespace relulab {

namespace {
// Random stream of the initializer, apart from the ones sampling uses with the same seed.
constexpr std::uint32_t initializationStream = 0x1417u;

void checkInitializerValues(const InitializerSpec& spec, const Architecture& architecture,
                            std::size_t layer, const std::string& where) {
    if (layer >= architecture.layers.size())
        throw InvalidInput(where, "the network has only " +
                                      std::to_string(architecture.layers.size()) + " layers");
    if (!std::isfinite(spec.value) || !std::isfinite(spec.low) || !std::isfinite(spec.high))
        throw InvalidInput(where, "values must be finite numbers");
    if (spec.kind == InitializerKind::Values) {
        const LayerSlice slice = architecture.slices()[layer];
        if (spec.weights.size() != slice.weightCount())
            throw InvalidInput(where + ".weights",
                               "expected " + std::to_string(slice.weightCount()) +
                                   " values (units x inputs, row by row), got " +
                                   std::to_string(spec.weights.size()));
        if (spec.biases.size() != slice.units)
            throw InvalidInput(where + ".biases", "expected " + std::to_string(slice.units) +
                                                      " values, got " +
                                                      std::to_string(spec.biases.size()));
        for (std::size_t i = 0; i < spec.weights.size(); ++i)
            if (!std::isfinite(spec.weights[i]))
                throw InvalidInput(where + ".weights[" + std::to_string(i) + "]",
                                   "must be a finite number");
        for (std::size_t i = 0; i < spec.biases.size(); ++i)
            if (!std::isfinite(spec.biases[i]))
                throw InvalidInput(where + ".biases[" + std::to_string(i) + "]",
                                   "must be a finite number");
    }
    if (spec.kind == InitializerKind::Elbows) {
        if (layer != 0 || architecture.inputs != 1)
            throw InvalidInput(where, "elbows apply only to the first layer of a net with 1 input");
        if (spec.low > spec.high)
            throw InvalidInput(where, "elbow interval is empty (low > high)");
    }
}
} // namespace

void checkInitializer(const InitializerSpec& spec, const Architecture& architecture,
                      std::size_t layer, const std::string& at) {
    try {
        // The path the experiment's JSON has, like Architecture::validate's "network.layers[l]".
        checkInitializerValues(spec, architecture, layer,
                               at.empty() ? "network.layers[" + std::to_string(layer) + "].init"
                                          : at);
    } catch (const InvalidInput& error) {
        // Paths count layers from 0: say which layer the user's way too.
        const std::string name =
            layer < architecture.layerCount() ? layerDisplayName(layer, architecture) : "";
        throw InvalidInput(error.where(), error.message(),
                           layerField(SettingField::LayerInitializer, layer), name);
    }
}

template <typename T>
void initializeLayer(Network<T>& network, std::size_t layer, const InitializerSpec& spec,
                     Philox& random) {
    checkInitializer(spec, network.architecture(), layer);
    const LayerSlice& slice = network.slices()[layer];
    const auto fanIn = static_cast<double>(slice.inputs);
    const auto fanOut = static_cast<double>(slice.units);
    T* weight = network.parameters().memptr() + slice.weightOffset;
    T* bias = network.parameters().memptr() + slice.biasOffset;
    const double defaultBound = 1.0 / std::sqrt(fanIn);

    auto fillUniform = [&](T* values, std::size_t count, double bound) {
        for (std::size_t i = 0; i < count; ++i)
            values[i] = static_cast<T>(random.uniform(-bound, bound));
    };
    auto fillNormal = [&](T* values, std::size_t count, double deviation) {
        for (std::size_t i = 0; i < count; ++i)
            values[i] = static_cast<T>(deviation * random.normal());
    };

    switch (spec.kind) {
    case InitializerKind::PyTorchDefault:
    case InitializerKind::Negative:
    case InitializerKind::Elbows:
        fillUniform(weight, slice.weightCount(), defaultBound);
        break;
    case InitializerKind::XavierUniform:
        fillUniform(weight, slice.weightCount(), std::sqrt(6.0 / (fanIn + fanOut)));
        break;
    case InitializerKind::XavierNormal:
        fillNormal(weight, slice.weightCount(), std::sqrt(2.0 / (fanIn + fanOut)));
        break;
    case InitializerKind::HeNormal:
        fillNormal(weight, slice.weightCount(), std::sqrt(2.0 / fanIn));
        break;
    case InitializerKind::Zeros:
        std::fill_n(weight, slice.weightCount(), T(0));
        break;
    case InitializerKind::Constant:
        std::fill_n(weight, slice.weightCount(), static_cast<T>(spec.value));
        break;
    case InitializerKind::Values:
        std::transform(spec.weights.begin(), spec.weights.end(), weight,
                       [](double v) { return static_cast<T>(v); });
        std::transform(spec.biases.begin(), spec.biases.end(), bias,
                       [](double v) { return static_cast<T>(v); });
        return; // draws nothing: later layers get the same numbers as without this one
    }

    if (spec.kind == InitializerKind::Zeros)
        std::fill_n(bias, slice.units, T(0));
    else
        fillUniform(bias, slice.units, defaultBound);

    if (spec.kind == InitializerKind::Negative) {
        // Exactly zero would leave a unit on its kink; nudge it below.
        auto negate = [](T v) { return v == T(0) ? -std::numeric_limits<T>::min() : -std::abs(v); };
        std::transform(weight, weight + slice.weightCount(), weight, negate);
        std::transform(bias, bias + slice.units, bias, negate);
    }
    if (spec.kind == InitializerKind::Elbows) {
        std::vector<double> elbows(slice.units);
        for (double& e : elbows)
            e = random.uniform(spec.low, spec.high);
        std::sort(elbows.begin(), elbows.end());
        for (std::size_t i = 0; i < slice.units; ++i)
            bias[i] = static_cast<T>(-elbows[i] * static_cast<double>(weight[i]));
    }
}

template <typename T>
void initializeNetwork(Network<T>& network, const std::vector<InitializerSpec>& specs,
                       std::uint64_t seed) {
    if (!specs.empty() && specs.size() != network.layerCount())
        throw InvalidInput("initializers", "expected one per layer (" +
                                               std::to_string(network.layerCount()) + "), got " +
                                               std::to_string(specs.size()));
    Philox random(seed, initializationStream);
    for (std::size_t l = 0; l < network.layerCount(); ++l)
        initializeLayer(network, l, specs.empty() ? InitializerSpec{} : specs[l], random);
}

template void initializeLayer(Network<float>&, std::size_t, const InitializerSpec&, Philox&);
template void initializeLayer(Network<double>&, std::size_t, const InitializerSpec&, Philox&);
template void initializeNetwork(Network<float>&, const std::vector<InitializerSpec>&,
                                std::uint64_t);
template void initializeNetwork(Network<double>&, const std::vector<InitializerSpec>&,
                                std::uint64_t);

} // namespace relulab
