#pragma once

#include "core/nametable.h"
#include "core/network.h"
#include "core/random.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relulab {

// How one layer's parameters start. fan_in = inputs of the layer, fan_out = its units.
enum class InitializerKind {
    PyTorchDefault, // W ~ U(±1/sqrt(fan_in)) (kaiming_uniform, a = sqrt 5), b ~ U(±1/sqrt(fan_in))
    XavierUniform,  // W ~ U(±sqrt(6 / (fan_in + fan_out))), bias as PyTorch's default
    XavierNormal,   // W ~ N(0, 2 / (fan_in + fan_out)), bias as PyTorch's default
    HeNormal,       // W ~ N(0, 2 / fan_in) (kaiming_normal, relu gain), bias as default
    Zeros,          // W = 0, b = 0
    Constant,       // W = value (the seeds' Initializer(target_layer, multiplier)), bias default
    Negative,       // -|default draw| for every weight and bias: every ReLU starts dead on x >= 0
    Elbows,         // default W; b_i = -e_i w_i with e sorted uniform in [low, high] (1-D input)
    Values,         // hand-set W (row-major, units x inputs) and b, as the ReLU-sum seed's units
};

// Which of InitializerSpec's settings a kind reads (and files hold for it).
enum class InitializerParameters {
    None,
    Value,    // `value`
    Interval, // `low`, `high`
    Values,   // `weights`, `biases`
};

struct InitializerDescriptor {
    InitializerKind kind;
    std::string_view name; // in files and on the command line
    InitializerParameters parameters;
};

// Every initializer, in the order the app lists them.
inline constexpr KindTable<InitializerDescriptor, 9> initializerKinds{{{
    {InitializerKind::PyTorchDefault, "default", InitializerParameters::None},
    {InitializerKind::XavierUniform, "xavier_uniform", InitializerParameters::None},
    {InitializerKind::XavierNormal, "xavier_normal", InitializerParameters::None},
    {InitializerKind::HeNormal, "he_normal", InitializerParameters::None},
    {InitializerKind::Zeros, "zeros", InitializerParameters::None},
    {InitializerKind::Constant, "constant", InitializerParameters::Value},
    {InitializerKind::Negative, "negative", InitializerParameters::None},
    {InitializerKind::Elbows, "elbows", InitializerParameters::Interval},
    {InitializerKind::Values, "values", InitializerParameters::Values},
}}};
static_assert(initializerKinds.coversEnum(), "every InitializerKind needs its descriptor");

inline InitializerParameters initializerParameters(InitializerKind kind) {
    return initializerKinds[kind].parameters;
}

struct InitializerSpec {
    InitializerKind kind = InitializerKind::PyTorchDefault;
    double value = 0.0; // Constant: the weight value
    double low = 0.0;   // Elbows: the interval
    double high = 1.0;
    std::vector<double> weights; // Values
    std::vector<double> biases;

    bool operator==(const InitializerSpec&) const = default;

    static InitializerSpec pytorchDefault() { return {}; }
    static InitializerSpec constant(double v) {
        return {InitializerKind::Constant, v, 0, 1, {}, {}};
    }
    static InitializerSpec elbows(double a, double b) {
        return {InitializerKind::Elbows, 0, a, b, {}, {}};
    }
    static InitializerSpec of(InitializerKind kind) { return {kind, 0, 0, 1, {}, {}}; }
    static InitializerSpec values(std::vector<double> w, std::vector<double> b) {
        return {InitializerKind::Values, 0, 0, 1, std::move(w), std::move(b)};
    }
};

// Throws InvalidInput when `spec` cannot apply to `layer` of `architecture` (elbows on a layer
// that is not the first one on 1-D input, a non-finite value, low > high, hand-set values of
// the wrong count), naming the field from `where` ("network.layers[1].init" when empty) with the
// layer's SettingField::LayerInitializer and the layer's display name ("hidden 2").
void checkInitializer(const InitializerSpec& spec, const Architecture& architecture,
                      std::size_t layer, const std::string& where = {});

// Initializes one layer, drawing from `random`.
template <typename T>
void initializeLayer(Network<T>& network, std::size_t layer, const InitializerSpec& spec,
                     Philox& random);

// Initializes every layer in order from one seed; `specs` has one entry per layer, or is empty
// for PyTorch's default everywhere.
template <typename T>
void initializeNetwork(Network<T>& network, const std::vector<InitializerSpec>& specs,
                       std::uint64_t seed);

} // namespace relulab
