#pragma once

#include "core/activationmath.h"
#include "core/nametable.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace relulab {

// What the app knows of each activation kind besides its formula (core/activationmath.h).
struct ActivationDescriptor {
    ActivationKind kind;
    std::string_view name;          // in files and on the command line
    std::string_view parameterName; // its one parameter's name in files; empty if it has none
    double defaultParameter;
    // The parameter's limits, checked by Architecture::validate: >= low (> low when lowOpen).
    double parameterLow;
    bool parameterLowOpen;
    // Whether its slope da/dz tends to 0 away from 0 (sigmoid, tanh both ways; elu, selu and
    // softplus below 0), so that units can saturate and pass back almost no gradient. ReLUs do
    // not saturate: they die (slope exactly 0, core/diagnostics.h).
    bool saturates;
};

inline constexpr double noLowerLimit = -std::numeric_limits<double>::infinity();

// Every activation, in the order the app lists them.
inline constexpr KindTable<ActivationDescriptor, activationKindCount> activationKinds{{{
    {ActivationKind::Identity, "identity", "", 0.0, noLowerLimit, false, false},
    {ActivationKind::Relu, "relu", "", 0.0, noLowerLimit, false, false},
    {ActivationKind::LeakyRelu, "leaky_relu", "slope", 0.01, noLowerLimit, false, false},
    {ActivationKind::Elu, "elu", "alpha", 1.0, 0.0, false, true},
    {ActivationKind::Sigmoid, "sigmoid", "", 0.0, noLowerLimit, false, true},
    {ActivationKind::Tanh, "tanh", "", 0.0, noLowerLimit, false, true},
    {ActivationKind::Selu, "selu", "", 0.0, noLowerLimit, false, true},
    {ActivationKind::Softplus, "softplus", "beta", 1.0, 0.0, true, true},
}}};
static_assert(activationKinds.coversEnum(), "every ActivationKind needs its descriptor");

// Whether `kind` is one of the enum's kinds (a value cast from a number may be none).
constexpr bool isKnownActivation(ActivationKind kind) {
    return activationKinds.contains(kind);
}

// An activation and its one parameter (leaky_relu: negative slope, elu: alpha, softplus: beta),
// with PyTorch's formulas and PyTorch's choice of derivative at the kinks.
struct Activation {
    ActivationKind kind = ActivationKind::Identity;
    double parameter = 0.0;

    static Activation identity() { return {ActivationKind::Identity, 0.0}; }
    static Activation relu() { return {ActivationKind::Relu, 0.0}; }
    static Activation leakyRelu(double slope = 0.01) { return {ActivationKind::LeakyRelu, slope}; }
    static Activation elu(double alpha = 1.0) { return {ActivationKind::Elu, alpha}; }
    static Activation sigmoid() { return {ActivationKind::Sigmoid, 0.0}; }
    static Activation tanh() { return {ActivationKind::Tanh, 0.0}; }
    static Activation selu() { return {ActivationKind::Selu, 0.0}; }
    static Activation softplus(double beta = 1.0) { return {ActivationKind::Softplus, beta}; }

    bool operator==(const Activation&) const = default;

    // Value of a(z).
    template <typename T> T apply(T z) const;
    // da/dz, given both z and a(z) (some derivatives are cheapest from the output).
    template <typename T> T derivative(T z, T a) const;
};

// Name of the kind's parameter in files ("slope", "alpha", "beta"), empty if it has none.
std::string_view activationParameterName(ActivationKind kind);
double activationDefaultParameter(ActivationKind kind);

template <typename T> T Activation::apply(T z) const {
    return activationValue(kind, static_cast<T>(parameter), z);
}

template <typename T> T Activation::derivative(T z, T a) const {
    return activationDerivative(kind, static_cast<T>(parameter), z, a);
}

} // namespace relulab
